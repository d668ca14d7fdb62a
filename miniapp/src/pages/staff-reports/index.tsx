import { PageRoot } from '../../components/PageRoot'
import { ReportsView } from '../../features/reports/ReportsView'

export default function StaffReportsPage() {
  return (
    <PageRoot>
      <ReportsView />
    </PageRoot>
  )
}
