import { z } from './zod'
import { CATEGORY_CODES, SCORE_DIMENSION_CODES } from './constants'
import { ERROR_MESSAGES } from './errors'

// One schema per input, used as API validation (zValidator) and as form validation in the app.

/** Mainland China mobile numbers: 11 digits starting 13-19. */
export const phoneSchema = z
  .string({ error: '请输入手机号码' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, { error: '请输入正确的11位手机号码' })

export const smsSendSchema = z.object({ phone: phoneSchema })
export const smsVerifySchema = z.object({
  phone: phoneSchema,
  code: z.string({ error: '请输入验证码' }).trim().regex(/^\d{6}$/, { error: '请输入6位数字验证码' }),
})
export const wechatLoginSchema = z.object({
  code: z.string({ error: '缺少微信登录凭证' }).trim().min(1, { error: '缺少微信登录凭证' }).max(128),
})
export const staffLoginSchema = z.object({
  username: z.string({ error: '请输入用户名' }).trim().min(1, { error: '请输入用户名' }).max(64),
  password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(128),
})

export const registrationInputSchema = z.object({
  name: z
    .string({ error: '请输入姓名' })
    .trim()
    .min(2, { error: '请输入真实姓名（至少2个字）' })
    .max(30, { error: '姓名不能超过30个字' }),
  phone: phoneSchema,
  category: z.enum(CATEGORY_CODES, { error: '请选择身份类别' }),
  organization: z.string().trim().max(60, { error: '工作单位不能超过60个字' }).optional(),
  consent: z.literal(true, { error: '请阅读并同意个人信息收集说明' }),
})
export type RegistrationInput = z.infer<typeof registrationInputSchema>

const isoDateTime = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label}格式不正确` })

export const agendaItemSchema = z.object({
  time: z.string().trim().max(20).optional(),
  title: z.string().trim().min(1, { error: '议程内容不能为空' }).max(60),
})

const eventFields = {
  title: z.string({ error: '请输入活动主题' }).trim().min(2, { error: '请输入活动主题' }).max(80),
  hostUnit: z.string({ error: '请输入开放单位' }).trim().min(2, { error: '请输入开放单位' }).max(60),
  venue: z.string({ error: '请输入活动地点' }).trim().min(2, { error: '请输入活动地点' }).max(120),
  description: z.string().trim().max(2000).optional(),
  startAt: isoDateTime('开始时间'),
  endAt: isoDateTime('结束时间'),
  registrationOpensAt: isoDateTime('报名开始时间'),
  registrationClosesAt: isoDateTime('报名截止时间'),
  capacity: z.number({ error: '请输入名额' }).int().min(1, { error: '名额至少为1' }).max(10000),
  agenda: z.array(agendaItemSchema).max(30).default([]),
  targetGroups: z.array(z.enum(CATEGORY_CODES)).max(CATEGORY_CODES.length).default([]),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[\d-]{7,20}$/, { error: '联系电话格式不正确' })
    .optional(),
}

function checkTimes(
  v: { startAt?: string; endAt?: string; registrationOpensAt?: string; registrationClosesAt?: string },
  ctx: z.RefinementCtx,
) {
  const t = (s?: string) => (s ? Date.parse(s) : undefined)
  const [start, end, open, close] = [t(v.startAt), t(v.endAt), t(v.registrationOpensAt), t(v.registrationClosesAt)]
  if (start !== undefined && end !== undefined && end <= start)
    ctx.addIssue({ code: 'custom', path: ['endAt'], message: '结束时间必须晚于开始时间' })
  if (open !== undefined && close !== undefined && close <= open)
    ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: '报名截止时间必须晚于报名开始时间' })
  if (close !== undefined && end !== undefined && close > end)
    ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: '报名截止时间不能晚于活动结束时间' })
}

export const eventInputSchema = z.object(eventFields).superRefine(checkTimes)
export type EventInput = z.infer<typeof eventInputSchema>
export const eventPatchSchema = z.object(eventFields).partial().superRefine(checkTimes)
export type EventPatch = z.infer<typeof eventPatchSchema>

export const publishInputSchema = z.object({
  overrideReason: z.string().trim().min(4, { error: '请说明未提前5个工作日发布的理由（至少4个字）' }).max(500).optional(),
})

export const checkinInputSchema = z
  .object({
    /** The signed ticket from the QR code, or the short code typed by hand. */
    ticket: z.string({ error: '请扫描票据或输入签到码' }).trim().min(4, { error: '请扫描票据或输入签到码' }).max(512),
    /** Client-made id of this scan, so a retried upload is never counted twice. */
    nonce: z.string().trim().min(8).max(64).optional(),
  })

export const suggestionInputSchema = z.object({
  content: z
    .string({ error: '请填写意见建议' })
    .trim()
    .min(1, { error: '请填写意见建议' })
    .max(1000, { error: '意见建议不能超过1000字' }),
  topic: z.string().trim().max(40, { error: '主题不能超过40字' }).optional(),
  contact: z.string().trim().max(40, { error: '联系方式不能超过40字' }).optional(),
  anonymous: z.boolean().optional(),
})
export type SuggestionInput = z.infer<typeof suggestionInputSchema>

const score = z
  .number({ error: '请为每一项打分' })
  .int({ error: '请为每一项打分' })
  .min(1, { error: '评分为1到5分' })
  .max(5, { error: '评分为1到5分' })
export const evaluationInputSchema = z.object({
  scores: z.object(
    Object.fromEntries(SCORE_DIMENSION_CODES.map((k) => [k, score])) as Record<
      (typeof SCORE_DIMENSION_CODES)[number],
      typeof score
    >,
    { error: '请为每一项打分' },
  ),
  comment: z.string().trim().max(500, { error: '补充意见不能超过500字' }).optional(),
})
export type EvaluationInput = z.infer<typeof evaluationInputSchema>

/** First field error of a failed parse: what the API reports as VALIDATION_FAILED. */
export function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): {
  field?: string
  message: string
} {
  const issue = error.issues[0]
  return { field: issue?.path.map(String).join('.') || undefined, message: issue?.message ?? ERROR_MESSAGES.VALIDATION_FAILED }
}
