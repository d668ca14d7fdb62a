// 候补 offers (docs/waitlist.md). Every status change of a waiting-list entry goes through
// `transition` (the shared table of allowed transitions; triggers in migrations/0016 write the
// trail and keep events.offered_count, and abort any other change). `offerSeats` is THE offer
// rule, appended to every batch that can free a general seat — a cancellation, a declined
// approval, a raised capacity or quota, an offer declined or left — and run by the cron sweep,
// which also expires offers past their time and so catches anything missed.
import { OFFER_TTL_MS, transitionSources, type NoticePayload, type WaitlistStatus } from '@openday/shared'
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core'
import { waitlistEntries } from '../db/schema'
import type { Db } from '../lib/db'
import { insertOutbox } from '../notifications/outbox'
import { generalFreeSql } from '../seats/pools'

/** Who made a transition: the person, the system (offers, expiry) or a staff member's id. */
export type WaitlistActor = 'participant' | 'system' | (string & {})

/** One event (its id, or an SQL expression giving it), or every event (the sweep). */
export type EventScope = string | SQL | null

const CLOSED: WaitlistStatus[] = ['accepted', 'expired', 'declined', 'left']

/**
 * The one way an entry's status changes: an UPDATE that only takes rows in a state `to` may be
 * reached from (WAITLIST_TRANSITIONS), records who did it (copied to the trail by a trigger) and,
 * when the entry closes, clears the sign-up details it kept (minimisation: an accepted entry's
 * details now live in its registration).
 */
export function transition(
  db: Db,
  t: { to: WaitlistStatus; by: WaitlistActor; now: string; where: SQL; set?: SQLiteUpdateSetSource<typeof waitlistEntries> },
) {
  const from = transitionSources(t.to)
  return db
    .update(waitlistEntries)
    .set({
      ...t.set,
      status: t.to,
      changedBy: t.by,
      updatedAt: t.now,
      ...(CLOSED.includes(t.to) ? { name: null, phone: null, organization: null } : {}),
    })
    .where(sql`${waitlistEntries.status} IN (${sql.join(from.map((s) => sql`${s}`), sql`, `)}) AND (${t.where})`)
}

/**
 * Offers the free general seats of an event (or of every event when `eventId` is null) to the
 * waiting people in order: while the seats free exceed the offers outstanding, the next waiting
 * person gets an offer until min(now + 12 h, the event's start). One statement, decided on the
 * counters at that instant, so it can never offer more seats than there are; the free seats are
 * read once (the IN list is computed before the UPDATE runs), and each offer then holds its seat
 * through events.offered_count. Only published events that have not started.
 */
export function offerSeats(db: Db, now: string, eventId: EventScope) {
  const until = new Date(Date.parse(now) + OFFER_TTL_MS).toISOString()
  const scope = eventId === null ? sql`` : sql`AND w.event_id = ${eventId}`
  return transition(db, {
    to: 'offered',
    by: 'system',
    now,
    set: {
      offeredAt: now,
      offerExpiresAt: sql`min(${until}, (SELECT e.start_at FROM events e WHERE e.id = ${waitlistEntries.eventId}))`,
    },
    where: sql`${waitlistEntries.id} IN (
      SELECT x.id FROM (
        SELECT w.id, row_number() OVER (PARTITION BY w.event_id ORDER BY w.position) AS place, ${sql.raw(generalFreeSql('e'))} AS free
        FROM waitlist_entries w JOIN events e ON e.id = w.event_id
        WHERE w.status = 'waiting' ${scope} AND e.status = 'published' AND e.start_at > ${now}
      ) x WHERE x.place <= x.free)`,
  })
}

/**
 * 候补名额待确认: a message to each person offered a seat at `now` (in the same batch, after
 * offerSeats), through the existing channels. The dedupe key is the entry: one message per offer.
 */
export function offerNotices(db: Db, now: string, eventId: EventScope) {
  const scope = eventId === null ? sql`` : sql`AND w.event_id = ${eventId}`
  return insertOutbox(
    db,
    sql`SELECT lower(hex(randomblob(16))) AS id, 'waitlist_offer:' || w.id AS dedupe_key, e.agency_id AS agency_id,
               'waitlist_offer' AS kind, w.participant_id AS participant_id, w.phone AS phone, e.id AS event_id,
               NULL AS suggestion_id, NULL AS post_id,
               json_object('title', e.title, 'startAt', e.start_at, 'endAt', e.end_at, 'venue', e.venue,
                           'until', w.offer_expires_at, 'page', 'pages/my/index') AS payload,
               ${now} AS created_at
        FROM waitlist_entries w JOIN events e ON e.id = w.event_id
        WHERE w.status = 'offered' AND w.offered_at = ${now} ${scope}`,
  )
}

/** The statements to append to a batch that may have freed a general seat of `eventId`. */
export const offerNext = (db: Db, now: string, eventId: EventScope) => [offerSeats(db, now, eventId), offerNotices(db, now, eventId)] as const

/** The same for a raw D1 batch (the sign-up module writes SQL by hand). */
export function offerNextD1(d1: D1Database, db: Db, now: string, eventId: EventScope) {
  return offerNext(db, now, eventId).map((q) => {
    const { sql: text, params } = q.toSQL()
    return d1.prepare(text).bind(...params)
  })
}

/**
 * Offers past their time, and the open entries (waiting or offered) of events no longer published
 * or already started, expire (the cron sweep, before offering again): a wait ends with its event.
 * An accept at or after the expiry is refused in its own statement, so whichever of the two runs
 * first decides, never both.
 */
export function expireOffers(db: Db, now: string) {
  return transition(db, {
    to: 'expired',
    by: 'system',
    now,
    where: sql`${waitlistEntries.offerExpiresAt} <= ${now}
      OR NOT EXISTS (SELECT 1 FROM events e WHERE e.id = ${waitlistEntries.eventId} AND e.status = 'published' AND e.start_at > ${now})`,
  })
}

/**
 * 取消活动 ends the event's waiting list in the cancel's batch: each person still waiting or
 * offered a seat gets the cancellation message (to the phone they joined with, read before it is
 * cleared), then every open entry expires, which clears the details and releases the offers.
 * Both only if `onlyIf` (the cancellation took effect) holds when they run.
 */
export function endWaitlist(
  db: Db,
  e: { eventId: string; agencyId: string; by: WaitlistActor; now: string; payload: NoticePayload; onlyIf: SQL },
) {
  return [
    insertOutbox(
      db,
      sql`SELECT lower(hex(randomblob(16))) AS id, ${`event_cancelled:${e.now}:`} || ${waitlistEntries.id} AS dedupe_key,
                 ${e.agencyId} AS agency_id, 'event_cancelled' AS kind, ${waitlistEntries.participantId} AS participant_id,
                 ${waitlistEntries.phone} AS phone, ${waitlistEntries.eventId} AS event_id, NULL AS suggestion_id, NULL AS post_id,
                 ${JSON.stringify(e.payload)} AS payload, ${e.now} AS created_at
          FROM ${waitlistEntries}
          WHERE ${waitlistEntries.eventId} = ${e.eventId} AND ${waitlistEntries.status} IN ('waiting', 'offered') AND ${e.onlyIf}`,
    ),
    transition(db, { to: 'expired', by: e.by, now: e.now, where: and(eq(waitlistEntries.eventId, e.eventId), e.onlyIf)! }),
  ] as const
}

/** The cron sweep (NOTICE_CRON, every 5 minutes): expire, then offer the seats again. One batch. */
export async function sweepWaitlist(db: Db, now: Date) {
  const at = now.toISOString()
  const [expired, offered] = await db.batch([expireOffers(db, at), ...offerNext(db, at, null)])
  const counts = { expired: (expired as unknown as D1Result).meta.changes, offered: (offered as unknown as D1Result).meta.changes }
  // Counts only: nothing personal.
  console.log('scheduled waitlist', JSON.stringify(counts))
  return counts
}
