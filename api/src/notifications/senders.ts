// The channels a message can go out on, built from the Worker's config. A channel that is not
// configured is absent, and the consumer does not choose it.
import { NOTICE_KINDS, maskPhone, smsNoticeParams, type NoticeKind, type NoticePayload } from '@openday/shared'
import type { Bindings } from '../env'
import { sendSms, type TencentSmsConfig } from './sms/tencent'

export type SendOutcome =
  | { ok: true }
  | {
      ok: false
      error: string
      /** WeChat 43101: the person has no one-time accept left; try the next channel. */
      refused?: boolean
      /** Trying again will not help (a wrong number, our configuration): straight to 发送失败. */
      permanent?: boolean
      retryAfterSeconds?: number
    }

export interface Senders {
  sms?: (phone: string, kind: NoticeKind, payload: NoticePayload) => Promise<SendOutcome>
  wechat?: {
    templateFor(kind: NoticeKind): string | undefined
    send(openid: string, kind: NoticeKind, payload: NoticePayload): Promise<SendOutcome>
  }
}

/** `{"event_changed":"2000002",...}` → a map; anything malformed counts as not configured. */
export function templateMap(json: string | undefined): Partial<Record<NoticeKind, string>> {
  if (!json) return {}
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>
    return Object.fromEntries(
      Object.entries(parsed).filter(([k, v]) => k in NOTICE_KINDS && typeof v === 'string' && v.length > 0),
    ) as Partial<Record<NoticeKind, string>>
  } catch {
    return {}
  }
}

function smsConfig(env: Bindings): TencentSmsConfig | null {
  const { TENCENT_SMS_SECRET_ID: secretId, TENCENT_SMS_SECRET_KEY: secretKey, TENCENT_SMS_SDK_APP_ID: sdkAppId } = env
  const signName = env.TENCENT_SMS_SIGN_NAME
  if (!secretId || !secretKey || !sdkAppId || !signName) return null
  return {
    base: env.TENCENT_SMS_API_BASE || 'https://sms.tencentcloudapi.com',
    region: env.TENCENT_SMS_REGION || 'ap-guangzhou',
    secretId,
    secretKey,
    sdkAppId,
    signName,
  }
}

export function sendersFor(env: Bindings, fetchImpl: typeof fetch = fetch): Senders {
  const senders: Senders = {}
  const cfg = smsConfig(env)
  const templates = templateMap(env.TENCENT_SMS_NOTICE_TEMPLATES)
  if (cfg && Object.keys(templates).length) {
    senders.sms = async (phone, kind, payload) => {
      const templateId = templates[kind]
      if (!templateId) return { ok: false, permanent: true, error: `未配置“${NOTICE_KINDS[kind]}”短信模板` }
      const r = await sendSms(cfg, { phone, templateId, params: smsNoticeParams(kind, payload) }, fetchImpl)
      if (r.ok) return { ok: true }
      const permanent = r.failure === 'number_unreachable' || r.failure === 'misconfigured'
      return { ok: false, permanent, error: `短信 ${r.providerCode}`, retryAfterSeconds: r.retryAfterSeconds }
    }
  } else if (env.DEV_MODE === 'true') {
    // Local development without a provider: the message goes to the log, phone masked.
    senders.sms = async (phone, kind, payload) => {
      console.log(`[sms] ${NOTICE_KINDS[kind]}（${smsNoticeParams(kind, payload).join('，')}）→ ${maskPhone(phone)}`)
      return { ok: true }
    }
  }
  return senders
}
