import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { VenueQrView } from '../../features/staff/VenueQrView'
import { decodeParams } from '../../lib/params'

export default function StaffVenueQrPage() {
  const { eventId } = decodeParams(useRouter().params)
  return <PageRoot>{eventId ? <VenueQrView eventId={eventId} /> : <MissingLink what="活动" />}</PageRoot>
}
