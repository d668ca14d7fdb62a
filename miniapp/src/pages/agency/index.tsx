import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { AgencyView } from '../../features/public/AgencyView'
import { decodeParams } from '../../lib/params'

export default function AgencyPage() {
  const { id } = decodeParams(useRouter().params)
  return <PageRoot>{id ? <AgencyView id={id} /> : <MissingLink what="单位" />}</PageRoot>
}
