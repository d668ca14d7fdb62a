import { CHECKIN_OPENS_BEFORE_MS, type CheckinResult } from './constants'

export interface ScanFacts {
  /** The event the scanner is checking people in for. */
  scanningEventId: string
  /** The registration the ticket or short code points to, if it verified and exists. */
  registration: { eventId: string; status: RegistrationDoorStatus } | null
  /** Timing of the registration's event (the one on the ticket), and whether it was cancelled. */
  event: { startAt: string; endAt: string; status?: 'draft' | 'published' | 'cancelled' } | null
  /** The check-in row for this registration after this scan's insert attempt. */
  checkin: { nonce: string | null; checkedInAt: string } | null
  /** The nonce this scan was sent with. */
  nonce: string | null
  now: Date
}

/**
 * A sign-up as the door sees it. 'pending' is a sign-up still waiting for approval (审核): not
 * valid at the door; the server's query and the roster map an unapproved sign-up to it.
 */
export type RegistrationDoorStatus = 'active' | 'cancelled' | 'pending'

/** How far ahead of the server's clock a device's scan time may be (clock skew). */
export const SCAN_MAX_AHEAD_MS = 5 * 60 * 1000
/** How late a scan queued on a device may still be uploaded and decided at its scan time. */
export const SCAN_MAX_DELAY_MS = 3 * 24 * 60 * 60 * 1000

/**
 * Why a scan time sent by a device cannot be used, or null if it can. A scan queued while the
 * door was offline is decided at the moment it was scanned, not when it finally arrived.
 */
export function scanTimeProblem(scannedAt: Date, arrivedAt: Date): string | null {
  const t = scannedAt.getTime()
  if (t > arrivedAt.getTime() + SCAN_MAX_AHEAD_MS) return '扫码时间晚于服务器时间，请校准手机时间后重新扫码'
  if (t < arrivedAt.getTime() - SCAN_MAX_DELAY_MS) return '扫码记录已超过3天未上传，不能再补录，请参加者重新出示票据'
  return null
}

export function checkinWindowOpen(event: { startAt: string; endAt: string }, now: Date): boolean {
  const t = now.getTime()
  return t >= Date.parse(event.startAt) - CHECKIN_OPENS_BEFORE_MS && t <= Date.parse(event.endAt)
}

/**
 * The one place that decides what a scan means. A retried upload (same nonce) gets the
 * answer of the first upload, so it is never counted twice nor reported as a duplicate.
 */
export function decideScan(f: ScanFacts): CheckinResult {
  if (!f.registration) return 'invalid'
  // Another event's genuine ticket: said before anything about that event is needed (a door
  // device offline only knows its own event).
  if (f.registration.eventId !== f.scanningEventId) return 'wrong_event'
  if (!f.event) return 'invalid'
  // A cancelled sign-up, or a cancelled event: every ticket of it answers 已取消.
  if (f.registration.status === 'cancelled' || f.event.status === 'cancelled') return 'cancelled'
  // Waiting for approval (审核): a genuine sign-up, not admitted yet (待审核, never 无效票据).
  if (f.registration.status === 'pending') return 'pending_approval'
  if (f.checkin && f.nonce && f.checkin.nonce === f.nonce) return 'checked_in'
  if (f.checkin) return 'already_checked_in'
  if (f.now.getTime() > Date.parse(f.event.endAt)) return 'ended'
  if (!checkinWindowOpen(f.event, f.now)) return 'not_open'
  // The atomic insert only runs inside the window, so reaching here means the row is missing
  // for another reason (e.g. a concurrent cancellation): treat it as not valid for entry.
  return 'invalid'
}

// ---- Scans at a check-in point (签到点) and exit scans (docs/checkpoints.md) ----

/** The entrance is a virtual point: the `checkins` table. */
export const ENTRANCE_ID = 'entrance'

/** Exit scans, and a scan at a point that is not the entrance, add these to CheckinResult. */
export const POINT_SCAN_RESULTS = {
  exited: '已登记离开',
  already_exited: '已登记过离开',
  not_checked_in: '尚未在此签到，不能登记离开',
} as const
export type PointScanOnly = keyof typeof POINT_SCAN_RESULTS
export type PointScanResult = CheckinResult | PointScanOnly

/**
 * An exit scan's outcome, once the ticket itself is known good (decideScan said it is this
 * event's, active, in the window — i.e. it would be 'checked_in' or 'already_checked_in').
 * `changed`: whether this scan's update stamped the exit (D1's changes count of the statement).
 */
export function decideExit(f: { checkedIn: boolean; exitedAt: string | null; changed: boolean }): PointScanOnly {
  if (!f.checkedIn) return 'not_checked_in'
  if (f.changed) return 'exited'
  return f.exitedAt ? 'already_exited' : 'not_checked_in'
}

/**
 * An exit scan's outcome: the ticket's own problems first, exactly as decideScan answers them
 * (invalid, wrong event, cancelled, outside the window); then whether it left now.
 */
export function decidePointExit(
  f: { scanningEventId: string; registration: ScanFacts['registration']; event: ScanFacts['event']; now: Date },
  row: { checkedIn: boolean; exitedAt: string | null; changed: boolean },
): PointScanResult {
  const base = decideScan({ ...f, checkin: null, nonce: null })
  // decideScan's last answer, 'invalid' for a good ticket inside the window with no check-in row,
  // is where an exit is decided.
  if (base !== 'invalid' || !f.registration || !f.event) return base
  return decideExit(row)
}
