import { useRouter } from '@tarojs/taro'
import { VenueQrView } from '../../features/staff/VenueQrView'
import { decodeParams } from '../../lib/params'

export default function StaffVenueQrPage() {
  const params = decodeParams(useRouter().params)
  return <VenueQrView eventId={params.eventId ?? ''} />
}
