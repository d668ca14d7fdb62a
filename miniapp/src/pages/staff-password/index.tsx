import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { ChangePasswordView } from '../../features/org/ChangePasswordView'
import { decodeParams } from '../../lib/params'

export default function StaffPasswordPage() {
  const params = decodeParams(useRouter().params)
  return (
    <PageRoot>
      <ChangePasswordView redirect={params.redirect} />
    </PageRoot>
  )
}
