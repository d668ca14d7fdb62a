// zod/mini directly, not the `z` re-exported by ./zod: webpack cannot see which members of a
// re-exported namespace are used and would ship all of zod/mini with every form page.
import * as z from 'zod/mini'
import './zod' // z.config: the zh-CN messages
import { CATEGORY_CODES, SCORE_DIMENSION_CODES } from './constants'
import { ERROR_MESSAGES } from './errors'
import { checkQuotas, quotasSchema } from './quotas'

// One schema per input, used as API validation and as form validation in the app. Written with
// zod/mini (checks go in .check(...)), which keeps the app's form pages small.

import { text } from './text-schema'

export { text }


export const wechatLoginSchema = z.object({
  code: text(1, 128, { required: '缺少微信登录凭证' }),
})
export const staffLoginSchema = z.object({
  username: text(1, 64, { required: '请输入用户名' }),
  password: z.string({ error: '请输入密码' }).check(z.minLength(1, { error: '请输入密码' }), z.maxLength(128)),
})


/** Instants the app deals in: ISO 8601 with an offset, between the years 2000 and 2100. */
export const MIN_DATE = '2000-01-01T00:00:00.000Z'
export const MAX_DATE = '2100-12-31T23:59:59.999Z'
const isoDateTime = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label}格式不正确` }).check(
    z.refine((s) => {
      const t = Date.parse(s)
      return t >= Date.parse(MIN_DATE) && t <= Date.parse(MAX_DATE)
    }, { error: `${label}须在2000年至2100年之间` }),
  )

export const agendaItemSchema = z.object({
  time: z.optional(text(0, 20)),
  title: text(1, 60, { required: '议程内容不能为空' }),
})

/** Latitude and longitude a venue's map point may have: roughly mainland China (GCJ-02). */
export const VENUE_LAT_RANGE = [3, 54] as const
export const VENUE_LNG_RANGE = [73, 136] as const
const coordinate = (label: string, [min, max]: readonly [number, number]) => {
  const range = { error: `${label}须在${min}到${max}之间（中国境内的地点）` }
  return z.number({ error: `${label}须为数字` }).check(z.gte(min, range), z.lte(max, range))
}

const eventFields = {
  title: text(2, 80, { required: '请输入活动主题' }),
  hostUnit: text(2, 60, { required: '请输入开放单位' }),
  venue: text(2, 120, { required: '请输入活动地点' }),
  description: z.optional(text(0, 2000)),
  startAt: isoDateTime('开始时间'),
  endAt: isoDateTime('结束时间'),
  registrationOpensAt: isoDateTime('报名开始时间'),
  registrationClosesAt: isoDateTime('报名截止时间'),
  capacity: z.int({ error: '请输入名额' }).check(z.minimum(1, { error: '名额至少为1' }), z.maximum(10000)),
  agenda: z._default(z.array(agendaItemSchema).check(z.maxLength(30)), []),
  targetGroups: z._default(z.array(z.enum(CATEGORY_CODES)).check(z.maxLength(CATEGORY_CODES.length)), []),
  contactPhone: z.optional(z.string().check(z.trim(), z.regex(/^[\d-]{7,20}$/, { error: '联系电话格式不正确' }))),
  // The venue's map point (GCJ-02, as Chinese map apps and Taro.openLocation use), for 导航到这里.
  // Both or neither (checkVenuePoint); null clears it. Ranges: roughly mainland China.
  venueLat: z.optional(z.nullable(coordinate('纬度', VENUE_LAT_RANGE))),
  venueLng: z.optional(z.nullable(coordinate('经度', VENUE_LNG_RANGE))),
  /** Reserved seats per category (docs/seats.md); the rest of capacity is the general pool. */
  // Optional, not defaulted: the 新建活动 form leaves them to the 名额与邀请 page (none: {} and false).
  quotas: z.optional(quotasSchema),
  /** 审核: sign-ups wait as 待审核 until staff approve or decline. */
  requiresApproval: z.optional(z.boolean({ error: '是否需要审核须为是或否' })),
}

type Times = { startAt?: string; endAt?: string; registrationOpensAt?: string; registrationClosesAt?: string }
const checkTimes = z.superRefine((v: Times, ctx) => {
  const t = (s?: string) => (s ? Date.parse(s) : undefined)
  const [start, end, open, close] = [t(v.startAt), t(v.endAt), t(v.registrationOpensAt), t(v.registrationClosesAt)]
  if (start !== undefined && end !== undefined && end <= start)
    ctx.addIssue({ code: 'custom', path: ['endAt'], message: '结束时间必须晚于开始时间', input: v })
  if (open !== undefined && close !== undefined && close <= open)
    ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: '报名截止时间必须晚于报名开始时间', input: v })
  if (close !== undefined && end !== undefined && close > end)
    ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: '报名截止时间不能晚于活动结束时间', input: v })
})

type Point = { venueLat?: number | null; venueLng?: number | null }
/** A map point is both numbers or neither (also in a patch: a point is changed as a whole). */
const checkVenuePoint = z.superRefine(({ venueLat: a, venueLng: b }: Point, ctx) => {
  if ((a === undefined) !== (b === undefined) || (a === null) !== (b === null))
    ctx.addIssue({ code: 'custom', path: [a == null ? 'venueLat' : 'venueLng'], message: '纬度和经度须同时填写，或都不填', input: a })
})

export const eventInputSchema = z.object(eventFields).check(checkTimes, checkVenuePoint, checkQuotas)
export type EventInput = z.infer<typeof eventInputSchema>
/** Why an event is announced less than 5 working days ahead (publishing, or moving its start). */
const overrideReason = z.optional(text(4, 500, { min: '请说明未提前5个工作日发布的理由（至少4个字）' }))

// A patch names only what changes: the lists lose their defaults, or a patch of the times alone
// would store an empty agenda and no target groups (z.partial keeps a field's default).
const eventPatchFields = {
  ...eventFields,
  agenda: z.array(agendaItemSchema).check(z.maxLength(30)),
  targetGroups: z.array(z.enum(CATEGORY_CODES)).check(z.maxLength(CATEGORY_CODES.length)),
}
export const eventPatchSchema = z
  .extend(z.partial(z.object(eventPatchFields)), { overrideReason })
  .check(checkTimes, checkVenuePoint, checkQuotas)
export type EventPatch = z.infer<typeof eventPatchSchema>

export const publishInputSchema = z.object({ overrideReason })

/** 取消活动: the reason is told to everyone signed up and shown on the event page. */
export const cancelEventSchema = z.object({
  reason: text(2, 200, { required: '请填写取消原因，报名者会收到这条说明', min: '取消原因至少2个字' }),
})
export type CancelEventInput = z.infer<typeof cancelEventSchema>

export const checkinInputSchema = z.object({
  /** The signed ticket from the QR code, or the short code typed by hand. */
  ticket: text(4, 512, { required: '请扫描票据或输入签到码' }),
  /** Client-made id of this scan, so a retried upload is never counted twice. */
  nonce: z.optional(text(8, 64)),
  /** When the device scanned it; a scan queued offline is decided at this time (within bounds). */
  scannedAt: z.optional(isoDateTime('扫码时间')),
  /** A check-in point (签到点) of the event; none (or 'entrance') is the entrance. */
  checkpointId: z.optional(z.string({ error: '签到点格式不正确' }).check(z.regex(/^[0-9A-Za-z_-]{1,40}$/, { error: '签到点格式不正确' }))),
  /** 'out' records leaving (离开); 'in' by default. */
  direction: z.optional(z.enum(['in', 'out'], { error: '请选择进或出' })),
})

const score = z.int({ error: '请为每一项打分' }).check(z.minimum(1, { error: '评分为1到5分' }), z.maximum(5, { error: '评分为1到5分' }))
export const evaluationInputSchema = z.object({
  scores: z.object(
    Object.fromEntries(SCORE_DIMENSION_CODES.map((k) => [k, score])) as Record<(typeof SCORE_DIMENSION_CODES)[number], typeof score>,
    { error: '请为每一项打分' },
  ),
  comment: z.optional(text(0, 500, { max: '补充意见不能超过500字' })),
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
