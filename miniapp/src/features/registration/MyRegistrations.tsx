import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatRange } from '@openday/shared'
import { listMine } from '../../api/waitlist'
import { logout } from '../../api/auth'
import { Btn } from '../../components/Btn'
import { Card, LinkText, Screen, Title } from '../../components/Layout'
import { LargeTextSwitch } from '../../components/LargeTextSwitch'
import { Empty, ErrorState, Loading } from '../../components/States'
import { go, goLogin, pageUrl, replace } from '../../lib/nav'
import { useParticipantResource } from '../../lib/useParticipantResource'
import { forgetMySignups, recordMyRegistrations } from '../events/mySignups'
import { WaitlistCard } from '../waitlist/WaitlistCards'
import { REGISTRATION_STATUS_LABELS, registrationStatus } from './status'

/** 我的报名, with the waiting-list entries (候补) above the sign-ups. */
export function MyRegistrationsView() {
  const { res, needsLogin } = useParticipantResource(async () => {
    const mine = await listMine()
    recordMyRegistrations(mine.registrations, Date.now(), mine.waitlist) // the event list and detail show 已报名 / 候补 from this
    return [mine]
  })
  const list = res.data?.[0]?.registrations
  const waitlist = res.data?.[0]?.waitlist ?? []
  if (needsLogin) {
    return (
      <Screen>
        <Title>我的报名</Title>
        <Empty id="my-login-needed" text="登录后可查看您的报名和电子票">
          <Btn id="my-login" onClick={() => goLogin(pageUrl('my'), { replaceCurrent: true })}>
            去登录
          </Btn>
        </Empty>
        <LargeTextSwitch />
      </Screen>
    )
  }

  const onLogout = async () => {
    const r = await Taro.showModal({ title: '退出登录', content: '确定退出登录吗？', confirmText: '退出', cancelText: '取消' })
    if (!r.confirm) return
    await logout('participant')
    forgetMySignups()
    replace(pageUrl('index'))
  }

  return (
    <Screen>
      {waitlist.length > 0 ? (
        <View id="my-waitlist" className="list">
          {waitlist.map((e) => (
            <WaitlistCard
              key={e.id}
              entry={e}
              onChanged={() => void res.reload()}
              onAccepted={(reg) => go(pageUrl('ticket', { id: reg.id }))}
            />
          ))}
        </View>
      ) : null}
      <View id="my-list" className="list">
        {res.loading && !res.data ? (
          <Loading />
        ) : res.error && !res.data ? (
          <ErrorState error={res.error} onRetry={() => void res.reload()} />
        ) : list && list.length === 0 && waitlist.length === 0 ? (
          <Empty id="my-empty" text="您还没有报名任何活动">
            <Btn id="my-browse" onClick={() => replace(pageUrl('index'))}>
              去看看开放日活动
            </Btn>
          </Empty>
        ) : (
          list?.map((r) => {
            const st = registrationStatus(r)
            return (
              <Card key={r.id} id={`reg-${r.id}`} onClick={() => go(pageUrl('ticket', { id: r.id }))}>
                <View className="card__top">
                  <Text className="card__title">{r.event.title}</Text>
                  <Text className={`status status--${st}`}>{REGISTRATION_STATUS_LABELS[st]}</Text>
                </View>
                <Text className="meta">时间：{formatRange(r.event.startAt, r.event.endAt)}</Text>
                <Text className="meta">地点：{r.event.venue}</Text>
                {st === 'event_cancelled' ? (
                  <Text id={`reg-${r.id}-cancelled`} className="meta text-danger">
                    活动已取消{r.event.cancelReason ? `：${r.event.cancelReason}` : ''}
                  </Text>
                ) : null}
                {st === 'pending' ? (
                  <Text id={`reg-${r.id}-pending`} className="meta">
                    待主办单位审核，通过后即可出示电子票
                  </Text>
                ) : null}
                {st === 'declined' ? (
                  <Text id={`reg-${r.id}-declined`} className="meta text-danger">
                    未通过审核{r.declineReason ? `（${r.declineReason}）` : ''}
                  </Text>
                ) : null}
                <Text className="card__more">{st === 'registered' || st === 'checked_in' ? '出示电子票 ›' : '查看详情 ›'}</Text>
              </Card>
            )
          })
        )}
      </View>
      <View className="link-list">
        <LinkText id="my-suggestions" onClick={() => go(pageUrl('mySuggestions'))}>
          我的意见 ›
        </LinkText>
        <LinkText id="my-follows" onClick={() => go(pageUrl('follows'))}>
          我的关注 ›
        </LinkText>
        <LinkText id="my-notices" onClick={() => go(pageUrl('noticeSettings'))}>
          通知设置与消息 ›
        </LinkText>
      </View>
      <LargeTextSwitch />
      <View className="footer">
        <LinkText id="my-logout" kind="quiet" onClick={() => void onLogout()}>
          退出登录
        </LinkText>
      </View>
    </Screen>
  )
}
