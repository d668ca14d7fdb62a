// 候补 on 我的报名 (docs/waitlist.md): each waiting-list entry with its place (候补第N位) and
// 退出候补, an offered seat with its deadline and 确认报名 / 放弃, and an offer that lapsed.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatRange, offerHeldText, waitlistPlaceText, type MyRegistration, type MyWaitlistEntry } from '@openday/shared'
import { useState } from 'react'
import { errorMessage } from '../../api/request'
import { acceptOffer, declineOffer, leaveWaitlist } from '../../api/waitlist'
import { Btn } from '../../components/Btn'
import { Card } from '../../components/Layout'
import { Banner } from '../../components/States'

const confirm = (title: string, content: string, confirmText: string) =>
  Taro.showModal({ title, content, confirmText, cancelText: '再想想', confirmColor: '#b3261e' }).then((r) => r.confirm)

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 3000 }).catch(() => undefined)

/**
 * One entry. `onChanged` is told after any change (the list is fetched again); `onAccepted`
 * with the new registration, to open its ticket.
 */
export function WaitlistCard({
  entry,
  onChanged,
  onAccepted,
}: {
  entry: MyWaitlistEntry
  onChanged: () => void
  onAccepted: (reg: MyRegistration) => void
}) {
  const [busy, setBusy] = useState<'accept' | 'decline' | 'leave'>()
  const [error, setError] = useState<string>()
  const id = `wait-${entry.id}`
  // An expired entry with a deadline was an offer not taken in time; without one, the wait ended
  // with the event (cancelled, or started before a seat was freed).
  const lapsed = entry.status === 'expired' && entry.offerExpiresAt !== null && entry.event.status !== 'cancelled'

  const run = async (step: 'accept' | 'decline' | 'leave') => {
    if (step === 'decline' && !(await confirm('放弃候补名额', '放弃后名额将顺延给下一位候补，且不能恢复。确定放弃吗？', '确定放弃'))) return
    if (step === 'leave' && !(await confirm('退出候补', '退出后将失去当前的候补位置，如需参加须重新排队。确定退出吗？', '确定退出'))) return
    setBusy(step)
    setError(undefined)
    try {
      if (step === 'accept') {
        const reg = await acceptOffer(entry.id)
        toast('报名成功')
        onAccepted(reg)
        return
      }
      if (step === 'decline') await declineOffer(entry.id)
      else await leaveWaitlist(entry.eventId)
      toast(step === 'decline' ? '已放弃候补名额' : '已退出候补')
      onChanged()
    } catch (e) {
      setError(errorMessage(e))
      // The offer may have lapsed or changed meanwhile: show what it is now.
      onChanged()
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <Card id={id}>
      <View className="card__top">
        <Text className="card__title">{entry.event.title}</Text>
        <Text id={`${id}-status`} className={`status status--${entry.status === 'offered' ? 'ok' : entry.status === 'expired' ? 'closed' : 'pending'}`}>
          {entry.status === 'waiting' && entry.place ? waitlistPlaceText(entry.place) : entry.status === 'offered' ? '候补到位' : lapsed ? '候补已过期' : '候补已结束'}
        </Text>
      </View>
      <Text className="meta">时间：{formatRange(entry.event.startAt, entry.event.endAt)}</Text>
      <Text className="meta">地点：{entry.event.venue}</Text>
      {entry.event.status === 'cancelled' ? (
        <Text id={`${id}-cancelled`} className="meta text-danger">
          活动已取消
        </Text>
      ) : entry.status === 'waiting' ? (
        <>
          <Text id={`${id}-hint`} className="meta">
            有人取消报名时，名额将按顺序为您保留，我们会通过短信或微信通知您
          </Text>
          <Btn id={`${id}-leave`} kind="secondary" loading={busy === 'leave'} onClick={() => void run('leave')}>
            退出候补
          </Btn>
        </>
      ) : entry.status === 'offered' && entry.offerExpiresAt ? (
        <>
          <Banner kind="success" id={`${id}-offer`}>
            <Text className="banner__strong">{offerHeldText(entry.offerExpiresAt)}</Text>
            <Text>逾期未确认，名额将顺延给下一位候补。</Text>
          </Banner>
          <Btn id={`${id}-accept`} size="large" loading={busy === 'accept'} disabled={Boolean(busy)} onClick={() => void run('accept')}>
            确认报名
          </Btn>
          <Btn id={`${id}-decline`} kind="plain" loading={busy === 'decline'} disabled={Boolean(busy)} onClick={() => void run('decline')}>
            放弃
          </Btn>
        </>
      ) : lapsed ? (
        <Text id={`${id}-expired`} className="meta">
          未在规定时间内确认，候补名额已顺延给下一位
        </Text>
      ) : (
        <Text id={`${id}-ended`} className="meta">
          活动已开始，候补已结束。欢迎关注本单位的下一场活动
        </Text>
      )}
      {error ? (
        <Banner kind="error" id={`${id}-error`}>
          <Text>{error}</Text>
        </Banner>
      ) : null}
    </Card>
  )
}
