import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { SummaryView } from '../../features/summaries/SummaryView'
import { decodeParams } from '../../lib/params'

export default function StaffEventSummaryPage() {
  const { id } = decodeParams(useRouter().params)
  return <PageRoot>{id ? <SummaryView eventId={id} /> : <MissingLink what="活动" />}</PageRoot>
}
