import { PageRoot } from '../../components/PageRoot'
import { StaffEventsView } from '../../features/staff/StaffEventsView'

export default function StaffEventsPage() {
  return (
    <PageRoot>
      <StaffEventsView />
    </PageRoot>
  )
}
