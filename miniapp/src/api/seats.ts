// 邀请名额与审核 (docs/seats.md): seats per pool, invitations, the public check of a code, 审核.
import type {
  Approval,
  EventDetail,
  Invitation,
  InvitationInput,
  Quotas,
  SeatPoolView,
  StaffRegistration,
} from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

export interface EventSeats {
  capacity: number
  registered: number
  quotas: Quotas
  requiresApproval: boolean
  pools: SeatPoolView[]
}

export const getSeats = (eventId: string) => request<EventSeats>(`/events/${enc(eventId)}/seats`, { auth: 'staff' })

/** 名额分配 and 需要审核 are saved through the event's own PATCH. */
export const saveSeats = (eventId: string, patch: { quotas?: Quotas; requiresApproval?: boolean }) =>
  request<{ event: EventDetail }>(`/events/${enc(eventId)}`, { method: 'PATCH', body: patch, auth: 'staff' }).then((r) => r.event)

export const listInvitations = (eventId: string) =>
  request<{ invitations: Invitation[] }>(`/events/${enc(eventId)}/invitations`, { auth: 'staff' }).then((r) => r.invitations)

export const createInvitation = (eventId: string, input: InvitationInput) =>
  request<{ invitation: Invitation }>(`/events/${enc(eventId)}/invitations`, { method: 'POST', body: input, auth: 'staff' }).then(
    (r) => r.invitation,
  )

export const revokeInvitation = (eventId: string, invitationId: string) =>
  request<{ invitation: Invitation }>(`/events/${enc(eventId)}/invitations/${enc(invitationId)}/revoke`, {
    method: 'POST',
    body: {},
    auth: 'staff',
  }).then((r) => r.invitation)

export const listRegistrations = (eventId: string, approval?: Approval) =>
  request<{ registrations: StaffRegistration[] }>(
    `/events/${enc(eventId)}/registrations${approval ? `?approval=${approval}` : ''}`,
    { auth: 'staff' },
  ).then((r) => r.registrations)

export const approveRegistration = (eventId: string, regId: string) =>
  request<{ registration: { id: string; approval: Approval } }>(`/events/${enc(eventId)}/registrations/${enc(regId)}/approve`, {
    method: 'POST',
    body: {},
    auth: 'staff',
  })

export const declineRegistration = (eventId: string, regId: string, reason: string) =>
  request<{ registration: { id: string; approval: Approval } }>(`/events/${enc(eventId)}/registrations/${enc(regId)}/decline`, {
    method: 'POST',
    body: { reason },
    auth: 'staff',
  })
