import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { EventEditForm } from '../../features/staff/EventEditForm'
import { decodeParams } from '../../lib/params'

export default function StaffEventEditPage() {
  const params = decodeParams(useRouter().params)
  return (
    <PageRoot>
      <EventEditForm id={params.id || undefined} />
    </PageRoot>
  )
}
