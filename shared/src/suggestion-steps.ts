// Handling a suggestion (意见办理): the inputs of each step, who may take it, and the views the API
// answers with. The states and the table of transitions are ./suggestions.ts.
import * as z from 'zod/mini'
import './zod'
import type { StaffRole } from './constants'
import { text } from './text-schema'
import {
  ANSWER_WORKING_DAYS,
  SUGGESTION_TRANSITIONS,
  type CloseReason,
  type ResultClass,
  type SuggestionAction,
  type SuggestionStatus,
} from './suggestions'
import { shanghaiDate } from './time'

/** What the submitter agrees to with 同意公开 (shown next to the checkbox; stored as public_consent). */
export const SUGGESTION_PUBLIC_CONSENT_TEXT =
  '同意在隐去姓名、联系方式、身份证号等个人信息后，将我的意见建议和办理答复在本单位的公开答复栏目中公开，' +
  '以便其他群众了解办理情况、接受社会监督。不同意也会正常办理和答复。'

/** Why the optional contact is asked for (shown under the field). */
export const SUGGESTION_CONTACT_PURPOSE = '仅用于告知您办理结果和回访，不会公开；登录后提交或留下手机号，可在“我的意见”中查看。'

/** An answer must say something; a class C answer must explain why it cannot be solved now. */
export const ANSWER_MIN_CHARS = 5
export const CLASS_C_MIN_CHARS = 15

/** Steps that staff take (the citizen rates, the daily job closes unrated answers). */
export type StaffStepAction = 'assign' | 'return' | 'answer' | 'urge' | 'merge'

/**
 * Who may take each staff step. Handlers act only on their own department's items, admins and
 * organizers on all of their agency's (the API checks the scope; this is the role part).
 */
export const STEP_ROLES: Record<StaffStepAction, readonly StaffRole[]> = {
  assign: ['admin', 'organizer'],
  return: ['handler'],
  answer: ['handler', 'admin'],
  urge: ['admin'],
  merge: ['admin', 'organizer'],
}

/** Roles that see the suggestions list at all (checkers do not). */
export const SUGGESTION_READER_ROLES: readonly StaffRole[] = ['admin', 'organizer', 'handler']

/** The staff steps this role may take on an item in this state (screens show only these buttons). */
export function allowedStaffActions(role: StaffRole, status: SuggestionStatus): StaffStepAction[] {
  return (Object.keys(STEP_ROLES) as StaffStepAction[]).filter(
    (a) => STEP_ROLES[a].includes(role) && SUGGESTION_TRANSITIONS[a].from.includes(status),
  )
}

export const assignInputSchema = z.object({
  departmentId: text(1, 64, { required: '请选择承办部门' }),
  assigneeId: z.optional(text(1, 64)),
  workingDays: z.optional(
    z.int({ error: '办理时限须为整数个工作日' }).check(
      z.minimum(ANSWER_WORKING_DAYS.min, { error: `办理时限为${ANSWER_WORKING_DAYS.min}到${ANSWER_WORKING_DAYS.max}个工作日` }),
      z.maximum(ANSWER_WORKING_DAYS.max, { error: `办理时限为${ANSWER_WORKING_DAYS.min}到${ANSWER_WORKING_DAYS.max}个工作日` }),
    ),
  ),
})
export type AssignInput = z.infer<typeof assignInputSchema>

export const returnInputSchema = z.object({
  reason: text(4, 500, { required: '请填写退回理由', min: '请说明退回理由（至少4个字）', max: '退回理由不能超过500字' }),
})

export const answerInputSchema = z
  .object({
    answer: text(ANSWER_MIN_CHARS, 2000, { required: '请填写答复内容', min: `答复内容至少${ANSWER_MIN_CHARS}个字`, max: '答复内容不能超过2000字' }),
    resultClass: z.enum(['A', 'B', 'C', 'D'], { error: '请选择办理结果分类' }),
    /** Class B: the date (YYYY-MM-DD, Asia/Shanghai) by which it is planned to be solved. */
    plannedBy: z.optional(z.iso.date({ error: '计划完成日期格式不正确' })),
    publish: z.boolean({ error: '请选择是否公开答复' }),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.resultClass === 'B') {
        if (!v.plannedBy) ctx.addIssue({ code: 'custom', path: ['plannedBy'], message: 'B类答复须填写计划完成日期', input: v })
        else if (v.plannedBy < shanghaiDate(new Date()))
          ctx.addIssue({ code: 'custom', path: ['plannedBy'], message: '计划完成日期不能早于今天', input: v })
      }
      if (v.resultClass === 'C' && Array.from(v.answer).length < CLASS_C_MIN_CHARS)
        ctx.addIssue({ code: 'custom', path: ['answer'], message: `C类答复须说明暂不能解决的原因（至少${CLASS_C_MIN_CHARS}个字）`, input: v })
    }),
  )
export type AnswerInput = z.infer<typeof answerInputSchema>

export const urgeInputSchema = z.object({
  note: text(2, 500, { required: '请填写催办意见', min: '请填写催办意见', max: '催办意见不能超过500字' }),
})

export const mergeInputSchema = z.object({
  intoId: text(1, 64, { required: '请选择要合并到的意见建议' }),
})

export const ratingInputSchema = z.object({
  rating: z.int({ error: '请选择满意程度' }).check(z.minimum(1, { error: '请选择满意程度' }), z.maximum(5, { error: '请选择满意程度' })),
  comment: z.optional(text(0, 500, { max: '评价意见不能超过500字' })),
})
export type RatingInput = z.infer<typeof ratingInputSchema>

/** Filters of GET /staff/suggestions (query parameters, all optional). */
export const staffSuggestionQuerySchema = z.object({
  eventId: z.optional(text(1, 64)),
  status: z.optional(z.enum(['received', 'assigned', 'answered', 'closed', 'returned', 'reopened', 'merged'], { error: '状态不正确' })),
  departmentId: z.optional(text(1, 64)),
  /** 1: past its deadline and not answered. */
  overdue: z.optional(z.literal('1', { error: 'overdue 只能为 1' })),
  /** 1: not answered and due by the end of the next working day. */
  dueSoon: z.optional(z.literal('1', { error: 'dueSoon 只能为 1' })),
  q: z.optional(text(0, 40, { max: '搜索词不能超过40字' })),
  page: z.optional(z.string().check(z.regex(/^[1-9]\d{0,4}$/, { error: '页码不正确' }))),
  pageSize: z.optional(z.string().check(z.regex(/^([1-9]|[1-9]\d|100)$/, { error: '每页条数为1到100' }))),
})
export type StaffSuggestionQuery = z.infer<typeof staffSuggestionQuerySchema>
export const STAFF_SUGGESTION_PAGE_SIZE = 20

/** One row of GET /staff/suggestions. Contacts are masked; staff never see the tracking code. */
export interface StaffSuggestionItem {
  id: string
  eventId: string
  eventTitle: string
  topic: string | null
  content: string
  contactMasked: string | null
  anonymous: boolean
  publicConsent: boolean
  status: SuggestionStatus
  statusLabel: string
  departmentId: string | null
  departmentName: string | null
  assigneeId: string | null
  assigneeName: string | null
  assignedAt: string | null
  dueAt: string | null
  /** Past its deadline while a department is working on it. */
  overdue: boolean
  createdAt: string
  answeredAt: string | null
  resultClass: ResultClass | null
  rating: number | null
  reopenCount: number
  urgeCount: number
  closeReason: CloseReason | null
  mergedIntoId: string | null
}

export interface StaffSuggestionList {
  items: StaffSuggestionItem[]
  total: number
  page: number
  pageSize: number
  /** Items per state within the role's scope and the other filters (the state filter aside). */
  counts: Record<SuggestionStatus, number>
}

export interface TrailStep {
  seq: number
  at: string
  action: SuggestionAction
  actionLabel: string
  fromState: SuggestionStatus | null
  toState: SuggestionStatus
  actorKind: 'citizen' | 'staff' | 'system'
  /** Staff display name (staff views only). */
  actorName: string | null
  actorRole: StaffRole | null
  note: string | null
}

export interface StaffSuggestionDetail extends StaffSuggestionItem {
  answer: string | null
  answeredByName: string | null
  plannedBy: string | null
  published: boolean
  ratingComment: string | null
  ratedAt: string | null
  closedAt: string | null
  trail: TrailStep[]
  /** The steps the caller's role may take now. */
  actions: StaffStepAction[]
}

/** A step of the public timeline: no staff names, no internal steps (催办, 退回) or notes. */
export interface PublicTimelineStep {
  action: SuggestionAction
  label: string
  at: string
  status: SuggestionStatus
  statusLabel: string
}

/** Public actions shown on the citizen's timeline. */
export const PUBLIC_TIMELINE_ACTIONS: readonly SuggestionAction[] = [
  'submit',
  'assign',
  'answer',
  'rate_satisfied',
  'rate_dissatisfied',
  'close_unrated',
  'merge',
]

/** 我的意见: the participant's own suggestions. */
export interface MySuggestion {
  trackingCode: string
  eventId: string
  eventTitle: string
  topic: string | null
  content: string
  status: SuggestionStatus
  statusLabel: string
  createdAt: string
  answeredAt: string | null
  awaitingRating: boolean
}
