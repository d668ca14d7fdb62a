import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { RegisterForm } from '../../features/registration/RegisterForm'
import { decodeParams } from '../../lib/params'

export default function RegisterPage() {
  const { eventId, invite, waitlist } = decodeParams(useRouter().params)
  return <PageRoot>{eventId ? <RegisterForm eventId={eventId} invite={invite} waitlist={!!waitlist} /> : <MissingLink what="活动" />}</PageRoot>
}
