import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { CheckinView } from '../../features/checkins/CheckinView'
import { decodeParams } from '../../lib/params'

export default function StaffCheckinPage() {
  const { eventId } = decodeParams(useRouter().params)
  return <PageRoot>{eventId ? <CheckinView eventId={eventId} /> : <MissingLink what="活动" />}</PageRoot>
}
