import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { EVENT_STATUS_LABELS, formatRange, ORGANISER_ROLES, ROLE_LABELS, SUGGESTION_READER_ROLES, type EventSummary } from '@openday/shared'
import { useEffect } from 'react'
import { listStaffEvents } from '../../api/events'
import { logout } from '../../api/auth'
import { getStaffProfile } from '../../api/session'
import { Btn } from '../../components/Btn'
import { Card, LinkText, Screen, Title } from '../../components/Layout'
import { LargeTextSwitch } from '../../components/LargeTextSwitch'
import { Empty, ErrorState, Loading } from '../../components/States'
import { go, pageUrl, replace } from '../../lib/nav'
import { useRefreshOnShow } from '../../lib/useRefreshOnShow'
import { useResource } from '../../lib/useResource'
import { DisclosureTasks } from '../summaries/DisclosureTasks'
import { handleStaffAuthError, useStaffGuard } from './guard'

const SELF = pageUrl('staffEvents')
const onTasksError = (e: unknown) => void handleStaffAuthError(e, SELF)

function StaffEventCard({ event, organiser }: { event: EventSummary; organiser: boolean }) {
  const id = event.id
  // Published and not over: it can still be changed (延期) or cancelled, on the edit page.
  const live = event.status === 'published' && Date.parse(event.endAt) > Date.now()
  const ended = event.status === 'published' && !live
  return (
    <Card id={`staff-event-${id}`}>
      <View className="card__top">
        <Text className="card__title">{event.title}</Text>
        <Text className={`status status--${event.status}`}>{EVENT_STATUS_LABELS[event.status]}</Text>
      </View>
      <Text className="meta">时间：{formatRange(event.startAt, event.endAt)}</Text>
      <Text className="meta">地点：{event.venue}</Text>
      <Text className="meta">
        名额 {event.capacity}，已报名 {event.capacity - event.seatsLeft}
      </Text>
      <View className="btn-grid">
        {event.status === 'published' ? (
          <Btn id={`staff-checkin-${id}`} size="small" onClick={() => go(pageUrl('staffCheckin', { eventId: id }))}>
            扫码签到
          </Btn>
        ) : null}
        <Btn id={`staff-dashboard-${id}`} size="small" kind="secondary" onClick={() => go(pageUrl('staffDashboard', { eventId: id }))}>
          实时数据
        </Btn>
        {event.status === 'published' ? (
          <Btn id={`staff-venue-qr-${id}`} size="small" kind="secondary" onClick={() => go(pageUrl('staffVenueQr', { eventId: id }))}>
            现场二维码
          </Btn>
        ) : null}
        {event.status !== 'cancelled' ? (
          <Btn id={`staff-checkpoints-${id}`} size="small" kind="secondary" onClick={() => go(pageUrl('staffCheckpoints', { eventId: id }))}>
            签到点
          </Btn>
        ) : null}
        {organiser && event.status === 'draft' ? (
          <Btn id={`staff-edit-${id}`} size="small" kind="secondary" onClick={() => go(pageUrl('staffEventEdit', { id }))}>
            编辑/发布
          </Btn>
        ) : null}
        {organiser && live ? (
          <Btn id={`staff-edit-${id}`} size="small" kind="secondary" onClick={() => go(pageUrl('staffEventEdit', { id }))}>
            修改/延期
          </Btn>
        ) : null}
        {organiser && (event.status === 'draft' || live) ? (
          <Btn id={`staff-seats-${id}`} size="small" kind="secondary" onClick={() => go(pageUrl('staffEventSeats', { id }))}>
            名额与审核
          </Btn>
        ) : null}
        {organiser && ended ? (
          <Btn id={`staff-summary-${id}`} size="small" kind="secondary" onClick={() => go(pageUrl('staffEventSummary', { id }))}>
            活动总结
          </Btn>
        ) : null}
        {organiser && live ? (
          <Btn id={`staff-cancel-${id}`} size="small" kind="danger" onClick={() => go(pageUrl('staffEventCancel', { id }))}>
            取消活动
          </Btn>
        ) : null}
      </View>
    </Card>
  )
}

/** 活动管理: the staff member's agency's events, drafts included. */
export function StaffEventsView() {
  const ok = useStaffGuard(SELF)
  const profile = getStaffProfile()
  const organiser = profile ? ORGANISER_ROLES.includes(profile.role) : false
  const res = useResource(() => (ok ? listStaffEvents() : Promise.resolve([])), [ok])
  useRefreshOnShow(res, ok)
  useEffect(() => {
    if (res.error) handleStaffAuthError(res.error, SELF)
  }, [res.error])

  const onLogout = async () => {
    const r = await Taro.showModal({ title: '退出登录', content: '确定退出工作人员账号吗？', confirmText: '退出', cancelText: '取消' })
    if (!r.confirm) return
    await logout('staff')
    replace(pageUrl('staffLogin'))
  }

  if (!ok) return <Loading text="请先登录…" />

  return (
    <Screen>
      <Title sub={profile ? `${profile.displayName} · ${profile.agencyName} · ${ROLE_LABELS[profile.role]}` : undefined}>
        活动管理
      </Title>
      {organiser ? (
        <View className="stack">
          <Btn id="staff-new-event" kind="primary" onClick={() => go(pageUrl('staffEventEdit'))}>
            + 新建活动
          </Btn>
          <Btn id="staff-posts" kind="secondary" onClick={() => go(pageUrl('staffPosts'))}>
            动态管理
          </Btn>
        </View>
      ) : null}
      {profile && SUGGESTION_READER_ROLES.includes(profile.role) ? (
        <View className="btn-grid">
          <Btn id="staff-inbox" kind="secondary" onClick={() => go(pageUrl('staffInbox'))}>
            待办
          </Btn>
          <Btn id="staff-suggestions" kind="secondary" onClick={() => go(pageUrl('staffSuggestions'))}>
            意见办理
          </Btn>
        </View>
      ) : null}
      {organiser ? <DisclosureTasks onAuthError={onTasksError} /> : null}
      <View id="staff-event-list" className="list">
        {res.loading && !res.data ? (
          <Loading />
        ) : res.error && !res.data ? (
          <ErrorState error={res.error} onRetry={() => void res.reload()} />
        ) : res.data && res.data.length === 0 ? (
          <Empty text="本单位还没有活动" />
        ) : (
          res.data?.map((e) => <StaffEventCard key={e.id} event={e} organiser={organiser} />)
        )}
      </View>
      <View className="btn-grid">
        {organiser ? (
          <Btn id="staff-reports" kind="secondary" onClick={() => go(pageUrl('staffReports'))}>
            测评报告与导出
          </Btn>
        ) : null}
        {profile?.role === 'admin' ? (
          <Btn id="staff-org" kind="secondary" onClick={() => go(pageUrl('staffOrg'))}>
            机构管理
          </Btn>
        ) : null}
        <Btn id="staff-change-password" kind="secondary" onClick={() => go(pageUrl('staffPassword', { redirect: SELF }))}>
          修改密码
        </Btn>
      </View>
      <LargeTextSwitch />
      <View className="footer">
        <LinkText id="staff-logout" kind="quiet" onClick={() => void onLogout()}>
          退出登录
        </LinkText>
      </View>
    </Screen>
  )
}
