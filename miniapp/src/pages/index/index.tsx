import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { EventListView } from '../../features/events/EventList'
import { homeTabOf } from '../../features/feed/HomeTabs'
import { decodeParams } from '../../lib/params'

/** 首页 (?tab=feed for 动态, &agencyId= for one agency's). */
export default function IndexPage() {
  const { tab, agencyId } = decodeParams(useRouter().params)
  return (
    <PageRoot>
      <EventListView tab={homeTabOf(tab)} agencyId={agencyId || undefined} />
    </PageRoot>
  )
}
