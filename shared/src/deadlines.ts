// Deadlines of a suggestion after it is assigned (提醒、超期、逾期未评价办结) and the staff 待办 inbox.
// The daily job (api/src/suggestions/deadlines.ts) turns these instants into set-based SQL.
import * as z from 'zod/mini'
import './zod' // z.config: the zh-CN messages
import type { StaffRole } from './constants'
import { shanghaiDate } from './time'
import { answerDueAt, RATING_WORKING_DAYS, type CloseReason, type SuggestionStatus } from './suggestions'

/** The daily deadline job's Cron Trigger: 08:30 in Asia/Shanghai (UTC+8), before the working day. */
export const DEADLINE_CRON = '30 0 * * *'

/**
 * Items due up to this instant are "due soon": the end of the next working day after `now`'s
 * Shanghai date, on the official calendar (on the Friday before 国庆 that is the first day back).
 */
export function dueSoonCutoff(now: string | Date): string {
  return answerDueAt(now, 1)
}

const DAY_MS = 24 * 3600_000

/**
 * Answers given before this instant have had their RATING_WORKING_DAYS working days to be rated
 * (up to the end of the 10th working day after the answer's day) and close as 未评价办结. It is the
 * start (00:00 Shanghai) of the day after the latest answer day whose rating time has ended.
 */
export function unratedCutoff(now: string | Date): string {
  const nowMs = new Date(now).getTime()
  // The latest such day is at most a few weeks back (10 working days plus the longest holiday).
  for (let back = 0; back < 366; back++) {
    const day = shanghaiDate(new Date(nowMs - back * DAY_MS))
    const dayStart = Date.parse(`${day}T00:00:00+08:00`)
    if (Date.parse(answerDueAt(new Date(dayStart), RATING_WORKING_DAYS)) < nowMs) return new Date(dayStart + DAY_MS).toISOString()
  }
  throw new RangeError(`no rating deadline within a year before ${String(now)}`)
}

/** Reminders in the outbox (staff_reminders), for the assignee, the department or the admins. */
export const REMINDER_KINDS = { due_soon: '即将到期', overdue: '已超期', dissatisfied: '不满意办结' } as const
export type ReminderKind = keyof typeof REMINDER_KINDS

/** 不满意办结 items stay in the admins' inbox (and are reminded) this long after they close. */
export const DISSATISFIED_INBOX_DAYS = 30

/** What an inbox item waits for. */
export const INBOX_CATEGORIES = {
  overdue: '已超期',
  due_soon: '即将到期',
  reopened: '重新办理',
  new: '待答复',
  dissatisfied: '不满意办结',
  received: '待转办',
  returned: '已退回',
} as const
export type InboxCategory = keyof typeof INBOX_CATEGORIES

/** Who sees what in 待办. Checkers have no suggestion work: their inbox answers 403. */
export const INBOX_CATEGORIES_BY_ROLE: Record<Exclude<StaffRole, 'checker'>, readonly InboxCategory[]> = {
  handler: ['overdue', 'due_soon', 'reopened', 'new'],
  admin: ['overdue', 'dissatisfied'],
  organizer: ['received', 'returned'],
}
export const INBOX_ROLES = Object.keys(INBOX_CATEGORIES_BY_ROLE) as Exclude<StaffRole, 'checker'>[]

export interface InboxItem {
  id: string
  trackingCode: string
  category: InboxCategory
  status: SuggestionStatus
  eventId: string
  eventTitle: string
  topic: string | null
  content: string
  /** Masked (138****5678); null when anonymous or not given. */
  contact: string | null
  departmentId: string | null
  departmentName: string | null
  assigneeId: string | null
  dueAt: string | null
  overdueAt: string | null
  closeReason: CloseReason | null
  closedAt: string | null
  createdAt: string
}

export interface InboxReminder {
  id: string
  kind: ReminderKind
  suggestionId: string
  trackingCode: string
  occasionAt: string
  createdAt: string
}

export interface StaffInbox {
  /** Every category of the caller's role, with 0 for none. */
  counts: Partial<Record<InboxCategory, number>>
  /** Sorted by deadline (none last), then by arrival; at most INBOX_LIMIT. */
  items: InboxItem[]
  /** The caller's unread reminders, newest first; at most INBOX_LIMIT. */
  reminders: InboxReminder[]
  unreadReminders: number
}

export const INBOX_LIMIT = 200

export const inboxReadSchema = z.object({
  ids: z
    .array(z.string({ error: '提醒编号无效' }).check(z.minLength(1), z.maxLength(64)), { error: '请选择要标记已读的提醒' })
    .check(z.minLength(1, { error: '请选择要标记已读的提醒' }), z.maxLength(100, { error: '一次最多标记100条' })),
})
export type InboxReadInput = z.infer<typeof inboxReadSchema>
