import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { formatRange, type EventSummary } from '@openday/shared'
import { listEvents } from '../../api/events'
import { Btn } from '../../components/Btn'
import { LinkText, Screen } from '../../components/Layout'
import { Empty, ErrorState, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { a11y } from '../../lib/platform'
import { useResource } from '../../lib/useResource'
import { goToTickets, useMySignups, type MySignup } from './mySignups'
import { signupState } from './status'
import { FeedView } from '../feed/FeedView'
import { HomeTabs, rememberHomeQuery, type HomeTab } from '../feed/HomeTabs'

export function EventCard({ event, mine: signedUp = [] }: { event: EventSummary; mine?: MySignup[] }) {
  const s = signupState(event)
  // A cancelled event shows 已取消, not 已报名 and a ticket: there is nothing to attend.
  const mine = event.status === 'cancelled' ? [] : signedUp
  // Lists show the seats left or 已满 first; other closed states as their own badge.
  const badge = event.seatsLeft <= 0 && event.status === 'published' ? '已满' : s.tone === 'ok' ? `剩余名额 ${event.seatsLeft}` : s.badge
  // The card is a link to the detail; the ticket button sits beside it, not inside the link.
  return (
    <View id={`event-${event.id}`} className={`card event-card${mine.length ? ' event-card--mine' : ''}`}>
      <View className="event-card__link" onClick={() => go(pageUrl('event', { id: event.id }))} {...a11y({ role: 'link', tabindex: 0 })}>
        <Text className="event-card__title">{event.title}</Text>
        <Text className="event-card__agency">{event.agencyName}</Text>
        <View className="event-card__meta">
          <Text className="meta">时间：{formatRange(event.startAt, event.endAt)}</Text>
          <Text className="meta">地点：{event.venue}</Text>
        </View>
        <View className="event-card__foot">
          {mine.length ? (
            <Text id={`event-mine-${event.id}`} className="badge badge--mine">
              {mine.some((m) => m.checkedIn) ? '已签到' : '已报名'}
            </Text>
          ) : (
            <Text className={`badge badge--${s.tone === 'ok' ? 'ok' : s.tone === 'full' || event.seatsLeft <= 0 ? 'full' : 'closed'}`}>
              {badge}
            </Text>
          )}
          <Text className="event-card__more">查看详情 ›</Text>
        </View>
      </View>
      {mine.length ? (
        <Btn id={`event-ticket-${event.id}`} kind="secondary" size="small" className="event-card__ticket" onClick={() => goToTickets(mine)}>
          {mine.length > 1 ? `查看电子票（${mine.length}张）` : '查看电子票'}
        </Btn>
      ) : null}
    </View>
  )
}

/** The published events (the 活动 tab), with pull-down refresh while shown. */
function EventsPanel() {
  const res = useResource(listEvents, [])
  const mine = useMySignups()
  usePullDownRefresh(() => {
    void Promise.all([res.reload({ silent: true }), mine.refresh()]).finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <View id="event-list" className="list">
      {res.loading && !res.data ? (
        <Loading />
      ) : res.error && !res.data ? (
        <ErrorState id="event-list-error" error={res.error} onRetry={() => void res.reload()} />
      ) : res.data && res.data.length === 0 ? (
        <Empty id="event-list-empty" text="近期暂无开放日活动，敬请关注" />
      ) : (
        res.data?.map((e) => <EventCard key={e.id} event={e} mine={mine.forEvent(e.id)} />)
      )}
    </View>
  )
}

/**
 * 首页: 开放日活动 (the public list of published events) and 动态 (the feed) as two tabs. The tab
 * (and the feed's agency filter) live in the page query (?tab=feed&agencyId=), so a link or the
 * browser's back returns to them.
 */
export function EventListView({ tab: initialTab = 'events', agencyId: initialAgency }: { tab?: HomeTab; agencyId?: string } = {}) {
  const [tab, setTab] = useState<HomeTab>(initialTab)
  const [agencyId, setAgencyId] = useState(initialAgency)
  const show = (next: HomeTab, agency: string | undefined) => {
    setTab(next)
    setAgencyId(agency)
    rememberHomeQuery(next, agency)
  }

  return (
    <Screen>
      <View className="hero">
        <Text className="hero__title" {...a11y({ role: 'heading', 'aria-level': 1 })}>
          政府开放日
        </Text>
        <Text className="hero__sub">走进机关，看得见的公开与服务</Text>
      </View>
      <View className="quick-nav">
        <LinkText id="nav-my" onClick={() => go(pageUrl('my'))}>
          我的报名
        </LinkText>
        <LinkText id="nav-track" onClick={() => go(pageUrl('track'))}>
          意见查询
        </LinkText>
        <LinkText id="nav-public" onClick={() => go(pageUrl('rankings'))}>
          办理公开
        </LinkText>
      </View>

      <HomeTabs value={tab} onChange={(t) => show(t, agencyId)} />
      <View id={`home-panel-${tab}`} {...a11y({ role: 'tabpanel', 'aria-labelledby': `home-tab-${tab}` })}>
        {tab === 'feed' ? <FeedView agencyId={agencyId} onShowAll={() => show('feed', undefined)} /> : <EventsPanel />}
      </View>

      <View className="footer">
        <LinkText id="nav-staff" kind="quiet" onClick={() => go(pageUrl('staffLogin'))}>
          工作人员入口
        </LinkText>
      </View>
    </Screen>
  )
}
