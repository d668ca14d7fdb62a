import { useRouter } from '@tarojs/taro'
import { LoginView } from '../../features/auth/LoginView'
import { decodeParams } from '../../lib/params'

export default function LoginPage() {
  const params = decodeParams(useRouter().params)
  return <LoginView redirect={params.redirect} />
}
