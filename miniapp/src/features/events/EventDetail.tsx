import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback } from 'react'
import { CATEGORIES, formatDateTime, formatRange, type EventDetail } from '@openday/shared'
import { getEvent } from '../../api/events'
import { getEventAnswers } from '../../api/public'
import { ApiError } from '../../api/request'
import { hasToken } from '../../api/session'
import { Btn } from '../../components/Btn'
import { Card, LinkText, Row, Screen, Section } from '../../components/Layout'
import { Banner, ErrorState, Loading, Unavailable } from '../../components/States'
import { go, goLogin, pageUrl } from '../../lib/nav'
import { IS_H5 } from '../../lib/platform'
import { copyShareLink, SHARE_IMAGE, useSharing } from '../../lib/share'
import { FollowButton } from '../follows/FollowButton'
import { useResource } from '../../lib/useResource'
import { AnswerList } from '../public/AnswerList'
import { addToCalendar } from './calendar'
import { openDirections } from './directions'
import { goToTickets, useMySignups, type MySignup, type MyWaiting } from './mySignups'
import { signupState } from './status'

/** 公开答复 of this event (only answers the submitters agreed to publish), and the agency's page. */
function EventAnswers({ eventId, agencyId }: { eventId: string; agencyId: string }) {
  const load = useCallback((page: number) => getEventAnswers(eventId, page), [eventId])
  return (
    <Section title="公开答复" id="event-answers-section">
      <AnswerList id="event-answers" load={load} showEvent={false} />
      <LinkText id="event-agency" kind="quiet" onClick={() => go(pageUrl('agency', { id: agencyId }))}>
        查看本单位意见办理情况 ›
      </LinkText>
    </Section>
  )
}

/** 活动已取消, with the reason: shown above everything else; nothing to sign up for. */
function CancelledBanner({ event }: { event: EventDetail }) {
  return (
    <Banner kind="error" id="event-cancelled">
      <Text className="banner__title">活动已取消</Text>
      {event.cancelReason ? (
        <Text id="event-cancel-reason" className="banner__line">
          取消原因：{event.cancelReason}
        </Text>
      ) : null}
      {event.cancelledAt ? <Text className="banner__line">取消时间：{formatDateTime(event.cancelledAt)}</Text> : null}
      <Text className="banner__line">已报名的群众无需到场，感谢您的关注。</Text>
    </Banner>
  )
}

/** 时间已变更: a published event whose start moved (原定 X，现改为 Y), or whose time or venue changed. */
function ChangedNote({ event }: { event: EventDetail }) {
  if (event.previousStartAt) {
    return (
      <Banner kind="warning" id="event-changed">
        <Text className="banner__strong">时间已变更</Text>
        <Text id="event-changed-text" className="banner__line">
          原定 {formatDateTime(event.previousStartAt)}，现改为 {formatDateTime(event.startAt)}
        </Text>
        <Text className="banner__line">请以本页显示的时间和地点为准。</Text>
      </Banner>
    )
  }
  if (event.changedAt) {
    return (
      <Banner kind="warning" id="event-changed">
        <Text className="banner__strong">活动信息已变更</Text>
        <Text className="banner__line">活动时间或地点已于 {formatDateTime(event.changedAt)} 调整，请以本页显示为准。</Text>
      </Banner>
    )
  }
  return null
}

/**
 * 活动已结束: a published event past its end keeps its page, with what happened: how many signed up
 * (from the seats, no personal data) and its 活动总结 once published.
 */
function EndedNote({ event }: { event: EventDetail }) {
  const registered = Math.max(0, event.capacity - event.seatsLeft)
  return (
    <View className="action-block" id="event-ended">
      <Banner kind="info">
        <Text className="banner__title">活动已结束</Text>
        <Text id="event-ended-registered" className="banner__line">
          本次活动共 {registered} 人报名（名额 {event.capacity} 人）。
        </Text>
        {event.summaryPostId ? null : <Text className="banner__line">活动总结发布后将在本页显示。</Text>}
      </Banner>
      {event.summaryPostId ? (
        <Btn id="event-summary" size="large" onClick={() => go(pageUrl('post', { id: event.summaryPostId! }))}>
          查看活动总结
        </Btn>
      ) : null}
    </View>
  )
}

export function EventDetailBody({ event, mine = [], waiting }: { event: EventDetail; mine?: MySignup[]; waiting?: MyWaiting }) {
  const cancelled = event.status === 'cancelled'
  const ended = event.status === 'published' && Date.now() > Date.parse(event.endAt)
  const s = signupState(event)
  const registerUrl = pageUrl('register', { eventId: event.id })
  // Full while registration is open: the waiting list (候补, docs/waitlist.md), login first.
  const waitlistUrl = pageUrl('register', { eventId: event.id, waitlist: '1' })
  const onWaitlist = () => (hasToken('participant') ? go(waitlistUrl) : goLogin(waitlistUrl))
  const onRegister = () => {
    if (!s.open) return
    if (hasToken('participant')) go(registerUrl)
    else goLogin(registerUrl)
  }
  const onCalendar = () => {
    addToCalendar(event).then(
      (message) => message && void Taro.showToast({ title: message, icon: 'none', duration: 3000 }),
      (e: Error) => void Taro.showToast({ title: e.message, icon: 'none', duration: 3000 }),
    )
  }
  return (
    <Screen>
      {cancelled ? <CancelledBanner event={event} /> : <ChangedNote event={event} />}
      <Card className="detail-head">
        <Text id="event-title" className="detail-head__title">
          {event.title}
        </Text>
        <Row label="主办单位">
          <Text>{event.agencyName}</Text>
        </Row>
        <Row label="开放单位">
          <Text>{event.hostUnit}</Text>
        </Row>
        <Row label="活动时间">
          <Text>{formatRange(event.startAt, event.endAt)}</Text>
        </Row>
        <Row label="活动地点">
          <Text>{event.venue}</Text>
          {event.venueLat !== null && event.venueLng !== null ? (
            <LinkText
              id="event-directions"
              kind="quiet"
              onClick={() => void openDirections({ venue: event.venue, lat: event.venueLat!, lng: event.venueLng! })}
            >
              导航到这里 ›
            </LinkText>
          ) : null}
        </Row>
        <Row label="名额" id="event-seats">
          <Text>
            共 {event.capacity} 人，
            {event.seatsLeft > 0 ? (
              <Text className="text-ok">剩余 {event.seatsLeft} 人</Text>
            ) : (
              <Text className="text-danger">已满</Text>
            )}
          </Text>
        </Row>
        <Row label="报名开始">
          <Text>{formatDateTime(event.registrationOpensAt)}</Text>
        </Row>
        <Row label="报名截止">
          <Text>{formatDateTime(event.registrationClosesAt)}</Text>
        </Row>
        {event.contactPhone ? (
          <Row label="联系电话">
            <View
              id="event-phone"
              className="phone-link"
              onClick={() => void Taro.makePhoneCall({ phoneNumber: event.contactPhone! }).catch(() => undefined)}
            >
              <Text>{event.contactPhone}（点击拨打）</Text>
            </View>
          </Row>
        ) : null}
      </Card>

      {ended ? <EndedNote event={event} /> : null}

      {cancelled ? null : mine.length > 0 ? (
        <View className="action-block" id="event-signed-up">
          <Banner kind="success">
            <Text className="banner__strong">已报名</Text>
            <Text>{mine.some((m) => m.checkedIn) ? '您已签到入场，感谢参加' : `入场时请出示电子票${mine.length > 1 ? `（共${mine.length}张）` : ''}`}</Text>
          </Banner>
          <Btn id="event-ticket" size="large" onClick={() => goToTickets(mine)}>
            {mine.length > 1 ? '查看我的电子票' : '查看电子票'}
          </Btn>
          {s.open ? (
            <LinkText id="event-register" kind="quiet" onClick={onRegister}>
              为家人报名
            </LinkText>
          ) : null}
        </View>
      ) : ended ? null : (
        <View className="action-block">
          <Btn id="event-register" size="large" disabled={!s.open} onClick={onRegister}>
            我要报名
          </Btn>
          {s.reason ? (
            <Text id="event-register-reason" className="action-block__reason">
              {s.reason}
            </Text>
          ) : null}
          {waiting ? (
            <View id="event-waiting" className="stack">
              <Text className="action-block__reason">
                {waiting.status === 'offered'
                  ? '候补名额已为您保留，请到“我的报名”确认'
                  : `您已在候补名单中${waiting.place ? `（候补第${waiting.place}位）` : ''}`}
              </Text>
              <Btn id="event-waiting-my" kind="secondary" size="large" onClick={() => go(pageUrl('my'))}>
                查看我的报名
              </Btn>
            </View>
          ) : s.tone === 'full' ? (
            <Btn id="event-waitlist" kind="secondary" size="large" onClick={onWaitlist}>
              加入候补
            </Btn>
          ) : null}
        </View>
      )}

      {event.status === 'published' && Date.parse(event.endAt) > Date.now() ? (
        <View className="action-block">
          <LinkText id="event-calendar" kind="quiet" onClick={onCalendar}>
            加入日历（活动前一天提醒）
          </LinkText>
        </View>
      ) : null}

      {event.status === 'published' ? (
        <View className="follow-row" id="event-follow-row">
          <FollowButton kind="event" target={event.id} returnTo={pageUrl('event', { id: event.id })} id="follow-event" />
          <Text className="meta">关注后，活动变更、活动总结等动态会提醒您</Text>
        </View>
      ) : null}

      {/* The mini-program shares from its ··· menu (useSharing); a browser copies the share URL. */}
      {IS_H5 && event.status === 'published' ? (
        <View className="action-block">
          <LinkText id="event-share" kind="quiet" onClick={() => void copyShareLink('event', event.id)}>
            分享（复制链接）
          </LinkText>
        </View>
      ) : null}

      {event.description ? (
        <Section title="活动介绍">
          <Text className="paragraph">{event.description}</Text>
        </Section>
      ) : null}

      {event.agenda.length > 0 ? (
        <Section title="活动议程">
          <View className="agenda">
            {event.agenda.map((a, i) => (
              <View key={i} className="agenda__item">
                <Text className="agenda__time">{a.time || `第${i + 1}项`}</Text>
                <Text className="agenda__title">{a.title}</Text>
              </View>
            ))}
          </View>
        </Section>
      ) : null}

      {event.targetGroups.length > 0 ? (
        <Section title="开放对象">
          <View className="tags">
            {event.targetGroups.map((g) => (
              <Text key={g} className="tag">
                {CATEGORIES[g]}
              </Text>
            ))}
          </View>
        </Section>
      ) : null}

      {event.status === 'published' ? <EventAnswers eventId={event.id} agencyId={event.agencyId} /> : null}

      <View className="footer">
        <LinkText id="event-suggest" onClick={() => go(pageUrl('suggest', { eventId: event.id }))}>
          填写意见建议
        </LinkText>
      </View>
    </Screen>
  )
}

/** Event detail page (?id=). */
export function EventDetailView({ id }: { id: string }) {
  const res = useResource(() => getEvent(id), [id])
  const mine = useMySignups()
  useSharing(res.data ? { title: res.data.title, path: pageUrl('event', { id: res.data.id }), imageUrl: SHARE_IMAGE } : undefined)
  usePullDownRefresh(() => {
    void Promise.all([res.reload({ silent: true }), mine.refresh()]).finally(() => Taro.stopPullDownRefresh())
  })
  if (res.loading && !res.data) return <Loading />
  if (!res.data) {
    if (res.error instanceof ApiError && res.error.code === 'NOT_FOUND') {
      return (
        <Screen>
          <Unavailable id="event-not-found" title="活动不存在" text="该活动不存在或已下线，可回到首页查看其他开放日活动。" />
        </Screen>
      )
    }
    return <ErrorState error={res.error} onRetry={() => void res.reload()} />
  }
  return <EventDetailBody event={res.data} mine={mine.forEvent(res.data.id)} waiting={mine.waitingFor(res.data.id)} />
}
