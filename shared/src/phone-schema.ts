import * as z from 'zod/mini'
import './zod' // z.config: the zh-CN messages

// The phone and SMS schemas in a module of their own: the 报名 page verifies a phone by SMS and
// so carries them, without the rest of schemas.ts (its first-load budget is 130 KB).

/** Mainland China mobile numbers: 11 digits starting 13-19. */
export const phoneSchema = z
  .string({ error: '请输入手机号码' })
  .check(z.trim(), z.regex(/^1[3-9]\d{9}$/, { error: '请输入正确的11位手机号码' }))
export const smsSendSchema = z.object({ phone: phoneSchema })
export const smsVerifySchema = z.object({
  phone: phoneSchema,
  code: z.string({ error: '请输入验证码' }).check(z.trim(), z.regex(/^\d{6}$/, { error: '请输入6位数字验证码' })),
})
