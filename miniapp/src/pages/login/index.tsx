import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { LoginView } from '../../features/auth/LoginView'
import { decodeParams } from '../../lib/params'

export default function LoginPage() {
  const params = decodeParams(useRouter().params)
  return (
    <PageRoot>
      <LoginView redirect={params.redirect} />
    </PageRoot>
  )
}
