import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { StaffLoginView } from '../../features/auth/StaffLoginView'
import { decodeParams } from '../../lib/params'

export default function StaffLoginPage() {
  const params = decodeParams(useRouter().params)
  return (
    <PageRoot>
      <StaffLoginView redirect={params.redirect} />
    </PageRoot>
  )
}
