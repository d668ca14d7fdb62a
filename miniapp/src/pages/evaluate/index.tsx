import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { EvaluateForm } from '../../features/evaluation/EvaluateForm'
import { decodeParams } from '../../lib/params'

export default function EvaluatePage() {
  const { registrationId } = decodeParams(useRouter().params)
  return <PageRoot>{registrationId ? <EvaluateForm registrationId={registrationId} /> : <MissingLink what="报名记录" />}</PageRoot>
}
