import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { formatRange, type EventSummary } from '@openday/shared'
import { listEvents } from '../../api/events'
import { Card, LinkText, Screen } from '../../components/Layout'
import { Empty, ErrorState, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { signupState } from './status'

export function EventCard({ event }: { event: EventSummary }) {
  const s = signupState(event)
  // Lists show the seats left or 已满 first; other closed states as their own badge.
  const badge = event.seatsLeft <= 0 && event.status === 'published' ? '已满' : s.tone === 'ok' ? `剩余名额 ${event.seatsLeft}` : s.badge
  return (
    <Card id={`event-${event.id}`} className="event-card" onClick={() => go(pageUrl('event', { id: event.id }))}>
      <Text className="event-card__title">{event.title}</Text>
      <Text className="event-card__agency">{event.agencyName}</Text>
      <View className="event-card__meta">
        <Text className="meta">时间：{formatRange(event.startAt, event.endAt)}</Text>
        <Text className="meta">地点：{event.venue}</Text>
      </View>
      <View className="event-card__foot">
        <Text className={`badge badge--${s.tone === 'ok' ? 'ok' : s.tone === 'full' || event.seatsLeft <= 0 ? 'full' : 'closed'}`}>
          {badge}
        </Text>
        <Text className="event-card__more">查看详情 ›</Text>
      </View>
    </Card>
  )
}

/** 开放日活动: the public list of published events. */
export function EventListView() {
  const res = useResource(listEvents, [])
  usePullDownRefresh(() => {
    void res.reload({ silent: true }).finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <Screen>
      <View className="hero">
        <Text className="hero__title">政府开放日</Text>
        <Text className="hero__sub">走进机关，看得见的公开与服务</Text>
      </View>
      <View className="quick-nav">
        <LinkText id="nav-my" onClick={() => go(pageUrl('my'))}>
          我的报名
        </LinkText>
        <LinkText id="nav-track" onClick={() => go(pageUrl('track'))}>
          意见查询
        </LinkText>
      </View>

      <View id="event-list" className="list">
        {res.loading && !res.data ? (
          <Loading />
        ) : res.error && !res.data ? (
          <ErrorState id="event-list-error" error={res.error} onRetry={() => void res.reload()} />
        ) : res.data && res.data.length === 0 ? (
          <Empty id="event-list-empty" text="近期暂无开放日活动，敬请关注" />
        ) : (
          res.data?.map((e) => <EventCard key={e.id} event={e} />)
        )}
      </View>

      <View className="footer">
        <LinkText id="nav-staff" kind="quiet" onClick={() => go(pageUrl('staffLogin'))}>
          工作人员入口
        </LinkText>
      </View>
    </Screen>
  )
}
