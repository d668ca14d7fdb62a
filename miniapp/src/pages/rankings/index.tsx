import { PageRoot } from '../../components/PageRoot'
import { RankingsView } from '../../features/public/RankingsView'

export default function RankingsPage() {
  return (
    <PageRoot>
      <RankingsView />
    </PageRoot>
  )
}
