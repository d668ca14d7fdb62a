import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { DashboardView } from '../../features/staff/DashboardView'
import { decodeParams } from '../../lib/params'

export default function StaffDashboardPage() {
  const { eventId } = decodeParams(useRouter().params)
  return <PageRoot>{eventId ? <DashboardView eventId={eventId} /> : <MissingLink what="活动" />}</PageRoot>
}
