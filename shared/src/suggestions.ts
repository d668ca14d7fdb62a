// The life of a suggestion (意见建议): its states, the one table of allowed transitions, the answer
// classes, the 好差评 rating scale and the deadline in working days. The API moves a suggestion only
// through `nextState()`; every step it takes is appended to the suggestion's trail.
import { addWorkingDays } from './calendar'
import { shanghaiDate } from './time'

export const SUGGESTION_STATUSES = {
  received: '已受理',
  assigned: '办理中',
  answered: '已答复',
  closed: '已办结',
  returned: '已退回',
  reopened: '重新办理',
  merged: '已合并',
} as const
export type SuggestionStatus = keyof typeof SUGGESTION_STATUSES
export const SUGGESTION_STATUS_LIST = Object.keys(SUGGESTION_STATUSES) as SuggestionStatus[]

/** What can happen to a suggestion. `urge` (催办) is recorded in the trail and changes no state. */
export type SuggestionAction =
  | 'submit'
  | 'assign'
  | 'return'
  | 'answer'
  | 'urge'
  | 'merge'
  | 'rate_satisfied'
  | 'rate_dissatisfied'
  | 'close_unrated'
  | 'mark_overdue'

export const SUGGESTION_ACTION_LABELS: Record<SuggestionAction, string> = {
  submit: '受理',
  assign: '转办',
  return: '退回',
  answer: '答复',
  urge: '催办',
  merge: '合并',
  rate_satisfied: '评价',
  rate_dissatisfied: '评价',
  close_unrated: '逾期未评价办结',
  mark_overdue: '超期未答复',
}

/**
 * The allowed transitions: for each action, the states it may start from and the state it leads
 * to. A dissatisfied rating reopens the item once; after the re-answer a second dissatisfied
 * rating closes it (不满意办结), which `nextState()` decides from `reopenCount`.
 */
export const SUGGESTION_TRANSITIONS: Record<Exclude<SuggestionAction, 'submit'>, { from: readonly SuggestionStatus[]; to: SuggestionStatus | 'same' }> = {
  assign: { from: ['received', 'returned'], to: 'assigned' },
  return: { from: ['assigned', 'reopened'], to: 'returned' },
  answer: { from: ['assigned', 'reopened'], to: 'answered' },
  urge: { from: ['assigned', 'reopened'], to: 'same' },
  merge: { from: ['received', 'returned', 'assigned', 'reopened'], to: 'merged' },
  rate_satisfied: { from: ['answered'], to: 'closed' },
  rate_dissatisfied: { from: ['answered'], to: 'reopened' },
  close_unrated: { from: ['answered'], to: 'closed' },
  mark_overdue: { from: ['assigned', 'reopened'], to: 'same' },
}

/** How many dissatisfied ratings reopen an item; the next one closes it as 不满意办结. */
export const MAX_REOPENS = 1

/**
 * The state after `action`, or null when the action is not allowed from `status` (the API answers
 * 409 INVALID_TRANSITION). `reopenCount` is how often the item was reopened before.
 */
export function nextState(status: SuggestionStatus, action: Exclude<SuggestionAction, 'submit'>, reopenCount = 0): SuggestionStatus | null {
  const rule = SUGGESTION_TRANSITIONS[action]
  if (!rule.from.includes(status)) return null
  if (action === 'rate_dissatisfied' && reopenCount >= MAX_REOPENS) return 'closed'
  return rule.to === 'same' ? status : rule.to
}

/** States in which a department is working on the item (it has a deadline that can pass). */
export const OPEN_STATES: readonly SuggestionStatus[] = ['assigned', 'reopened']

/** Answer classes (办理结果分类). */
export const RESULT_CLASSES = {
  A: '已解决或采纳',
  B: '正在解决或已列入计划',
  C: '因条件限制暂不能解决',
  D: '留作参考',
} as const
export type ResultClass = keyof typeof RESULT_CLASSES

/** What each class asks of the answer, shown on the answer form. */
export const RESULT_CLASS_HINTS: Record<ResultClass, string> = {
  A: '问题已经解决，或建议已被采纳并落实',
  B: '正在解决或已列入工作计划，须填写计划完成日期',
  C: '因政策、资金等条件限制暂时不能解决，答复中须说明原因',
  D: '建议留作今后工作参考',
}

/** 好差评: 5 非常满意 … 1 非常不满意. 1–2 reopen the item, 3–5 close it. */
export const RATING_LABELS = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' } as const
export type Rating = 1 | 2 | 3 | 4 | 5
export const isSatisfied = (rating: number) => rating >= 3

export const CLOSE_REASONS = { satisfied: '满意办结', dissatisfied: '不满意办结', unrated: '未评价办结' } as const
export type CloseReason = keyof typeof CLOSE_REASONS

/** Working days to answer: the agency's default, allowed range for one assignment. */
export const ANSWER_WORKING_DAYS = { default: 5, min: 1, max: 15 } as const
/** Working days a reopened item has for its new answer. */
export const REOPEN_WORKING_DAYS = 5
/** Working days the citizen has to rate an answer before it closes as 未评价. */
export const RATING_WORKING_DAYS = 10

/**
 * The deadline of an assignment made at `at`: the end (23:59:59 Asia/Shanghai) of the
 * `workingDays`-th working day after that day, on the official calendar with 调休.
 * Assigned on Friday 2025-09-26 with 5 → 2025-10-10T15:59:59.000Z (23:59:59+08:00).
 */
export function answerDueAt(at: string | Date, workingDays: number): string {
  const day = addWorkingDays(shanghaiDate(at), workingDays)
  return new Date(`${day}T23:59:59+08:00`).toISOString()
}
