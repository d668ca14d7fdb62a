import type { EventSummary } from '@openday/shared'
import { formatDateTime } from '@openday/shared'

export interface SignupState {
  open: boolean
  /** Why sign-up is not possible, shown beside the disabled button. */
  reason?: string
  /** Short badge for lists. */
  badge: string
  tone: 'ok' | 'full' | 'closed'
}

/** Whether a citizen can sign up now, and if not, why (in words for the UI). */
export function signupState(e: EventSummary, now = new Date()): SignupState {
  const t = now.getTime()
  if (e.status === 'cancelled') return { open: false, reason: '活动已取消', badge: '已取消', tone: 'closed' }
  if (e.status === 'draft') return { open: false, reason: '活动尚未发布', badge: '草稿', tone: 'closed' }
  if (t > Date.parse(e.endAt)) return { open: false, reason: '活动已结束', badge: '已结束', tone: 'closed' }
  if (t < Date.parse(e.registrationOpensAt))
    return {
      open: false,
      reason: `报名将于${formatDateTime(e.registrationOpensAt)}开始`,
      badge: '报名未开始',
      tone: 'closed',
    }
  if (t > Date.parse(e.registrationClosesAt)) return { open: false, reason: '报名已截止', badge: '报名已截止', tone: 'closed' }
  if (e.seatsLeft <= 0) return { open: false, reason: '名额已满，感谢关注', badge: '已满', tone: 'full' }
  return { open: true, badge: `剩余名额 ${e.seatsLeft}`, tone: 'ok' }
}
