// The door's check-in list (签到名单, `GET /events/:id/roster`) and the offline decision built on it.
// A staff device downloads the roster before the event; with no network it turns each scan into
// the same `ScanFacts` the server builds from D1, and the same `decideScan` decides. Kept free of
// zod and of the ed25519 code (the verifier is passed in) so the door page stays small.
import { ENTRANCE_ID, checkinWindowOpen, decidePointExit, decideScan, type PointScanResult, type RegistrationDoorStatus, type ScanFacts } from './checkin'
import type { Category } from './constants'
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

/** The sign-up a scan names and its event, as the server's query reads them (i: the roster entry). */
function scanned(index: RosterIndex, ticket: string, check: SignatureCheck) {
  const { roster } = index
  const found = findRegistration(index, ticket, check)
  const i = found?.i ?? null
  const registration: ScanFacts['registration'] = found ? { eventId: found.eventId, status: i === null ? 'active' : roster.statuses[i] } : null
  const event = { startAt: roster.event.startAt, endAt: roster.event.endAt, status: roster.event.status }
  return { registration, event, i }
}

/**
 * The server's conditions on every write of a scan (the entrance's INSERT, a point's INSERT, an
 * exit's UPDATE): an active sign-up of the published event, inside the check-in window.
 */
function insertWouldRun(registration: ScanFacts['registration'], event: NonNullable<ScanFacts['event']>, now: Date): boolean {
  return registration?.status === 'active' && event.status === 'published' && checkinWindowOpen(event, now)
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
  const { registration, event, i } = scanned(index, scan.ticket, check)
  let checkin: ScanFacts['checkin'] = null
  if (i !== null) {
    const mine = deviceCheckins.get(roster.ids[i])
    const listed = roster.checkedInAt[i]
    if (mine && (!listed || mine.checkedInAt < listed)) checkin = { nonce: mine.nonce, checkedInAt: mine.checkedInAt }
    else if (listed) checkin = { nonce: null, checkedInAt: listed }
    else if (insertWouldRun(registration, event, scan.now)) {
      checkin = { nonce: scan.nonce, checkedInAt: scan.now.toISOString() }
    }
  }
  return { facts: { scanningEventId: roster.event.id, registration, event, checkin, nonce: scan.nonce, now: scan.now }, i }
}

/** The device's verdict, shaped like the server's answer (CheckinResponse / PointScanResponse) plus the sign-up it named. */
export interface OfflineVerdict {
  result: PointScanResult
  registrationId?: string
  attendee?: { nameMasked: string; category: Category }
  checkedInAt?: string
  /** Staff name from the roster, or null when this device checked the person in itself. */
  checkedInBy?: string | null
  /** An exit scan: when the person left (this scan's time, or this device's earlier exit scan). */
  exitedAt?: string
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

// ---- 签到点 and exit scans, offline (docs/checkpoints.md, docs/door-offline.md) ----

/** This device's own scans at one point (the entrance included), by registration id. */
export interface DevicePointScans {
  /** Its check-ins there (DeviceCheckin: nonce and time). */
  checkins: ReadonlyMap<string, DeviceCheckin>
  /** Its exits recorded there: when the person left. */
  exits: ReadonlyMap<string, string>
}

export interface PointRosterScan extends RosterScan {
  /** ENTRANCE_ID or a point's id. */
  checkpointId: string
  direction: 'in' | 'out'
}

/**
 * Any scan at the door offline: the entrance's check-in is decideOffline; a check-in at a 签到点
 * and an exit (at a point or the entrance) are decided with the server's own functions for them
 * (api/src/checkins/points.ts): decideScan with the point's row as the check-in, and
 * decidePointExit. The device knows the entrance check-ins (the roster plus its own scans) and
 * its own scans at each point; it cannot know another device's, or a participant's own scan of
 * the point's code, made since. So:
 * - in at a point: a repeat on this device is 重复签到; otherwise 签到成功, provisionally (the
 *   server's insert would run) — if someone else checked the person in there first, the upload
 *   answers 重复签到 with their time and the line shows it;
 * - out at the entrance: checked in if the roster or this device says so, left if this device
 *   recorded it;
 * - out at a point this device did not check the person in at: assumed checked in there
 *   (staff scan people leaving a stop they were at), so 已登记离开, provisionally — the upload
 *   answers 尚未在此签到 if nobody did, and the line shows it.
 * Staff scans at a point do not need the entrance check-in (the server does not ask for it:
 * only a participant's own scan of a point's code does).
 */
export function decidePointOffline(
  index: RosterIndex,
  scan: PointRosterScan,
  device: DevicePointScans,
  check: SignatureCheck,
): OfflineVerdict {
  const atEntrance = scan.checkpointId === ENTRANCE_ID
  if (atEntrance && scan.direction === 'in') return decideOffline(index, scan, device.checkins, check)
  const { roster } = index
  const { registration, event, i } = scanned(index, scan.ticket, check)
  const regId = i === null ? null : roster.ids[i]
  const base = { scanningEventId: roster.event.id, registration, event, now: scan.now }
  const now = scan.now.toISOString()
  const mine = regId ? device.checkins.get(regId) : undefined
  let result: PointScanResult
  let checkedInAt: string | undefined
  let exitedAt: string | undefined
  if (scan.direction === 'in') {
    // The point's row after this scan's insert attempt: this device's earlier one, or this scan's.
    const checkin = mine ?? (regId && insertWouldRun(registration, event, scan.now) ? { nonce: scan.nonce, checkedInAt: now } : null)
    result = decideScan({ ...base, checkin, nonce: scan.nonce })
    checkedInAt = checkin?.checkedInAt
  } else {
    const listed = atEntrance && i !== null ? roster.checkedInAt[i] : null
    checkedInAt = [mine?.checkedInAt, listed ?? undefined].filter((t): t is string => !!t).sort()[0]
    const checkedIn = !!checkedInAt || !atEntrance
    const earlierExit = regId ? device.exits.get(regId) : undefined
    const changed = checkedIn && !earlierExit && insertWouldRun(registration, event, scan.now)
    exitedAt = changed ? now : earlierExit
    result = decidePointExit(base, { checkedIn, exitedAt: exitedAt ?? null, changed })
  }
  const out: OfflineVerdict = { result }
  if (i === null) return out
  out.registrationId = roster.ids[i]
  if (result !== 'wrong_event' && result !== 'invalid') out.attendee = { nameMasked: roster.names[i], category: roster.categories[i] }
  if (checkedInAt && result !== 'wrong_event' && result !== 'invalid' && result !== 'cancelled') out.checkedInAt = checkedInAt
  if (result === 'already_checked_in') out.checkedInBy = null
  if (exitedAt && (result === 'exited' || result === 'already_exited')) out.exitedAt = exitedAt
  return out
}
