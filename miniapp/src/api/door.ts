import type { DoorSearchResponse, ManualCheckinInput, ManualCheckinResponse, WalkInInput, WalkInResponse } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

/** 现场服务 (docs/door.md): search by name or the phone's last four, masked. */
export const searchDoor = (eventId: string, q: string) =>
  request<DoorSearchResponse>(`/events/${enc(eventId)}/door/search?q=${enc(q)}`, { auth: 'staff' })

/** 手动签到 with a reason; a second one answers already_checked_in. */
export const manualCheckin = (eventId: string, input: ManualCheckinInput) =>
  request<ManualCheckinResponse>(`/events/${enc(eventId)}/checkins/manual`, { method: 'POST', body: input, auth: 'staff' })

/** 现场登记: registration and check-in at once, while seats are left. */
export const createWalkIn = (eventId: string, input: WalkInInput) =>
  request<WalkInResponse>(`/events/${enc(eventId)}/walk-ins`, { method: 'POST', body: input, auth: 'staff' })
