import { maskPhone } from '@openday/shared'

/** Delivers a login code. A provider client (e.g. Tencent Cloud SMS) implements the same. */
export interface SmsSender {
  send(phone: string, code: string): Promise<void>
}

/** Local development: the code goes to the log, with the phone masked. */
export const logSmsSender: SmsSender = {
  async send(phone, code) {
    console.log(`[sms] 验证码 ${code} → ${maskPhone(phone)}`)
  },
}

export function smsSenderFor(_env: { DEV_MODE?: string }): SmsSender {
  return logSmsSender
}

export function randomSmsCode(): string {
  const n = crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000
  return String(n).padStart(6, '0')
}
