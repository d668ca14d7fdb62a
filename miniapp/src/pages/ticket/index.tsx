import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { TicketView } from '../../features/registration/TicketView'
import { decodeParams } from '../../lib/params'

export default function TicketPage() {
  const { id } = decodeParams(useRouter().params)
  return <PageRoot>{id ? <TicketView id={id} /> : <MissingLink what="电子票" />}</PageRoot>
}
