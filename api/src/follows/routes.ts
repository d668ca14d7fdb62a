import { FOLLOWS_MAX, followInputSchema, type Follow, type FollowKind } from '@openday/shared'
import { and, desc, eq, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { requireParticipant } from '../auth/guards'
import { agencies, events, follows, suggestions } from '../db/schema'
import type { AppEnv } from '../env'
import type { Db } from '../lib/db'
import { fail } from '../lib/errors'
import { newId } from '../lib/ids'
import { json } from '../lib/validate'

// 关注: a person follows an agency, an event or a suggestion (by its tracking code) and is told
// of new events and posts (followers.ts writes the messages in the batch that publishes).

/** What the person sees of each follow: the agency's name, the event's title, 意见 + the code's last 4. */
const titleOf = sql<string | null>`CASE ${follows.targetKind}
  WHEN 'agency' THEN (SELECT ${agencies.name} FROM ${agencies} WHERE ${agencies.id} = ${follows.targetId})
  WHEN 'event' THEN (SELECT ${events.title} FROM ${events} WHERE ${events.id} = ${follows.targetId})
  ELSE (SELECT '意见建议（查询码尾号' || substr(${suggestions.trackingCode}, -4) || '）' FROM ${suggestions} WHERE ${suggestions.id} = ${follows.targetId})
END`

const followColumns = {
  id: follows.id,
  kind: follows.targetKind,
  targetId: follows.targetId,
  title: titleOf,
  trackingCode: sql<string | null>`CASE WHEN ${follows.targetKind} = 'suggestion'
    THEN (SELECT ${suggestions.trackingCode} FROM ${suggestions} WHERE ${suggestions.id} = ${follows.targetId}) END`,
  createdAt: follows.createdAt,
}

const toFollow = (r: { id: string; kind: FollowKind; targetId: string; title: string | null; trackingCode: string | null; createdAt: string }): Follow => ({
  ...r,
  title: r.title ?? '已删除的内容',
})

/**
 * The followed thing's id, or 404: an agency, a published (or cancelled: its followers are told)
 * event, or the suggestion of a tracking code. Drafts cannot be followed; nobody sees them.
 */
async function targetId(db: Db, kind: FollowKind, target: string): Promise<string> {
  const row =
    kind === 'agency'
      ? await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, target)).get()
      : kind === 'event'
        ? await db
            .select({ id: events.id })
            .from(events)
            .where(and(eq(events.id, target), sql`${events.status} IN ('published', 'cancelled')`))
            .get()
        : await db
            .select({ id: suggestions.id })
            .from(suggestions)
            .where(eq(suggestions.trackingCode, target.trim().toUpperCase()))
            .get()
  if (!row) {
    throw fail(404, 'NOT_FOUND', kind === 'suggestion' ? '查询码不存在，请核对后重试' : kind === 'event' ? '活动不存在' : '单位不存在')
  }
  return row.id
}

export const followRoutes = new Hono<AppEnv>()
  .get('/me/follows', requireParticipant, async (c) => {
    const rows = await c
      .get('db')
      .select(followColumns)
      .from(follows)
      .where(eq(follows.participantId, c.get('participant').id))
      .orderBy(desc(follows.createdAt), desc(follows.id))
      .limit(FOLLOWS_MAX)
    return c.json({ follows: rows.map(toFollow) })
  })
  .post('/me/follows', requireParticipant, json(followInputSchema), async (c) => {
    const db = c.get('db')
    const { kind, target } = c.req.valid('json')
    const participantId = c.get('participant').id
    const id = await targetId(db, kind, target)
    const now = new Date().toISOString()
    // One statement decides: already followed (no row, 200), over the limit (no row, 409), or new.
    const inserted = await db
      .insert(follows)
      .select(
        sql`SELECT ${newId()}, ${participantId}, ${kind}, ${id}, ${now}
            WHERE (SELECT count(*) FROM ${follows} WHERE ${follows.participantId} = ${participantId}) < ${FOLLOWS_MAX}`,
      )
      .onConflictDoNothing()
      .returning({ id: follows.id })
    const row = await db
      .select(followColumns)
      .from(follows)
      .where(and(eq(follows.participantId, participantId), eq(follows.targetKind, kind), eq(follows.targetId, id)))
      .get()
    if (!row) throw fail(409, 'FOLLOW_LIMIT', `最多关注${FOLLOWS_MAX}项，请先取消一些不再关注的内容`)
    return c.json({ follow: toFollow(row) }, inserted.length ? 201 : 200)
  })
  .delete('/me/follows/:id', requireParticipant, async (c) => {
    const removed = await c
      .get('db')
      .delete(follows)
      .where(and(eq(follows.id, c.req.param('id')), eq(follows.participantId, c.get('participant').id)))
      .returning({ id: follows.id })
    if (removed.length === 0) throw fail(404, 'NOT_FOUND', '没有这项关注，可能已经取消')
    return c.body(null, 204)
  })
