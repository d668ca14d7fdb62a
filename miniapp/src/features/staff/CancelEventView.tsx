import { Text } from '@tarojs/components'
import { formatDateTime, formatRange, ORGANISER_ROLES, type EventDetail } from '@openday/shared'
import { useEffect, useState } from 'react'
import { getEvent } from '../../api/events'
import { getStaffProfile } from '../../api/session'
import { Btn } from '../../components/Btn'
import { Screen, Title } from '../../components/Layout'
import { Banner, ErrorState, Loading } from '../../components/States'
import { pageUrl, replace } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { CancelEventPanel, canCancel, registeredCount } from './CancelEventPanel'
import { handleStaffAuthError, useStaffGuard } from './guard'

/**
 * 取消活动 (?id=), its own page: opened from 活动管理 and from the edit page. Kept apart from the
 * edit form so that neither page carries the other's code on first load.
 */
export function CancelEventView({ id }: { id: string }) {
  const selfUrl = pageUrl('staffEventCancel', { id })
  const ok = useStaffGuard(selfUrl)
  const profile = getStaffProfile()
  const organiser = profile ? ORGANISER_ROLES.includes(profile.role) : false
  const res = useResource(() => (ok ? getEvent(id, true) : Promise.resolve(undefined)), [id, ok])
  /** The event as the API answered the cancellation, and how many were told. */
  const [done, setDone] = useState<{ event: EventDetail; told: number }>()

  useEffect(() => {
    if (res.error) handleStaffAuthError(res.error, selfUrl)
  }, [res.error, selfUrl])

  if (!ok) return null
  const back = (
    <Btn id="cancel-back" kind="secondary" onClick={() => replace(pageUrl('staffEvents'))}>
      返回活动管理
    </Btn>
  )
  if (res.loading && !res.data) return <Loading />
  if (!res.data) return <ErrorState error={res.error} onRetry={() => void res.reload()} />
  const event = done?.event ?? res.data
  return (
    <Screen>
      <Title sub={`${event.title} · ${formatRange(event.startAt, event.endAt)}`}>取消活动</Title>
      {event.status === 'cancelled' ? (
        <Banner kind={done ? 'success' : 'warning'} id="ev-cancelled">
          活动已取消
          {done ? (
            <Text id="ev-cancelled-told" className="banner__line">
              {done.told > 0 ? `已报名的 ${done.told} 人将收到取消通知。` : '该活动没有报名者需要通知。'}
            </Text>
          ) : null}
          {event.cancelReason ? <Text className="banner__line">取消原因：{event.cancelReason}</Text> : null}
          {event.cancelledAt ? <Text className="banner__line">取消时间：{formatDateTime(event.cancelledAt)}</Text> : null}
        </Banner>
      ) : !organiser ? (
        <Banner id="cancel-not-allowed">只有单位管理员或活动组织者可以取消活动，请联系他们处理。</Banner>
      ) : !canCancel(event) ? (
        <Banner id="cancel-ended">活动已结束，不能取消。</Banner>
      ) : (
        <CancelEventPanel
          event={event}
          onClose={() => replace(pageUrl('staffEventEdit', { id }))}
          onAuthError={(e) => handleStaffAuthError(e, selfUrl)}
          onCancelled={(ev) => setDone({ event: ev, told: registeredCount(event) })}
        />
      )}
      {back}
    </Screen>
  )
}
