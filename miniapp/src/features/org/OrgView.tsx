import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { listDepartments, listStaffUsers } from '../../api/org'
import { getStaffProfile } from '../../api/session'
import { Screen, Title } from '../../components/Layout'
import { Loading, Unavailable } from '../../components/States'
import { pageUrl } from '../../lib/nav'
import { a11y } from '../../lib/platform'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'
import { DepartmentsPanel } from './DepartmentsPanel'
import { UsersPanel } from './UsersPanel'
import './org.css'

export type OrgTab = 'departments' | 'users'
const TABS: { value: OrgTab; label: string }[] = [
  { value: 'departments', label: '承办部门' },
  { value: 'users', label: '工作人员' },
]

/** 机构管理 (admins): the agency's 承办部门 and 工作人员 accounts. */
export function OrgView({ tab: initialTab = 'departments' }: { tab?: OrgTab }) {
  const [tab, setTab] = useState<OrgTab>(initialTab)
  const self = pageUrl('staffOrg', { tab })
  const ok = useStaffGuard(self)
  const profile = getStaffProfile()
  const admin = ok && profile?.role === 'admin'
  const departments = useResource(() => (admin ? listDepartments() : Promise.resolve([])), [admin])
  // Both lists: the account form needs the departments, and a tab switch shows data at once.
  const users = useResource(() => (admin ? listStaffUsers() : Promise.resolve([])), [admin])
  usePullDownRefresh(() => {
    void Promise.all([departments.reload({ silent: true }), users.reload({ silent: true })]).finally(() => Taro.stopPullDownRefresh())
  })
  const onAuthError = (e: unknown) => handleStaffAuthError(e, self)
  useEffect(() => {
    const e = departments.error ?? users.error
    if (e) handleStaffAuthError(e, self)
  }, [departments.error, users.error, self])

  if (!ok) return <Loading text="请先登录…" />
  if (!admin)
    return (
      <Screen>
        <Unavailable id="org-admin-only" title="仅限管理员" text="机构管理只有本单位的管理员可以使用。如需新建账号或重置密码，请联系本单位管理员。" />
      </Screen>
    )

  return (
    <Screen className="screen--wide">
      <Title sub={profile?.agencyName}>机构管理</Title>
      <View className="tabs" {...a11y({ role: 'tablist', 'aria-label': '机构管理' })}>
        {TABS.map((t) => (
          <View
            key={t.value}
            id={`org-tab-${t.value}`}
            className={`tab${tab === t.value ? ' tab--on' : ''}`}
            onClick={() => setTab(t.value)}
            {...a11y({ role: 'tab', 'aria-selected': tab === t.value ? 'true' : 'false', tabindex: 0 })}
          >
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>
      {tab === 'departments' ? (
        <DepartmentsPanel departments={departments} onAuthError={onAuthError} />
      ) : (
        <UsersPanel users={users} departments={departments} onAuthError={onAuthError} />
      )}
    </Screen>
  )
}
