import {
  changePostText,
  previewPostText,
  type AgendaItem,
  type Category,
  type Disclosure,
  type EventChange,
  type FeedPosition,
  type PostDetail,
  type PostEvent,
  type PostKind,
  type PostStatus,
  type PostSummary,
  type PostText,
  type StaffPost,
} from '@openday/shared'
import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { agencies, posts } from '../db/schema'
import type { AppEnv } from '../env'
import type { Db } from '../lib/db'
import { newId } from '../lib/ids'
import { purgePublic } from '../lib/public-cache'
import { purgeShare } from '../share/wxacode'

/**
 * The event a generated post is about: its stored row (events/queries.ts `EventRow`, whose
 * `agenda` and `targetGroups` are JSON columns) or an `EventDetail`.
 */
export type PostEventSource = Omit<PostEvent, 'agenda' | 'targetGroups'> & {
  id: string
  agencyId: string
  agenda: unknown
  targetGroups: unknown
}

function postEvent(e: PostEventSource): PostEvent {
  return {
    ...e,
    agenda: Array.isArray(e.agenda) ? (e.agenda as AgendaItem[]) : [],
    targetGroups: Array.isArray(e.targetGroups) ? (e.targetGroups as Category[]) : [],
  }
}

function generatedPostInsert(
  db: Db,
  kind: PostKind,
  event: PostEventSource,
  t: PostText,
  now: Date,
  authorStaffId: string | null,
  onlyIf: SQL | undefined,
  id: string,
) {
  const at = now.toISOString()
  if (onlyIf) {
    // Written only if the change it reports took effect in the same batch (insert-select; the
    // columns in table order).
    return db.insert(posts).select(
      sql`SELECT ${id}, ${event.agencyId}, ${kind}, ${event.id}, ${t.title}, ${t.summary}, ${t.body}, ${at}, ${at}, ${at},
                 ${authorStaffId}, 'published', NULL WHERE ${onlyIf}`,
    )
  }
  return db.insert(posts).values({
    id,
    agencyId: event.agencyId,
    kind,
    eventId: event.id,
    title: t.title,
    summary: t.summary,
    body: t.body,
    publishedAt: at,
    createdAt: at,
    updatedAt: at,
    authorStaffId,
    status: 'published',
  })
}

/**
 * 活动预告 of an event being published: an INSERT, not run, for the publish route's own
 * `db.batch([...])`, so the post exists exactly when the event is published. Then call
 * `purgeFeed(c, event.agencyId)`.
 */
export function previewPostInsert(
  db: Db,
  event: PostEventSource,
  now: Date,
  authorStaffId: string | null = null,
  onlyIf?: SQL,
  id: string = newId(),
) {
  return generatedPostInsert(db, 'preview', event, previewPostText(postEvent(event)), now, authorStaffId, onlyIf, id)
}

/**
 * 变更通知 of a published event whose time or venue changed, or that was cancelled: an INSERT for
 * the change's own batch. `event` is the event after the change (for a cancellation, as it was);
 * the old and new values are in `change`. Then call `purgeFeed(c, event.agencyId)`.
 */
export function changePostInsert(
  db: Db,
  event: PostEventSource,
  change: EventChange,
  now: Date,
  authorStaffId: string | null = null,
  onlyIf?: SQL,
  id: string = newId(),
) {
  return generatedPostInsert(db, 'change', event, changePostText(postEvent(event), change), now, authorStaffId, onlyIf, id)
}

/**
 * Deletes the cached first pages of the feeds a change of this agency's posts shows in (the
 * site-wide and the agency's, JSON and RSS) and, when given, the post's own page. Later pages
 * (with a cursor) may lag up to the edge cache's 5 minutes.
 */
export async function purgeFeed(c: Context<AppEnv>, agencyId: string, postId?: string): Promise<void> {
  await purgePublic(
    c,
    '/public/feed',
    `/public/feed?agencyId=${encodeURIComponent(agencyId)}`,
    '/public/feed.xml',
    `/public/agencies/${agencyId}/feed.xml`,
    ...(postId ? [`/public/posts/${postId}`, `/public/posts/${postId}/print`, `/public/posts/${postId}/embed`] : []),
  )
  // The post's share page and 小程序码 (a withdrawn post has neither).
  if (postId) await purgeShare(c, 'post', postId)
}

// --- reads ---

/** Written as the partial indexes' condition (a literal, not a bound value), so SQLite uses them. */
const published = sql`${posts.status} = 'published'`
/** Strictly after the position in newest-first order: a row value, which walks the index. */
const before = (p: FeedPosition) => sql`(${posts.publishedAt}, ${posts.id}) < (${p.publishedAt}, ${p.id})`
const newestFirst = [desc(posts.publishedAt), desc(posts.id)] as const

const summaryColumns = {
  id: posts.id,
  kind: posts.kind,
  agencyId: posts.agencyId,
  // A lookup per listed row, so the planner keeps walking the feed's index.
  agencyName: sql<string>`(SELECT ${agencies.name} FROM ${agencies} WHERE ${agencies.id} = ${posts.agencyId})`,
  eventId: posts.eventId,
  title: posts.title,
  summary: posts.summary,
  publishedAt: posts.publishedAt,
}
const detailColumns = { ...summaryColumns, body: posts.body, updatedAt: posts.updatedAt }
const staffColumns = { ...detailColumns, status: posts.status, authorStaffId: posts.authorStaffId }

/** Published posts newest first, of one agency or all, after a position; `limit` rows. */
export function publishedPosts(db: Db, filter: { agencyId?: string; after?: FeedPosition }, limit: number) {
  const where: (SQL | undefined)[] = [published, filter.agencyId === undefined ? undefined : eq(posts.agencyId, filter.agencyId)]
  if (filter.after) where.push(before(filter.after))
  return db
    .select(summaryColumns)
    .from(posts)
    .where(and(...where))
    .orderBy(...newestFirst)
    .limit(limit)
}

/** As publishedPosts, with the bodies (RSS). */
export function publishedPostsWithBody(db: Db, filter: { agencyId?: string }, limit: number) {
  return db
    .select(detailColumns)
    .from(posts)
    .where(and(published, filter.agencyId === undefined ? undefined : eq(posts.agencyId, filter.agencyId)))
    .orderBy(...newestFirst)
    .limit(limit)
}

export const findPublishedPost = (db: Db, id: string) =>
  db
    .select({ ...detailColumns, indexNo: posts.indexNo })
    .from(posts)
    .where(and(eq(posts.id, id), published))

/**
 * The 政府信息公开 header of a published 活动总结 (one with a 索引号); null for other posts. Only
 * published posts are public, so it reads 有效 (a withdrawn one would be 已废止).
 */
export function disclosureOf(r: PostDetail & { indexNo: string | null; status?: PostStatus }): Disclosure | null {
  if (r.kind !== 'summary' || !r.indexNo) return null
  return {
    indexNo: r.indexNo,
    publisher: r.agencyName,
    issuedAt: r.publishedAt,
    method: '主动公开',
    validity: r.status === 'withdrawn' ? '已废止' : '有效',
  }
}

/** GET /public/posts/:id: the post, with `disclosure` for a 活动总结 only. */
export function toPublicDetail(r: PostDetail & { indexNo: string | null }): PostDetail {
  const disclosure = disclosureOf(r)
  return disclosure ? { ...toDetail(r), disclosure } : toDetail(r)
}

/** The agency's posts of every status, newest first (posts_agency). */
export function agencyPosts(db: Db, agencyId: string, after: FeedPosition | undefined, limit: number) {
  return db
    .select(staffColumns)
    .from(posts)
    .where(and(eq(posts.agencyId, agencyId), after ? before(after) : undefined))
    .orderBy(...newestFirst)
    .limit(limit)
}

export const findAgencyPost = (db: Db, agencyId: string, id: string) =>
  db.select(staffColumns).from(posts).where(and(eq(posts.id, id), eq(posts.agencyId, agencyId)))

export type StaffPostRow = Awaited<ReturnType<typeof findAgencyPost>>[number]

export const toSummary = (r: PostSummary): PostSummary => ({
  id: r.id,
  kind: r.kind,
  agencyId: r.agencyId,
  agencyName: r.agencyName,
  eventId: r.eventId,
  title: r.title,
  summary: r.summary,
  publishedAt: r.publishedAt,
})
export const toDetail = (r: PostDetail): PostDetail => ({ ...toSummary(r), body: r.body, updatedAt: r.updatedAt })
export const toStaffPost = (r: StaffPostRow): StaffPost => ({ ...toDetail(r), status: r.status, authorStaffId: r.authorStaffId })
