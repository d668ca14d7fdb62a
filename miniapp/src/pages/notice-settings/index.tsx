import { PageRoot } from '../../components/PageRoot'
import { NoticeSettingsView } from '../../features/notifications/NoticeSettingsView'

export default function NoticeSettingsPage() {
  return (
    <PageRoot>
      <NoticeSettingsView />
    </PageRoot>
  )
}
