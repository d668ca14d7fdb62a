import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { DoorView } from '../../features/door/DoorView'
import { decodeParams } from '../../lib/params'

export default function StaffDoorPage() {
  const { eventId } = decodeParams(useRouter().params)
  return <PageRoot>{eventId ? <DoorView eventId={eventId} /> : <MissingLink what="活动" />}</PageRoot>
}
