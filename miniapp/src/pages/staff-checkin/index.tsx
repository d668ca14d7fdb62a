import { useRouter } from '@tarojs/taro'
import { CheckinView } from '../../features/checkins/CheckinView'
import { decodeParams } from '../../lib/params'

export default function StaffCheckinPage() {
  const params = decodeParams(useRouter().params)
  return <CheckinView eventId={params.eventId ?? ''} />
}
