// 候补 (docs/waitlist.md): join and leave an event's waiting list, accept or decline an offered
// seat, and the organisers' view of the list. Each change is one batch decided inside its SQL;
// every status change goes through `transition`, and every batch that may free a seat ends with
// `offerNext`, so a freed seat is offered in the statement that freed it.
import { ORGANISER_ROLES, maskName, maskPhone, waitlistInputSchema, type StaffWaitlist, type WaitlistStatus } from '@openday/shared'
import { and, eq, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { requireParticipant, requireStaff } from '../auth/guards'
import { waitlistEntries } from '../db/schema'
import type { AppEnv } from '../env'
import { findOwnEvent } from '../events/queries'
import { fail } from '../lib/errors'
import { newId, newShortCode } from '../lib/ids'
import { purgePublic } from '../lib/public-cache'
import { json } from '../lib/validate'
import { forwardSoon } from '../notifications/outbox'
import { findMyRegistration, toMyRegistration } from '../registrations'
import { generalFreeSql, poolSizeSql, poolTakenSql } from '../seats/pools'
import { offerNext, transition } from './offers'
import { ENTRY_VIEW, findMyEntry, toMyEntry, type EntryRow } from './queries'

interface JoinOutcome {
  status: string
  registration_opens_at: string
  registration_closes_at: string
  free: number
  registered: number
  verified: number
}

export const waitlistRoutes = new Hono<AppEnv>()
  // Join: only while registration is open and the general pool is full (no seat free that no offer
  // holds). One open entry per person per event (a unique index): joining again answers the same
  // entry with 200 and writes nothing.
  .post('/events/:id/waitlist', requireParticipant, json(waitlistInputSchema), async (c) => {
    const input = c.req.valid('json')
    const eventId = c.req.param('id')
    const participantId = c.get('participant').id
    const d1 = c.get('d1')
    const id = newId()
    const now = new Date().toISOString()
    const [, view, open] = await d1.batch<unknown>([
      d1
        .prepare(
          `INSERT INTO waitlist_entries (id, event_id, participant_id, position, name, phone, category, organization, status, changed_by, created_at, updated_at)
           SELECT ?1, e.id, ?2, coalesce((SELECT max(w.position) FROM waitlist_entries w WHERE w.event_id = e.id), 0) + 1,
                  ?3, ?4, ?5, ?6, 'waiting', 'participant', ?7, ?7
           FROM events e
           WHERE e.id = ?8 AND e.status = 'published'
             AND e.registration_opens_at <= ?7 AND e.registration_closes_at >= ?7
             AND ${generalFreeSql('e')} <= 0
             AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.phone = ?4 AND r.status = 'active')
             AND EXISTS (SELECT 1 FROM verified_phones v WHERE v.participant_id = ?2 AND v.phone = ?4)
           ON CONFLICT DO NOTHING`,
        )
        .bind(id, participantId, input.name, input.phone, input.category, input.organization || null, now, eventId),
      d1
        .prepare(
          `SELECT e.status, e.registration_opens_at, e.registration_closes_at, ${generalFreeSql('e')} AS free,
                  EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.phone = ?3 AND r.status = 'active') AS registered,
                  EXISTS (SELECT 1 FROM verified_phones v WHERE v.participant_id = ?2 AND v.phone = ?3) AS verified
           FROM events e WHERE e.id = ?1`,
        )
        .bind(eventId, participantId, input.phone),
      // The person's open entry, new or not, as the answer shows it.
      d1.prepare(`${ENTRY_VIEW} WHERE w.event_id = ?1 AND w.participant_id = ?2 AND w.status IN ('waiting', 'offered')`).bind(eventId, participantId),
    ])
    const o = view.results[0] as JoinOutcome | undefined
    if (!o || o.status !== 'published') throw fail(404, 'NOT_FOUND', '活动不存在或未开放报名')
    const entry = open.results[0] as EntryRow | undefined
    if (entry) return c.json({ entry: toMyEntry(entry) }, entry.id === id ? 201 : 200)
    if (!o.verified) throw fail(400, 'PHONE_NOT_VERIFIED', undefined, { field: 'phone' })
    if (o.registered) throw fail(409, 'ALREADY_REGISTERED', '该手机号已报名本场活动，无需候补', { field: 'phone' })
    if (now < o.registration_opens_at || now > o.registration_closes_at) {
      throw fail(409, 'REGISTRATION_CLOSED', now < o.registration_opens_at ? '报名尚未开始' : '报名已截止，不能再加入候补')
    }
    if (o.free > 0) throw fail(409, 'INVALID_STATE', '尚有名额，请直接报名')
    throw fail(409, 'INVALID_STATE', '加入候补未成功，请重新提交')
  })

  // Leave: also gives up an offer pending for the person, whose seat goes to the next.
  .delete('/events/:id/waitlist', requireParticipant, async (c) => {
    const db = c.get('db')
    const eventId = c.req.param('id')
    const participantId = c.get('participant').id
    const now = new Date().toISOString()
    const [left] = await db.batch([
      transition(db, {
        to: 'left',
        by: 'participant',
        now,
        where: and(eq(waitlistEntries.eventId, eventId), eq(waitlistEntries.participantId, participantId))!,
      }).returning({ id: waitlistEntries.id, offeredAt: waitlistEntries.offeredAt }),
      ...offerNext(db, now, eventId),
    ])
    if (left.length === 0) throw fail(404, 'NOT_FOUND', '您不在本场活动的候补名单中')
    if (left[0].offeredAt) await purgePublic(c, '/events', `/events/${eventId}`)
    forwardSoon(c)
    const entry = await findMyEntry(c.get('d1'), left[0].id, participantId)
    return c.json({ entry: toMyEntry(entry!) })
  })

  // 候补名单 for organisers: the open entries in order, masked.
  .get('/events/:id/waitlist', requireStaff(ORGANISER_ROLES), async (c) => {
    const db = c.get('db')
    const row = await findOwnEvent(db, c.req.param('id'), c.get('staff'))
    const rows = await db
      .select({
        id: waitlistEntries.id,
        position: waitlistEntries.position,
        name: waitlistEntries.name,
        phone: waitlistEntries.phone,
        category: waitlistEntries.category,
        status: waitlistEntries.status,
        offerExpiresAt: waitlistEntries.offerExpiresAt,
        createdAt: waitlistEntries.createdAt,
      })
      .from(waitlistEntries)
      .where(and(eq(waitlistEntries.eventId, row.id), sql`${waitlistEntries.status} IN ('waiting', 'offered')`))
      .orderBy(waitlistEntries.position)
      .limit(1000)
    const body: StaffWaitlist = {
      waiting: rows.filter((r) => r.status === 'waiting').length,
      offered: rows.filter((r) => r.status === 'offered').length,
      entries: rows.map((r) => ({
        id: r.id,
        position: r.position,
        nameMasked: maskName(r.name ?? ''),
        phoneMasked: maskPhone(r.phone ?? ''),
        category: r.category,
        status: r.status,
        offerExpiresAt: r.offerExpiresAt,
        createdAt: r.createdAt,
      })),
    }
    return c.json(body)
  })

interface AcceptOutcome {
  status: WaitlistStatus
  offer_expires_at: string | null
  registration_id: string | null
  event_id: string
  event_status: string
  start_at: string
  phone_taken: number
}

export const offerRoutes = new Hono<AppEnv>()
  // Accept: the registration is made in ONE batch whose INSERT checks, inside SQL, that the offer
  // is still 'offered', not expired at `now`, and that its seat is there (the offer holds it:
  // counted in offered_count); the entry then becomes 'accepted' only if that row exists. Two
  // accepts at once make one registration; an accept racing the expiry sweep: whichever runs
  // first decides.
  .post('/me/offers/:id/accept', requireParticipant, async (c) => {
    const d1 = c.get('d1')
    const db = c.get('db')
    const entryId = c.req.param('id')
    const participantId = c.get('participant').id
    const regId = newId()
    const now = new Date().toISOString()
    const accepted = transition(db, {
      to: 'accepted',
      by: 'participant',
      now,
      set: { registrationId: regId },
      where: sql`${waitlistEntries.id} = ${entryId} AND EXISTS (SELECT 1 FROM registrations r WHERE r.id = ${regId})`,
    }).toSQL()
    const [, , view] = await d1.batch<AcceptOutcome>([
      d1
        .prepare(
          `INSERT INTO registrations (id, event_id, participant_id, name, phone, category, organization, status, short_code, created_at, seat_pool, approval)
           SELECT ?1, w.event_id, w.participant_id, w.name, w.phone, w.category, w.organization, 'active', ?2, ?3, 'general',
                  CASE WHEN e.requires_approval THEN 'pending' END
           FROM waitlist_entries w JOIN events e ON e.id = w.event_id
           WHERE w.id = ?4 AND w.participant_id = ?5 AND w.status = 'offered' AND w.offer_expires_at > ?3
             AND e.status = 'published' AND e.start_at > ?3
             AND e.registered_count + e.offered_count <= e.capacity
             AND ${poolTakenSql('e', "'general'")} <= ${poolSizeSql('e', "'general'")}
             AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.phone = w.phone AND r.status = 'active')
           ON CONFLICT DO NOTHING`,
        )
        .bind(regId, newShortCode(), now, entryId, participantId),
      d1.prepare(accepted.sql).bind(...accepted.params),
      d1
        .prepare(
          `SELECT w.status, w.offer_expires_at, w.registration_id, w.event_id, e.status AS event_status, e.start_at,
                  EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.phone = w.phone AND r.status = 'active') AS phone_taken
           FROM waitlist_entries w JOIN events e ON e.id = w.event_id WHERE w.id = ?1 AND w.participant_id = ?2`,
        )
        .bind(entryId, participantId),
    ])
    const o = view.results[0]
    if (!o) throw fail(404, 'NOT_FOUND', '候补记录不存在')
    if (o.status === 'accepted' && o.registration_id) {
      // This accept, or one a moment before it: the same registration either way.
      const reg = await findMyRegistration(d1, o.registration_id, participantId)
      if (o.registration_id === regId) await purgePublic(c, '/events', `/events/${o.event_id}`)
      return c.json({ registration: await toMyRegistration(c.env.TICKET_PRIVATE_KEY, reg!) }, o.registration_id === regId ? 201 : 200)
    }
    if (o.status === 'expired' || (o.status === 'offered' && o.offer_expires_at! <= now))
      throw fail(409, 'INVALID_STATE', '确认时间已过，名额已顺延给下一位候补')
    if (o.status === 'declined') throw fail(409, 'INVALID_STATE', '您已放弃此候补名额')
    if (o.status === 'left') throw fail(409, 'INVALID_STATE', '您已退出候补')
    if (o.status === 'waiting') throw fail(409, 'INVALID_STATE', '还没有轮到您，请留意通知')
    if (o.event_status !== 'published') throw fail(409, 'INVALID_STATE', '活动已取消')
    if (o.phone_taken) throw fail(409, 'ALREADY_REGISTERED', '该手机号已报名本场活动，请放弃此候补名额')
    throw fail(409, 'INVALID_STATE', '确认未成功，请刷新后重试')
  })

  // Decline: the seat goes to the next waiting person in the same batch.
  .post('/me/offers/:id/decline', requireParticipant, async (c) => {
    const db = c.get('db')
    const d1 = c.get('d1')
    const entryId = c.req.param('id')
    const participantId = c.get('participant').id
    const found = await findMyEntry(d1, entryId, participantId)
    if (!found) throw fail(404, 'NOT_FOUND', '候补记录不存在')
    const now = new Date().toISOString()
    const [declined] = await db.batch([
      transition(db, {
        to: 'declined',
        by: 'participant',
        now,
        where: and(eq(waitlistEntries.id, entryId), eq(waitlistEntries.participantId, participantId))!,
      }).returning({ id: waitlistEntries.id }),
      ...offerNext(db, now, found.event_id),
    ])
    if (declined.length === 0) {
      const again = (await findMyEntry(d1, entryId, participantId))!
      if (again.status === 'accepted') throw fail(409, 'INVALID_STATE', '您已确认报名，如不能参加请在“我的报名”中取消报名')
      if (again.status === 'waiting') throw fail(409, 'INVALID_STATE', '还没有轮到您；如不再候补，请退出候补')
      throw fail(409, 'INVALID_STATE', again.status === 'declined' ? '您已放弃此候补名额' : '此候补名额已失效')
    }
    await purgePublic(c, '/events', `/events/${found.event_id}`)
    forwardSoon(c)
    const entry = await findMyEntry(d1, entryId, participantId)
    return c.json({ entry: toMyEntry(entry!) })
  })
