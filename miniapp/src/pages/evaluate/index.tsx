import { useRouter } from '@tarojs/taro'
import { EvaluateForm } from '../../features/evaluation/EvaluateForm'
import { decodeParams } from '../../lib/params'

export default function EvaluatePage() {
  const params = decodeParams(useRouter().params)
  return <EvaluateForm registrationId={params.registrationId ?? ''} />
}
