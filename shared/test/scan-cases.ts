// One table of door scans, decided twice: on the device from the roster (miniapp/test/unit/
// scan-cases.test.ts, with the app's own Ed25519 verifier) and by the real route on a real D1
// (api/test/scan-cases.test.ts, which also runs the device's decision on the roster the route
// returns). Every case must come out the same on both sides.
import type { CheckinResult } from '../src/constants'

/** The event of every case: Tuesday 10 March 2026, 09:00–11:00 Shanghai; check-in opens at 07:00. */
export const CASE_EVENT = {
  startAt: '2026-03-10T09:00:00+08:00',
  endAt: '2026-03-10T11:00:00+08:00',
  registrationOpensAt: '2026-03-01T09:00:00+08:00',
  registrationClosesAt: '2026-03-10T08:00:00+08:00',
}
/** When the sign-ups are made. */
export const CASE_SIGN_UP_AT = '2026-03-05T12:00:00+08:00'
/** When the device's queue uploads the scans (within the 3 days a late scan may take). */
export const CASE_UPLOAD_AT = '2026-03-10T12:00:00+08:00'
/** When an earlier check-in of the same person was scanned (by another door, or by this one). */
export const CASE_PRIOR_AT = '2026-03-10T09:05:00+08:00'
/** A well-formed 签到码 nobody has. */
export const UNKNOWN_CODE = 'ZZZZ2345'
/** The person signed up in every case. */
export const CASE_PERSON = { name: '张三丰', category: 'media' as const, nameMasked: '张**' }

export interface ScanCase {
  name: string
  /**
   * ticket: the person's QR; code / code-typed: their 签到码 (as stored / lower case with a dash);
   * forged: their QR with the id of another sign-up of the same event put in (a real person on
   * the roster, so only the signature tells); other-event: a genuine QR of another event of the
   * agency; garbage: a QR that claims to be a ticket but is malformed; unknown-code: UNKNOWN_CODE.
   */
  scan: 'ticket' | 'code' | 'code-typed' | 'forged' | 'other-event' | 'garbage' | 'unknown-code'
  /** cancelled; or pending: signed up for an event needing approval (审核), not approved yet. */
  registration?: 'cancelled' | 'pending'
  event?: 'cancelled'
  /**
   * An earlier check-in (at CASE_PRIOR_AT): 'roster' by another door, known from the roster;
   * 'device' by this door after its roster was downloaded; 'same-scan': this very scan was
   * uploaded before (a retry, same nonce, same scan time).
   */
  prior?: 'roster' | 'device' | 'same-scan'
  /** The scan time (Shanghai). */
  at: string
  expected: CheckinResult
}

export const SCAN_CASES: readonly ScanCase[] = [
  { name: 'a valid ticket during the event', scan: 'ticket', at: '2026-03-10T09:30:00+08:00', expected: 'checked_in' },
  { name: 'a 签到码 as stored', scan: 'code', at: '2026-03-10T09:30:00+08:00', expected: 'checked_in' },
  { name: 'a 签到码 typed in lower case with a dash', scan: 'code-typed', at: '2026-03-10T09:30:00+08:00', expected: 'checked_in' },
  { name: 'a ticket the moment check-in opens (2 h before)', scan: 'ticket', at: '2026-03-10T07:00:00+08:00', expected: 'checked_in' },
  { name: 'a ticket at the end itself', scan: 'ticket', at: '2026-03-10T11:00:00+08:00', expected: 'checked_in' },
  { name: 'a ticket a second before check-in opens', scan: 'ticket', at: '2026-03-10T06:59:59+08:00', expected: 'not_open' },
  { name: 'a ticket a second after the end', scan: 'ticket', at: '2026-03-10T11:00:01+08:00', expected: 'ended' },
  { name: 'checked in by another door (in the roster)', scan: 'ticket', prior: 'roster', at: '2026-03-10T09:30:00+08:00', expected: 'already_checked_in' },
  { name: 'checked in by another door, scanned again by code', scan: 'code', prior: 'roster', at: '2026-03-10T09:30:00+08:00', expected: 'already_checked_in' },
  { name: 'checked in on this device a moment ago', scan: 'ticket', prior: 'device', at: '2026-03-10T09:30:00+08:00', expected: 'already_checked_in' },
  { name: 'checked in earlier, scanned again after the end', scan: 'ticket', prior: 'roster', at: '2026-03-10T11:30:00+08:00', expected: 'already_checked_in' },
  { name: 'the same scan uploaded again (same nonce)', scan: 'ticket', prior: 'same-scan', at: '2026-03-10T09:30:00+08:00', expected: 'checked_in' },
  { name: 'a cancelled sign-up', scan: 'ticket', registration: 'cancelled', at: '2026-03-10T09:30:00+08:00', expected: 'cancelled' },
  { name: 'a cancelled sign-up by its 签到码', scan: 'code', registration: 'cancelled', at: '2026-03-10T09:30:00+08:00', expected: 'cancelled' },
  { name: 'a sign-up waiting for approval (审核)', scan: 'ticket', registration: 'pending', at: '2026-03-10T09:30:00+08:00', expected: 'pending_approval' },
  { name: 'a sign-up waiting for approval, by its 签到码', scan: 'code', registration: 'pending', at: '2026-03-10T09:30:00+08:00', expected: 'pending_approval' },
  { name: 'a cancelled event', scan: 'ticket', event: 'cancelled', at: '2026-03-10T09:30:00+08:00', expected: 'cancelled' },
  { name: 'a cancelled event, scanned after its end', scan: 'ticket', event: 'cancelled', at: '2026-03-10T11:30:00+08:00', expected: 'cancelled' },
  { name: 'another event’s genuine ticket', scan: 'other-event', at: '2026-03-10T09:30:00+08:00', expected: 'wrong_event' },
  { name: 'another event’s ticket before check-in opens', scan: 'other-event', at: '2026-03-10T06:00:00+08:00', expected: 'wrong_event' },
  { name: 'a forged ticket (another sign-up’s id of this event, the signature of this one)', scan: 'forged', at: '2026-03-10T09:30:00+08:00', expected: 'invalid' },
  { name: 'a malformed QR that claims to be a ticket', scan: 'garbage', at: '2026-03-10T09:30:00+08:00', expected: 'invalid' },
  { name: 'a 签到码 nobody has', scan: 'unknown-code', at: '2026-03-10T09:30:00+08:00', expected: 'invalid' },
]

/**
 * What is scanned, given the person's ticket and code, a genuine ticket of another event, and the
 * id of another sign-up of the same event.
 */
export function scanValue(c: ScanCase, person: { ticket: string; shortCode: string; id: string }, otherTicket: string, neighbourId: string): string {
  switch (c.scan) {
    case 'ticket':
      return person.ticket
    case 'code':
      return person.shortCode
    case 'code-typed':
      return `${person.shortCode.slice(0, 4)}-${person.shortCode.slice(4)}`.toLowerCase()
    case 'forged':
      return person.ticket.replace(`.${person.id}.`, `.${neighbourId}.`)
    case 'other-event':
      return otherTicket
    case 'garbage':
      return 'OD1.not-a-ticket'
    case 'unknown-code':
      return UNKNOWN_CODE
  }
}
