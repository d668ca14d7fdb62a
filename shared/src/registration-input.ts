// The sign-up form's schema in a module of its own: the 报名 page carries it without the event,
// check-in and suggestion schemas of schemas.ts (its first-load budget is 130 KB).
import * as z from 'zod/mini'
import './zod' // z.config: the zh-CN messages
import { CATEGORY_CODES } from './constants'
import { phoneSchema } from './phone-schema'
import { text } from './text-schema'

export const registrationInputSchema = z.object({
  name: text(2, 30, { required: '请输入姓名', min: '请输入真实姓名（至少2个字）', max: '姓名不能超过30个字' }),
  phone: phoneSchema,
  category: z.enum(CATEGORY_CODES, { error: '请选择身份类别' }),
  organization: z.optional(text(0, 60, { max: '工作单位不能超过60个字' })),
  consent: z.literal(true, { error: '请阅读并同意个人信息收集说明' }),
  /** The device's blinded evaluation token request (256 bytes, base64url), see evaluation.ts. */
  evaluationRequest: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{342}$/, { error: '测评凭证请求格式不正确' }))),
  /** 邀请码 (docs/seats.md): the sign-up takes a reserved seat of the invitation's category. */
  invitationCode: z.optional(text(0, 40, { max: '邀请码格式不正确' })),
})
export type RegistrationInput = z.infer<typeof registrationInputSchema>
