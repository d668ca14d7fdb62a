// Check-in points (签到点, docs/checkpoints.md): the stops of the tour and the talk, managed by the
// event's organisers; each shows a code that changes every 30 seconds, which the participants
// scan themselves (POST /checkpoints/scan). The entrance is the `checkins` table, listed here as
// a virtual point. Staff scans at a point go through POST /events/:id/checkins (points.ts).
import {
  CHECKPOINT_MAX_PER_EVENT,
  CODE_WINDOW_SECONDS,
  ENTRANCE_ID,
  ENTRANCE_NAME,
  CHECKIN_OPENS_BEFORE_MS,
  ORGANISER_ROLES,
  checkpointInputSchema,
  checkpointPatchSchema,
  checkpointScanSchema,
  codeWindow,
  formatCode,
  insideNow,
  parseCode,
  stopPagePath,
  windowEndsAt,
  windowStatus,
  type CheckpointCodeResponse,
  type CheckpointKind,
  type CheckpointListResponse,
  type CheckpointView,
  type DashboardPoint,
  type StopPage,
} from '@openday/shared'
import { Hono } from 'hono'
import { requireParticipantInBatch, requireStaffInBatch } from '../auth/guards'
import type { AppEnv } from '../env'
import { assertOwn } from '../events/queries'
import { fail } from '../lib/errors'
import { newId } from '../lib/ids'
import { safeEqual, toBase64Url } from '../lib/encoding'
import { json } from '../lib/validate'

// ---- The rotating code: HMAC-SHA-256 of the point and the 30-second window ----

const keys = new Map<string, Promise<CryptoKey>>()

/**
 * The codes' own HMAC key, derived with HKDF from SESSION_SECRET (no new secret to manage): a
 * code cannot be made without the server's secret, and knowing codes reveals nothing of it.
 */
function codeKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret)
  if (!key) {
    const enc = new TextEncoder()
    key = crypto.subtle
      .importKey('raw', enc.encode(secret), 'HKDF', false, ['deriveKey'])
      .then((material) =>
        crypto.subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: enc.encode('openday-checkpoint-codes'), info: enc.encode('checkpoint-code-v1') },
          material,
          { name: 'HMAC', hash: 'SHA-256', length: 256 },
          false,
          ['sign'],
        ),
      )
    keys.set(secret, key)
  }
  return key
}

/** 96 bits of the MAC (16 base64url characters): unguessable, and the QR stays small. */
async function codeMac(secret: string, pointId: string, window: number): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await codeKey(secret), new TextEncoder().encode(`cp:${pointId}:${window}`))
  return toBase64Url(new Uint8Array(mac).slice(0, 12))
}

export async function checkpointCode(secret: string, pointId: string, now: Date): Promise<string> {
  const window = codeWindow(now)
  return formatCode({ pointId, window, mac: await codeMac(secret, pointId, window) })
}

// ---- Rows ----

interface PointRow {
  id: string
  name: string
  kind: CheckpointKind
  description: string
  images: string
  position: number
  active: number
  checkedIn: number
  exited: number
}

const POINT_COLUMNS = `id, name, kind, description, images, position, active, checked_in_count AS checkedIn, exited_count AS exited`

function view(r: PointRow): CheckpointView {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    description: r.description,
    images: JSON.parse(r.images) as string[],
    position: r.position,
    active: !!r.active,
    checkedIn: r.checkedIn,
    exited: r.exited,
    insideNow: insideNow(r.checkedIn, r.exited),
  }
}

interface EventRow {
  agencyId: string
  status: string
  title: string
  checkedIn: number
  exited: number
  points: number
}

const EVENT_SQL = `SELECT agency_id AS agencyId, status, title, checked_in_count AS checkedIn, exited_count AS exited,
  (SELECT count(*) FROM checkpoints WHERE event_id = ?1) AS points FROM events WHERE id = ?1`

export const checkpointRoutes = new Hono<AppEnv>()
  // Any staff of the event's agency (the checker chooses a point at the door): the entrance
  // first, then the points by position, each with its counts. One round trip.
  .get('/events/:id/checkpoints', requireStaffInBatch(), async (c) => {
    const eventId = c.req.param('id')
    const d1 = c.get('d1')
    const session = c.get('staffCheck')
    const [eventRes, pointsRes, staffNow] = await d1.batch<Record<string, unknown>>([
      d1.prepare(EVENT_SQL).bind(eventId),
      d1.prepare(`SELECT ${POINT_COLUMNS} FROM checkpoints WHERE event_id = ?1 ORDER BY active DESC, position, created_at`).bind(eventId),
      session.statement(d1),
    ])
    const event = assertOwn(eventRes.results[0] as unknown as EventRow | undefined, session.confirm(staffNow.results[0]))
    const entrance: CheckpointView = {
      id: ENTRANCE_ID,
      kind: 'entrance',
      name: ENTRANCE_NAME,
      description: '',
      images: [],
      position: -1,
      active: true,
      checkedIn: event.checkedIn,
      exited: event.exited,
      insideNow: insideNow(event.checkedIn, event.exited),
    }
    const body: CheckpointListResponse = { points: [entrance, ...(pointsRes.results as unknown as PointRow[]).map(view)] }
    return c.json(body)
  })
  // Organisers add a point; at most CHECKPOINT_MAX_PER_EVENT per event, decided in the INSERT.
  .post('/events/:id/checkpoints', requireStaffInBatch(ORGANISER_ROLES), json(checkpointInputSchema), async (c) => {
    const input = c.req.valid('json')
    const eventId = c.req.param('id')
    const d1 = c.get('d1')
    const session = c.get('staffCheck')
    const id = newId()
    const [inserted, eventRes, pointRes, staffNow] = await d1.batch<Record<string, unknown>>([
      d1
        .prepare(
          `INSERT INTO checkpoints (id, event_id, name, kind, description, images, position, created_at)
           SELECT ?2, e.id, ?3, ?4, ?5, ?6, COALESCE(?7, (SELECT COALESCE(MAX(position), 0) + 1 FROM checkpoints WHERE event_id = ?1)), ?8
           FROM events e
           WHERE e.id = ?1 AND e.status != 'cancelled' AND ${session.sqlIsCurrent('?9', '?10', 'e.agency_id')}
             AND (SELECT count(*) FROM checkpoints WHERE event_id = ?1) < ${CHECKPOINT_MAX_PER_EVENT}`,
        )
        .bind(
          eventId,
          id,
          input.name,
          input.kind,
          input.description,
          JSON.stringify(input.images),
          input.position ?? null,
          new Date().toISOString(),
          session.claims.id,
          session.claims.version,
        ),
      d1.prepare(EVENT_SQL).bind(eventId),
      d1.prepare(`SELECT ${POINT_COLUMNS} FROM checkpoints WHERE id = ?1`).bind(id),
      session.statement(d1),
    ])
    const event = assertOwn(eventRes.results[0] as unknown as EventRow | undefined, session.confirm(staffNow.results[0]))
    if (!inserted.meta.changes) {
      if (event.status === 'cancelled') throw fail(409, 'INVALID_STATE', '活动已取消，不能再添加签到点')
      if (event.points >= CHECKPOINT_MAX_PER_EVENT) throw fail(409, 'CHECKPOINT_LIMIT')
      throw fail(409, 'INVALID_STATE', '签到点未能保存，请刷新后重试')
    }
    return c.json({ point: view(pointRes.results[0] as unknown as PointRow) }, 201)
  })
  // Organisers change a point, or deactivate it (停用: it leaves the door's picker and its code
  // stops working; its scans and counts stay).
  .patch('/events/:id/checkpoints/:cpId', requireStaffInBatch(ORGANISER_ROLES), json(checkpointPatchSchema), async (c) => {
    const input = c.req.valid('json')
    const eventId = c.req.param('id')
    const cpId = c.req.param('cpId')
    const d1 = c.get('d1')
    const session = c.get('staffCheck')
    const sets: string[] = []
    const values: unknown[] = []
    const set = (column: string, value: unknown) => {
      values.push(value)
      sets.push(`${column} = ?${values.length + 4}`)
    }
    if (input.name !== undefined) set('name', input.name)
    if (input.kind !== undefined) set('kind', input.kind)
    if (input.description !== undefined) set('description', input.description)
    if (input.images !== undefined) set('images', JSON.stringify(input.images))
    if (input.position !== undefined) set('position', input.position)
    if (input.active !== undefined) set('active', input.active ? 1 : 0)
    if (!sets.length) throw fail(400, 'VALIDATION_FAILED', '没有要修改的内容')
    const [updated, eventRes, pointRes, staffNow] = await d1.batch<Record<string, unknown>>([
      d1
        .prepare(
          `UPDATE checkpoints SET ${sets.join(', ')}
           WHERE id = ?2 AND event_id = ?1
             AND EXISTS (SELECT 1 FROM events e WHERE e.id = ?1 AND ${session.sqlIsCurrent('?3', '?4', 'e.agency_id')})`,
        )
        .bind(eventId, cpId, session.claims.id, session.claims.version, ...values),
      d1.prepare(EVENT_SQL).bind(eventId),
      d1.prepare(`SELECT ${POINT_COLUMNS} FROM checkpoints WHERE id = ?1 AND event_id = ?2`).bind(cpId, eventId),
      session.statement(d1),
    ])
    assertOwn(eventRes.results[0] as unknown as EventRow | undefined, session.confirm(staffNow.results[0]))
    const point = pointRes.results[0] as unknown as PointRow | undefined
    if (!point || !updated.meta.changes) throw fail(404, 'NOT_FOUND', '签到点不存在')
    return c.json({ point: view(point) })
  })
  // The staff screen's code for a point, with the point's counts (polled every few seconds).
  .get('/events/:id/checkpoints/:cpId/code', requireStaffInBatch(), async (c) => {
    const eventId = c.req.param('id')
    const cpId = c.req.param('cpId')
    const d1 = c.get('d1')
    const session = c.get('staffCheck')
    const [eventRes, pointRes, staffNow] = await d1.batch<Record<string, unknown>>([
      d1.prepare(EVENT_SQL).bind(eventId),
      d1.prepare(`SELECT ${POINT_COLUMNS} FROM checkpoints WHERE id = ?1 AND event_id = ?2`).bind(cpId, eventId),
      session.statement(d1),
    ])
    assertOwn(eventRes.results[0] as unknown as EventRow | undefined, session.confirm(staffNow.results[0]))
    const point = pointRes.results[0] as unknown as PointRow | undefined
    if (!point) throw fail(404, 'NOT_FOUND', '签到点不存在')
    if (!point.active) throw fail(409, 'CHECKPOINT_INACTIVE')
    const now = new Date()
    const code = await checkpointCode(c.env.SESSION_SECRET, point.id, now)
    const body: CheckpointCodeResponse = {
      code,
      url: `${new URL(c.req.url).origin}${stopPagePath(code)}`,
      windowSeconds: CODE_WINDOW_SECONDS,
      validUntil: windowEndsAt(codeWindow(now)).toISOString(),
      point: { id: point.id, name: point.name, checkedIn: point.checkedIn, exited: point.exited, insideNow: insideNow(point.checkedIn, point.exited) },
    }
    return c.json(body)
  })
  // The participant scans a point's code: checks in here every person this account signed up
  // for the event who has been checked in at the entrance (presence proven at the door, so a
  // code forwarded to someone at home does nothing). One round trip; twice counts once.
  .post('/checkpoints/scan', requireParticipantInBatch, json(checkpointScanSchema), async (c) => {
    const parsed = parseCode(c.req.valid('json').code)
    if (!parsed) throw fail(400, 'CHECKPOINT_CODE_INVALID')
    const now = new Date()
    const expected = await codeMac(c.env.SESSION_SECRET, parsed.pointId, parsed.window)
    if (!safeEqual(expected, parsed.mac)) throw fail(400, 'CHECKPOINT_CODE_INVALID')
    const status = windowStatus(parsed.window, now)
    if (status === 'expired') throw fail(410, 'CHECKPOINT_CODE_EXPIRED')
    if (status === 'future') throw fail(400, 'CHECKPOINT_CODE_INVALID')

    const d1 = c.get('d1')
    const check = c.get('participantCheck')
    const nonce = newId()
    const nowIso = now.toISOString()
    const [, factsRes, staffNow] = await d1.batch<Record<string, unknown>>([
      d1
        .prepare(
          `INSERT INTO checkpoint_scans (checkpoint_id, registration_id, event_id, source, staff_id, nonce, checked_in_at, recorded_at)
           SELECT cp.id, r.id, r.event_id, 'self', NULL, ?3, ?4, ?4
           FROM checkpoints cp
           JOIN events e ON e.id = cp.event_id
           JOIN registrations r ON r.event_id = e.id AND r.participant_id = ?2 AND r.status = 'active'
           JOIN checkins ci ON ci.registration_id = r.id
           WHERE cp.id = ?1 AND cp.active = 1 AND e.status = 'published'
             AND e.start_at <= ?5 AND e.end_at >= ?4
             AND ${check.sqlIsCurrent('?2', '?6')}
           ON CONFLICT DO NOTHING`,
        )
        .bind(parsed.pointId, check.claims.id, nonce, nowIso, new Date(now.getTime() + CHECKIN_OPENS_BEFORE_MS).toISOString(), check.claims.version),
      d1
        .prepare(
          `SELECT cp.id, cp.name, cp.kind, cp.description, cp.images, cp.active, e.id AS eventId, e.title, e.status, e.start_at AS startAt,
                  e.end_at AS endAt,
                  (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.participant_id = ?2 AND r.status = 'active') AS signedUp,
                  (SELECT count(*) FROM registrations r JOIN checkins ci ON ci.registration_id = r.id
                    WHERE r.event_id = e.id AND r.participant_id = ?2 AND r.status = 'active') AS atEntrance,
                  (SELECT count(*) FROM checkpoint_scans s JOIN registrations r ON r.id = s.registration_id
                    WHERE s.checkpoint_id = cp.id AND r.participant_id = ?2 AND s.nonce = ?3) AS newly,
                  (SELECT MIN(s.checked_in_at) FROM checkpoint_scans s JOIN registrations r ON r.id = s.registration_id
                    WHERE s.checkpoint_id = cp.id AND r.participant_id = ?2 AND r.status = 'active') AS checkedInAt
           FROM checkpoints cp JOIN events e ON e.id = cp.event_id WHERE cp.id = ?1`,
        )
        .bind(parsed.pointId, check.claims.id, nonce),
      check.statement(d1),
    ])
    check.confirm(staffNow.results[0])
    const f = factsRes.results[0] as
      | {
          id: string
          name: string
          kind: CheckpointKind
          description: string
          images: string
          active: number
          eventId: string
          title: string
          status: string
          startAt: string
          endAt: string
          signedUp: number
          atEntrance: number
          newly: number
          checkedInAt: string | null
        }
      | undefined
    if (!f || f.status === 'draft') throw fail(404, 'NOT_FOUND', '签到点不存在，请扫描工作人员屏幕上的二维码')
    if (!f.active) throw fail(409, 'CHECKPOINT_INACTIVE', '该签到点已停用，请咨询现场工作人员')
    if (f.status === 'cancelled') throw fail(409, 'INVALID_STATE', '活动已取消')
    if (!f.signedUp) throw fail(403, 'NOT_SIGNED_UP')
    if (now.getTime() > Date.parse(f.endAt)) throw fail(409, 'INVALID_STATE', '活动已结束，不能再签到')
    if (now.getTime() < Date.parse(f.startAt) - CHECKIN_OPENS_BEFORE_MS) throw fail(409, 'INVALID_STATE', '还未到签到时间，请在活动开始前2小时内扫码')
    if (!f.atEntrance) throw fail(409, 'NOT_CHECKED_IN', '请先在入口出示电子票签到，再扫描签到点的二维码')
    if (!f.checkedInAt) throw fail(409, 'INVALID_STATE', '签到未成功，请重新扫码')
    const body: StopPage = {
      eventId: f.eventId,
      eventTitle: f.title,
      point: { id: f.id, name: f.name, kind: f.kind, description: f.description, images: JSON.parse(f.images) as string[] },
      newlyCheckedIn: f.newly > 0,
      checkedInAt: f.checkedInAt,
    }
    return c.json(body)
  })

// ---- The dashboard's lines (api/src/dashboard.ts adds the statement to its one batch) ----

export const dashboardPointsStatement = (d1: D1Database, eventId: string) =>
  d1
    .prepare(
      `SELECT id, name, kind, checked_in_count AS checkedIn, exited_count AS exited FROM checkpoints
       WHERE event_id = ?1 AND active = 1 ORDER BY position, created_at`,
    )
    .bind(eventId)

export function dashboardPoints(event: { checkedIn: number; exited: number }, rows: unknown[]): DashboardPoint[] {
  const entrance: DashboardPoint = {
    id: ENTRANCE_ID,
    kind: 'entrance',
    name: ENTRANCE_NAME,
    checkedIn: event.checkedIn,
    exited: event.exited,
    insideNow: insideNow(event.checkedIn, event.exited),
  }
  const points = (rows as { id: string; name: string; kind: CheckpointKind; checkedIn: number; exited: number }[]).map((r) => ({
    ...r,
    insideNow: insideNow(r.checkedIn, r.exited),
  }))
  return [entrance, ...points]
}
