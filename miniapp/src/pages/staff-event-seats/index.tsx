import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { SeatsView } from '../../features/seats/SeatsView'
import { decodeParams } from '../../lib/params'

export default function StaffEventSeatsPage() {
  const { id } = decodeParams(useRouter().params)
  return <PageRoot>{id ? <SeatsView id={id} /> : <MissingLink what="活动" />}</PageRoot>
}
