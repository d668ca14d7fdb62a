import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { EventDetailView } from '../../features/events/EventDetail'
import { itemIdFrom } from '../../lib/share'

/** ?id=, or the scene of the event's 小程序码 (e=<id>). */
export default function EventPage() {
  const id = itemIdFrom('event', useRouter().params)
  return <PageRoot>{id ? <EventDetailView id={id} /> : <MissingLink what="活动" />}</PageRoot>
}
