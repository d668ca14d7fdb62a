import { useRouter } from '@tarojs/taro'
import { TicketView } from '../../features/registration/TicketView'
import { decodeParams } from '../../lib/params'

export default function TicketPage() {
  const params = decodeParams(useRouter().params)
  return <TicketView id={params.id ?? ''} />
}
