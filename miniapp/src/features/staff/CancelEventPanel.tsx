import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { cancelEventSchema, type EventDetail, type EventSummary } from '@openday/shared'
import { useState } from 'react'
import { cancelEvent } from '../../api/events'
import { errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { TextAreaField } from '../../components/Fields'
import { Banner } from '../../components/States'
import { fieldErrors } from '../../lib/form'
import { a11y } from '../../lib/platform'

import { registeredCount } from './eventState'

export { canCancel, registeredCount } from './eventState'

export const CANCEL_REASON_MAX = 200

interface Props {
  event: EventSummary
  /** After the API cancelled the event (its answer). */
  onCancelled: (event: EventDetail) => void
  onClose: () => void
  /** Called when the API refused for lack of a session, etc.; return true if handled. */
  onAuthError?: (e: unknown) => boolean
}

/**
 * 取消活动: asks for the reason (2–200 characters, told to everyone signed up and shown on the
 * event page), says how many people will be told, confirms once more, then cancels.
 */
export function CancelEventPanel({ event, onCancelled, onClose, onAuthError }: Props) {
  const id = `cancel-${event.id}`
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const n = registeredCount(event)
  const told = n > 0 ? `将通过短信或微信通知已报名的 ${n} 人` : '目前还没有人报名'

  const submit = async () => {
    setError(undefined)
    const parsed = cancelEventSchema.safeParse({ reason: reason.trim() || undefined })
    if (!parsed.success) {
      setReasonError(fieldErrors(parsed.error).reason ?? '请填写取消原因')
      return
    }
    setReasonError(undefined)
    const r = await Taro.showModal({
      title: '确定取消活动？',
      content: `“${event.title}”取消后不能恢复，${told}，活动页面将显示取消原因。`,
      confirmText: '确定取消',
      cancelText: '再想想',
      confirmColor: '#b3261e',
    })
    if (!r.confirm) return
    setBusy(true)
    try {
      const done = await cancelEvent(event.id, parsed.data.reason)
      onCancelled(done)
    } catch (e) {
      if (onAuthError?.(e)) return
      setError(`${errorMessage(e)}。活动未取消，请稍后重试。`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View id={id} className="cancel-panel stack" {...a11y({ role: 'group', 'aria-labelledby': `${id}-title` })}>
      <Text id={`${id}-title`} className="cancel-panel__title">
        取消活动
      </Text>
      <Banner kind="warning" id={`${id}-told`}>
        <Text className="banner__strong">{n > 0 ? `已报名 ${n} 人，取消后会收到通知` : '目前还没有人报名'}</Text>
        <Text>{n > 0 ? '通知中会附上您填写的取消原因，活动页面也会显示。' : '取消原因会显示在活动页面上。'}</Text>
      </Banner>
      <TextAreaField
        id={`${id}-reason`}
        label="取消原因"
        required
        value={reason}
        onChange={(v) => {
          setReason(v)
          if (reasonError) setReasonError(undefined)
        }}
        maxlength={CANCEL_REASON_MAX}
        counter
        error={reasonError}
        placeholder="如：因天气原因，本次开放日取消，另行通知"
        hint="2–200字，报名者会看到这段说明"
      />
      {error ? <Banner id={`${id}-error`}>{error}</Banner> : null}
      <View className="btn-grid">
        <Btn id={`${id}-submit`} kind="danger" loading={busy} loadingText="正在取消…" onClick={() => void submit()}>
          确定取消活动
        </Btn>
        <Btn id={`${id}-close`} kind="secondary" disabled={busy} onClick={onClose}>
          不取消
        </Btn>
      </View>
    </View>
  )
}
