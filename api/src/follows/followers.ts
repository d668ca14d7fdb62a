import { sql, type SQL } from 'drizzle-orm'
import { events, follows, participants, posts, registrations, suggestions, verifiedPhones } from '../db/schema'
import type { Db } from '../lib/db'
import { insertOutbox } from '../notifications/outbox'

// Telling followers: statements for the batch that writes the post or the answer, so the
// messages exist exactly when it does. One row per person (the dedupe key names the post and
// the person: following both the agency and the event sends one message). SMS goes to the
// person's login phone, else the phone they verified last; settings are applied when sending.

const phoneOf = (participantId: SQL) =>
  sql`coalesce((SELECT ${participants.phone} FROM ${participants} WHERE ${participants.id} = ${participantId}),
               (SELECT ${verifiedPhones.phone} FROM ${verifiedPhones} WHERE ${verifiedPhones.participantId} = ${participantId}
                ORDER BY ${verifiedPhones.verifiedAt} DESC LIMIT 1))`

/**
 * 关注动态: a new_post message to every follower of the post's agency or event, written only if
 * the post is stored and published when the statement runs (place it after the post's insert).
 * Those signed up for the event are left out of its 变更通知: they get event_changed already.
 */
export function followerNotices(db: Db, post: { id: string; agencyId: string; eventId: string | null }, now: string) {
  const followers = sql`SELECT ${follows.participantId} AS participant_id FROM ${follows}
                        WHERE ${follows.targetKind} = 'agency' AND ${follows.targetId} = ${post.agencyId}
                        ${post.eventId ? sql`UNION SELECT ${follows.participantId} FROM ${follows} WHERE ${follows.targetKind} = 'event' AND ${follows.targetId} = ${post.eventId}` : sql``}`
  return insertOutbox(
    db,
    sql`SELECT lower(hex(randomblob(16))) AS id, 'new_post:' || ${posts.id} || ':' || f.participant_id AS dedupe_key,
               ${posts.agencyId} AS agency_id, 'new_post' AS kind, f.participant_id AS participant_id,
               ${phoneOf(sql`f.participant_id`)} AS phone, ${posts.eventId} AS event_id, NULL AS suggestion_id, ${posts.id} AS post_id,
               json_object('title', ${posts.title}, 'page', 'pages/post/index?id=' || ${posts.id}) AS payload,
               ${now} AS created_at
        FROM ${posts} JOIN (${followers}) f
        WHERE ${posts.id} = ${post.id} AND ${posts.status} = 'published'
          AND NOT (${posts.kind} = 'change' AND EXISTS (
            SELECT 1 FROM ${registrations} WHERE ${registrations.eventId} = ${posts.eventId}
              AND ${registrations.participantId} = f.participant_id AND ${registrations.status} = 'active'))`,
  )
}

/**
 * 意见答复 to those who follow a suggestion (by its tracking code), the submitter left out (they
 * have their own message); written only if the answer step stored this answer, like answerNotice.
 */
export function suggestionFollowerNotices(db: Db, suggestionId: string, at: string) {
  return insertOutbox(
    db,
    sql`SELECT lower(hex(randomblob(16))) AS id, 'answer_published:' || ${suggestions.id} || ':' || ${at} || ':' || ${follows.participantId} AS dedupe_key,
               coalesce(${suggestions.agencyId}, (SELECT ${events.agencyId} FROM ${events} WHERE ${events.id} = ${suggestions.eventId})) AS agency_id,
               'answer_published' AS kind, ${follows.participantId} AS participant_id,
               ${phoneOf(sql`${follows.participantId}`)} AS phone, ${suggestions.eventId} AS event_id, ${suggestions.id} AS suggestion_id, NULL AS post_id,
               json_object('title', '您关注的意见建议', 'codeTail', substr(${suggestions.trackingCode}, -4), 'answeredAt', ${at},
                           'page', 'pages/follows/index') AS payload,
               ${at} AS created_at
        FROM ${suggestions} JOIN ${follows} ON ${follows.targetKind} = 'suggestion' AND ${follows.targetId} = ${suggestions.id}
        WHERE ${suggestions.id} = ${suggestionId} AND ${suggestions.answeredAt} = ${at} AND ${suggestions.lastAction} = 'answer'
          AND ${follows.participantId} IS NOT ${suggestions.participantId}`,
  )
}
