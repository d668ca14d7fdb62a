import { useRouter } from '@tarojs/taro'
import { EventEditForm } from '../../features/staff/EventEditForm'
import { decodeParams } from '../../lib/params'

export default function StaffEventEditPage() {
  const params = decodeParams(useRouter().params)
  return <EventEditForm id={params.id || undefined} />
}
