import {
  INVITATION_PROBLEMS,
  MAX_REGISTRATIONS_PER_ACCOUNT,
  invitationProblem,
  maskPhone,
  normaliseInvitationCode,
  registrationInputSchema,
  type Category,
  type MyRegistration,
} from '@openday/shared'
import { Hono } from 'hono'
import { requireParticipant, requireParticipantInBatch } from './auth/guards'
import type { AppEnv } from './env'
import { fail } from './lib/errors'
import { newId, newShortCode } from './lib/ids'
import { purgePublic } from './lib/public-cache'
import { json } from './lib/validate'
import { poolHasSeatSql, poolSizeSql, poolTakenSql } from './seats/pools'
import { signTicket } from './tickets'
import { makeDb } from './lib/db'
import { offerNextD1 } from './waitlist/offers'
import { forwardSoon } from './notifications/outbox'
import { sql } from 'drizzle-orm'
import { MY_ENTRIES_SQL, toMyEntry, type EntryRow } from './waitlist/queries'

interface RegistrationRow {
  id: string
  event_id: string
  name: string
  phone: string
  category: string
  organization: string | null
  status: 'active' | 'cancelled'
  short_code: string
  created_at: string
  title: string
  venue: string
  start_at: string
  end_at: string
  event_status: 'draft' | 'published' | 'cancelled'
  cancel_reason: string | null
  checked_in_at: string | null
  has_evaluation_request: number
  approval: 'pending' | 'approved' | 'declined' | null
  decline_reason: string | null
}

const REGISTRATION_VIEW = `
  SELECT r.id, r.event_id, r.name, r.phone, r.category, r.organization, r.status, r.short_code, r.created_at,
         e.title, e.venue, e.start_at, e.end_at, e.status AS event_status, e.cancel_reason, c.checked_in_at,
         r.evaluation_request IS NOT NULL AS has_evaluation_request, r.approval, r.decline_reason
  FROM registrations r
  JOIN events e ON e.id = r.event_id
  LEFT JOIN checkins c ON c.registration_id = r.id`

export async function toMyRegistration(ticketKey: string, r: RegistrationRow): Promise<MyRegistration> {
  return {
    id: r.id,
    eventId: r.event_id,
    event: { title: r.title, venue: r.venue, startAt: r.start_at, endAt: r.end_at, status: r.event_status, cancelReason: r.cancel_reason },
    name: r.name,
    phoneMasked: maskPhone(r.phone),
    category: r.category as Category,
    organization: r.organization,
    status: r.status,
    shortCode: r.short_code,
    // A cancelled event's ticket is not shown (the door would answer 已取消 anyway), nor one
    // waiting for approval (待审核: the door refuses it until staff approve).
    ticket:
      r.status === 'active' && r.event_status !== 'cancelled' && (r.approval === null || r.approval === 'approved')
        ? await signTicket(ticketKey, r.event_id, r.id)
        : null,
    createdAt: r.created_at,
    checkedInAt: r.checked_in_at,
    hasEvaluationRequest: Boolean(r.has_evaluation_request),
    // Only for events that need approval (docs/seats.md).
    ...(r.approval ? { approval: r.approval, declineReason: r.decline_reason } : {}),
  }
}

export async function findMyRegistration(d1: D1Database, id: string, participantId: string) {
  return d1
    .prepare(`${REGISTRATION_VIEW} WHERE r.id = ?1 AND r.participant_id = ?2`)
    .bind(id, participantId)
    .first<RegistrationRow>()
}

interface SignUpOutcome {
  status: string
  title: string
  venue: string
  start_at: string
  end_at: string
  capacity: number
  registration_opens_at: string
  registration_closes_at: string
  registered: number
  inserted_id: string | null
  existing_id: string | null
  replay_id: string | null
  mine: number
  requires_approval: number
  inv_id: string | null
  inv_category: string | null
  inv_max_uses: number | null
  inv_used_count: number | null
  inv_expires_at: string | null
  inv_revoked_at: string | null
  pool_full: number
}

export const registrationRoutes = new Hono<AppEnv>()
  .post('/events/:id/registrations', requireParticipantInBatch, json(registrationInputSchema), async (c) => {
    const input = c.req.valid('json')
    const eventId = c.req.param('id')
    const session = c.get('participantCheck')
    const participant = session.claims
    const d1 = c.get('d1')
    const headerKey = c.req.header('idempotency-key')?.trim()
    if (headerKey && headerKey.length > 100) throw fail(400, 'VALIDATION_FAILED', 'Idempotency-Key 过长')
    // Scoped to the caller, so one person's key can never replay another's registration.
    const idemKey = headerKey ? `${participant.id}:${headerKey}` : null
    const id = newId()
    const shortCode = newShortCode()
    const now = new Date().toISOString()
    // 邀请码 (docs/seats.md): typed in any case, with or without spaces and dashes.
    const invitationCode = input.invitationCode ? normaliseInvitationCode(input.invitationCode) || null : null

    // One batch, one round trip, one transaction. The insert decides capacity, window, duplicate
    // phone and idempotency inside a single statement, so concurrent sign-ups cannot oversell;
    // it also requires a current session and a phone this account has verified by SMS.
    // Capacity is read from events.registered_count, which a trigger raises in this very
    // statement (migrations/0001), so the cost does not grow with the event's registrations.
    // Seat pools (migrations/0014): with a valid invitation of this event (not revoked, not
    // expired, uses left) the sign-up takes a reserved seat of the invitation's category, and a
    // trigger counts the use in this statement; without one it competes only for the general
    // pool. Both read the pool's counter in event_seats, kept by triggers like registered_count.
    const statements = [
      session.statement(d1),
      d1.prepare(`SELECT 1 AS verified FROM verified_phones WHERE participant_id = ?1 AND phone = ?2`).bind(participant.id, input.phone),
      d1
        .prepare(
          `INSERT INTO registrations
             (id, event_id, participant_id, name, phone, category, organization, status, short_code, created_at, evaluation_request,
              seat_pool, invitation_id, approval)
           SELECT ?1, e.id, ?2, ?3, ?4, coalesce(i.category, ?5), ?6, 'active', ?7, ?8, ?13,
                  coalesce(i.category, 'general'), i.id, CASE WHEN e.requires_approval THEN 'pending' END
           FROM events e
           LEFT JOIN invitations i ON i.code = ?14 AND i.event_id = e.id
           WHERE e.id = ?9 AND e.status = 'published'
             AND e.registration_opens_at <= ?8 AND e.registration_closes_at >= ?8
             AND e.registered_count < e.capacity
             AND (?14 IS NULL OR (i.id IS NOT NULL AND i.revoked_at IS NULL AND i.expires_at > ?8 AND i.used_count < i.max_uses))
             AND ${poolHasSeatSql('e', "coalesce(i.category, 'general')")}
             AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.phone = ?4 AND r.status = 'active')
             AND NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.key = ?10)
             AND (SELECT count(*) FROM registrations r
                  WHERE r.event_id = e.id AND r.participant_id = ?2 AND r.status = 'active') < ?11
             AND ${session.sqlIsCurrent('?2', '?12')}
             AND EXISTS (SELECT 1 FROM verified_phones v WHERE v.participant_id = ?2 AND v.phone = ?4)
           ON CONFLICT DO NOTHING`,
        )
        .bind(
          id,
          participant.id,
          input.name,
          input.phone,
          input.category,
          input.organization || null,
          shortCode,
          now,
          eventId,
          idemKey,
          MAX_REGISTRATIONS_PER_ACCOUNT,
          participant.version,
          input.evaluationRequest ?? null,
          invitationCode,
        ),
      ...(idemKey
        ? [
            d1
              .prepare(
                `INSERT INTO idempotency_keys (key, registration_id, created_at)
                 SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM registrations WHERE id = ?2)
                 ON CONFLICT DO NOTHING`,
              )
              .bind(idemKey, id, now),
          ]
        : []),
      d1
        .prepare(
          `SELECT e.status, e.title, e.venue, e.start_at, e.end_at, e.capacity,
                  e.registration_opens_at, e.registration_closes_at,
                  e.registered_count AS registered,
                  (SELECT r.id FROM registrations r WHERE r.id = ?2) AS inserted_id,
                  (SELECT r.id FROM registrations r WHERE r.event_id = e.id AND r.phone = ?3 AND r.status = 'active') AS existing_id,
                  (SELECT k.registration_id FROM idempotency_keys k WHERE k.key = ?4) AS replay_id,
                  (SELECT count(*) FROM registrations r
                   WHERE r.event_id = e.id AND r.participant_id = ?5 AND r.status = 'active') AS mine,
                  e.requires_approval, i.id AS inv_id, i.category AS inv_category, i.max_uses AS inv_max_uses,
                  i.used_count AS inv_used_count, i.expires_at AS inv_expires_at, i.revoked_at AS inv_revoked_at,
                  ${poolTakenSql('e', "coalesce(i.category, 'general')")} >= ${poolSizeSql('e', "coalesce(i.category, 'general')")} AS pool_full
           FROM events e
           LEFT JOIN invitations i ON i.code = ?6 AND i.event_id = e.id
           WHERE e.id = ?1`,
        )
        .bind(eventId, id, input.phone, idemKey, participant.id, invitationCode),
    ]
    const results = await d1.batch<SignUpOutcome>(statements)
    const outcome = results[results.length - 1].results[0]
    session.confirm(results[0].results[0])
    if (!results[1].results[0]) throw fail(400, 'PHONE_NOT_VERIFIED', undefined, { field: 'phone' })

    if (!outcome || outcome.status !== 'published') throw fail(404, 'NOT_FOUND', '活动不存在或未开放报名')
    if (outcome.inserted_id) {
      // Seats left changed: the next public read of the event and the list is fresh.
      await purgePublic(c, '/events', `/events/${eventId}`)
      const registration = await toMyRegistration(c.env.TICKET_PRIVATE_KEY, {
        id,
        event_id: eventId,
        name: input.name,
        phone: input.phone,
        // An invited person signs up in the invitation's category (the seat is of that category).
        category: (outcome.inv_category as Category | null) ?? input.category,
        organization: input.organization || null,
        status: 'active',
        short_code: shortCode,
        created_at: now,
        title: outcome.title,
        venue: outcome.venue,
        start_at: outcome.start_at,
        end_at: outcome.end_at,
        event_status: 'published',
        cancel_reason: null,
        checked_in_at: null,
        has_evaluation_request: input.evaluationRequest ? 1 : 0,
        approval: outcome.requires_approval ? 'pending' : null,
        decline_reason: null,
      })
      return c.json({ registration }, 201)
    }
    if (outcome.replay_id) {
      const first = await findMyRegistration(d1, outcome.replay_id, participant.id)
      if (first) return c.json({ registration: await toMyRegistration(c.env.TICKET_PRIVATE_KEY, first) }, 201)
    }
    if (outcome.existing_id) throw fail(409, 'ALREADY_REGISTERED', undefined, { field: 'phone' })
    if (now < outcome.registration_opens_at || now > outcome.registration_closes_at) {
      throw fail(409, 'REGISTRATION_CLOSED', now < outcome.registration_opens_at ? '报名尚未开始' : '报名已截止')
    }
    if (invitationCode) {
      const problem = outcome.inv_id
        ? invitationProblem(
            { maxUses: outcome.inv_max_uses!, usedCount: outcome.inv_used_count!, expiresAt: outcome.inv_expires_at!, revokedAt: outcome.inv_revoked_at },
            new Date(now),
          )
        : 'invalid'
      if (problem) throw fail(409, 'INVITATION_INVALID', INVITATION_PROBLEMS[problem], { reason: problem, field: 'invitationCode' })
    }
    // The invited category's reserved seats are all taken; without an invitation, the general
    // pool is (the public is told the event is full: reserved seats are not theirs to take).
    if (outcome.pool_full && outcome.inv_id) throw fail(409, 'QUOTA_FULL')
    if (outcome.pool_full || outcome.registered >= outcome.capacity) throw fail(409, 'EVENT_FULL')
    // Stops one account from filling an event with made-up phone numbers.
    if (outcome.mine >= MAX_REGISTRATIONS_PER_ACCOUNT) throw fail(409, 'REGISTRATION_LIMIT')
    // Only a collision of random codes gets here; the person can simply submit again.
    throw fail(409, 'INVALID_STATE', '报名未成功，请重新提交')
  })

  // The person's sign-ups, and their waiting-list entries (候补第N位, an offer and its deadline,
  // docs/waitlist.md), in one round trip.
  .get('/me/registrations', requireParticipant, async (c) => {
    const d1 = c.get('d1')
    const participantId = c.get('participant').id
    const [regs, entries] = await d1.batch([
      d1.prepare(`${REGISTRATION_VIEW} WHERE r.participant_id = ?1 ORDER BY r.created_at DESC LIMIT 100`).bind(participantId),
      d1.prepare(MY_ENTRIES_SQL).bind(participantId, new Date().toISOString()),
    ])
    const registrations = await Promise.all((regs.results as RegistrationRow[]).map((r) => toMyRegistration(c.env.TICKET_PRIVATE_KEY, r)))
    return c.json({ registrations, waitlist: (entries.results as EntryRow[]).map(toMyEntry) })
  })

  .delete('/me/registrations/:id', requireParticipant, async (c) => {
    const d1 = c.get('d1')
    const participantId = c.get('participant').id
    const id = c.req.param('id')
    const now = new Date().toISOString()
    const results = await d1.batch<RegistrationRow>([
      d1
        .prepare(
          `UPDATE registrations SET status = 'cancelled', cancelled_at = ?3
           WHERE id = ?1 AND participant_id = ?2 AND status = 'active'
             AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = registrations.id)
             AND (SELECT end_at FROM events e WHERE e.id = registrations.event_id) > ?3`,
        )
        .bind(id, participantId, now),
      // A freed general seat goes to the next person on the waiting list, in this batch.
      ...offerNextD1(d1, makeDb(d1), now, sql`(SELECT event_id FROM registrations WHERE id = ${id})`),
      d1.prepare(`${REGISTRATION_VIEW} WHERE r.id = ?1 AND r.participant_id = ?2`).bind(id, participantId),
    ])
    const [update, view] = [results[0], results[results.length - 1]]
    const row = view.results[0]
    if (!row) throw fail(404, 'NOT_FOUND', '报名记录不存在')
    if (update.meta.changes === 0) {
      if (row.status === 'cancelled') throw fail(409, 'INVALID_STATE', '报名已取消')
      if (row.checked_in_at) throw fail(409, 'INVALID_STATE', '您已签到，不能取消报名')
      throw fail(409, 'INVALID_STATE', '活动已结束，不能取消报名')
    }
    await purgePublic(c, '/events', `/events/${row.event_id}`)
    forwardSoon(c)
    return c.json({ registration: await toMyRegistration(c.env.TICKET_PRIVATE_KEY, row) })
  })
