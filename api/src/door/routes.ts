import { poolHasSeatSql, poolSizeSql, poolTakenSql } from '../seats/pools'
import {
  CHECKIN_OPENS_BEFORE_MS,
  DOOR_SEARCH_LIMIT,
  manualCheckinSchema,
  maskName,
  maskPhoneTail,
  parseDoorQuery,
  walkInSchema,
  type Category,
  type DoorPerson,
  type DoorSearchResponse,
  type ManualCheckinResponse,
  type WalkInResponse,
} from '@openday/shared'
import { Hono } from 'hono'
import { requireStaffInBatch } from '../auth/guards'
import type { StaffCheck } from '../auth/session-check'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { newId, newShortCode } from '../lib/ids'
import { json } from '../lib/validate'
import { purgePublic } from '../lib/public-cache'

// At the door, for people who are not on the list (issue 8 part 5, docs/door.md). Any current staff
// member of the event's agency (the 签到核验员 at the door included). Each route is one batch: the
// session check, the decision (inside the SQL) and what is stored afterwards.

/**
 * A seat is left for a walk-in: in the event as a whole, and in the general pool (a walk-in never
 * takes a seat reserved for invited representatives; docs/seats.md).
 */
export const WALK_IN_SEAT_LEFT = `e.registered_count < e.capacity AND ${poolHasSeatSql('e', "'general'")}`

/** The check-in window, as the scan's insert has it: ?N is now, ?M is now + CHECKIN_OPENS_BEFORE_MS. */
const inWindow = (now: string, opensBy: string) => `e.start_at <= ${opensBy} AND e.end_at >= ${now}`

interface EventRow {
  agency_id: string
  status: 'draft' | 'published' | 'cancelled'
  start_at: string
  end_at: string
}

/** 404 for no such event, 403 for another agency's; returns the session. */
function confirmEvent(session: StaffCheck, staffRow: unknown, event: EventRow | undefined) {
  const staff = session.confirm(staffRow)
  if (!event) throw fail(404, 'NOT_FOUND', '活动不存在')
  if (event.agency_id !== staff.agencyId) throw fail(403, 'FORBIDDEN', '这不是您所在单位的活动')
  return staff
}

/** Why no check-in can happen now, or null if the window is open (the SQL decided; this explains). */
function windowProblem(event: EventRow, now: Date): string | null {
  if (event.status === 'cancelled') return '活动已取消，不能签到'
  if (event.status !== 'published') return '活动未发布，不能签到'
  if (now.getTime() > Date.parse(event.end_at)) return '活动已结束，不能再签到'
  if (now.getTime() < Date.parse(event.start_at) - CHECKIN_OPENS_BEFORE_MS) return '签到尚未开始（活动开始前2小时开放）'
  return null
}

const EVENT_SQL = `SELECT agency_id, status, start_at, end_at FROM events WHERE id = ?1`

interface PersonRow {
  id: string
  name: string
  phone: string
  category: Category
  status: 'active' | 'cancelled'
  source: 'signup' | 'walk_in'
  checked_in_at: string | null
}

const toPerson = (r: PersonRow): DoorPerson => ({
  registrationId: r.id,
  nameMasked: maskName(r.name),
  phoneMasked: maskPhoneTail(r.phone),
  category: r.category,
  status: r.status,
  source: r.source,
  checkedIn: r.checked_in_at !== null,
  checkedInAt: r.checked_in_at,
})

export const doorRoutes = new Hono<AppEnv>()
  // 查找: by the phone's last four (index registrations_event_phone4) or part of the name (a scan
  // of this event's registrations only, through registrations_event_status), at most 20.
  .get('/events/:id/door/search', requireStaffInBatch(), async (c) => {
    const parsed = parseDoorQuery(c.req.query('q'))
    if (!parsed.ok) throw fail(400, 'VALIDATION_FAILED', parsed.message, { field: 'q' })
    const { query } = parsed
    const eventId = c.req.param('id')
    const session = c.get('staffCheck')
    const d1 = c.get('d1')
    const match = query.kind === 'phone4' ? `substr(r.phone, -4) = ?2` : `instr(r.name, ?2) > 0`
    const [staffRow, event, found] = await d1.batch<any>([
      session.statement(d1),
      d1.prepare(EVENT_SQL).bind(eventId),
      d1
        .prepare(
          `SELECT r.id, r.name, r.phone, r.category, r.status, r.source, c.checked_in_at
           FROM registrations r LEFT JOIN checkins c ON c.registration_id = r.id
           WHERE r.event_id = ?1 AND ${match}
             AND ${session.sqlIsCurrent('?3', '?4', '(SELECT agency_id FROM events WHERE id = ?1)')}
           ORDER BY r.status = 'active' DESC, r.created_at, r.id
           LIMIT ?5`,
        )
        .bind(eventId, query.kind === 'phone4' ? query.digits : query.text, session.claims.id, session.claims.version, DOOR_SEARCH_LIMIT + 1),
    ])
    confirmEvent(session, staffRow.results[0], event.results[0])
    const rows = found.results as PersonRow[]
    const body: DoorSearchResponse = { people: rows.slice(0, DOOR_SEARCH_LIMIT).map(toPerson), more: rows.length > DOOR_SEARCH_LIMIT }
    return c.json(body)
  })

  // 手动签到: the same rules as a scan (an active sign-up of this event, published, in the window,
  // current staff of the agency), decided in the insert; the reason is stored on the check-in. The
  // primary key on registration_id keeps a second check-in (manual or scanned) from counting twice.
  .post('/events/:id/checkins/manual', requireStaffInBatch(), json(manualCheckinSchema), async (c) => {
    const { registrationId, reason } = c.req.valid('json')
    const eventId = c.req.param('id')
    const session = c.get('staffCheck')
    const d1 = c.get('d1')
    const nowDate = new Date()
    const now = nowDate.toISOString()
    const nonce = newId()
    const [staffRow, event, , outcome] = await d1.batch<any>([
      session.statement(d1),
      d1.prepare(EVENT_SQL).bind(eventId),
      d1
        .prepare(
          `INSERT INTO checkins (registration_id, event_id, staff_id, nonce, checked_in_at, recorded_at, manual_reason)
           SELECT r.id, r.event_id, ?3, ?5, ?6, ?6, ?8
           FROM registrations r JOIN events e ON e.id = r.event_id
           WHERE r.id = ?2 AND r.event_id = ?1 AND r.status = 'active' AND e.status = 'published'
             AND (r.approval IS NULL OR r.approval = 'approved')
             AND ${inWindow('?6', '?7')}
             AND ${session.sqlIsCurrent('?3', '?4', 'e.agency_id')}
           ON CONFLICT DO NOTHING`,
        )
        .bind(
          eventId,
          registrationId,
          session.claims.id,
          session.claims.version,
          nonce,
          now,
          new Date(nowDate.getTime() + CHECKIN_OPENS_BEFORE_MS).toISOString(),
          reason,
        ),
      d1
        .prepare(
          `SELECT r.name, r.status, r.approval, c.nonce, c.checked_in_at, c.manual_reason
           FROM registrations r LEFT JOIN checkins c ON c.registration_id = r.id
           WHERE r.id = ?2 AND r.event_id = ?1`,
        )
        .bind(eventId, registrationId),
    ])
    const ev = event.results[0] as EventRow | undefined
    confirmEvent(session, staffRow.results[0], ev)
    const row = outcome.results[0] as
      | { name: string; status: string; approval: string | null; nonce: string | null; checked_in_at: string | null; manual_reason: string | null }
      | undefined
    if (!row) throw fail(404, 'NOT_FOUND', '本场活动没有这条报名，请重新查找')
    if (row.checked_in_at) {
      const body: ManualCheckinResponse = {
        result: row.nonce === nonce ? 'checked_in' : 'already_checked_in',
        nameMasked: maskName(row.name),
        checkedInAt: row.checked_in_at,
        manualReason: row.manual_reason,
      }
      return c.json(body)
    }
    if (row.status !== 'active') throw fail(409, 'INVALID_STATE', '该报名已取消，不能签到；如本人到场，可为其现场登记')
    if (row.approval === 'pending') throw fail(409, 'INVALID_STATE', '该报名尚在审核中，请先在“名额与审核”中通过后再签到')
    throw fail(409, 'INVALID_STATE', windowProblem(ev!, nowDate) ?? '签到未成功，请重试')
  })

  // 现场登记: a registration marked 'walk_in' and its check-in, in one batch. Every insert carries
  // the same condition (published, in the check-in window, a seat left, the phone not yet signed
  // up for the event, current staff of the agency), so concurrent walk-ins can never pass capacity.
  // The walk-in's participant is a row of its own with no phone and no openid (nobody can log in
  // as it), inserted first so registrations.participant_id stays NOT NULL, and deleted again in the
  // same batch if the registration did not go in.
  .post('/events/:id/walk-ins', requireStaffInBatch(), json(walkInSchema), async (c) => {
    const input = c.req.valid('json')
    const eventId = c.req.param('id')
    const session = c.get('staffCheck')
    const d1 = c.get('d1')
    const nowDate = new Date()
    const now = nowDate.toISOString()
    const participantId = newId()
    const registrationId = newId()
    // ?1 event, ?2 phone, ?3 staff id, ?4 token version, ?5 now, ?6 now + the window's lead.
    const allowed = `e.id = ?1 AND e.status = 'published' AND ${inWindow('?5', '?6')}
      AND ${WALK_IN_SEAT_LEFT}
      AND NOT EXISTS (SELECT 1 FROM registrations x WHERE x.event_id = e.id AND x.phone = ?2 AND x.status = 'active')
      AND ${session.sqlIsCurrent('?3', '?4', 'e.agency_id')}`
    const common = [eventId, input.phone, session.claims.id, session.claims.version, now, new Date(nowDate.getTime() + CHECKIN_OPENS_BEFORE_MS).toISOString()]
    const results = await d1.batch<any>([
      session.statement(d1),
      d1.prepare(EVENT_SQL).bind(eventId),
      d1.prepare(`INSERT INTO participants (id, created_at) SELECT ?7, ?5 FROM events e WHERE ${allowed}`).bind(...common, participantId),
      d1
        .prepare(
          `INSERT INTO registrations (id, event_id, participant_id, name, phone, category, organization, status, short_code, created_at, source)
           SELECT ?8, e.id, ?7, ?9, ?2, ?10, ?11, 'active', ?12, ?5, 'walk_in'
           FROM events e WHERE ${allowed} AND EXISTS (SELECT 1 FROM participants p WHERE p.id = ?7)
           ON CONFLICT DO NOTHING`,
        )
        .bind(...common, participantId, registrationId, input.name, input.category, input.organization || null, newShortCode()),
      d1
        .prepare(
          `INSERT INTO checkins (registration_id, event_id, staff_id, nonce, checked_in_at, recorded_at)
           SELECT r.id, r.event_id, ?2, ?3, ?4, ?4 FROM registrations r WHERE r.id = ?1`,
        )
        .bind(registrationId, session.claims.id, newId(), now),
      d1
        .prepare(`DELETE FROM participants WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.participant_id = ?1)`)
        .bind(participantId),
      d1
        .prepare(
          `SELECT e.capacity, e.registered_count, e.walk_in_count, ${WALK_IN_SEAT_LEFT} AS seat_left,
                  max(0, min(e.capacity - e.registered_count, (${poolSizeSql('e', "'general'")}) - ${poolTakenSql('e', "'general'")})) AS seats_left,
                  (SELECT r.id FROM registrations r WHERE r.id = ?2) AS inserted_id,
                  (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.phone = ?3 AND r.status = 'active') AS phone_taken
           FROM events e WHERE e.id = ?1`,
        )
        .bind(eventId, registrationId, input.phone),
    ])
    const ev = results[1].results[0] as EventRow | undefined
    confirmEvent(session, results[0].results[0], ev)
    const o = results[results.length - 1].results[0] as {
      capacity: number
      registered_count: number
      walk_in_count: number
      seat_left: number
      seats_left: number
      inserted_id: string | null
      phone_taken: number | null
    }
    if (o.inserted_id) {
      await purgePublic(c, '/events', `/events/${eventId}`)
      const body: WalkInResponse = {
        walkIn: { registrationId, nameMasked: maskName(input.name), phoneMasked: maskPhoneTail(input.phone), category: input.category, checkedInAt: now },
        // What is left for the public and walk-ins: the general pool, within the whole capacity.
        seatsLeft: o.seats_left,
        walkInCount: o.walk_in_count,
      }
      return c.json(body, 201)
    }
    if (o.phone_taken) throw fail(409, 'ALREADY_REGISTERED', '该手机号已报名本场活动，请用“查找”为其签到', { field: 'phone' })
    const problem = windowProblem(ev!, nowDate)
    if (problem) throw fail(409, 'INVALID_STATE', problem.replace('签到', '现场登记'))
    if (!o.seat_left) throw fail(409, 'EVENT_FULL', '名额已满，不能再现场登记')
    throw fail(409, 'INVALID_STATE', '登记未成功，请重新提交')
  })
