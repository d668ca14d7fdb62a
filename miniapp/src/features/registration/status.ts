import type { MyRegistration } from '@openday/shared'

export type RegistrationStatus = 'registered' | 'checked_in' | 'cancelled' | 'event_cancelled' | 'pending' | 'declined'

export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  registered: '已报名',
  checked_in: '已签到',
  cancelled: '已取消',
  event_cancelled: '活动已取消',
  // 审核 (docs/seats.md): waiting for the organiser, or declined with a reason.
  pending: '待审核',
  declined: '未通过',
}

/** The registration's state for the person: an event cancelled by the agency comes first. */
export function registrationStatus(r: MyRegistration): RegistrationStatus {
  if (r.event.status === 'cancelled') return 'event_cancelled'
  if (r.approval === 'declined') return 'declined'
  if (r.status === 'cancelled') return 'cancelled'
  if (r.approval === 'pending') return 'pending'
  return r.checkedInAt ? 'checked_in' : 'registered'
}
