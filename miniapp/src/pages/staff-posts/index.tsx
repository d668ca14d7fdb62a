import { PageRoot } from '../../components/PageRoot'
import { StaffPostsView } from '../../features/posts/StaffPostsView'

export default function StaffPostsPage() {
  return (
    <PageRoot>
      <StaffPostsView />
    </PageRoot>
  )
}
