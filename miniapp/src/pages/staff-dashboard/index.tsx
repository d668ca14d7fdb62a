import { useRouter } from '@tarojs/taro'
import { DashboardView } from '../../features/staff/DashboardView'
import { decodeParams } from '../../lib/params'

export default function StaffDashboardPage() {
  const params = decodeParams(useRouter().params)
  return <DashboardView eventId={params.eventId ?? ''} />
}
