import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { CATEGORIES, formatDateTime, formatRange, type MyRegistration } from '@openday/shared'
import { useRef, useState } from 'react'
import { cancelRegistration, listMyRegistrations } from '../../api/registrations'
import { ApiError, errorMessage } from '../../api/request'
import { hasToken } from '../../api/session'
import { Btn } from '../../components/Btn'
import { Card, LinkText, Row, Screen } from '../../components/Layout'
import { QrImage } from '../../components/QrImage'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { go, goLogin, pageUrl } from '../../lib/nav'
import { IS_WEAPP } from '../../lib/platform'
import { useResource } from '../../lib/useResource'
import { EvaluationEntry } from '../evaluation/EvaluationEntry'
import { recordMyRegistration, recordMyRegistrations } from '../events/mySignups'
import { REGISTRATION_STATUS_LABELS, registrationStatus } from './status'
import { ScanStopButton } from '../checkpoints/ScanStopButton'

async function loadTicket(id: string): Promise<MyRegistration | null> {
  const list = await listMyRegistrations()
  recordMyRegistrations(list) // the event list and detail show 已报名 from this
  return list.find((r) => r.id === id) ?? null
}

export function TicketBody({ reg, onChanged }: { reg: MyRegistration; onChanged: (r: MyRegistration) => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const st = registrationStatus(reg)
  /** The agency cancelled the event: the reason instead of the QR code, nothing to attend. */
  const eventCancelled = st === 'event_cancelled'
  const showCode = st === 'registered' || st === 'checked_in'

  const onCancel = async () => {
    const r = await Taro.showModal({
      title: '取消报名',
      content: '取消后名额将释放给其他群众，如需参加须重新报名。确定取消吗？',
      confirmText: '确定取消',
      cancelText: '再想想',
      confirmColor: '#b3261e',
    })
    if (!r.confirm) return
    setBusy(true)
    setError(undefined)
    try {
      const cancelled = await cancelRegistration(reg.id)
      recordMyRegistration(cancelled)
      onChanged(cancelled)
      Taro.showToast({ title: '已取消报名', icon: 'success' }).catch(() => undefined)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen>
      <Card className="ticket">
        <Text className="ticket__event">{reg.event.title}</Text>
        <Text id="ticket-status" className={`status status--${st} ticket__status`}>
          {REGISTRATION_STATUS_LABELS[st]}
        </Text>
        {eventCancelled ? (
          <Banner kind="error" id="ticket-event-cancelled">
            <Text className="banner__title">活动已取消</Text>
            {reg.event.cancelReason ? (
              <Text id="ticket-cancel-reason" className="banner__line">
                取消原因：{reg.event.cancelReason}
              </Text>
            ) : null}
            <Text className="banner__line">本电子票已失效，无需到场。</Text>
          </Banner>
        ) : null}
        {st === 'pending' ? (
          <Banner kind="info" id="ticket-pending">
            <Text className="banner__title">待审核</Text>
            <Text className="banner__line">主办单位审核通过后，电子票将显示在这里，并通过短信或微信通知您。</Text>
          </Banner>
        ) : null}
        {st === 'declined' ? (
          <Banner kind="error" id="ticket-declined">
            <Text className="banner__title">报名未通过审核</Text>
            {reg.declineReason ? (
              <Text id="ticket-decline-reason" className="banner__line">
                原因：{reg.declineReason}
              </Text>
            ) : null}
            <Text className="banner__line">如有疑问，请联系主办单位。</Text>
          </Banner>
        ) : null}
        {showCode && reg.ticket ? (
          <View className="ticket__qr" id="ticket-qr-box" data-ticket={IS_WEAPP ? undefined : reg.ticket}>
            <QrImage id="ticket-qr" text={reg.ticket} label="入场签到二维码" size="xlarge" />
            <Text className="ticket__tip">入场时请向工作人员出示此二维码</Text>
          </View>
        ) : null}
        {showCode ? (
          <View className="short-code">
            <Text className="short-code__label">签到码</Text>
            <Text id="ticket-short-code" className="short-code__value">
              {reg.shortCode}
            </Text>
            <Text className="short-code__hint">无法扫码时，可报此签到码由工作人员手工核验</Text>
          </View>
        ) : null}
        {st === 'checked_in' && reg.checkedInAt ? (
          <Banner kind="success">已于{formatDateTime(reg.checkedInAt)}签到入场</Banner>
        ) : null}
      </Card>

      <Card>
        <Row label="姓名">
          <Text id="ticket-name">{reg.name}</Text>
        </Row>
        <Row label="手机号码">
          <Text>{reg.phoneMasked}</Text>
        </Row>
        <Row label="身份类别">
          <Text>{CATEGORIES[reg.category]}</Text>
        </Row>
        <Row label="活动时间">
          <Text>{formatRange(reg.event.startAt, reg.event.endAt)}</Text>
        </Row>
        <Row label="活动地点">
          <Text>{reg.event.venue}</Text>
        </Row>
      </Card>

      {error ? <Banner id="ticket-error">{error}</Banner> : null}

      <View className="stack">
        {eventCancelled ? null : <EvaluationEntry reg={reg} />}
        {st === 'checked_in' ? <ScanStopButton /> : null}
        <Btn kind="secondary" onClick={() => go(pageUrl('suggest', { eventId: reg.eventId }))}>
          填写意见建议
        </Btn>
        {st === 'registered' || st === 'pending' ? (
          <Btn id="ticket-cancel" kind="danger" loading={busy} loadingText="正在取消…" onClick={() => void onCancel()}>
            取消报名
          </Btn>
        ) : null}
        <LinkText kind="quiet" onClick={() => go(pageUrl('event', { id: reg.eventId }))}>
          查看活动详情
        </LinkText>
      </View>
    </Screen>
  )
}

/** 电子票 (?id=). */
export function TicketView({ id }: { id: string }) {
  const res = useResource(() => loadTicket(id), [id])
  const [override, setOverride] = useState<MyRegistration>()
  const firstShow = useRef(true)
  useDidShow(() => {
    // Back from the evaluation, or checked in meanwhile: refresh quietly.
    if (firstShow.current) firstShow.current = false
    else void res.reload({ silent: true }).then(() => setOverride(undefined))
  })
  usePullDownRefresh(() => {
    void res
      .reload({ silent: true })
      .then(() => setOverride(undefined))
      .finally(() => Taro.stopPullDownRefresh())
  })

  if (!hasToken('participant') || (res.error instanceof ApiError && res.error.code === 'UNAUTHENTICATED')) {
    return (
      <Screen>
        <Empty text="请先登录后查看电子票">
          <Btn onClick={() => goLogin(pageUrl('ticket', { id }), { replaceCurrent: true })}>去登录</Btn>
        </Empty>
      </Screen>
    )
  }
  if (res.loading && !res.data) return <Loading />
  if (res.error && !res.data) return <ErrorState error={res.error} onRetry={() => void res.reload()} />
  const reg = override ?? res.data
  if (!reg) {
    return (
      <Screen>
        <Empty id="ticket-not-found" text="未找到这张电子票，可能已被删除">
          <Btn onClick={() => go(pageUrl('my'))}>查看我的报名</Btn>
        </Empty>
      </Screen>
    )
  }
  return <TicketBody reg={reg} onChanged={setOverride} />
}
