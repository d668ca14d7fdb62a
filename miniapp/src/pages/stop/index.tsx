import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { StopView } from '../../features/checkpoints/StopView'
import { decodeParams } from '../../lib/params'

export default function StopPage() {
  const { c } = decodeParams(useRouter().params)
  return <PageRoot>{c ? <StopView code={c} /> : <MissingLink what="签到点" />}</PageRoot>
}
