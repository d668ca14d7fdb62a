import { checkinInputSchema, decideScan, maskName, type Category, type CheckinResponse } from '@openday/shared'
import { Hono } from 'hono'
import { requireStaffInBatch } from '../auth/guards'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { json } from '../lib/validate'
import { isEntranceCheckIn, pointScan, type ScanRow } from './points'
import { MATCH, readScan, scannableSql } from './scan'

/** The entrance's read adds who checked the person in. */
interface EntranceRow extends ScanRow {
  checked_in_by: string | null
}


export const checkinRoutes = new Hono<AppEnv>().post('/events/:id/checkins', requireStaffInBatch(), json(checkinInputSchema), async (c) => {
  // A stop of the tour or an exit scan (签到点, docs/checkpoints.md): checkpoints/points.ts.
  if (!isEntranceCheckIn(c.req.valid('json'))) return pointScan(c, c.req.valid('json'))
  const eventId = c.req.param('id')
  const session = c.get('staffCheck')
  const d1 = c.get('d1')
  const { nonce, now, params } = await readScan(c, c.req.valid('json'))

  // One round trip: the insert only happens for an active registration of this agency's event
  // inside the check-in window, scanned by a current staff session; the primary key on
  // registration_id makes concurrent scans of one ticket record exactly one check-in. Two doors
  // that scanned one ticket offline: the FIRST scan (by scan time) wins whichever arrives first,
  // so a stored check-in is replaced by an earlier one (an UPDATE: the count triggers only
  // count inserts); a retry carries its own scan time, so it never replaces itself. The
  // selects then report what is stored and who the staff member is now.
  const [, scan, staffNow] = await d1.batch<EntranceRow>([
    d1
      .prepare(
        `INSERT INTO checkins (registration_id, event_id, staff_id, nonce, checked_in_at, recorded_at)
         SELECT r.id, r.event_id, ?4, ?5, ?6, ?9
         FROM registrations r JOIN events e ON e.id = r.event_id
         WHERE ${scannableSql(session)}
         ON CONFLICT (registration_id) DO UPDATE
           SET staff_id = excluded.staff_id, nonce = excluded.nonce,
               checked_in_at = excluded.checked_in_at, recorded_at = excluded.recorded_at
           WHERE excluded.checked_in_at < checkins.checked_in_at`,
      )
      .bind(...params),
    d1
      .prepare(
        `SELECT ev.agency_id AS scan_agency, r.id AS reg_id, r.event_id AS reg_event,
                CASE WHEN r.status = 'active' AND r.approval = 'pending' THEN 'pending' ELSE r.status END AS reg_status,
                r.name, r.category, re.start_at, re.end_at, re.status AS event_status, c.nonce, c.checked_in_at, s.display_name AS checked_in_by
         FROM events ev
         LEFT JOIN registrations r ON ${MATCH}
         LEFT JOIN events re ON re.id = r.event_id
         LEFT JOIN checkins c ON c.registration_id = r.id
         LEFT JOIN staff_users s ON s.id = c.staff_id
         WHERE ev.id = ?2`,
      )
      .bind(...params.slice(0, 3)),
    session.statement(d1),
  ])
  const staff = session.confirm(staffNow.results[0])
  const row = scan.results[0]
  if (!row) throw fail(404, 'NOT_FOUND', '活动不存在')
  if (row.scan_agency !== staff.agencyId) throw fail(403, 'FORBIDDEN', '这不是您所在单位的活动')

  const result = decideScan({
    scanningEventId: eventId,
    registration: row.reg_id ? { eventId: row.reg_event!, status: row.reg_status! } : null,
    event: row.start_at ? { startAt: row.start_at, endAt: row.end_at!, status: row.event_status! } : null,
    checkin: row.checked_in_at ? { nonce: row.nonce, checkedInAt: row.checked_in_at } : null,
    nonce,
    now,
  })
  const body: CheckinResponse = { result }
  if (result !== 'wrong_event' && result !== 'invalid' && row.name) {
    body.attendee = { nameMasked: maskName(row.name), category: row.category as Category }
  }
  if (result === 'checked_in' || result === 'already_checked_in') {
    body.checkedInAt = row.checked_in_at!
    if (result === 'already_checked_in') body.checkedInBy = row.checked_in_by ?? undefined
  }
  return c.json(body)
})
