// 候补 (docs/waitlist.md): join and leave an event's waiting list, accept or decline an offered seat.
import type { MyRegistration, MyWaitlistEntry, WaitlistInput } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

/**
 * 我的报名: the sign-ups and the waiting-list entries in one request (here, not in
 * registrations.ts, which the sign-up page carries).
 */
export const listMine = () =>
  request<{ registrations: MyRegistration[]; waitlist?: MyWaitlistEntry[] }>('/me/registrations', { auth: 'participant' }).then((r) => ({
    registrations: r.registrations,
    waitlist: r.waitlist ?? [],
  }))

export const joinWaitlist = (eventId: string, input: WaitlistInput) =>
  request<{ entry: MyWaitlistEntry }>(`/events/${enc(eventId)}/waitlist`, { method: 'POST', body: input, auth: 'participant' }).then((r) => r.entry)

export const leaveWaitlist = (eventId: string) =>
  request<{ entry: MyWaitlistEntry }>(`/events/${enc(eventId)}/waitlist`, { method: 'DELETE', auth: 'participant' }).then((r) => r.entry)

export const acceptOffer = (id: string) =>
  request<{ registration: MyRegistration }>(`/me/offers/${enc(id)}/accept`, { method: 'POST', auth: 'participant' }).then((r) => r.registration)

export const declineOffer = (id: string) =>
  request<{ entry: MyWaitlistEntry }>(`/me/offers/${enc(id)}/decline`, { method: 'POST', auth: 'participant' }).then((r) => r.entry)
