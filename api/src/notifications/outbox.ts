// Writing messages: a change that should tell someone adds one of these statements to its own
// D1 batch, so the change and its messages are stored together or not at all. Then the
// forwarder puts the new rows on the NOTIFY queue (api/src/notifications/consumer.ts sends them).
import type { NoticeKind, NoticePayload } from '@openday/shared'
import { and, asc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import { events, outbox, registrations, suggestions } from '../db/schema'
import type { Bindings } from '../env'
import type { Db } from '../lib/db'

export interface NotifyMessage {
  outboxId: string
}

/**
 * Inserts the outbox rows a SELECT names (columns AS id, dedupe_key, agency_id, kind,
 * participant_id, phone, event_id, suggestion_id, post_id, payload, created_at), skipping any whose dedupe
 * key exists.
 * Through drizzle's insert-select so that it can join a D1 batch (its batch cannot bind the
 * parameters of db.run()); the outer select lists every column in table order.
 */
export function insertOutbox(db: Db, rows: SQL) {
  return db
    .insert(outbox)
    .select(
      sql`SELECT n.id, n.dedupe_key, n.agency_id, n.kind, n.participant_id, n.phone, n.event_id, n.suggestion_id, n.post_id, n.payload,
                 'pending', NULL, 0, NULL, NULL, NULL, NULL, n.created_at, NULL, NULL
          FROM (${rows}) n WHERE true`,
    )
    .onConflictDoNothing()
}

/**
 * One message per active sign-up of an event, each to the phone given at sign-up, written only
 * if `onlyIf` holds when the statement runs (the change it belongs to took effect). The
 * dedupe key (kind, occasion, sign-up) makes a repeated write add nothing.
 */
export function registrantNotices(
  db: Db,
  n: { eventId: string; agencyId: string; kind: NoticeKind; occasion: string; payload: NoticePayload; now: string; onlyIf: SQL },
) {
  return insertOutbox(
    db,
    sql`SELECT lower(hex(randomblob(16))) AS id, ${`${n.kind}:${n.occasion}:`} || ${registrations.id} AS dedupe_key,
               ${n.agencyId} AS agency_id, ${n.kind} AS kind, ${registrations.participantId} AS participant_id,
               ${registrations.phone} AS phone, ${registrations.eventId} AS event_id, NULL AS suggestion_id, NULL AS post_id, ${JSON.stringify(n.payload)} AS payload,
               ${n.now} AS created_at
        FROM ${registrations}
        WHERE ${registrations.eventId} = ${n.eventId} AND ${registrations.status} = 'active' AND ${n.onlyIf}`,
  )
}

/**
 * 意见答复: the submitter is told that their suggestion was answered (and asked to rate it) if
 * they left a contact phone or submitted logged in; written in the answer step's batch, only if
 * that step stored this answer (answered_at = its time). The link is 我的意见, not the tracking
 * code, which stays only on the suggestion; the SMS names the code's last 4 characters.
 */
export function answerNotice(db: Db, suggestionId: string, at: string) {
  return insertOutbox(
    db,
    sql`SELECT lower(hex(randomblob(16))) AS id, 'answer_published:' || ${suggestions.id} || ':' || ${at} AS dedupe_key,
               coalesce(${suggestions.agencyId}, (SELECT ${events.agencyId} FROM ${events} WHERE ${events.id} = ${suggestions.eventId})) AS agency_id,
               'answer_published' AS kind, ${suggestions.participantId} AS participant_id, ${suggestions.contact} AS phone,
               ${suggestions.eventId} AS event_id, ${suggestions.id} AS suggestion_id, NULL AS post_id,
               json_object('title', (SELECT ${events.title} FROM ${events} WHERE ${events.id} = ${suggestions.eventId}),
                           'codeTail', substr(${suggestions.trackingCode}, -4), 'answeredAt', ${at},
                           'page', 'pages/my-suggestions/index') AS payload,
               ${at} AS created_at
        FROM ${suggestions}
        WHERE ${suggestions.id} = ${suggestionId} AND ${suggestions.answeredAt} = ${at} AND ${suggestions.lastAction} = 'answer'
          AND (${suggestions.contact} IS NOT NULL OR ${suggestions.participantId} IS NOT NULL)`,
  )
}

/** How many rows one forwarder run puts on the queue (sendBatch takes at most 100). */
export const FORWARD_BATCH = 100
/** A row put on the queue this long ago and still pending was lost on the way: put it on again. */
export const LOST_AFTER_MS = 15 * 60_000

/**
 * Puts pending rows on the queue: those never enqueued, and those enqueued long ago that never
 * arrived, whose quiet hours are over. The rows are marked in one UPDATE before sending, so two
 * forwarders running at once do not both take a row; a row whose send failed is taken again
 * after LOST_AFTER_MS. The consumer is idempotent, so a message on the queue twice sends once.
 */
export async function forwardOutbox(env: Pick<Bindings, 'NOTIFY'>, db: Db, now: Date): Promise<number> {
  const nowIso = now.toISOString()
  const lostBefore = new Date(now.getTime() - LOST_AFTER_MS).toISOString()
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'pending'),
        or(isNull(outbox.enqueuedAt), lte(outbox.enqueuedAt, lostBefore)),
        or(isNull(outbox.notBefore), lte(outbox.notBefore, nowIso)),
      ),
    )
    .orderBy(asc(outbox.createdAt))
    .limit(FORWARD_BATCH)
  const taken = await db
    .update(outbox)
    .set({ enqueuedAt: nowIso })
    .where(
      and(
        inArray(outbox.id, due),
        eq(outbox.status, 'pending'),
        or(isNull(outbox.enqueuedAt), lte(outbox.enqueuedAt, lostBefore)),
      ),
    )
    .returning({ id: outbox.id })
  if (taken.length) await env.NOTIFY.sendBatch(taken.map((r) => ({ body: { outboxId: r.id } satisfies NotifyMessage })))
  return taken.length
}

/**
 * After a response that wrote messages: forward them without making the person wait. Off when
 * NOTIFY_AUTOFORWARD is "false" (the API tests drive the forwarder and the consumer themselves).
 */
export function forwardSoon(c: { env: Bindings; executionCtx: ExecutionContext; get(key: 'db'): Db }) {
  if (c.env.NOTIFY_AUTOFORWARD === 'false' || !c.env.NOTIFY) return
  c.executionCtx.waitUntil(
    forwardOutbox(c.env, c.get('db'), new Date()).catch((e) => {
      // The hourly cron forwards what this missed.
      console.error('outbox forward failed', e instanceof Error ? e.message : 'unknown')
    }),
  )
}
