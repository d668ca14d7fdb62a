import type { StaffInbox } from '@openday/shared'
import { request } from './request'

/** 待办: the items waiting for the caller's role, and their unread reminders. */
export const getInbox = () => request<StaffInbox>('/staff/inbox', { auth: 'staff' })

/** Marks the caller's own reminders read; answers how many were. */
export const markRemindersRead = (ids: string[]) =>
  request<{ read: number }>('/staff/inbox/read', { method: 'POST', auth: 'staff', body: { ids } }).then((r) => r.read)
