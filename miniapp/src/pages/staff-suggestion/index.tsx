import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { HandlingDetailView } from '../../features/handling/HandlingDetailView'
import { decodeParams } from '../../lib/params'

export default function StaffSuggestionPage() {
  const { id } = decodeParams(useRouter().params)
  return <PageRoot>{id ? <HandlingDetailView id={id} /> : <MissingLink what="意见建议" />}</PageRoot>
}
