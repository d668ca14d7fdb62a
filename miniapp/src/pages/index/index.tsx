import { EventListView } from '../../features/events/EventList'

export default function IndexPage() {
  return <EventListView />
}
