import { SMS_CODE_TTL_SECONDS, maskPhone } from '@openday/shared'
import type { Bindings } from '../env'
import { sendSms, tencentAccount, type SmsSendResult, type TencentSmsConfig } from '../notifications/sms/tencent'

/** Delivers a login code. */
export interface SmsSender {
  send(phone: string, code: string, expiresAt: string): Promise<SmsSendResult>
}

/** Local development only (DEV_MODE=true and no provider): the code goes to the log, phone masked. */
export const logSmsSender: SmsSender = {
  async send(phone, code) {
    console.log(`[sms] 验证码 ${code} → ${maskPhone(phone)}`)
    return { ok: true, serialNo: null }
  },
}

export function tencentConfig(env: Bindings): (TencentSmsConfig & { templateId: string }) | null {
  const account = tencentAccount(env)
  const templateId = env.TENCENT_SMS_TEMPLATE_ID
  return account && templateId ? { ...account, templateId } : null
}

/**
 * The configured provider; in dev mode without one, the log. Outside dev mode without a
 * provider there is no sender (null): codes are never written to a log in production.
 */
export function smsSenderFor(env: Bindings): SmsSender | null {
  const cfg = tencentConfig(env)
  if (cfg) {
    return {
      send(phone, code, expiresAt) {
        // Template: "验证码{1}，{2}分钟内有效…". A resend states the minutes the code has left.
        const left = Math.max(1, Math.ceil((Date.parse(expiresAt) - Date.now()) / 60_000))
        return sendSms(cfg, { phone, templateId: cfg.templateId, params: [code, String(Math.min(left, SMS_CODE_TTL_SECONDS / 60))] })
      },
    }
  }
  return env.DEV_MODE === 'true' ? logSmsSender : null
}
