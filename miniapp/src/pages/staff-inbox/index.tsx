import { PageRoot } from '../../components/PageRoot'
import { InboxView } from '../../features/inbox/InboxView'

export default function StaffInboxPage() {
  return (
    <PageRoot>
      <InboxView />
    </PageRoot>
  )
}
