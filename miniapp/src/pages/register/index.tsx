import { useRouter } from '@tarojs/taro'
import { RegisterForm } from '../../features/registration/RegisterForm'
import { decodeParams } from '../../lib/params'

export default function RegisterPage() {
  const params = decodeParams(useRouter().params)
  return <RegisterForm eventId={params.eventId ?? ''} />
}
