import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { CheckpointsView } from '../../features/checkpoints/CheckpointsView'
import { decodeParams } from '../../lib/params'

export default function StaffCheckpointsPage() {
  const { eventId } = decodeParams(useRouter().params)
  return <PageRoot>{eventId ? <CheckpointsView eventId={eventId} /> : <MissingLink what="活动" />}</PageRoot>
}
