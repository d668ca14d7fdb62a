import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  formatDateTime,
  NOTICE_CHANNELS,
  NOTICE_KIND_CODES,
  NOTICE_KINDS,
  OUTBOX_STATUSES,
  type NoticeKind,
  type NoticeSettings,
} from '@openday/shared'
import { useState } from 'react'
import {
  getNoticeSettings,
  listMyNotifications,
  recordWechatSubscriptions,
  saveNoticeSettings,
  stopAllNotices,
  type MyNotification,
  type NoticeSettingsResponse,
} from '../../api/notifications'
import { ApiError, errorMessage } from '../../api/request'
import { hasToken } from '../../api/session'
import { Btn } from '../../components/Btn'
import { Toggle } from '../../components/Choice'
import { Card, Screen, Section, Title } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { go, goLogin, pageUrl } from '../../lib/nav'
import { IS_WEAPP } from '../../lib/platform'
import { useResource } from '../../lib/useResource'
import { MAX_TEMPLATES_PER_REQUEST, requestSubscribe } from './subscribe'

const SELF = pageUrl('noticeSettings')

/** Kinds asked for first in WeChat's dialog (it takes 3 at a time): the ones about a visit. */
const SUBSCRIBE_ORDER: NoticeKind[] = ['event_cancelled', 'event_changed', 'event_reminder', 'evaluation_invite', 'answer_published', 'new_post']

/** The template ids to ask for in one dialog: kinds not muted, most important first, at most 3. */
export function templatesToRequest(data: NoticeSettingsResponse): string[] {
  const rank = (k: NoticeKind) => SUBSCRIBE_ORDER.indexOf(k)
  return data.wechatTemplates
    .filter((t) => !data.settings.mutedKinds.includes(t.kind))
    .sort((a, b) => rank(a.kind) - rank(b.kind))
    .map((t) => t.templateId)
    .filter((id, i, all) => all.indexOf(id) === i)
    .slice(0, MAX_TEMPLATES_PER_REQUEST)
}

/** Where a message leads: the page it names (a post, a ticket, 我的意见 …), else its event. */
export function messageLink(n: MyNotification): string | null {
  if (n.page) return `/${n.page.replace(/^\//, '')}`
  return n.eventId ? pageUrl('event', { id: n.eventId }) : null
}

/** 我的消息: what was sent to this person, newest first (also when sending is stopped). */
function MyNotificationsList() {
  const res = useResource(listMyNotifications, [])
  const delivery = (n: MyNotification) =>
    n.channel ? `${NOTICE_CHANNELS[n.channel]} · ${OUTBOX_STATUSES[n.status]}` : OUTBOX_STATUSES[n.status]
  return (
    <Section title="我的消息" id="notice-messages">
      {res.loading && !res.data ? (
        <Loading text="正在加载消息…" />
      ) : res.error && !res.data ? (
        <ErrorState id="notice-messages-error" error={res.error} onRetry={() => void res.reload()} />
      ) : res.data && res.data.length === 0 ? (
        <Empty id="notice-messages-empty" text="暂时没有消息。活动变更、取消等通知会显示在这里。" />
      ) : (
        <View id="notice-message-list" className="list">
          {res.data?.map((n) => (
            <Card
              key={n.id}
              id={`notice-msg-${n.id}`}
              onClick={messageLink(n) ? () => go(messageLink(n)!) : undefined}
            >
              <View className="card__top">
                <Text className="card__title">{n.title}</Text>
                <Text className="status status--published">{NOTICE_KINDS[n.kind]}</Text>
              </View>
              <Text className="paragraph">{n.body}</Text>
              <Text className="meta">
                {formatDateTime(n.createdAt)} · {delivery(n)}
              </Text>
              {messageLink(n) ? <Text className="card__more">{n.kind === 'new_post' ? '查看动态 ›' : n.kind === 'answer_published' ? '查看答复 ›' : '查看详情 ›'}</Text> : null}
            </Card>
          ))}
        </View>
      )}
    </Section>
  )
}

/** 通知设置 (channels, kinds, 全部停止, WeChat subscription) and 我的消息. */
export function NoticeSettingsView() {
  const loggedIn = hasToken('participant')
  const res = useResource(async () => (loggedIn ? getNoticeSettings() : null), [loggedIn])
  const [latest, setLatest] = useState<NoticeSettingsResponse>()
  /** The settings being saved, shown at once; undone if the save fails. */
  const [pending, setPending] = useState<NoticeSettings>()
  const [busy, setBusy] = useState<'save' | 'stop' | 'subscribe'>()
  const [error, setError] = useState<string>()

  const needsLogin = !loggedIn || (res.error instanceof ApiError && res.error.code === 'UNAUTHENTICATED')
  if (needsLogin) {
    return (
      <Screen>
        <Title>通知设置</Title>
        <Empty id="notice-login-needed" text="登录后可设置如何接收活动通知，并查看收到的消息">
          <Btn id="notice-login" onClick={() => goLogin(SELF, { replaceCurrent: true })}>
            去登录
          </Btn>
        </Empty>
      </Screen>
    )
  }
  const data = latest ?? res.data ?? undefined
  if (!data) {
    if (res.error) return <ErrorState id="notice-error" error={res.error} onRetry={() => void res.reload()} />
    return <Loading />
  }
  const settings = pending ?? data.settings

  const save = async (next: NoticeSettings) => {
    if (busy) return
    setError(undefined)
    setPending(next)
    setBusy('save')
    try {
      setLatest(await saveNoticeSettings(next))
    } catch (e) {
      setError(`${errorMessage(e)}。设置未保存，请稍后再试。`)
    } finally {
      setPending(undefined)
      setBusy(undefined)
    }
  }

  const toggleKind = (k: NoticeKind) => {
    const muted = settings.mutedKinds.includes(k)
    const mutedKinds = NOTICE_KIND_CODES.filter((c) => (c === k ? !muted : settings.mutedKinds.includes(c)))
    void save({ ...settings, mutedKinds })
  }

  const onStop = async () => {
    if (busy) return
    const r = await Taro.showModal({
      title: '全部停止接收？',
      content: '停止后，活动变更、取消、提醒等通知都不会再通过短信或微信发给您，“我的消息”仍会记录。之后可在本页恢复。',
      confirmText: '全部停止',
      cancelText: '再想想',
      confirmColor: '#b3261e',
    })
    if (!r.confirm) return
    setError(undefined)
    setBusy('stop')
    try {
      setLatest(await stopAllNotices())
      Taro.showToast({ title: '已停止接收', icon: 'success' }).catch(() => undefined)
    } catch (e) {
      setError(`${errorMessage(e)}。通知仍在接收，请稍后再试。`)
    } finally {
      setBusy(undefined)
    }
  }

  /** WeChat's dialog must open straight from the tap: requestSubscribe is called before any await. */
  const onSubscribe = () => {
    if (busy) return
    const ids = templatesToRequest(data)
    if (ids.length === 0) return
    setError(undefined)
    setBusy('subscribe')
    requestSubscribe(ids)
      .then(async (results) => {
        if (Object.keys(results).length > 0) await recordWechatSubscriptions(results)
        const accepted = Object.values(results).filter((v) => v === 'accept').length
        const title = accepted > 0 ? `已订阅${accepted}项通知` : '未订阅，可再次点击订阅'
        Taro.showToast({ title, icon: accepted > 0 ? 'success' : 'none' }).catch(() => undefined)
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? `${e.message}。订阅未记录，请再点一次。` : (e as Error).message))
      .finally(() => setBusy(undefined))
  }

  const canSubscribe = IS_WEAPP && !settings.stopped && settings.wechat && templatesToRequest(data).length > 0

  return (
    <Screen>
      <Title sub="活动变更、取消等消息如何发给您">通知设置</Title>

      {settings.stopped ? (
        <Banner kind="warning" id="notice-stopped">
          <Text className="banner__strong">已全部停止接收</Text>
          <Text className="banner__line">不会再通过短信或微信给您发送任何通知，“我的消息”仍会记录。</Text>
        </Banner>
      ) : null}
      {error ? <Banner id="notice-save-error">{error}</Banner> : null}

      {settings.stopped ? (
        <Btn id="notice-resume" size="large" loading={busy === 'save'} onClick={() => void save({ ...settings, stopped: false })}>
          恢复接收通知
        </Btn>
      ) : (
        <>
          <Section title="接收方式" id="notice-channels">
            <Toggle id="notice-sms" checked={settings.sms} onChange={(v) => void save({ ...settings, sms: v })}>
              <Text>{NOTICE_CHANNELS.sms}</Text>
              <Text id="notice-phone" className="toggle__sub">
                {data.phoneMasked ? `发送至 ${data.phoneMasked}；晚上9点至早上8点不发送` : '您的账号未绑定手机号，暂时收不到短信'}
              </Text>
            </Toggle>
            <Toggle id="notice-wechat" checked={settings.wechat} onChange={(v) => void save({ ...settings, wechat: v })}>
              <Text>{NOTICE_CHANNELS.wechat}</Text>
              <Text className="toggle__sub">在微信小程序中订阅后，通过微信服务通知发给您</Text>
            </Toggle>
          </Section>

          <Section title="通知内容" id="notice-kinds">
            {NOTICE_KIND_CODES.map((k) => (
              <Toggle key={k} id={`notice-kind-${k}`} checked={!settings.mutedKinds.includes(k)} onChange={() => toggleKind(k)}>
                <Text>{NOTICE_KINDS[k]}</Text>
              </Toggle>
            ))}
          </Section>

          {canSubscribe ? (
            <Section title="微信服务通知" id="notice-subscribe-section">
              <Text className="paragraph">微信规定每次订阅可收到一条通知，收到后可回到这里再次订阅。</Text>
              <Btn id="notice-subscribe" loading={busy === 'subscribe'} onClick={onSubscribe}>
                订阅活动通知
              </Btn>
            </Section>
          ) : null}

          <View className="section">
            <Btn id="notice-stop" kind="danger" size="large" loading={busy === 'stop'} loadingText="正在停止…" onClick={() => void onStop()}>
              全部停止接收
            </Btn>
          </View>
        </>
      )}

      <MyNotificationsList />
    </Screen>
  )
}
