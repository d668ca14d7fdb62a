import { Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { CATEGORIES, formatTime, ORGANISER_ROLES, type DashboardResponse } from '@openday/shared'
import { useEffect, useState } from 'react'
import { getDashboard, getEvent } from '../../api/events'
import { getStaffProfile } from '../../api/session'
import { Btn } from '../../components/Btn'
import { Card, Row, Screen, Section, Title } from '../../components/Layout'
import { Stat } from '../../components/Stat'
import { Banner, ErrorState, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { a11y } from '../../lib/platform'
import { CSV_HINT } from '../../lib/download'
import { useResource } from '../../lib/useResource'
import { EvaluationFigures } from '../evaluation/EvaluationFigures'
import { DownloadButton } from '../reports/DownloadButton'
import { DoorExports } from '../door/DoorExports'
import { handleStaffAuthError, useStaffGuard } from './guard'

export const POLL_MS = 10000

/** "HH:mm:ss" in Beijing time. */
function clock(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000)
  return `${formatTime(iso)}:${String(d.getUTCSeconds()).padStart(2, '0')}`
}

export function DashboardBody({ d }: { d: DashboardResponse }) {
  const rate = d.registered > 0 ? Math.round((d.checkedIn / d.registered) * 100) : 0
  return (
    <View>
      <View className="stats">
        <Stat id="dash-capacity" label="名额" value={d.capacity} />
        <Stat id="dash-registered" label="已报名" value={d.registered} />
        <Stat id="dash-checked-in" label="已签到" value={d.checkedIn} />
      </View>
      <View className="progress" {...a11y({ 'aria-hidden': 'true' })}>
        <View className="progress__bar" style={{ width: `${Math.min(100, rate)}%` }} />
      </View>
      <Text className="meta">签到率 {rate}%</Text>
      <Text className="meta" id="dash-walk-ins">现场登记 {d.walkIns ?? 0} 人（已计入已报名和已签到）</Text>

      <Section title="按身份类别">
        {d.byCategory.length === 0 ? (
          <Text className="meta">暂无报名</Text>
        ) : (
          <View className="table" id="dash-by-category">
            <View className="table__row table__row--head">
              <Text className="table__cell table__cell--wide">身份类别</Text>
              <Text className="table__cell">已报名</Text>
              <Text className="table__cell">已签到</Text>
            </View>
            {d.byCategory.map((c) => (
              <View key={c.category} className="table__row">
                <Text className="table__cell table__cell--wide">{CATEGORIES[c.category]}</Text>
                <Text className="table__cell">{c.registered}</Text>
                <Text className="table__cell">{c.checkedIn}</Text>
              </View>
            ))}
          </View>
        )}
      </Section>

      {d.points && d.points.length > 1 ? (
        <Section title="各签到点">
          {/* A row per point, its figures as one line that wraps: no columns to overflow at large text. */}
          <View id="dash-points">
            {d.points.map((p) => (
              <Row key={p.id} label={p.kind === 'entrance' ? '入口' : p.name} id={`dash-point-${p.id}`}>
                <Text>
                  已签到 {p.checkedIn}　已离开 {p.exited}　现在场内 {p.insideNow}
                </Text>
              </Row>
            ))}
          </View>
        </Section>
      ) : null}

      <View className="stats">
        <Stat id="dash-suggestions" label="意见建议" value={d.suggestions} />
        <Stat id="dash-evaluations" label="测评份数" value={d.evaluations.count} />
        <Stat
          id="dash-overall"
          label="综合满意度"
          value={d.evaluations.overall === null ? '—' : d.evaluations.overall.toFixed(2)}
        />
      </View>

      <EvaluationFigures eventId={d.eventId} figures={d.evaluations} refreshKey={d.updatedAt} />
      <Text id="dash-updated" className="meta updated">
        更新于 {clock(d.updatedAt)}
      </Text>
    </View>
  )
}

/** 实时数据 (?eventId=): refreshed every 10 s while shown, and by pull-down. */
export function DashboardView({ eventId }: { eventId: string }) {
  const selfUrl = pageUrl('staffDashboard', { eventId })
  const profile = getStaffProfile()
  const organiser = profile ? ORGANISER_ROLES.includes(profile.role) : false
  const ok = useStaffGuard(selfUrl)
  const [visible, setVisible] = useState(true)
  const res = useResource(() => (ok ? getDashboard(eventId) : Promise.resolve(undefined)), [eventId, ok])
  const event = useResource(() => (ok ? getEvent(eventId, true) : Promise.resolve(undefined)), [eventId, ok])
  const reload = res.reload

  useDidShow(() => setVisible(true))
  useDidHide(() => setVisible(false))
  usePullDownRefresh(() => {
    void reload({ silent: true }).finally(() => Taro.stopPullDownRefresh())
  })

  // Poll only while the page is on screen; the interval is cleared on hide and on unload.
  useEffect(() => {
    if (!ok || !visible) return
    const t = setInterval(() => void reload({ silent: true }), POLL_MS)
    return () => clearInterval(t)
  }, [ok, visible, reload])

  useEffect(() => {
    if (res.error) handleStaffAuthError(res.error, selfUrl)
  }, [res.error, selfUrl])

  if (!ok) return null
  return (
    <Screen>
      <Title sub={event.data?.title}>实时数据</Title>
      {res.loading && !res.data ? (
        <Loading />
      ) : !res.data ? (
        <ErrorState error={res.error} onRetry={() => void reload()} />
      ) : (
        <Card>
          {res.error ? <Banner kind="warning">数据刷新失败，显示的是上次结果</Banner> : null}
          <DashboardBody d={res.data} />
        </Card>
      )}
      <Btn id="dash-refresh" kind="secondary" onClick={() => void reload({ silent: true })}>
        立即刷新
      </Btn>
      {organiser && event.data?.status === 'published' && Date.parse(event.data.endAt) <= Date.now() ? (
        <Btn id="dash-summary" kind="secondary" onClick={() => go(pageUrl('staffEventSummary', { id: eventId }))}>
          活动总结
        </Btn>
      ) : null}
      {organiser ? (
        <Section title="导出本场数据" id="dash-downloads">
          <DownloadButton kind="suggestions" path={`/staff/events/${encodeURIComponent(eventId)}/suggestions.csv`} fileName={`意见建议-${event.data?.title ?? eventId}.csv`} returnTo={selfUrl} />
          <DownloadButton kind="evaluation" path={`/staff/events/${encodeURIComponent(eventId)}/evaluation.csv`} fileName={`测评结果-${event.data?.title ?? eventId}.csv`} returnTo={selfUrl} />
          <DoorExports eventId={eventId} title={event.data?.title} returnTo={selfUrl} />
          <Text className="meta">{CSV_HINT}</Text>
        </Section>
      ) : null}
    </Screen>
  )
}
