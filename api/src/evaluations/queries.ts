import {
  EVALUATION_COUNTER_WIDTH,
  EVALUATION_LEVELS,
  EVALUATION_OPEN_AFTER_END_MS,
  EVALUATION_STEP,
  SCORE_DIMENSION_CODES,
  type EvaluationInput,
} from '@openday/shared'
import { and, eq, sql } from 'drizzle-orm'
import {
  checkins,
  evaluationCommentSlots as slots,
  evaluationKeys as keys,
  evaluationSpentTokens as spent,
  evaluationTallies as tallies,
  events,
  registrations,
} from '../db/schema'
import type { Db } from '../lib/db'
import type { StoredEvaluationKey } from './keys'

// How answers are stored so that nothing in the database file links one to a person or tells
// the order they came in (docs/privacy.md):
// - no row per answer: the answer adds 1 to counters (event × aspect × level) made before the
//   first answer, kept as zero-padded text, so SQLite overwrites each cell where it is;
// - a comment overwrites an empty slot of fixed size, picked at random among the empty slots;
//   empty slots are made 5 at a time;
// - the spent token is the SHA-256 of the device's random message: nothing of the sign-up.

const ZERO = '0'.repeat(EVALUATION_COUNTER_WIDTH)
const COUNTER_FORMAT = `%0${EVALUATION_COUNTER_WIDTH}d`
/** Comment slots hold 2 bytes of length, then UTF-8 (≤ 500 UTF-16 units ≤ 1500 bytes), then zeros. */
export const COMMENT_SLOT_BYTES = 1536

export function encodeComment(comment: string): Uint8Array {
  const utf8 = new TextEncoder().encode(comment)
  if (utf8.length > COMMENT_SLOT_BYTES - 2) throw new Error('comment too long for its slot')
  const body = new Uint8Array(COMMENT_SLOT_BYTES)
  body[0] = utf8.length >> 8
  body[1] = utf8.length & 0xff
  body.set(utf8, 2)
  return body
}

export function decodeComment(body: ArrayBuffer | ArrayLike<number>): string {
  const bytes = body instanceof ArrayBuffer ? new Uint8Array(body) : Uint8Array.from(body)
  const length = (bytes[0] << 8) | bytes[1]
  return new TextDecoder().decode(bytes.subarray(2, 2 + length))
}

/** The earliest end an event can have for its evaluation to be open at `now`. */
const earliestOpenEnd = (now: Date) => new Date(now.getTime() - EVALUATION_OPEN_AFTER_END_MS).toISOString()

export function findEventKey(db: Db, eventId: string) {
  return db
    .select({ status: events.status, publicKey: keys.publicKey })
    .from(events)
    .leftJoin(keys, eq(keys.eventId, events.id))
    .where(eq(events.id, eventId))
}

// (Insert-select through drizzle's builder: its D1 batch cannot bind parameters of db.run().
// The select lists every column in table order; a NULL id takes the next rowid.)

/** Five empty comment slots for the event, when it has no empty slot left. */
function emptySlotBatch(db: Db, eventId: string) {
  return db.insert(slots).select(sql`
    SELECT NULL, ${keys.eventId},
           (SELECT coalesce(max(${slots.batch}), -1) + 1 FROM ${slots} WHERE ${slots.eventId} = ${eventId}),
           0, zeroblob(${COMMENT_SLOT_BYTES})
    FROM ${keys}, json_each(${JSON.stringify(Array.from({ length: EVALUATION_STEP }, (_, i) => i))})
    WHERE ${keys.eventId} = ${eventId}
      AND NOT EXISTS (SELECT 1 FROM ${slots} WHERE ${slots.eventId} = ${eventId} AND ${slots.filled} = 0)`)
}

/**
 * Stores a new key for a published event with its counters and first empty slots, unless a
 * key exists (a concurrent first request may have won); returns the stored public key.
 */
export async function createEventKey(db: Db, eventId: string, key: StoredEvaluationKey, now: Date) {
  const [, , , stored] = await db.batch([
    db
      .insert(keys)
      .select(
        sql`SELECT ${events.id}, ${key.publicKey}, ${key.privateKey}, ${now.toISOString()} FROM ${events}
            WHERE ${events.id} = ${eventId} AND ${events.status} = 'published'`,
      )
      .onConflictDoNothing(),
    db
      .insert(tallies)
      .select(
        sql`SELECT NULL, ${keys.eventId}, d.value, l.value, ${ZERO}, ${ZERO}
            FROM ${keys}, json_each(${JSON.stringify(SCORE_DIMENSION_CODES)}) d, json_each(${JSON.stringify(EVALUATION_LEVELS)}) l
            WHERE ${keys.eventId} = ${eventId}`,
      )
      .onConflictDoNothing(),
    emptySlotBatch(db, eventId),
    db.select({ publicKey: keys.publicKey }).from(keys).where(eq(keys.eventId, eventId)),
  ])
  return stored[0]?.publicKey ?? null
}

/** Everything needed to issue a participant's token, in one query. */
export function findTokenFacts(db: Db, registrationId: string, participantId: string) {
  return db
    .select({
      eventId: registrations.eventId,
      status: registrations.status,
      request: registrations.evaluationRequest,
      checkedIn: checkins.registrationId,
      startAt: events.startAt,
      endAt: events.endAt,
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
    })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(checkins, eq(checkins.registrationId, registrations.id))
    .leftJoin(keys, eq(keys.eventId, registrations.eventId))
    .where(and(eq(registrations.id, registrationId), eq(registrations.participantId, participantId)))
}

/** Sets the blinded request while none is stored or the person is not checked in yet. */
export async function storeEvaluationRequest(db: Db, registrationId: string, participantId: string, request: string) {
  const [update, rows] = await db.batch([
    db
      .update(registrations)
      .set({ evaluationRequest: request })
      .where(
        and(
          eq(registrations.id, registrationId),
          eq(registrations.participantId, participantId),
          eq(registrations.status, 'active'),
          sql`(${registrations.evaluationRequest} IS NULL
               OR NOT EXISTS (SELECT 1 FROM ${checkins} WHERE ${checkins.registrationId} = ${registrations.id}))`,
        ),
      ),
    db
      .select({ status: registrations.status, checkedIn: checkins.registrationId })
      .from(registrations)
      .leftJoin(checkins, eq(checkins.registrationId, registrations.id))
      .where(and(eq(registrations.id, registrationId), eq(registrations.participantId, participantId))),
  ])
  return { changed: update.meta.changes === 1, registration: rows[0] }
}

export function findEventForAnswer(db: Db, eventId: string) {
  return db
    .select({ status: events.status, startAt: events.startAt, endAt: events.endAt, publicKey: keys.publicKey })
    .from(events)
    .leftJoin(keys, eq(keys.eventId, events.id))
    .where(eq(events.id, eventId))
}

/**
 * Records one answer in one transaction: spends the token (a second use violates its primary
 * key and rolls everything back), adds the answer to the live counters, copies live to
 * published when the number of answers reaches a multiple of EVALUATION_STEP, and puts the
 * comment in a random empty slot. Every statement re-checks the window at the same `now`, so a
 * closed window changes nothing. Returns false when the window was closed.
 */
export async function recordAnswer(
  db: Db,
  answer: { eventId: string; tokenHash: string; scores: EvaluationInput['scores']; comment?: string },
  now: Date,
): Promise<boolean> {
  const { eventId, tokenHash } = answer
  const nowIso = now.toISOString()
  const allowed = sql`EXISTS (SELECT 1 FROM ${spent} WHERE ${spent.tokenHash} = ${tokenHash})
    AND EXISTS (SELECT 1 FROM ${events} WHERE ${events.id} = ${eventId}
                AND ${events.startAt} <= ${nowIso} AND ${events.endAt} >= ${earliestOpenEnd(now)})`
  const answers = sql`(SELECT sum(CAST(${tallies.live} AS INTEGER)) FROM ${tallies}
    WHERE ${tallies.eventId} = ${eventId} AND ${tallies.dimension} = ${SCORE_DIMENSION_CODES[0]})`
  const [spend] = await db.batch([
    db
      .insert(spent)
      .select(
        sql`SELECT ${tokenHash}, ${events.id} FROM ${events}
            WHERE ${events.id} = ${eventId} AND ${events.startAt} <= ${nowIso} AND ${events.endAt} >= ${earliestOpenEnd(now)}`,
      ),
    db
      .update(tallies)
      .set({ live: sql`printf(${COUNTER_FORMAT}, CAST(${tallies.live} AS INTEGER) + 1)` })
      .where(
        and(
          eq(tallies.eventId, eventId),
          sql`(${tallies.dimension}, ${tallies.level}) IN (SELECT key, value FROM json_each(${JSON.stringify(answer.scores)}))`,
          allowed,
        ),
      ),
    db
      .update(tallies)
      .set({ published: sql`${tallies.live}` })
      .where(and(eq(tallies.eventId, eventId), allowed, sql`${answers} % ${EVALUATION_STEP} = 0`)),
    ...(answer.comment
      ? [
          db
            .update(slots)
            .set({ filled: 1, body: sql`${encodeComment(answer.comment)}` })
            .where(
              and(
                sql`${slots.id} = (SELECT ${slots.id} FROM ${slots} WHERE ${slots.eventId} = ${eventId} AND ${slots.filled} = 0
                                   ORDER BY random() LIMIT 1)`,
                allowed,
              ),
            ),
          emptySlotBatch(db, eventId),
        ]
      : []),
  ])
  return spend.meta.changes === 1
}

/** A D1 error from a UNIQUE or PRIMARY KEY violation (here: a token spent twice). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (/UNIQUE constraint failed/.test(e.message)) return true
  }
  return false
}

export function findEventForStaff(db: Db, eventId: string) {
  return db.select({ agencyId: events.agencyId, status: events.status }).from(events).where(eq(events.id, eventId))
}

/** Comments of full batches only, in slot order (random within a batch). */
export function releasedComments(db: Db, eventId: string) {
  return db
    .select({ body: sql<ArrayBuffer | number[]>`${slots.body}` })
    .from(slots)
    .where(
      and(
        eq(slots.eventId, eventId),
        sql`${slots.batch} IN (SELECT ${slots.batch} FROM ${slots} WHERE ${slots.eventId} = ${eventId}
                              GROUP BY ${slots.batch} HAVING min(${slots.filled}) = 1)`,
      ),
    )
    .orderBy(slots.id)
}

/** For the dashboard's batch (raw D1): the published counters of an event. */
export function publishedTalliesStatement(d1: D1Database, eventId: string) {
  return d1
    .prepare(`SELECT dimension, level, CAST(published AS INTEGER) AS count FROM evaluation_tallies WHERE event_id = ?1`)
    .bind(eventId)
}
