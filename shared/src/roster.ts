// The door's check-in list (签到名单, `GET /events/:id/roster`) and the offline decision built on it.
// A staff device downloads the roster before the event; with no network it turns each scan into
// the same `ScanFacts` the server builds from D1, and the same `decideScan` decides. Kept free of
// zod and of the ed25519 code (the verifier is passed in) so the door page stays small.
import { checkinWindowOpen, decideScan, type RegistrationDoorStatus, type ScanFacts } from './checkin'
import type { Category, CheckinResult } from './constants'
import { looksLikeTicket, parseTicket } from './ticket'

export const ROSTER_VERSION = 1

/**
 * Column-wise: one array per field, entry i of every array is sign-up i (half the size of an
 * array of objects before gzip, and it compresses better). No phone numbers, names masked.
 */
export interface Roster {
  v: typeof ROSTER_VERSION
  event: { id: string; title: string; startAt: string; endAt: string; status: 'draft' | 'published' | 'cancelled' }
  /** The tickets' Ed25519 public key, raw 32 bytes in base64url. */
  publicKey: string
  /** Display names of the staff who checked people in; `checkedInBy` holds indexes into it. */
  staff: string[]
  /** Registration ids: what a ticket names. */
  ids: string[]
  /** 签到码 (short codes). */
  codes: string[]
  /** Masked names (maskName). */
  names: string[]
  categories: Category[]
  statuses: RegistrationDoorStatus[]
  /** The entrance check-in time (ISO), or null. */
  checkedInAt: (string | null)[]
  checkedInBy: (number | null)[]
  /** A hash of all of the above, also sent as the ETag. */
  etag: string
}

export interface RosterIndex {
  roster: Roster
  byId: Map<string, number>
  byCode: Map<string, number>
}

export function indexRoster(roster: Roster): RosterIndex {
  const byId = new Map<string, number>()
  const byCode = new Map<string, number>()
  roster.ids.forEach((id, i) => byId.set(id, i))
  roster.codes.forEach((code, i) => byCode.set(code, i))
  return { roster, byId, byCode }
}

/** Checks a ticket's signature with the given public key (the device passes its Ed25519 verifier). */
export type SignatureCheck = (signature: Uint8Array, message: Uint8Array) => boolean

/** A check-in this device made itself (its own earlier scans), by registration id. */
export interface DeviceCheckin {
  nonce: string
  checkedInAt: string
}

export interface RosterScan {
  /** The QR content or the typed 签到码, as the server would receive it. */
  ticket: string
  nonce: string
  now: Date
}

/** Which sign-up a scan names, as the server's query finds it: a verified ticket or this event's code. */
function findRegistration(index: RosterIndex, ticket: string, check: SignatureCheck): { eventId: string; i: number | null } | null {
  const eventId = index.roster.event.id
  if (looksLikeTicket(ticket)) {
    const parsed = parseTicket(ticket)
    if (!parsed || !check(parsed.signature, parsed.message)) return null
    // Another event's genuine ticket: the server knows its sign-up, the device only that it is real.
    if (parsed.eventId !== eventId) return { eventId: parsed.eventId, i: null }
    const i = index.byId.get(parsed.registrationId)
    return i === undefined ? null : { eventId, i }
  }
  const i = index.byCode.get(ticket.toUpperCase().replace(/[\s-]/g, ''))
  return i === undefined ? null : { eventId, i }
}

/**
 * The facts of one scan on the device: what the server's statement would find in D1 (the
 * sign-up, its event, the check-in row after this scan's insert attempt), from the roster plus
 * this device's own check-ins since it was downloaded. The insert is the server's: an active
 * sign-up of the published event, inside the check-in window, not checked in yet.
 */
export function rosterFacts(
  index: RosterIndex,
  scan: RosterScan,
  deviceCheckins: ReadonlyMap<string, DeviceCheckin>,
  check: SignatureCheck,
): { facts: ScanFacts; i: number | null } {
  const { roster } = index
  const found = findRegistration(index, scan.ticket, check)
  const i = found?.i ?? null
  const registration = found ? { eventId: found.eventId, status: i === null ? ('active' as const) : roster.statuses[i] } : null
  const event = { startAt: roster.event.startAt, endAt: roster.event.endAt, status: roster.event.status }
  let checkin: ScanFacts['checkin'] = null
  if (i !== null) {
    const mine = deviceCheckins.get(roster.ids[i])
    const listed = roster.checkedInAt[i]
    if (mine && (!listed || mine.checkedInAt < listed)) checkin = { nonce: mine.nonce, checkedInAt: mine.checkedInAt }
    else if (listed) checkin = { nonce: null, checkedInAt: listed }
    else if (
      registration?.status === 'active' &&
      event.status === 'published' &&
      checkinWindowOpen(event, scan.now)
    ) {
      checkin = { nonce: scan.nonce, checkedInAt: scan.now.toISOString() }
    }
  }
  return { facts: { scanningEventId: roster.event.id, registration, event, checkin, nonce: scan.nonce, now: scan.now }, i }
}

/** The device's verdict, shaped like the server's answer (CheckinResponse) plus the sign-up it named. */
export interface OfflineVerdict {
  result: CheckinResult
  registrationId?: string
  attendee?: { nameMasked: string; category: Category }
  checkedInAt?: string
  /** Staff name from the roster, or null when this device checked the person in itself. */
  checkedInBy?: string | null
}

export function decideOffline(
  index: RosterIndex,
  scan: RosterScan,
  deviceCheckins: ReadonlyMap<string, DeviceCheckin>,
  check: SignatureCheck,
): OfflineVerdict {
  const { facts, i } = rosterFacts(index, scan, deviceCheckins, check)
  const result = decideScan(facts)
  const out: OfflineVerdict = { result }
  if (i === null) return out
  const { roster } = index
  out.registrationId = roster.ids[i]
  if (result !== 'wrong_event' && result !== 'invalid') out.attendee = { nameMasked: roster.names[i], category: roster.categories[i] }
  if ((result === 'checked_in' || result === 'already_checked_in') && facts.checkin) {
    out.checkedInAt = facts.checkin.checkedInAt
    if (result === 'already_checked_in') {
      const by = facts.checkin.nonce === null ? roster.checkedInBy[i] : null
      out.checkedInBy = by === null ? null : (roster.staff[by] ?? null)
    }
  }
  return out
}
