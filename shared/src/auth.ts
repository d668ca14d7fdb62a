// zod/mini directly (see schemas.ts): the re-exported namespace would ship all of zod with the app.
import * as z from 'zod/mini'
import './zod' // z.config: the zh-CN messages
import { smsVerifySchema } from './phone-schema'

// The numbers behind "no take-over, no lock-out" (docs/api.md, "Limits"). The API enforces them
// and the app shows them, so they live here once.

const MINUTE_MS = 60_000

export const SMS_LIMITS = {
  /** SMS actually sent to one phone per day (Asia/Shanghai day); resends of a live code count. */
  perPhonePerDay: 10,
  /** Sends requested by one device (X-Client-Id + address) per day, whatever the phones. */
  perDevicePerDay: 10,
  /** Sends from one address per day: visitors on a venue's Wi-Fi share it. */
  perAddressPerDay: 200,
  /** Short bursts, per device and per address. */
  burstWindowMs: 10 * MINUTE_MS,
  perDevicePerBurst: 5,
  perAddressPerBurst: 60,
} as const

export const SMS_VERIFY_LIMITS = {
  /** Wrong codes are counted per phone, per device and per address in fixed windows of this size. */
  windowMs: 15 * MINUTE_MS,
  /** Across codes: a new send does not reset it. */
  failuresPerPhone: 10,
  failuresPerDevice: 10,
  failuresPerAddress: 100,
} as const

/**
 * Staff login: wrong passwords per username+device earn a growing wait instead of a lock.
 * STAFF_LOGIN_DELAYS_MIN[n - 1] is the wait in minutes after the n-th failure in a row; beyond
 * the table the last value holds. Failures are forgotten 24 h after the last one.
 */
export const STAFF_LOGIN_DELAYS_MIN = [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60] as const
export const STAFF_LOGIN_FAILURES_FORGOTTEN_MS = 24 * 60 * MINUTE_MS
/** Password spraying: wrong passwords from one address, whatever the username, per hour. */
export const STAFF_LOGIN_FAILURES_PER_ADDRESS = { windowMs: 60 * MINUTE_MS, max: 30 } as const

/** Wait in ms before the next staff login attempt after `failures` wrong passwords in a row. */
export function staffLoginDelayMs(failures: number): number {
  if (failures <= 0) return 0
  const table = STAFF_LOGIN_DELAYS_MIN
  return table[Math.min(failures, table.length) - 1] * MINUTE_MS
}

/** Adding a phone to the account (WeChat users, family members): the SMS code proves it. */
export const phoneVerifySchema = smsVerifySchema

export const STAFF_PASSWORD_MIN = 8
export const passwordChangeSchema = z
  .object({
    currentPassword: z.string({ error: '请输入当前密码' }).check(z.minLength(1, { error: '请输入当前密码' }), z.maxLength(128)),
    newPassword: z
      .string({ error: '请输入新密码' })
      .check(
        z.minLength(STAFF_PASSWORD_MIN, { error: `新密码至少${STAFF_PASSWORD_MIN}位` }),
        z.maxLength(128, { error: '新密码不能超过128位' }),
      ),
  })
  .check(
    z.refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], error: '新密码不能与当前密码相同' }),
  )
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>

export interface VerifiedPhone {
  phoneMasked: string
  verifiedAt: string
}
