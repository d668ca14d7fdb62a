import {
  decodeFeedCursor,
  encodeFeedCursor,
  FEED_PAGE_SIZE,
  FEED_XML_ITEMS,
  normalizeBody,
  ORGANISER_ROLES,
  postInputSchema,
  postPatchSchema,
  summarize,
  type FeedPage,
  type FeedPosition,
  type StaffPostPage,
} from '@openday/shared'
import { and, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { requireStaff } from '../auth/guards'
import { events, posts } from '../db/schema'
import type { AppEnv } from '../env'
import type { Db } from '../lib/db'
import { fail } from '../lib/errors'
import { newId } from '../lib/ids'
import { publicCache } from '../lib/public-cache'
import { json } from '../lib/validate'
import { findAgency } from '../public/queries'
import {
  agencyPosts,
  findAgencyPost,
  findPublishedPost,
  publishedPosts,
  publishedPostsWithBody,
  purgeFeed,
  toDetail,
  toPublicDetail,
  toStaffPost,
  toSummary,
} from './posts'
import { rssFeed } from './rss'
import { followerNotices } from '../follows/followers'
import { forwardSoon } from '../notifications/outbox'

// 动态: the public feed (JSON and RSS) and the staff's articles. Anonymous reads come from the
// edge cache for 5 minutes; `agencyId` and `cursor` are part of the feed's cache key. Every write
// purges the first pages it shows in (purgeFeed).
const EDGE_SECONDS = 300
const RSS_TYPE = 'application/rss+xml; charset=utf-8'

/** `?cursor=`: absent for the first page, else a cursor this API made, or 400. */
function cursorOf(c: Context<AppEnv>): FeedPosition | undefined {
  const raw = c.req.query('cursor')
  if (raw === undefined || raw === '') return undefined
  const position = decodeFeedCursor(raw)
  if (!position) throw fail(400, 'VALIDATION_FAILED', '翻页参数无效，请从第一页重新加载', { field: 'cursor' })
  return position
}

/** One more row than a page tells whether another page follows. */
function pageOf<T extends { publishedAt: string; id: string }>(rows: T[]): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, FEED_PAGE_SIZE)
  const last = page[page.length - 1]
  return { rows: page, nextCursor: rows.length > FEED_PAGE_SIZE && last ? encodeFeedCursor(last) : null }
}

/**
 * The event an article is about: one of the staff member's agency that is not a draft (a draft
 * is not public yet; another agency's event is not theirs to write about). 400 otherwise.
 */
async function checkEvent(db: Db, agencyId: string, eventId: string | null | undefined) {
  if (!eventId) return
  const [row] = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.agencyId, agencyId), sql`${events.status} <> 'draft'`))
  if (!row) throw fail(400, 'VALIDATION_FAILED', '关联的活动不存在，或不是本单位已发布的活动', { field: 'eventId' })
}

/** The staff member's agency's post, or 404 (another agency's post is not there for them). */
async function ownPost(db: Db, agencyId: string, id: string) {
  const [row] = await findAgencyPost(db, agencyId, id)
  if (!row) throw fail(404, 'NOT_FOUND', '动态不存在')
  return row
}

export const feedRoutes = new Hono<AppEnv>()
  // Published posts newest first, of all agencies or one: one D1 round trip.
  .get('/public/feed', publicCache(EDGE_SECONDS, ['agencyId', 'cursor']), async (c) => {
    const after = cursorOf(c)
    const agencyId = c.req.query('agencyId') || undefined
    const db = c.get('db')
    const list = publishedPosts(db, { agencyId, after }, FEED_PAGE_SIZE + 1)
    let rows: Awaited<typeof list>
    if (agencyId !== undefined) {
      const [[agency], found] = await db.batch([findAgency(db, agencyId), list])
      if (!agency) throw fail(404, 'NOT_FOUND', '单位不存在')
      rows = found
    } else {
      rows = await list
    }
    const page = pageOf(rows)
    const body: FeedPage = { posts: page.rows.map(toSummary), nextCursor: page.nextCursor }
    return c.json(body)
  })

  .get('/public/posts/:id', publicCache(EDGE_SECONDS), async (c) => {
    const [row] = await findPublishedPost(c.get('db'), c.req.param('id'))
    if (!row) throw fail(404, 'NOT_FOUND', '动态不存在或已撤回')
    return c.json({ post: toPublicDetail(row) })
  })

  .get('/public/feed.xml', publicCache(EDGE_SECONDS), async (c) => {
    const origin = new URL(c.req.url).origin
    const rows = await publishedPostsWithBody(c.get('db'), {}, FEED_XML_ITEMS)
    const xml = rssFeed(
      { title: '开放日·动态', description: '各单位政府开放日的活动预告、变更通知、活动总结与答复公开', link: `${origin}/`, selfUrl: c.req.url.split('?')[0], origin },
      rows.map(toDetail),
    )
    return c.body(xml, 200, { 'content-type': RSS_TYPE })
  })

  .get('/public/agencies/:id/feed.xml', publicCache(EDGE_SECONDS), async (c) => {
    const db = c.get('db')
    const agencyId = c.req.param('id')
    const origin = new URL(c.req.url).origin
    const [[agency], rows] = await db.batch([findAgency(db, agencyId), publishedPostsWithBody(db, { agencyId }, FEED_XML_ITEMS)])
    if (!agency) throw fail(404, 'NOT_FOUND', '单位不存在')
    const xml = rssFeed(
      {
        title: `${agency.name}·动态`,
        description: `${agency.name}政府开放日的活动预告、变更通知、活动总结与答复公开`,
        link: `${origin}/#/pages/agency/index?id=${encodeURIComponent(agency.id)}`,
        selfUrl: c.req.url.split('?')[0],
        origin,
      },
      rows.map(toDetail),
    )
    return c.body(xml, 200, { 'content-type': RSS_TYPE })
  })

  // The agency's posts of every kind and status, newest first, for the staff's 动态管理.
  .get('/staff/posts', requireStaff(ORGANISER_ROLES), async (c) => {
    const after = cursorOf(c)
    const rows = await agencyPosts(c.get('db'), c.get('staff').agencyId, after, FEED_PAGE_SIZE + 1)
    const page = pageOf(rows)
    const body: StaffPostPage = { posts: page.rows.map(toStaffPost), nextCursor: page.nextCursor }
    return c.json(body, 200, { 'cache-control': 'private, no-store' })
  })

  .post('/staff/posts', requireStaff(ORGANISER_ROLES), json(postInputSchema), async (c) => {
    const input = c.req.valid('json')
    const staff = c.get('staff')
    const db = c.get('db')
    await checkEvent(db, staff.agencyId, input.eventId)
    const body = normalizeBody(input.body)
    const now = new Date().toISOString()
    const id = newId()
    const [, [row]] = await db.batch([
      db.insert(posts).values({
        id,
        agencyId: staff.agencyId,
        kind: 'article',
        eventId: input.eventId ?? null,
        title: input.title,
        summary: input.summary || summarize(body),
        body,
        publishedAt: now,
        createdAt: now,
        updatedAt: now,
        authorStaffId: staff.id,
        status: 'published',
      }),
      findAgencyPost(db, staff.agencyId, id),
      // Followers of the agency (and of the linked event) are told.
      followerNotices(db, { id, agencyId: staff.agencyId, eventId: input.eventId ?? null }, now),
    ])
    await purgeFeed(c, staff.agencyId)
    forwardSoon(c)
    return c.json({ post: toStaffPost(row) }, 201)
  })

  // Corrects a published post (any kind); it keeps its place in the feed (published_at).
  .patch('/staff/posts/:id', requireStaff(ORGANISER_ROLES), json(postPatchSchema), async (c) => {
    const patch = c.req.valid('json')
    const staff = c.get('staff')
    const db = c.get('db')
    const current = await ownPost(db, staff.agencyId, c.req.param('id'))
    if (current.status !== 'published') throw fail(409, 'INVALID_STATE', '该动态已撤回，不能修改')
    await checkEvent(db, staff.agencyId, patch.eventId)
    const body = patch.body === undefined ? current.body : normalizeBody(patch.body)
    // A summary left to the body follows the body; one written by hand stays until changed.
    const summary = patch.summary ? patch.summary : patch.summary === '' || current.summary === summarize(current.body) ? summarize(body) : current.summary
    const [updated, [row]] = await db.batch([
      db
        .update(posts)
        .set({
          title: patch.title ?? current.title,
          summary,
          body,
          eventId: patch.eventId === undefined ? current.eventId : patch.eventId,
          updatedAt: new Date().toISOString(),
        })
        .where(and(eq(posts.id, current.id), eq(posts.agencyId, staff.agencyId), eq(posts.status, 'published'))),
      findAgencyPost(db, staff.agencyId, current.id),
    ])
    if (updated.meta.changes !== 1) throw fail(409, 'INVALID_STATE', '该动态已撤回，不能修改')
    await purgeFeed(c, staff.agencyId, current.id)
    return c.json({ post: toStaffPost(row) })
  })

  // 撤回 (the app confirms first): the post leaves every public read; the row stays. Again: no change.
  .post('/staff/posts/:id/withdraw', requireStaff(ORGANISER_ROLES), async (c) => {
    const staff = c.get('staff')
    const db = c.get('db')
    const id = c.req.param('id')
    const [, [row]] = await db.batch([
      db
        .update(posts)
        .set({ status: 'withdrawn', updatedAt: new Date().toISOString() })
        .where(and(eq(posts.id, id), eq(posts.agencyId, staff.agencyId), eq(posts.status, 'published'))),
      findAgencyPost(db, staff.agencyId, id),
    ])
    if (!row) throw fail(404, 'NOT_FOUND', '动态不存在')
    await purgeFeed(c, staff.agencyId, id)
    return c.json({ post: toStaffPost(row) })
  })
