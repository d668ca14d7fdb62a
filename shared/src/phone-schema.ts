import * as z from 'zod/mini'
import './zod' // z.config: the zh-CN messages

/** Mainland China mobile numbers: 11 digits starting 13-19. */
export const phoneSchema = z
  .string({ error: '请输入手机号码' })
  .check(z.trim(), z.regex(/^1[3-9]\d{9}$/, { error: '请输入正确的11位手机号码' }))
