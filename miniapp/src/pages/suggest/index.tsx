import { useRouter } from '@tarojs/taro'
import { SuggestForm } from '../../features/suggestions/SuggestForm'
import { decodeParams } from '../../lib/params'

export default function SuggestPage() {
  const params = decodeParams(useRouter().params)
  return <SuggestForm eventId={params.eventId ?? ''} />
}
