// One table of scans at a 签到点 and exit scans, decided twice: on the device from the roster and
// its own earlier scans (shared/test/point-cases.test.ts, decidePointOffline) and by the real
// route on a real D1 (api/test/point-cases.test.ts, which also runs the device's decision on the
// roster that route returns). Every case is one where the device knows what the server knows;
// what it cannot know (another door's scans at a point) is accepted provisionally instead
// (docs/checkpoints.md) and tested in shared/test/point-offline.test.ts.
import type { PointScanResult } from '../src/checkin'
import type { DeviceCheckin } from '../src/roster'

export { CASE_EVENT, CASE_PERSON, CASE_SIGN_UP_AT, CASE_UPLOAD_AT, UNKNOWN_CODE } from './scan-cases'

/** When another door checked the person in at the entrance (before the roster was downloaded). */
export const OTHER_DOOR_AT = '2026-03-10T09:01:00+08:00'

/** Earlier scans of this device (at CASE_PRIOR_AT, a minute apart), already uploaded. */
export type PriorScan = 'entrance-in' | 'point-in' | 'entrance-out' | 'point-out'

export interface PointCase {
  name: string
  where: 'entrance' | 'point'
  direction: 'in' | 'out'
  registration?: 'cancelled' | 'pending'
  /** Checked in at the entrance by another door before the roster was downloaded. */
  otherDoor?: boolean
  /** This device's own earlier scans, in order. */
  prior?: PriorScan[]
  /** Scan the unknown 签到码 instead of the person's. */
  unknown?: boolean
  at: string
  expected: PointScanResult
}

const DURING = '2026-03-10T09:30:00+08:00'

export const POINT_CASES: readonly PointCase[] = [
  { name: 'in at a stop', where: 'point', direction: 'in', at: DURING, expected: 'checked_in' },
  { name: 'in at a stop, already checked in there by this device', where: 'point', direction: 'in', prior: ['point-in'], at: DURING, expected: 'already_checked_in' },
  { name: 'in at a stop, checked in at the entrance by another door', where: 'point', direction: 'in', otherDoor: true, at: DURING, expected: 'checked_in' },
  { name: 'in at a stop, a cancelled sign-up', where: 'point', direction: 'in', registration: 'cancelled', at: DURING, expected: 'cancelled' },
  { name: 'in at a stop, waiting for approval', where: 'point', direction: 'in', registration: 'pending', at: DURING, expected: 'pending_approval' },
  { name: 'in at a stop before check-in opens', where: 'point', direction: 'in', at: '2026-03-10T06:59:59+08:00', expected: 'not_open' },
  { name: 'in at a stop after the end', where: 'point', direction: 'in', at: '2026-03-10T11:00:01+08:00', expected: 'ended' },
  { name: 'in at a stop, a 签到码 nobody has', where: 'point', direction: 'in', unknown: true, at: DURING, expected: 'invalid' },
  { name: 'out at the entrance, checked in by another door', where: 'entrance', direction: 'out', otherDoor: true, at: DURING, expected: 'exited' },
  { name: 'out at the entrance, checked in by this device', where: 'entrance', direction: 'out', prior: ['entrance-in'], at: DURING, expected: 'exited' },
  { name: 'out at the entrance, not checked in', where: 'entrance', direction: 'out', at: DURING, expected: 'not_checked_in' },
  { name: 'out at the entrance, left already (this device)', where: 'entrance', direction: 'out', otherDoor: true, prior: ['entrance-out'], at: DURING, expected: 'already_exited' },
  { name: 'out at the entrance after the end', where: 'entrance', direction: 'out', otherDoor: true, at: '2026-03-10T11:30:00+08:00', expected: 'ended' },
  { name: 'out at the entrance, a cancelled sign-up', where: 'entrance', direction: 'out', registration: 'cancelled', at: DURING, expected: 'cancelled' },
  { name: 'out at a stop, checked in there by this device', where: 'point', direction: 'out', prior: ['point-in'], at: DURING, expected: 'exited' },
  { name: 'out at a stop, left already (this device)', where: 'point', direction: 'out', prior: ['point-in', 'point-out'], at: DURING, expected: 'already_exited' },
  { name: 'out at a stop, waiting for approval', where: 'point', direction: 'out', registration: 'pending', at: DURING, expected: 'pending_approval' },
]

/** When the i-th earlier scan of this device was made. */
export const priorAt = (i: number) => new Date(Date.parse('2026-03-10T09:05:00+08:00') + i * 60_000).toISOString()

/** This device's scans at the case's point, from its earlier scans. */
export function deviceScansFor(c: PointCase, person: string) {
  const checkins = new Map<string, DeviceCheckin>()
  const exits = new Map<string, string>()
  ;(c.prior ?? []).forEach((p, i) => {
    if (!p.startsWith(c.where)) return
    if (p.endsWith('-in')) checkins.set(person, { nonce: `prior-scan-${i}`, checkedInAt: priorAt(i) })
    else exits.set(person, priorAt(i))
  })
  return { checkins, exits }
}
