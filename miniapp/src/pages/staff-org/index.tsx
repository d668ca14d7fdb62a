import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { OrgView } from '../../features/org/OrgView'
import { decodeParams } from '../../lib/params'

export default function StaffOrgPage() {
  const params = decodeParams(useRouter().params)
  return (
    <PageRoot>
      <OrgView tab={params.tab === 'users' ? 'users' : 'departments'} />
    </PageRoot>
  )
}
