import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { SuggestForm } from '../../features/suggestions/SuggestForm'
import { decodeParams } from '../../lib/params'

export default function SuggestPage() {
  const { eventId } = decodeParams(useRouter().params)
  return <PageRoot>{eventId ? <SuggestForm eventId={eventId} /> : <MissingLink what="活动" />}</PageRoot>
}
