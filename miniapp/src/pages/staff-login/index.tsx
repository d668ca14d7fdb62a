import { useRouter } from '@tarojs/taro'
import { StaffLoginView } from '../../features/auth/StaffLoginView'
import { decodeParams } from '../../lib/params'

export default function StaffLoginPage() {
  const params = decodeParams(useRouter().params)
  return <StaffLoginView redirect={params.redirect} />
}
