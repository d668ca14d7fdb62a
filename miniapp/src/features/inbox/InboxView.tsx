import { Text, View } from '@tarojs/components'
import {
  ERROR_MESSAGES,
  INBOX_CATEGORIES,
  INBOX_CATEGORIES_BY_ROLE,
  INBOX_ROLES,
  REMINDER_KINDS,
  type InboxCategory,
  type InboxItem,
  type InboxReminder,
  type StaffInbox,
} from '@openday/shared'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../api/request'
import { getInbox, markRemindersRead } from '../../api/inbox'
import { getStaffProfile } from '../../api/session'
import { Btn } from '../../components/Btn'
import { Card, LinkText, Screen, Section, Title } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { useRefreshOnShow } from '../../lib/useRefreshOnShow'
import { useResource } from '../../lib/useResource'
import { dateTime, excerpt } from '../handling/format'
import '../handling/handling.css'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'
import './inbox.css'

const SELF = pageUrl('staffInbox')
/** Categories that are late (red) or about to be (amber). */
const TONE: Partial<Record<InboxCategory, string>> = { overdue: 'late', dissatisfied: 'late', due_soon: 'soon' }

function ItemLine({ item }: { item: InboxItem }) {
  const tone = TONE[item.category]
  return (
    <Card id={`inbox-item-${item.id}`} className={`inbox-item${tone ? ` inbox-item--${tone}` : ''}`} onClick={() => go(pageUrl('staffSuggestion', { id: item.id }))}>
      <View className="card__top">
        <Text className="card__title">{item.topic ? item.topic : excerpt(item.content, 30)}</Text>
        <Text className={`inbox-tag${tone ? ` inbox-tag--${tone}` : ''}`}>{INBOX_CATEGORIES[item.category]}</Text>
      </View>
      <Text className="meta">活动：{item.eventTitle}</Text>
      {item.departmentName ? <Text className="meta">承办部门：{item.departmentName}</Text> : null}
      {item.dueAt ? (
        <Text id={`inbox-item-${item.id}-due`} className={`meta${tone === 'late' ? ' hd-overdue' : ''}`}>
          办理期限：{dateTime(item.dueAt)}
        </Text>
      ) : null}
    </Card>
  )
}

function ReminderLine({ r }: { r: InboxReminder }) {
  const what = r.kind === 'dissatisfied' ? `于 ${dateTime(r.occasionAt)} 不满意办结` : r.kind === 'overdue' ? `已于 ${dateTime(r.occasionAt)} 超过办理期限` : `将于 ${dateTime(r.occasionAt)} 到期`
  return (
    <Card id={`inbox-reminder-${r.id}`} className="inbox-reminder" onClick={() => go(pageUrl('staffSuggestion', { id: r.suggestionId }))}>
      <Text className="card__title">【{REMINDER_KINDS[r.kind]}】</Text>
      <Text className="meta">
        意见 {r.trackingCode.slice(0, 6)}… {what}
      </Text>
      <Text className="meta">提醒时间：{dateTime(r.createdAt)}</Text>
    </Card>
  )
}

export function InboxBody({ inbox, role, onMarkedRead }: { inbox: StaffInbox; role: (typeof INBOX_ROLES)[number]; onMarkedRead: (ids: string[]) => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const categories = INBOX_CATEGORIES_BY_ROLE[role]
  const markAll = async () => {
    const ids = inbox.reminders.map((r) => r.id)
    setBusy(true)
    setError(undefined)
    try {
      await markRemindersRead(ids)
      onMarkedRead(ids)
    } catch (e) {
      if (!handleStaffAuthError(e, SELF)) setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View>
      <View id="inbox-counts" className="inbox-counts">
        {categories.map((c) => (
          <View key={c} id={`inbox-count-${c}`} className={`inbox-count${TONE[c] && (inbox.counts[c] ?? 0) > 0 ? ` inbox-count--${TONE[c]}` : ''}`}>
            <Text className="inbox-count__n">{inbox.counts[c] ?? 0}</Text>
            <Text className="inbox-count__label">{INBOX_CATEGORIES[c]}</Text>
          </View>
        ))}
      </View>

      <Section title={`提醒${inbox.unreadReminders > 0 ? `（${inbox.unreadReminders}条未读）` : ''}`} id="inbox-reminders">
        {inbox.reminders.length === 0 ? (
          <Text id="inbox-reminders-empty" className="meta">
            没有未读提醒。
          </Text>
        ) : (
          <View className="list">
            {inbox.reminders.map((r) => (
              <ReminderLine key={r.id} r={r} />
            ))}
            {error ? <Banner id="inbox-read-error">{error}</Banner> : null}
            <Btn id="inbox-read-all" kind="secondary" loading={busy} onClick={() => void markAll()}>
              全部标为已读
            </Btn>
          </View>
        )}
      </Section>

      <Section title="待办事项" id="inbox-items">
        {inbox.items.length === 0 ? (
          <Empty id="inbox-empty" text="暂无待办，所有意见建议均已按时办理。" />
        ) : (
          <View className="list">
            {inbox.items.map((item) => (
              <ItemLine key={item.id} item={item} />
            ))}
          </View>
        )}
      </Section>
    </View>
  )
}

/** 待办: what waits for this staff member (by deadline, overdue in red), and the reminders. */
export function InboxView() {
  const ok = useStaffGuard(SELF)
  const profile = getStaffProfile()
  const role = profile && (INBOX_ROLES as readonly string[]).includes(profile.role) ? (profile.role as (typeof INBOX_ROLES)[number]) : null
  const live = ok && role !== null
  const res = useResource(() => (live ? getInbox() : Promise.resolve(undefined)), [live])
  const [readIds, setReadIds] = useState<string[]>([])
  useRefreshOnShow(res, live)
  useEffect(() => {
    if (res.error) handleStaffAuthError(res.error, SELF)
  }, [res.error])

  if (!ok) return <Loading text="请先登录…" />
  if (!role) {
    return (
      <Screen>
        <Banner id="inbox-forbidden">{ERROR_MESSAGES.FORBIDDEN}：待办仅对管理员、活动组织者和承办人开放。</Banner>
      </Screen>
    )
  }
  const inbox = res.data
    ? { ...res.data, reminders: res.data.reminders.filter((r) => !readIds.includes(r.id)), unreadReminders: Math.max(0, res.data.unreadReminders - readIds.length) }
    : undefined
  return (
    <Screen className="hd">
      <Title sub="按办理期限排序，已超期的排在最前">待办</Title>
      {res.loading && !inbox ? (
        <Loading />
      ) : res.error && !inbox ? (
        <ErrorState id="inbox-error" error={res.error} onRetry={() => void res.reload()} />
      ) : inbox ? (
        <InboxBody inbox={inbox} role={role} onMarkedRead={(ids) => setReadIds((r) => [...r, ...ids])} />
      ) : null}
      <View className="footer">
        <LinkText id="inbox-all" kind="quiet" onClick={() => go(pageUrl('staffSuggestions'))}>
          查看全部意见建议 ›
        </LinkText>
      </View>
    </Screen>
  )
}
