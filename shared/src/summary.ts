// 活动总结 and the disclosure duties after an event (issue 7 §4): the figures a summary is drafted
// from, the draft staff edit, the 政府信息公开 header of a published summary, and the follows
// (关注) the public keeps. Types and input schemas here are the contract between the API and the
// app; the pure builders (draft text, 索引号, deadlines) live here too.
import * as z from 'zod/mini'
import './zod'
import type { Category, ScoreDimension } from './constants'
import { text } from './schemas'
import type { AgendaItem } from './types'

// --- 活动总结 ---

export const SUMMARY_TITLE_MAX = 100
export const SUMMARY_BODY_MAX = 15_000
export const SUMMARY_NEXT_STEPS_MAX = 2_000
/** Working days after the event's last day by which the summary is due (end of that day, Beijing time). */
export const SUMMARY_DUE_WORKING_DAYS = 5
/** Working days after the event's last day by which its answers are due in a 答复公开 post. */
export const ANSWERS_DUE_WORKING_DAYS = 10

/** What the draft was built from, frozen when staff build or refresh it. */
export interface SummaryFigures {
  event: {
    id: string
    title: string
    hostUnit: string
    venue: string
    startAt: string
    endAt: string
    agenda: AgendaItem[]
  }
  /** The host unit first, then the departments that handled the event's suggestions. */
  units: string[]
  attendance: {
    registered: number
    checkedIn: number
    /** 签到率 %, 1 decimal; null with nobody registered. */
    checkinRate: number | null
    byCategory: { category: Category; registered: number; checkedIn: number }[]
  }
  suggestions: {
    received: number
    answered: number
    /** Answered by their deadline. */
    answeredOnTime: number
    /** The most frequent topics, most first (at most 5). */
    topics: { topic: string; count: number }[]
  }
  /** Only from EVALUATION_MIN_RESPONSES answers on: below that, index and aspects are null. */
  evaluation: {
    responses: number
    /** 百分制 */
    index: number | null
    aspects: { dimension: ScoreDimension; label: string; index: number }[] | null
  }
  builtAt: string
}

export type SummaryStatus = 'draft' | 'published'

/** GET/POST/PUT /staff/events/:id/summary */
export interface EventSummaryDraft {
  eventId: string
  status: SummaryStatus
  title: string
  body: string
  nextSteps: string
  figures: SummaryFigures
  createdAt: string
  updatedAt: string
  publishedAt: string | null
  postId: string | null
  indexNo: string | null
  /** The summary's disclosure deadline (SUMMARY_DUE_WORKING_DAYS after the event). */
  dueAt: string
}

export const summaryEditSchema = z.object({
  title: text(2, SUMMARY_TITLE_MAX, { required: '请输入标题', min: '标题至少2个字', max: `标题不能超过${SUMMARY_TITLE_MAX}字` }),
  body: text(1, SUMMARY_BODY_MAX, { required: '请输入总结正文', max: `正文不能超过${SUMMARY_BODY_MAX}字` }),
  nextSteps: text(0, SUMMARY_NEXT_STEPS_MAX, { max: `“下一步”不能超过${SUMMARY_NEXT_STEPS_MAX}字` }),
})
export type SummaryEdit = z.infer<typeof summaryEditSchema>

/** 政府信息公开 header of a published summary (PostDetail.disclosure). */
export interface Disclosure {
  /** 索引号: `<机构代码>/<year>-<5-digit sequence>`, e.g. 640400017/2024-00208. */
  indexNo: string
  /** 发布机构 */
  publisher: string
  /** 发文时间 */
  issuedAt: string
  /** 公开方式 */
  method: '主动公开'
  /** 有效性: a withdrawn document is 已废止. */
  validity: '有效' | '已废止'
}

/** A disclosure duty on the staff home (待办): the summary or the answers of an ended event. */
export interface DisclosureTask {
  kind: 'summary' | 'answers'
  eventId: string
  eventTitle: string
  dueAt: string
  /** Done at (published), or null while open. */
  doneAt: string | null
  overdue: boolean
}
export const DISCLOSURE_TASK_LABELS: Record<DisclosureTask['kind'], string> = {
  summary: '发布活动总结',
  answers: '公开意见答复',
}

// --- 关注 ---

export const FOLLOW_KINDS = { agency: '单位', event: '活动', suggestion: '意见' } as const
export type FollowKind = keyof typeof FOLLOW_KINDS
/** Follows per person: enough for every agency and event one cares about, not a fan-out weapon. */
export const FOLLOWS_MAX = 200

export const followInputSchema = z.object({
  kind: z.enum(['agency', 'event', 'suggestion'], { error: '请选择关注的对象' }),
  /** An agency or event id, or a suggestion's tracking code. */
  target: text(1, 64, { required: '请选择关注的对象' }),
})
export type FollowInput = z.infer<typeof followInputSchema>

/** GET /me/follows */
export interface Follow {
  id: string
  kind: FollowKind
  targetId: string
  /** What the person sees: the agency's name, the event's title, or 意见 + the code's last 4. */
  title: string
  /** A followed suggestion's tracking code (the follower gave it), to open its page; null otherwise. */
  trackingCode: string | null
  createdAt: string
}
