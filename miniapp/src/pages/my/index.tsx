import { PageRoot } from '../../components/PageRoot'
import { MyRegistrationsView } from '../../features/registration/MyRegistrations'

export default function MyPage() {
  return (
    <PageRoot>
      <MyRegistrationsView />
    </PageRoot>
  )
}
