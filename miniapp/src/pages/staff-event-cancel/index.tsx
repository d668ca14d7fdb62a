import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { CancelEventView } from '../../features/staff/CancelEventView'
import { decodeParams } from '../../lib/params'

export default function StaffEventCancelPage() {
  const { id } = decodeParams(useRouter().params)
  return <PageRoot>{id ? <CancelEventView id={id} /> : <MissingLink what="活动" />}</PageRoot>
}
