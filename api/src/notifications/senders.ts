// The channels a message can go out on, built from the Worker's config. A channel that is not
// configured is absent, and the consumer does not choose it.
import { NOTICE_KINDS, maskPhone, smsNoticeParams, wechatNoticeData, type NoticeKind, type NoticePayload } from '@openday/shared'
import type { Bindings } from '../env'
import { sendSms, tencentAccount } from './sms/tencent'
import { sendSubscribeMessage } from './wechat/subscribe'

export type SendOutcome =
  | { ok: true }
  | {
      ok: false
      error: string
      /** WeChat 43101: the person has no one-time accept left; try the next channel. */
      refused?: boolean
      /** Trying again will not help (a wrong number, our configuration): the next channel, else 发送失败. */
      permanent?: boolean
      retryAfterSeconds?: number
    }

export interface Senders {
  sms?: (phone: string, kind: NoticeKind, payload: NoticePayload) => Promise<SendOutcome>
  /** SMS at any hour (env SMS_QUIET_HOURS = 'off', the local end-to-end stack only). */
  smsAnyHour?: boolean
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

export function sendersFor(env: Bindings, fetchImpl: typeof fetch = fetch): Senders {
  const senders: Senders = env.SMS_QUIET_HOURS === 'off' ? { smsAnyHour: true } : {}
  const cfg = tencentAccount(env)
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
  const wx = templateMap(env.WECHAT_NOTICE_TEMPLATES)
  if (env.WECHAT_APP_ID && env.WECHAT_APP_SECRET && Object.keys(wx).length) {
    const cfg = { base: env.WECHAT_API_BASE, appId: env.WECHAT_APP_ID, appSecret: env.WECHAT_APP_SECRET }
    senders.wechat = {
      templateFor: (kind) => wx[kind],
      async send(openid, kind, payload) {
        const templateId = wx[kind]
        if (!templateId) return { ok: false, permanent: true, error: `未配置“${NOTICE_KINDS[kind]}”订阅消息模板` }
        const r = await sendSubscribeMessage(cfg, { touser: openid, templateId, page: payload.page, data: wechatNoticeData(kind, payload) }, fetchImpl)
        if (r.ok) return { ok: true }
        const error = `微信 ${r.errcode ?? '不可用'}`
        if (r.reason === 'refused') return { ok: false, refused: true, error }
        if (r.reason === 'invalid') return { ok: false, permanent: true, error }
        return { ok: false, error, retryAfterSeconds: 60 }
      },
    }
  }
  return senders
}
