import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  CATEGORIES,
  CATEGORY_CODES,
  CONSENT_TEXT,
  ERROR_MESSAGES,
  MAX_REGISTRATIONS_PER_ACCOUNT,
  registrationInputSchema,
  smsVerifySchema,
  type Category,
  type InvitationPreview,
  type RegistrationInput,
} from '@openday/shared'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { addVerifiedPhone, sendSmsCode } from '../../api/auth'
import { getEvent } from '../../api/events'
import { register } from '../../api/registrations'
import { ApiError, errorMessage, request } from '../../api/request'
import { hasToken, rememberVerifiedPhone, verifiedPhones } from '../../api/session'
import { Btn } from '../../components/Btn'
import { ChoiceGroup, Toggle } from '../../components/Choice'
import { FieldShell, TextField } from '../../components/Fields'
import { LinkText, Screen, Title } from '../../components/Layout'
import { Banner } from '../../components/States'
import { fieldErrors, optional, scrollToFirstError, type FieldErrors } from '../../lib/form'
import { randomId } from '../../lib/id'
import { go, goLogin, pageUrl, replace } from '../../lib/nav'
import { useCountdown } from '../../lib/useCountdown'
import { useResource } from '../../lib/useResource'
import { signupState } from '../events/status'

interface Draft {
  name: string
  phone: string
  category?: Category
  organization: string
  consent: boolean
}

const EMPTY: Draft = { name: '', phone: '', category: undefined, organization: '', consent: false }
const CATEGORY_OPTIONS = CATEGORY_CODES.map((c) => ({ value: c, label: CATEGORIES[c] }))
const FIELD_ORDER: [string, string][] = [
  ['name', 'reg-name'],
  ['phone', 'reg-phone'],
  ['category', 'reg-category'],
  ['organization', 'reg-org'],
  ['consent', 'reg-consent'],
]
const draftKey = (eventId: string) => `openday.registerDraft.${eventId}`


/** A saved draft (after a login round trip), else the phone this device verified last. */
function loadDraft(eventId: string): Draft {
  try {
    const raw = Taro.getStorageSync(draftKey(eventId))
    if (typeof raw === 'string' && raw) return { ...EMPTY, ...(JSON.parse(raw) as Partial<Draft>) }
  } catch {
    // no draft
  }
  return { ...EMPTY, phone: verifiedPhones()[0] ?? '' }
}

/** The inline SMS step for a phone this account has not verified yet. */
interface PhoneCheck {
  phone: string
  code: string
  sent: boolean
  devCode?: string
  error?: string
}

/**
 * Another use of the same form, loaded only when asked for (?waitlist=1: 加入候补 from its own
 * chunk, features/waitlist/join.tsx), so the sign-up's first load carries none of it.
 */
export interface FormMode {
  title: string
  note: ReactNode
  submit: (input: RegistrationInput) => Promise<unknown>
}

/** 报名 form (?eventId=, and ?invite=<邀请码> from an invitation link: the category is fixed). */
export function RegisterForm({ eventId, invite, waitlist }: { eventId: string; invite?: string; waitlist?: boolean }) {
  const [mode, setMode] = useState<FormMode>()
  useEffect(() => {
    if (waitlist) import('../waitlist/join').then((m) => setMode(m.waitlistMode(eventId)))
  }, [waitlist, eventId])
  const [draft, setDraft] = useState<Draft>(() => loadDraft(eventId))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<{ code: string; message: string }>()
  const [busy, setBusy] = useState(false)
  // One key per form: a retry after a lost answer cannot create a second registration.
  const idempotencyKey = useRef(randomId())
  const event = useResource(() => getEvent(eventId), [eventId])
  // ?invite=: the code's event and category (GET /public/invitations/:code, docs/seats.md).
  const invitation = useResource(
    () => (invite ? request<InvitationPreview>(`/public/invitations/${encodeURIComponent(invite)}`) : Promise.resolve(undefined)),
    [invite],
  )
  // An invitation of this event that can be used: the sign-up takes its reserved seat and category.
  const invited = invitation.data && invitation.data.valid && invitation.data.eventId === eventId ? invitation.data : undefined
  const selfUrl = pageUrl('register', { eventId, invite, waitlist: waitlist ? '1' : undefined })
  const [check, setCheck] = useState<PhoneCheck | null>(null)
  const [sending, setSending] = useState(false)
  const [countdown, startCountdown] = useCountdown()

  useEffect(() => {
    if (!hasToken('participant')) goLogin(selfUrl, { replaceCurrent: true })
    // A restored draft is used once.
    Taro.removeStorageSync(draftKey(eventId))
  }, [eventId, selfUrl])
  /** Logged out meanwhile: keep what was typed across the login round trip. */
  const toLogin = () => {
    Taro.setStorageSync(draftKey(eventId), JSON.stringify(draft))
    goLogin(selfUrl, { replaceCurrent: true })
  }

  /** Shows the SMS step for this phone (keeping a code already sent to it). */
  const askForCode = (phone: string, error?: string) => {
    setCheck((c) => (c && c.phone === phone ? { ...c, error } : { phone, code: '', sent: false, error }))
    try {
      Taro.pageScrollTo({ selector: '#reg-verify', offsetTop: -80, duration: 200 }).catch(() => undefined)
    } catch {
      // scrolling is a convenience only
    }
  }

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }))
    if (errors[k]) setErrors((e) => ({ ...e, [k]: '' }))
  }

  const parseDraft = () =>
    registrationInputSchema.safeParse({
      name: draft.name,
      phone: draft.phone,
      category: invited ? invited.category : draft.category,
      organization: optional(draft.organization),
      consent: draft.consent,
      ...(invited && invite ? { invitationCode: invite } : {}),
    })

  const submit = async (input: RegistrationInput) => {
    setBusy(true)
    try {
      if (waitlist) return void (await mode!.submit(input))
      const registration = await register(eventId, input, idempotencyKey.current)
      const pending = registration.approval === 'pending'
      Taro.showToast({ title: pending ? '已提交，待审核' : '报名成功', icon: 'success' }).catch(() => undefined)
      replace(pageUrl('ticket', { id: registration.id }))
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
        toLogin()
      } else if (e instanceof ApiError && e.code === 'PHONE_NOT_VERIFIED') {
        // Verified on another device, or not at all: prove it here, nothing typed is lost.
        askForCode(input.phone, e.message)
      } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && e.field) {
        setErrors({ [e.field]: e.message })
      } else if (e instanceof ApiError && e.status === 409 && e.code in ERROR_MESSAGES) {
        // EVENT_FULL, ALREADY_REGISTERED, REGISTRATION_CLOSED, REGISTRATION_LIMIT, QUOTA_FULL: the
        // shared wording; an invitation's problem (已用完/已过期/无效), and another mode's, as the API words it.
        setFormError({ code: e.code, message: e.code === 'INVITATION_INVALID' || waitlist ? e.message : ERROR_MESSAGES[e.code as keyof typeof ERROR_MESSAGES] })
      } else {
        setFormError({ code: e instanceof ApiError ? e.code : 'INTERNAL', message: errorMessage(e) })
      }
    } finally {
      setBusy(false)
    }
  }

  const onSubmit = async () => {
    setFormError(undefined)
    const parsed = parseDraft()
    if (!parsed.success) {
      const errs = fieldErrors(parsed.error)
      setErrors(errs)
      scrollToFirstError(errs, FIELD_ORDER)
      Taro.showToast({ title: '请按提示修改后再提交', icon: 'none' }).catch(() => undefined)
      return
    }
    setErrors({})
    // A number this device has not verified for this account needs an SMS code first.
    if (!verifiedPhones().includes(parsed.data.phone)) {
      askForCode(parsed.data.phone)
      return
    }
    await submit(parsed.data)
  }

  const onSendCode = async () => {
    if (!check) return
    setSending(true)
    setCheck({ ...check, error: undefined })
    try {
      const res = await sendSmsCode(check.phone)
      setCheck((c) => c && { ...c, sent: true, devCode: res.devCode, error: undefined })
      startCountdown(res.resendIn || 60)
    } catch (e) {
      if (e instanceof ApiError && e.code === 'SMS_TOO_FREQUENT') {
        const wait = Number(e.details.retryAfter)
        startCountdown(Number.isFinite(wait) && wait > 0 ? wait : 60)
      }
      if (e instanceof ApiError && e.field === 'phone') setErrors({ phone: e.message })
      setCheck((c) => c && { ...c, error: errorMessage(e) })
    } finally {
      setSending(false)
    }
  }

  const onVerifyAndSubmit = async () => {
    if (!check) return
    const codeOk = smsVerifySchema.safeParse({ phone: check.phone, code: check.code })
    if (!codeOk.success) {
      setCheck({ ...check, error: fieldErrors(codeOk.error).code ?? '请输入6位数字验证码' })
      return
    }
    const parsed = parseDraft()
    if (!parsed.success || parsed.data.phone !== check.phone) return void onSubmit()
    setBusy(true)
    try {
      await addVerifiedPhone(check.phone, codeOk.data.code)
      rememberVerifiedPhone(check.phone)
      setCheck(null)
    } catch (e) {
      setBusy(false)
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') return toLogin()
      setCheck({ ...check, error: errorMessage(e) })
      return
    }
    await submit(parsed.data)
  }

  const closed = event.data ? signupState(event.data) : undefined

  return (
    <Screen>
      <Title sub={event.data ? event.data.title : undefined}>{mode?.title ?? '填写报名信息'}</Title>
      {mode ? mode.note : closed && !closed.open ? <Banner kind="warning">{closed.reason}</Banner> : null}
      {event.data?.requiresApproval ? (
        <Banner kind="info" id="reg-approval">
          本活动报名需审核，通过后发放电子票并通知您。
        </Banner>
      ) : null}
      {invited ? (
        <Banner kind="success" id="reg-invited">
          您受邀以「{invited.categoryLabel}」身份报名，使用为受邀代表预留的名额。
        </Banner>
      ) : invite && (invitation.data || invitation.error) ? (
        <Banner kind="warning" id="reg-invite-problem">
          {(invitation.data?.eventId === eventId && invitation.data.message) || ERROR_MESSAGES.INVITATION_INVALID}。您仍可按公开名额报名。
        </Banner>
      ) : null}
      <Text className="paragraph lead">
        请填写参加人的真实信息，入场时核验。可为家人代为报名，每个账号同一场活动最多报名{MAX_REGISTRATIONS_PER_ACCOUNT}人。
      </Text>
      <View className="stack">
        <TextField
          id="reg-name"
          label="姓名"
          value={draft.name}
          onChange={(v) => set('name', v)}
          placeholder="请输入真实姓名"
          maxlength={30}
          error={errors.name}
          autocomplete="name"
          required
        />
        <TextField
          id="reg-phone"
          label="手机号码"
          type="tel"
          value={draft.phone}
          onChange={(v) => set('phone', v)}
          placeholder="请输入11位手机号码"
          maxlength={11}
          error={errors.phone}
          autocomplete="tel"
          hint={
            verifiedPhones().includes(draft.phone.trim())
              ? '已验证的号码，用于入场核验和活动通知'
              : '用于入场核验和活动通知；首次使用的号码提交时需短信验证'
          }
          required
        />
        {check && check.phone === draft.phone.trim() ? (
          <View id="reg-verify" className="stack">
            <Text className="paragraph">
              为确认 {check.phone} 是本人或家人的号码，请获取短信验证码。验证后即可提交，已填写的内容不会丢失。
            </Text>
            {check.error ? <Banner id="reg-verify-error">{check.error}</Banner> : null}
            <Btn id="reg-verify-send" kind="secondary" disabled={countdown > 0} loading={sending} loadingText="正在发送…" onClick={onSendCode}>
              {countdown > 0 ? `${countdown}秒后可重新获取` : check.sent ? '重新获取验证码' : '获取验证码'}
            </Btn>
            {check.devCode ? (
              <Banner kind="info">
                <Text>开发模式验证码：</Text>
                <Text id="reg-verify-dev-code" className="dev-code">
                  {check.devCode}
                </Text>
              </Banner>
            ) : null}
            <TextField
              id="reg-verify-code"
              label="短信验证码"
              type="digits"
              autocomplete="one-time-code"
              maxlength={6}
              value={check.code}
              onChange={(code) => setCheck((c) => c && { ...c, code })}
              onConfirm={onVerifyAndSubmit}
              placeholder="请输入6位数字验证码"
              required
            />
            <Btn id="reg-verify-submit" size="large" loading={busy} loadingText="正在提交…" onClick={onVerifyAndSubmit}>
              验证并提交报名
            </Btn>
          </View>
        ) : null}
        {invited ? (
          <FieldShell id="reg-category" label="身份类别" hint="受邀身份，由邀请码确定">
            <Text id="reg-category-fixed" className="paragraph">
              {invited.categoryLabel}
            </Text>
          </FieldShell>
        ) : (
        <FieldShell id="reg-category" label="身份类别" required error={errors.category}>
          <ChoiceGroup
            id="reg-category"
            label="身份类别"
            options={CATEGORY_OPTIONS}
            value={draft.category}
            onChange={(v) => set('category', v)}
            error={errors.category}
          />
        </FieldShell>
        )}
        <TextField
          id="reg-org"
          label="工作单位"
          value={draft.organization}
          onChange={(v) => set('organization', v)}
          placeholder="选填"
          maxlength={60}
          error={errors.organization}
        />
        <FieldShell id="reg-consent" label="个人信息收集说明" required error={errors.consent}>
          <Text id="reg-consent-text" className="consent-text">
            {CONSENT_TEXT}
          </Text>
          <Toggle id="reg-consent" checked={draft.consent} onChange={(v) => set('consent', v)} error={errors.consent}>
            <Text>我已阅读并同意上述说明</Text>
          </Toggle>
        </FieldShell>

        {formError ? (
          <Banner id="reg-error">
            <Text>{formError.message}</Text>
            {formError.code === 'ALREADY_REGISTERED' ? (
              <LinkText id="reg-go-my" onClick={() => go(pageUrl('my'))}>
                查看我的报名
              </LinkText>
            ) : null}
          </Banner>
        ) : null}
        <Btn id="reg-submit" size="large" loading={busy} loadingText="正在提交…" onClick={onSubmit}>
          {mode?.title ?? '提交报名'}
        </Btn>
      </View>
    </Screen>
  )
}
