import { PageRoot } from '../../components/PageRoot'
import { HandlingListView } from '../../features/handling/HandlingListView'

export default function StaffSuggestionsPage() {
  return (
    <PageRoot>
      <HandlingListView />
    </PageRoot>
  )
}
