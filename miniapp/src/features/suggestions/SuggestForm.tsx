import { Text, View } from '@tarojs/components'
import { SUGGESTION_CONTACT_PURPOSE, SUGGESTION_PUBLIC_CONSENT_TEXT, suggestionInputSchema } from '@openday/shared'
import { useState } from 'react'
import { getEvent } from '../../api/events'
import { ApiError, errorMessage } from '../../api/request'
import { hasToken } from '../../api/session'
import { submitSuggestion } from '../../api/suggestions'
import { Btn } from '../../components/Btn'
import { Toggle } from '../../components/Choice'
import { TextAreaField, TextField } from '../../components/Fields'
import { Card, LinkText, Screen, Title } from '../../components/Layout'
import { Banner, Loading, Unavailable } from '../../components/States'
import { fieldErrors, optional, type FieldErrors } from '../../lib/form'
import { go, pageUrl } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { TrackingCode } from './TrackingCode'

export const CONTENT_MAX = 1000

export function TrackingCodeResult({ code, onAnother, listedUnderMine = false }: { code: string; onAnother: () => void; listedUnderMine?: boolean }) {
  return (
    <Screen>
      <Card className="result-card">
        <Text className="result-card__ok">✓ 提交成功</Text>
        <Text className="paragraph">您的意见建议已受理，我们会及时答复。</Text>
        <Text className="tracking__label">查询编号</Text>
        <TrackingCode id="suggest-tracking-code" code={code} copyId="suggest-copy" />
        <Text className="tracking__hint">凭此编号查询办理进度，请截图或复制保存</Text>
        {listedUnderMine ? (
          <Text id="suggest-mine-note" className="meta">
            您已登录，也可在“我的报名 → 我的意见”中查看。
          </Text>
        ) : null}
        <View className="stack">
          <Btn id="suggest-track" kind="secondary" onClick={() => go(pageUrl('track', { code }))}>
            查询办理进度
          </Btn>
          <LinkText kind="quiet" onClick={onAnother}>
            再提一条意见
          </LinkText>
        </View>
      </Card>
    </Screen>
  )
}

/** 意见建议表 (?eventId=), opened from the venue QR; no login. */
export function SuggestForm({ eventId }: { eventId: string }) {
  const [content, setContent] = useState('')
  const [topic, setTopic] = useState('')
  const [contact, setContact] = useState('')
  const [anonymous, setAnonymous] = useState(false)
  // Unticked by default: publishing needs the submitter's explicit consent.
  const [publicConsent, setPublicConsent] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [trackingCode, setTrackingCode] = useState<string>()
  // The event is loaded before the form is shown, so a visitor never types into a form for an
  // event that is gone. Only a definite answer blocks: on a weak venue network the form stays.
  const event = useResource(() => getEvent(eventId), [eventId])

  const onSubmit = async () => {
    setFormError(undefined)
    const parsed = suggestionInputSchema.safeParse({
      content,
      topic: optional(topic),
      contact: anonymous ? undefined : optional(contact),
      anonymous,
      publicConsent,
    })
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error))
      return
    }
    setErrors({})
    setBusy(true)
    try {
      const res = await submitSuggestion(eventId, parsed.data)
      setTrackingCode(res.trackingCode)
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && e.field) setErrors({ [e.field]: e.message })
      else setFormError(errorMessage(e)) // RATE_LIMITED, NETWORK...: everything typed stays
    } finally {
      setBusy(false)
    }
  }

  const loggedIn = hasToken('participant')

  if (trackingCode) {
    return (
      <TrackingCodeResult
        code={trackingCode}
        listedUnderMine={loggedIn && !anonymous}
        onAnother={() => {
          setTrackingCode(undefined)
          setContent('')
          setTopic('')
        }}
      />
    )
  }

  if (event.loading && !event.data) return <Loading text="正在加载活动…" />
  const gone = event.error instanceof ApiError && event.error.code === 'NOT_FOUND'
  if (gone || (event.data && event.data.status !== 'published')) {
    return (
      <Screen>
        <Unavailable
          id="suggest-unavailable"
          title="无法填写意见建议"
          text={event.data?.status === 'cancelled' ? '该活动已取消，不再收集意见建议。' : '该活动不存在或尚未发布，请核对二维码或链接。'}
        />
      </Screen>
    )
  }

  return (
    <Screen>
      <Title sub={event.data ? event.data.title : '开放日活动'}>意见建议表</Title>
      {event.error ? (
        <Banner kind="warning" id="suggest-event-error">
          <Text>活动信息暂未加载（{errorMessage(event.error)}），仍可填写，提交时将核对活动。</Text>
          <LinkText id="suggest-event-retry" onClick={() => void event.reload()}>
            重新加载
          </LinkText>
        </Banner>
      ) : null}
      <Text className="paragraph lead">欢迎对我们的工作提出意见建议。无需登录，提交后会得到一个查询编号，可随时查看答复。</Text>
      <View className="stack">
        <TextAreaField
          id="suggest-content"
          label="意见建议"
          required
          value={content}
          onChange={setContent}
          maxlength={CONTENT_MAX}
          counter
          height="tall"
          error={errors.content}
          placeholder="请写下您的意见或建议"
        />
        <TextField
          id="suggest-topic"
          label="主题（选填）"
          value={topic}
          onChange={setTopic}
          maxlength={40}
          error={errors.topic}
          placeholder="如：办事流程、检测服务"
        />
        <Toggle id="suggest-anonymous" checked={anonymous} onChange={setAnonymous}>
          <Text>匿名提交</Text>
          <Text className="toggle__sub">不留联系方式，仍可凭查询编号查看答复</Text>
        </Toggle>
        {!anonymous ? (
          <TextField
            id="suggest-contact"
            label="手机号码（选填）"
            value={contact}
            onChange={setContact}
            maxlength={11}
            error={errors.contact}
            placeholder="手机号码，用于告知办理结果"
            hint={SUGGESTION_CONTACT_PURPOSE}
            type="tel"
            autocomplete="tel"
          />
        ) : null}
        <Toggle id="suggest-public" checked={publicConsent} onChange={setPublicConsent}>
          <Text>同意在隐去个人信息后公开</Text>
          <Text id="suggest-public-purpose" className="toggle__sub">
            {SUGGESTION_PUBLIC_CONSENT_TEXT}
          </Text>
        </Toggle>
        {loggedIn ? (
          <Text id="suggest-mine-hint" className="meta">
            您已登录：提交后这条意见{anonymous ? '因匿名提交不会' : '也会'}出现在“我的意见”中。
          </Text>
        ) : null}
        {formError ? <Banner id="suggest-error">{formError}</Banner> : null}
        <Btn id="suggest-submit" size="large" loading={busy} loadingText="正在提交…" onClick={() => void onSubmit()}>
          提交
        </Btn>
      </View>
    </Screen>
  )
}
