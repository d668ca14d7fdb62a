import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  CATEGORIES,
  CATEGORY_CODES,
  CONSENT_TEXT,
  ERROR_MESSAGES,
  MAX_REGISTRATIONS_PER_ACCOUNT,
  registrationInputSchema,
  type Category,
} from '@openday/shared'
import { useEffect, useRef, useState } from 'react'
import { getEvent } from '../../api/events'
import { register } from '../../api/registrations'
import { ApiError, errorMessage } from '../../api/request'
import { hasToken } from '../../api/session'
import { Btn } from '../../components/Btn'
import { ChoiceGroup, Toggle } from '../../components/Choice'
import { FieldShell, TextField } from '../../components/Fields'
import { LinkText, Screen, Title } from '../../components/Layout'
import { Banner } from '../../components/States'
import { fieldErrors, optional, scrollToFirstError, type FieldErrors } from '../../lib/form'
import { randomId } from '../../lib/id'
import { go, goLogin, pageUrl, replace } from '../../lib/nav'
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


function loadDraft(eventId: string): Draft {
  try {
    const raw = Taro.getStorageSync(draftKey(eventId))
    if (typeof raw === 'string' && raw) return { ...EMPTY, ...(JSON.parse(raw) as Partial<Draft>) }
  } catch {
    // no draft
  }
  return EMPTY
}

/** 报名 form (?eventId=). */
export function RegisterForm({ eventId }: { eventId: string }) {
  const [draft, setDraft] = useState<Draft>(() => loadDraft(eventId))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<{ code: string; message: string }>()
  const [busy, setBusy] = useState(false)
  // One key per form: a retry after a lost answer cannot create a second registration.
  const idempotencyKey = useRef(randomId())
  const event = useResource(() => getEvent(eventId), [eventId])
  const selfUrl = pageUrl('register', { eventId })

  useEffect(() => {
    if (!hasToken('participant')) goLogin(selfUrl, { replaceCurrent: true })
    // A restored draft is used once.
    Taro.removeStorageSync(draftKey(eventId))
  }, [eventId, selfUrl])

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }))
    if (errors[k]) setErrors((e) => ({ ...e, [k]: '' }))
  }

  const onSubmit = async () => {
    setFormError(undefined)
    const parsed = registrationInputSchema.safeParse({
      name: draft.name,
      phone: draft.phone,
      category: draft.category,
      organization: optional(draft.organization),
      consent: draft.consent,
    })
    if (!parsed.success) {
      const errs = fieldErrors(parsed.error)
      setErrors(errs)
      scrollToFirstError(errs, FIELD_ORDER)
      Taro.showToast({ title: '请按提示修改后再提交', icon: 'none' }).catch(() => undefined)
      return
    }
    setErrors({})
    setBusy(true)
    try {
      const registration = await register(eventId, parsed.data, idempotencyKey.current)
      Taro.showToast({ title: '报名成功', icon: 'success' }).catch(() => undefined)
      replace(pageUrl('ticket', { id: registration.id }))
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
        // Keep what was typed across the login round trip.
        Taro.setStorageSync(draftKey(eventId), JSON.stringify(draft))
        goLogin(selfUrl, { replaceCurrent: true })
      } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && e.field) {
        setErrors({ [e.field]: e.message })
      } else if (e instanceof ApiError && e.status === 409 && e.code in ERROR_MESSAGES) {
        // EVENT_FULL, ALREADY_REGISTERED, REGISTRATION_CLOSED, REGISTRATION_LIMIT: the shared wording.
        setFormError({ code: e.code, message: ERROR_MESSAGES[e.code as keyof typeof ERROR_MESSAGES] })
      } else {
        setFormError({ code: e instanceof ApiError ? e.code : 'INTERNAL', message: errorMessage(e) })
      }
    } finally {
      setBusy(false)
    }
  }

  const closed = event.data ? signupState(event.data) : undefined

  return (
    <Screen>
      <Title sub={event.data ? event.data.title : undefined}>填写报名信息</Title>
      {closed && !closed.open ? <Banner kind="warning">{closed.reason}</Banner> : null}
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
          hint="用于入场核验和活动通知"
          required
        />
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
          提交报名
        </Btn>
      </View>
    </Screen>
  )
}
