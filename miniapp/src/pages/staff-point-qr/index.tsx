import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { PointQrView } from '../../features/checkpoints/PointQrView'
import { decodeParams } from '../../lib/params'

export default function StaffPointQrPage() {
  const { eventId, cpId } = decodeParams(useRouter().params)
  return <PageRoot>{eventId && cpId ? <PointQrView eventId={eventId} cpId={cpId} /> : <MissingLink what="签到点" />}</PageRoot>
}
