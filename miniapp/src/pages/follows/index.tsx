import { PageRoot } from '../../components/PageRoot'
import { FollowsView } from '../../features/follows/FollowsView'

export default function FollowsPage() {
  return (
    <PageRoot>
      <FollowsView />
    </PageRoot>
  )
}
