import { MyRegistrationsView } from '../../features/registration/MyRegistrations'

export default function MyPage() {
  return <MyRegistrationsView />
}
