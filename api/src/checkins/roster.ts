import { ROSTER_VERSION, maskName, toBase64Url, type Category, type RegistrationDoorStatus, type Roster } from '@openday/shared'
import { Hono } from 'hono'
import { requireStaffInBatch } from '../auth/guards'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { ticketPublicKey } from '../tickets'

interface EventRow {
  id: string
  agency_id: string
  title: string
  start_at: string
  end_at: string
  status: Roster['event']['status']
}

interface RosterRow {
  id: string
  short_code: string
  name: string
  category: Category
  door_status: RegistrationDoorStatus
  checked_in_at: string | null
  checked_in_by: string | null
}

/** The ETag of a roster: a hash of its content, so an unchanged list is answered with 304. */
async function rosterTag(body: Omit<Roster, 'etag'>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(body)))
  return toBase64Url(new Uint8Array(digest).subarray(0, 16))
}

/** True when If-None-Match names this tag (a list, weak or strong, or *). */
function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false
  return header.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '')
    return v === '*' || v === `"${tag}"`
  })
}

/**
 * 签到名单: what a door device needs to decide scans with no network (docs/door-offline.md). Any
 * staff of the event's agency, checkers included; one D1 round trip. Names masked, no phones.
 */
export const rosterRoutes = new Hono<AppEnv>().get('/events/:id/roster', requireStaffInBatch(), async (c) => {
  const eventId = c.req.param('id')
  const session = c.get('staffCheck')
  const d1 = c.get('d1')
  const [event, rows, staffNow] = await d1.batch<EventRow & RosterRow>([
    d1.prepare('SELECT id, agency_id, title, start_at, end_at, status FROM events WHERE id = ?1').bind(eventId),
    // door_status: 'pending' is where a sign-up still waiting for approval (审核) belongs.
    d1
      .prepare(
        `SELECT r.id, r.short_code, r.name, r.category,
                CASE WHEN r.status = 'cancelled' THEN 'cancelled' WHEN r.approval = 'pending' THEN 'pending' ELSE 'active' END AS door_status,
                c.checked_in_at, s.display_name AS checked_in_by
         FROM registrations r
         LEFT JOIN checkins c ON c.registration_id = r.id
         LEFT JOIN staff_users s ON s.id = c.staff_id
         WHERE r.event_id = ?1
         ORDER BY r.created_at, r.id`,
      )
      .bind(eventId),
    session.statement(d1),
  ])
  const staff = session.confirm(staffNow.results[0])
  const ev = event.results[0] as EventRow | undefined
  if (!ev) throw fail(404, 'NOT_FOUND', '活动不存在')
  if (ev.agency_id !== staff.agencyId) throw fail(403, 'FORBIDDEN', '这不是您所在单位的活动')

  const staffNames: string[] = []
  const staffIndex = new Map<string, number>()
  const list = rows.results as RosterRow[]
  const body: Omit<Roster, 'etag'> = {
    v: ROSTER_VERSION,
    event: { id: ev.id, title: ev.title, startAt: ev.start_at, endAt: ev.end_at, status: ev.status },
    publicKey: await ticketPublicKey(c.env.TICKET_PRIVATE_KEY),
    staff: staffNames,
    ids: list.map((r) => r.id),
    codes: list.map((r) => r.short_code),
    names: list.map((r) => maskName(r.name)),
    categories: list.map((r) => r.category),
    statuses: list.map((r) => r.door_status),
    checkedInAt: list.map((r) => r.checked_in_at),
    checkedInBy: list.map((r) => {
      if (!r.checked_in_at || r.checked_in_by === null) return null
      let i = staffIndex.get(r.checked_in_by)
      if (i === undefined) {
        i = staffNames.push(r.checked_in_by) - 1
        staffIndex.set(r.checked_in_by, i)
      }
      return i
    }),
  }
  const etag = await rosterTag(body)
  const headers = { ETag: `"${etag}"`, 'Cache-Control': 'private, no-cache' }
  if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers)
  return c.json({ ...body, etag } satisfies Roster, 200, headers)
})
