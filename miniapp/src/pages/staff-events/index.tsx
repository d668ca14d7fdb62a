import { StaffEventsView } from '../../features/staff/StaffEventsView'

export default function StaffEventsPage() {
  return <StaffEventsView />
}
