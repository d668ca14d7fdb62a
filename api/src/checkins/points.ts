// A staff scan at a check-in point (签到点) or an exit scan (docs/checkpoints.md). The entrance's
// check-in stays in routes.ts; this handles `checkpointId` (a stop or the talk) and
// `direction: 'out'` (离开) at any point, the entrance included. One D1 round trip, the rules in
// the SQL like the entrance's: only an active registration of this event, the event published,
// inside the check-in window, scanned by a current staff session of the event's agency.
import {
  ENTRANCE_ID,
  decidePointExit,
  decideScan,
  maskName,
  type PointScanResponse,
  type ScanDirection,
  type ScanFacts,
} from '@openday/shared'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { MATCH, readScan, scannableSql } from './scan'

export interface PointScanInput {
  ticket: string
  nonce?: string
  scannedAt?: string
  checkpointId?: string
  direction?: ScanDirection
}

/** Whether a scan is the entrance's ordinary check-in (handled by routes.ts as before). */
export const isEntranceCheckIn = (input: PointScanInput) =>
  (!input.checkpointId || input.checkpointId === ENTRANCE_ID) && (input.direction ?? 'in') === 'in'

/**
 * What a scan's read statement returns about the ticket's sign-up, its event and the check-in row
 * (at the entrance in routes.ts, at a point here): the facts decideScan is given.
 */
export interface ScanRow {
  scan_agency: string
  reg_id: string | null
  reg_event: string | null
  reg_status: 'active' | 'cancelled' | 'pending' | null
  name: string | null
  category: string | null
  start_at: string | null
  end_at: string | null
  event_status: 'draft' | 'published' | 'cancelled' | null
  nonce: string | null
  checked_in_at: string | null
}

interface PointRow extends ScanRow {
  cp_id: string | null
  cp_active: number | null
  exited_at: string | null
}

/** Binds exactly the parameters a statement numbers (?1…?N): unused ones in between are fine. */
function bindUpTo(stmt: D1PreparedStatement, sql: string, params: unknown[]) {
  const max = Math.max(0, ...[...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])))
  return stmt.bind(...params.slice(0, max))
}

// ?1–?9 as in scan.ts, ?10 the checkpoint.

export async function pointScan(c: Context<AppEnv>, input: PointScanInput) {
  const eventId = c.req.param('id')!
  const session = c.get('staffCheck')
  const d1 = c.get('d1')
  const direction: ScanDirection = input.direction ?? 'in'
  const atEntrance = !input.checkpointId || input.checkpointId === ENTRANCE_ID
  const checkpointId = atEntrance ? ENTRANCE_ID : input.checkpointId!
  const { nonce, now, params: scanParams } = await readScan(c, input)
  const params = [...scanParams, checkpointId]
  // The same conditions as the entrance's INSERT (routes.ts), for the registration scanned.
  const eligible = scannableSql(session)
  const activePoint = `EXISTS (SELECT 1 FROM checkpoints cp WHERE cp.id = ?10 AND cp.event_id = ?2 AND cp.active = 1)`

  let write: string
  if (direction === 'in') {
    // Several devices scanning one ticket at one point: the primary key keeps one row.
    write = `INSERT INTO checkpoint_scans (checkpoint_id, registration_id, event_id, source, staff_id, nonce, checked_in_at, recorded_at)
      SELECT ?10, r.id, r.event_id, 'staff', ?4, ?5, ?6, ?9
      FROM registrations r JOIN events e ON e.id = r.event_id
      WHERE ${eligible} AND ${activePoint}
      ON CONFLICT DO NOTHING`
  } else if (atEntrance) {
    write = `UPDATE checkins SET exited_at = ?6
      WHERE exited_at IS NULL AND registration_id = (SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id WHERE ${eligible})`
  } else {
    write = `UPDATE checkpoint_scans SET exited_at = ?6
      WHERE checkpoint_id = ?10 AND exited_at IS NULL AND ${activePoint}
        AND registration_id = (SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id WHERE ${eligible})`
  }
  const scanned = atEntrance
    ? `LEFT JOIN checkins x ON x.registration_id = r.id`
    : `LEFT JOIN checkpoint_scans x ON x.checkpoint_id = ?10 AND x.registration_id = r.id`
  const read = `SELECT ev.agency_id AS scan_agency, cp.id AS cp_id, cp.active AS cp_active,
      r.id AS reg_id, r.event_id AS reg_event,
      CASE WHEN r.status = 'active' AND r.approval = 'pending' THEN 'pending' ELSE r.status END AS reg_status, r.name, r.category,
      re.start_at, re.end_at, re.status AS event_status, x.nonce, x.checked_in_at, x.exited_at
    FROM events ev
    LEFT JOIN checkpoints cp ON cp.id = ?10 AND cp.event_id = ev.id
    LEFT JOIN registrations r ON ${MATCH}
    LEFT JOIN events re ON re.id = r.event_id
    ${scanned}
    WHERE ev.id = ?2`
  const [written, scan, staffNow] = await d1.batch<PointRow>([
    bindUpTo(d1.prepare(write), write, params),
    bindUpTo(d1.prepare(read), read, params),
    session.statement(d1),
  ])
  const staff = session.confirm(staffNow.results[0])
  const row = scan.results[0]
  if (!row) throw fail(404, 'NOT_FOUND', '活动不存在')
  if (row.scan_agency !== staff.agencyId) throw fail(403, 'FORBIDDEN', '这不是您所在单位的活动')
  if (!atEntrance && !row.cp_id) throw fail(404, 'NOT_FOUND', '签到点不存在，请刷新签到点列表')
  if (!atEntrance && !row.cp_active) throw fail(409, 'CHECKPOINT_INACTIVE')

  const facts: Omit<ScanFacts, 'checkin' | 'nonce'> = {
    scanningEventId: eventId,
    registration: row.reg_id ? { eventId: row.reg_event!, status: row.reg_status! } : null,
    event: row.start_at ? { startAt: row.start_at, endAt: row.end_at!, status: row.event_status! } : null,
    now,
  }
  const result =
    direction === 'in'
      ? decideScan({ ...facts, checkin: row.checked_in_at ? { nonce: row.nonce, checkedInAt: row.checked_in_at } : null, nonce })
      : decidePointExit(facts, { checkedIn: !!row.checked_in_at, exitedAt: row.exited_at, changed: (written.meta.changes ?? 0) > 0 })
  const body: PointScanResponse = { result, checkpointId, direction }
  if (result !== 'wrong_event' && result !== 'invalid' && row.name) {
    body.attendee = { nameMasked: maskName(row.name), category: row.category! }
  }
  if (row.checked_in_at && result !== 'wrong_event' && result !== 'invalid' && result !== 'cancelled') body.checkedInAt = row.checked_in_at
  if (row.exited_at && (result === 'exited' || result === 'already_exited')) body.exitedAt = row.exited_at
  return c.json(body)
}
