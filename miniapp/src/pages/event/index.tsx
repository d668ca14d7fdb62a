import { useRouter } from '@tarojs/taro'
import { EventDetailView } from '../../features/events/EventDetail'
import { decodeParams } from '../../lib/params'

export default function EventPage() {
  const params = decodeParams(useRouter().params)
  return <EventDetailView id={params.id ?? ''} />
}
