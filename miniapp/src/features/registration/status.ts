import type { MyRegistration } from '@openday/shared'

export type RegistrationStatus = 'registered' | 'checked_in' | 'cancelled'

export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  registered: '已报名',
  checked_in: '已签到',
  cancelled: '已取消',
}

export function registrationStatus(r: MyRegistration): RegistrationStatus {
  if (r.status === 'cancelled') return 'cancelled'
  return r.checkedInAt ? 'checked_in' : 'registered'
}
