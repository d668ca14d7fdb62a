import {
  disclosureTasks,
  draftSummary,
  maskPersonalInfo,
  normalizeBody,
  ORGANISER_ROLES,
  POST_BODY_MAX,
  POST_TITLE_MAX,
  publishedSummaryBody,
  RESULT_CLASSES,
  shanghaiYear,
  summarize,
  summaryDueAt,
  summaryEditSchema,
  type DisclosureTask,
  type PostDetail,
} from '@openday/shared'
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { followerNotices } from '../follows/followers'
import { forwardSoon } from '../notifications/outbox'
import { requireStaff } from '../auth/guards'
import { departments, eventSummaries, posts, suggestions as s } from '../db/schema'
import type { AppEnv, StaffSession } from '../env'
import { findPublishedPost, purgeFeed, toPublicDetail } from '../feed/posts'
import { postPageUrl } from '../feed/rss'
import type { Db } from '../lib/db'
import { fail } from '../lib/errors'
import { newId } from '../lib/ids'
import { publicCache, purgePublic } from '../lib/public-cache'
import { json } from '../lib/validate'
import { embedPage, printPage } from './html'
import {
  buildFigures,
  figureQueries,
  findSummary,
  recentEndedEvents,
  summaryEvent,
  TASK_WINDOW_DAYS,
  toDraft,
  type FigureRows,
  type SummaryEventRow,
} from './queries'

// 活动总结 and 答复公开 (docs/summary.md): admins and organizers of the event's agency; another
// agency's event is not there for them (404). Writes that decide something are guarded in SQL.

const EDGE_SECONDS = 300
const HTML_TYPE = 'text/html; charset=utf-8'
const DAY_MS = 24 * 3600_000

/** The staff member's agency's event, or 404 (another agency's, even published, is not theirs here). */
function own(row: SummaryEventRow | undefined, staff: StaffSession): SummaryEventRow {
  if (!row || row.agencyId !== staff.agencyId) throw fail(404, 'NOT_FOUND', '活动不存在')
  return row
}

/** A summary is of a published event that has ended. */
function assertSummarizable(e: SummaryEventRow, now: Date) {
  if (e.status !== 'published') throw fail(409, 'INVALID_STATE', e.status === 'draft' ? '活动尚未发布，没有活动总结' : '活动已取消，没有活动总结')
  if (e.endAt > now.toISOString()) throw fail(409, 'EVENT_NOT_ENDED')
}

const draftOnly = sql`${eventSummaries.status} = 'draft'`

/** The agency's 待办 disclosure duties (GET /staff/disclosure-tasks). */
async function tasksOf(db: Db, agencyId: string, now: Date): Promise<DisclosureTask[]> {
  const rows = await recentEndedEvents(db, agencyId, new Date(now.getTime() - TASK_WINDOW_DAYS * DAY_MS).toISOString(), now.toISOString())
  return disclosureTasks(rows, now)
}

/** Published answers of the event after an instant (the previous 答复公开), oldest first. */
function answersSince(db: Db, eventId: string) {
  const previous = sql`coalesce((SELECT max(${posts.publishedAt}) FROM ${posts} WHERE ${posts.eventId} = ${eventId} AND ${posts.kind} = 'answers' AND ${posts.status} = 'published'), '')`
  return {
    previous: db
      .select({ at: sql<string | null>`max(${posts.publishedAt})` })
      .from(posts)
      .where(and(eq(posts.eventId, eventId), sql`${posts.kind} = 'answers'`, sql`${posts.status} = 'published'`)),
    answers: db
      .select({
        topic: s.topic,
        content: s.content,
        answer: sql<string>`${s.answer}`,
        department: departments.name,
        resultClass: s.resultClass,
        plannedBy: s.plannedBy,
        answeredAt: sql<string>`${s.answeredAt}`,
      })
      .from(s)
      .leftJoin(departments, eq(departments.id, s.departmentId))
      // As GET /public/events/:id/answers: published with consent, an answer in force.
      .where(
        and(
          eq(s.eventId, eventId),
          sql`${s.published} = 1 AND ${s.publicConsent} = 1`,
          sql`${s.status} IN ('answered', 'closed')`,
          sql`${s.answer} IS NOT NULL`,
          sql`${s.answeredAt} > ${previous}`,
        ),
      )
      .orderBy(asc(s.answeredAt), asc(s.id)),
  }
}

type DigestAnswer = Awaited<ReturnType<typeof answersSince>['answers']>[number]

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`)

/**
 * The 答复公开 text: each answer masked exactly as the public answers page masks it. When the
 * whole does not fit a post, each question and answer is shortened alike (the full text stays on
 * the 公开答复 page).
 */
export function digestText(event: { title: string; hostUnit: string }, answers: DigestAnswer[]) {
  const lead = `现将${event.hostUnit}“${event.title}”政府开放日活动中收到的意见建议的${answers.length}条答复公开如下（已隐去个人信息）。`
  const build = (max: number) =>
    [
      lead,
      ...answers.map((a, i) => {
        const topic = a.topic === null ? '' : `【${maskPersonalInfo(a.topic)}】`
        const result = a.resultClass ? `办理结果：${RESULT_CLASSES[a.resultClass]}${a.resultClass === 'B' && a.plannedBy ? `，计划于${a.plannedBy}前解决` : ''}` : null
        return [
          `${i + 1}. ${topic}${cut(maskPersonalInfo(a.content), max)}`,
          `答复（${a.department ?? event.hostUnit}）：${cut(maskPersonalInfo(a.answer), max)}`,
          result,
        ]
          .filter(Boolean)
          .join('\n')
      }),
      '完整的答复内容可在“开放日”的公开答复中查看。',
    ].join('\n\n')
  for (const max of [Infinity, 1000, 400, 150, 60, 20]) {
    const body = build(max)
    if (body.length <= POST_BODY_MAX) return body
  }
  return cut(build(20), POST_BODY_MAX)
}

/** The public post for the HTML pages, or 404 (unknown or withdrawn). */
async function publicPost(c: Context<AppEnv>): Promise<PostDetail> {
  const [row] = await findPublishedPost(c.get('db'), c.req.param('id') ?? '')
  if (!row) throw fail(404, 'NOT_FOUND', '动态不存在或已撤回')
  return toPublicDetail(row)
}

export const summaryRoutes = new Hono<AppEnv>()
  .get('/staff/events/:id/summary', requireStaff(ORGANISER_ROLES), async (c) => {
    const db = c.get('db')
    const eventId = c.req.param('id')
    const [[event], [summary]] = await db.batch([summaryEvent(db, eventId), findSummary(db, eventId)])
    const e = own(event, c.get('staff'))
    return c.json({ summary: summary ? toDraft(summary, e.endAt) : null, dueAt: summaryDueAt(e.endAt) }, 200, { 'cache-control': 'private, no-store' })
  })

  // Builds the draft from the data (201), or answers the one there is (200); ?rebuild=1 reads the
  // figures again and redrafts the body, keeping the title and 下一步.
  .post('/staff/events/:id/summary', requireStaff(ORGANISER_ROLES), async (c) => {
    const db = c.get('db')
    const staff = c.get('staff')
    const eventId = c.req.param('id')
    const rebuild = c.req.query('rebuild') === '1'
    const now = new Date()
    const [[event], [existing], ...figureRows] = await db.batch([summaryEvent(db, eventId), findSummary(db, eventId), ...figureQueries(db, eventId)])
    const e = own(event, staff)
    assertSummarizable(e, now)
    if (existing?.status === 'published') throw fail(409, 'SUMMARY_PUBLISHED')
    if (existing && !rebuild) return c.json({ summary: toDraft(existing, e.endAt) }, 200)
    const at = now.toISOString()
    const figures = buildFigures(e, figureRows as FigureRows, at)
    const draft = draftSummary(figures)
    const write = existing
      ? db
          .update(eventSummaries)
          .set({ figures, body: draft.body, updatedAt: at })
          .where(and(eq(eventSummaries.eventId, eventId), eq(eventSummaries.agencyId, staff.agencyId), draftOnly))
      : db
          .insert(eventSummaries)
          .values({ eventId, agencyId: staff.agencyId, title: draft.title, body: draft.body, nextSteps: '', figures, status: 'draft', createdAt: at, updatedAt: at, authorStaffId: staff.id })
          .onConflictDoNothing()
    const [written, [row]] = await db.batch([write, findSummary(db, eventId)])
    if (row.status === 'published') throw fail(409, 'SUMMARY_PUBLISHED')
    // A build that lost a race with another answers the winner's draft.
    return c.json({ summary: toDraft(row, e.endAt) }, !existing && written.meta.changes === 1 ? 201 : 200)
  })

  .put('/staff/events/:id/summary', requireStaff(ORGANISER_ROLES), json(summaryEditSchema), async (c) => {
    const input = c.req.valid('json')
    const db = c.get('db')
    const staff = c.get('staff')
    const eventId = c.req.param('id')
    const [[event], , [row]] = await db.batch([
      summaryEvent(db, eventId),
      db
        .update(eventSummaries)
        .set({ title: input.title.trim(), body: normalizeBody(input.body), nextSteps: normalizeBody(input.nextSteps), updatedAt: new Date().toISOString() })
        .where(and(eq(eventSummaries.eventId, eventId), eq(eventSummaries.agencyId, staff.agencyId), draftOnly)),
      findSummary(db, eventId),
    ])
    const e = own(event, staff)
    if (!row) throw fail(404, 'NOT_FOUND', '请先生成活动总结草稿')
    if (row.status === 'published') throw fail(409, 'SUMMARY_PUBLISHED')
    return c.json({ summary: toDraft(row, e.endAt) })
  })

  // Publishes the draft as a 活动总结 post with the agency's next 索引号 of the year: one batch.
  .post('/staff/events/:id/summary/publish', requireStaff(ORGANISER_ROLES), async (c) => {
    const db = c.get('db')
    const staff = c.get('staff')
    const eventId = c.req.param('id')
    const now = new Date()
    const [[event], [draft]] = await db.batch([summaryEvent(db, eventId), findSummary(db, eventId)])
    const e = own(event, staff)
    assertSummarizable(e, now)
    if (!draft) throw fail(404, 'NOT_FOUND', '请先生成活动总结草稿')
    if (draft.status === 'published') throw fail(409, 'SUMMARY_PUBLISHED')
    const at = now.toISOString()
    const postId = newId()
    const body = publishedSummaryBody(draft.body, draft.nextSteps)
    const year = shanghaiYear(now)
    // The 索引号 is decided inside the INSERT: 机构代码 (or the agency id's first 9 characters),
    // the year, and one more than the highest sequence of that prefix (read off the unique index
    // posts_index_no, whose 5 zero-padded digits sort as numbers). D1 runs batches one at a time,
    // so two publications never read the same highest number. Written only while the draft is the
    // one read here (same updated_at), so what is published is what staff saw.
    const insertPost = db.insert(posts).select(
      sql`SELECT ${postId}, ${staff.agencyId}, 'summary', ${eventId}, ${draft.title}, ${summarize(body)}, ${body}, ${at}, ${at}, ${at}, ${staff.id}, 'published',
          pre.prefix || printf('%05d', coalesce((SELECT CAST(substr(max(p.index_no), length(pre.prefix) + 1) AS INTEGER) FROM posts p
                                                 WHERE p.index_no > pre.prefix AND p.index_no < pre.prefix || ':'), 0) + 1)
        FROM (SELECT coalesce(nullif(trim(a.disclosure_code), ''), substr(a.id, 1, 9)) || '/' || ${String(year)} || '-' AS prefix
                FROM agencies a WHERE a.id = ${staff.agencyId}) AS pre
        WHERE EXISTS (SELECT 1 FROM event_summaries es WHERE es.event_id = ${eventId} AND es.agency_id = ${staff.agencyId}
                        AND es.status = 'draft' AND es.updated_at = ${draft.updatedAt})`,
    )
    const markPublished = db
      .update(eventSummaries)
      .set({ status: 'published', postId, publishedAt: at, updatedAt: at })
      .where(and(eq(eventSummaries.eventId, eventId), draftOnly, sql`EXISTS (SELECT 1 FROM ${posts} WHERE ${posts.id} = ${postId})`))
    // The writes of the publication; more may be appended (e.g. telling the followers) and stay atomic.
    const writes = [insertPost, markPublished, followerNotices(db, { id: postId, agencyId: staff.agencyId, eventId }, at)] as const
    const results = await db.batch([...writes, findSummary(db, eventId)])
    const [row] = results[results.length - 1] as Awaited<ReturnType<typeof findSummary>>
    if (row.postId !== postId) {
      if (row.status === 'published') throw fail(409, 'SUMMARY_PUBLISHED')
      throw fail(409, 'INVALID_STATE', '总结刚被修改，请刷新后再发布')
    }
    await Promise.all([purgeFeed(c, staff.agencyId, postId), purgePublic(c, `/public/agencies/${staff.agencyId}`)])
    forwardSoon(c)
    const [post] = await findPublishedPost(db, postId)
    return c.json({ summary: toDraft(row, e.endAt), post: toPublicDetail(post) }, 201)
  })

  // 答复公开: the event's answers published since its previous 答复公开, as a post.
  .post('/staff/events/:id/answers-digest', requireStaff(ORGANISER_ROLES), async (c) => {
    const db = c.get('db')
    const staff = c.get('staff')
    const eventId = c.req.param('id')
    const q = answersSince(db, eventId)
    const [[event], [previous], answers] = await db.batch([summaryEvent(db, eventId), q.previous, q.answers])
    const e = own(event, staff)
    if (e.status !== 'published') throw fail(409, 'INVALID_STATE', '只有已发布的活动才能公开答复')
    if (answers.length === 0) throw fail(409, 'NOTHING_TO_PUBLISH')
    const at = new Date().toISOString()
    const postId = newId()
    const body = digestText(e, answers)
    const title = cut(`答复公开｜${e.title}`, POST_TITLE_MAX)
    // Only if no other 答复公开 of the event was published since the one read: never twice.
    const insertDigest = db.insert(posts).select(
      sql`SELECT ${postId}, ${staff.agencyId}, 'answers', ${eventId}, ${title}, ${summarize(body)}, ${body}, ${at}, ${at}, ${at}, ${staff.id}, 'published', NULL
           WHERE coalesce((SELECT max(published_at) FROM posts WHERE event_id = ${eventId} AND kind = 'answers' AND status = 'published'), '') = ${previous?.at ?? ''}`,
    )
    // The writes of the publication, first the post; more may be appended (e.g. telling the
    // followers, guarded by the post's existence) and stay atomic.
    const writes = [insertDigest, followerNotices(db, { id: postId, agencyId: staff.agencyId, eventId }, at)] as const
    const [inserted] = await db.batch([...writes])
    if (inserted.meta.changes !== 1) throw fail(409, 'NOTHING_TO_PUBLISH', '答复公开刚由他人发布，请刷新')
    await Promise.all([purgeFeed(c, staff.agencyId, postId), purgePublic(c, `/public/agencies/${staff.agencyId}`)])
    forwardSoon(c)
    const [post] = await findPublishedPost(db, postId)
    return c.json({ post: toPublicDetail(post), answers: answers.length }, 201)
  })

  .get('/staff/disclosure-tasks', requireStaff(ORGANISER_ROLES), async (c) => {
    const tasks = await tasksOf(c.get('db'), c.get('staff').agencyId, new Date())
    return c.json({ tasks }, 200, { 'cache-control': 'private, no-store' })
  })

  // The printable A4 page and the page to frame, edge-cached like the post and purged with it.
  .get('/public/posts/:id/print', publicCache(EDGE_SECONDS), async (c) => {
    const post = await publicPost(c)
    return c.body(printPage(post), 200, { 'content-type': HTML_TYPE })
  })

  .get('/public/posts/:id/embed', publicCache(EDGE_SECONDS), async (c) => {
    const post = await publicPost(c)
    return c.body(embedPage(post, postPageUrl(new URL(c.req.url).origin, post.id)), 200, { 'content-type': HTML_TYPE })
  })

