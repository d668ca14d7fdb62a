import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { EvaluateForm } from '../../features/evaluation/EvaluateForm'
import { decodeParams } from '../../lib/params'

export default function EvaluatePage() {
  const { eventId } = decodeParams(useRouter().params)
  return <PageRoot>{eventId ? <EvaluateForm eventId={eventId} /> : <MissingLink what="活动" />}</PageRoot>
}
