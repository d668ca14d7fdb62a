// 候补 (docs/waitlist.md): the waiting list's states, the one table of allowed transitions, the
// offer time, and the shapes the API answers. No schema here (waitlist-input.ts has it), so the
// 我的报名 page carries only labels and types.
import { formatDateTime } from './time'

export const WAITLIST_STATUSES = {
  waiting: '候补中',
  offered: '名额待确认',
  accepted: '已转为报名',
  expired: '已过期',
  declined: '已放弃',
  left: '已退出候补',
} as const
export type WaitlistStatus = keyof typeof WAITLIST_STATUSES

/**
 * The allowed transitions, the only ones (migrations/0016 and 0018 abort any other in the
 * database): a waiting person is offered a seat or leaves, and the wait expires when the event is
 * cancelled or starts; an offer is accepted, expires, is declined, or its holder leaves the list.
 * Closed entries never change again; the seat of an offer that expires, is declined or left goes
 * to the next waiting person (api/src/waitlist/offers.ts).
 */
export const WAITLIST_TRANSITIONS: Record<WaitlistStatus, readonly WaitlistStatus[]> = {
  waiting: ['offered', 'left', 'expired'],
  offered: ['accepted', 'expired', 'declined', 'left'],
  accepted: [],
  expired: [],
  declined: [],
  left: [],
}

/** Entries that are still on the list (one per person per event). */
export const OPEN_WAITLIST_STATUSES = ['waiting', 'offered'] as const satisfies readonly WaitlistStatus[]

export const canTransition = (from: WaitlistStatus, to: WaitlistStatus) => WAITLIST_TRANSITIONS[from].includes(to)

/** The states `to` may be reached from. */
export const transitionSources = (to: WaitlistStatus): WaitlistStatus[] =>
  (Object.keys(WAITLIST_TRANSITIONS) as WaitlistStatus[]).filter((from) => canTransition(from, to))

/** How long an offered seat is held for the person (never past the event's start). */
export const OFFER_HOURS = 12
export const OFFER_TTL_MS = OFFER_HOURS * 3600_000

/** 候补第3位 */
export const waitlistPlaceText = (place: number) => `候补第${place}位`

/** 候补名额已为您保留至3月10日（周二）22:00，请及时确认 */
export const offerHeldText = (expiresAt: string) => `候补名额已为您保留至${formatDateTime(expiresAt).replace(/^\d+年/, '')}，请及时确认`

/** One of the person's waiting-list entries (GET /me/registrations → waitlist). */
export interface MyWaitlistEntry {
  id: string
  eventId: string
  event: { title: string; venue: string; startAt: string; endAt: string; status: 'draft' | 'published' | 'cancelled' }
  status: WaitlistStatus
  /** Place in line while waiting (1 = next to be offered a seat); null otherwise. */
  place: number | null
  /**
   * While offered: until when the seat is held (accept before this). Once expired: the deadline
   * the offer lapsed at, or null when the wait ended without an offer (the event was cancelled
   * or started).
   */
  offerExpiresAt: string | null
  /** The registration made when the offer was accepted. */
  registrationId: string | null
  createdAt: string
}

/** GET /events/:id/waitlist (organisers): the open entries, masked. */
export interface StaffWaitlistEntry {
  id: string
  position: number
  nameMasked: string
  phoneMasked: string
  category: string
  status: WaitlistStatus
  offerExpiresAt: string | null
  createdAt: string
}
export interface StaffWaitlist {
  waiting: number
  offered: number
  entries: StaffWaitlistEntry[]
}
