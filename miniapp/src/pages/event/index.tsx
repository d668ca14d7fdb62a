import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { EventDetailView } from '../../features/events/EventDetail'
import { decodeParams } from '../../lib/params'

export default function EventPage() {
  const { id } = decodeParams(useRouter().params)
  return <PageRoot>{id ? <EventDetailView id={id} /> : <MissingLink what="活动" />}</PageRoot>
}
