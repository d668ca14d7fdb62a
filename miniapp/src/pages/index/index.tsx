import { PageRoot } from '../../components/PageRoot'
import { EventListView } from '../../features/events/EventList'

export default function IndexPage() {
  return (
    <PageRoot>
      <EventListView />
    </PageRoot>
  )
}
