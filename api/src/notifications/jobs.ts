// Messages the clock decides (NOTICE_CRON, every 5 minutes): the reminder the day before an event,
// the invitation to evaluate after it, then everything pending goes to the queue. Each INSERT
// reads only the events in its time window off the (status, start_at) / (status, end_at)
// indexes, and the dedupe keys make running it again, or late, add nothing.
import { sql } from 'drizzle-orm'
import { checkins, events, registrations } from '../db/schema'
import type { Bindings } from '../env'
import { makeDb, type Db } from '../lib/db'
import { forwardOutbox, insertOutbox } from './outbox'

/** The reminder goes out once the event is this close (the day before). */
export const REMINDER_AHEAD_MS = 24 * 3600_000
/** Invitations to evaluate go to those checked in, for events that ended this recently. */
export const INVITE_WITHIN_MS = 24 * 3600_000

/**
 * 活动提醒: every active sign-up of a published event starting within the next 24 hours. The
 * occasion is the start time, so a postponed event is reminded of again for its new start.
 */
export function queueEventReminders(db: Db, now: Date) {
  const nowIso = now.toISOString()
  const until = new Date(now.getTime() + REMINDER_AHEAD_MS).toISOString()
  return insertOutbox(
    db,
    sql`SELECT lower(hex(randomblob(16))) AS id, 'event_reminder:' || ${events.startAt} || ':' || ${registrations.id} AS dedupe_key,
               ${events.agencyId} AS agency_id, 'event_reminder' AS kind, ${registrations.participantId} AS participant_id,
               ${registrations.phone} AS phone, ${events.id} AS event_id, NULL AS suggestion_id, NULL AS post_id,
               json_object('title', ${events.title}, 'startAt', ${events.startAt}, 'endAt', ${events.endAt}, 'venue', ${events.venue},
                           'page', 'pages/ticket/index?id=' || ${registrations.id}) AS payload,
               ${nowIso} AS created_at
        FROM ${events} JOIN ${registrations} ON ${registrations.eventId} = ${events.id} AND ${registrations.status} = 'active'
        WHERE ${events.status} = 'published' AND ${events.startAt} > ${nowIso} AND ${events.startAt} <= ${until}`,
  )
}

/** 测评邀请: those checked in at an event that ended in the last 24 hours, once. */
export function queueEvaluationInvites(db: Db, now: Date) {
  const nowIso = now.toISOString()
  const since = new Date(now.getTime() - INVITE_WITHIN_MS).toISOString()
  return insertOutbox(
    db,
    sql`SELECT lower(hex(randomblob(16))) AS id, 'evaluation_invite:' || ${registrations.id} AS dedupe_key,
               ${events.agencyId} AS agency_id, 'evaluation_invite' AS kind, ${registrations.participantId} AS participant_id,
               ${registrations.phone} AS phone, ${events.id} AS event_id, NULL AS suggestion_id, NULL AS post_id,
               json_object('title', ${events.title}, 'startAt', ${events.startAt}, 'endAt', ${events.endAt}, 'venue', ${events.venue},
                           'page', 'pages/evaluate/index?registrationId=' || ${registrations.id}) AS payload,
               ${nowIso} AS created_at
        FROM ${events}
          JOIN ${checkins} ON ${checkins.eventId} = ${events.id}
          JOIN ${registrations} ON ${registrations.id} = ${checkins.registrationId} AND ${registrations.status} = 'active'
        WHERE ${events.status} = 'published' AND ${events.endAt} > ${since} AND ${events.endAt} <= ${nowIso}`,
  )
}

/** The notices cron: write the clock's messages (one batch), then forward what is pending. */
export async function runNoticeJob(env: Pick<Bindings, 'DB' | 'NOTIFY'>, now: Date) {
  const db = makeDb(env.DB)
  const [reminders, invites] = await db.batch([queueEventReminders(db, now), queueEvaluationInvites(db, now)])
  const forwarded = await forwardOutbox(env, db, now)
  const counts = {
    reminders: (reminders as unknown as D1Result).meta.changes,
    invites: (invites as unknown as D1Result).meta.changes,
    forwarded,
  }
  // Counts only: nothing personal.
  console.log('scheduled notices', JSON.stringify(counts))
  return counts
}
