import type { DashboardResponse, EventDetail, EventInput, EventPatch, EventSummary } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

export const listEvents = () => request<{ events: EventSummary[] }>('/events').then((r) => r.events)

/** Staff token is sent when present so that organisers can open their own drafts. */
export const getEvent = (id: string, asStaff = false) =>
  request<{ event: EventDetail }>(`/events/${enc(id)}`, asStaff ? { auth: 'staff' } : {}).then((r) => r.event)

export const listStaffEvents = () =>
  request<{ events: EventSummary[] }>('/staff/events', { auth: 'staff' }).then((r) => r.events)

export const createEvent = (input: EventInput) =>
  request<{ event: EventDetail }>('/events', { method: 'POST', body: input, auth: 'staff' }).then((r) => r.event)

export const updateEvent = (id: string, patch: EventPatch) =>
  request<{ event: EventDetail }>(`/events/${enc(id)}`, { method: 'PATCH', body: patch, auth: 'staff' }).then(
    (r) => r.event,
  )

export const publishEvent = (id: string, overrideReason?: string) =>
  request<{ event: EventDetail }>(`/events/${enc(id)}/publish`, {
    method: 'POST',
    body: overrideReason ? { overrideReason } : {},
    auth: 'staff',
  }).then((r) => r.event)

/** 取消活动: everyone signed up is told, with the reason. */
export const cancelEvent = (id: string, reason: string) =>
  request<{ event: EventDetail }>(`/events/${enc(id)}/cancel`, { method: 'POST', body: { reason }, auth: 'staff' }).then(
    (r) => r.event,
  )

export const getDashboard = (id: string) =>
  request<DashboardResponse>(`/events/${enc(id)}/dashboard`, { auth: 'staff' })
