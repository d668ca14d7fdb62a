import {
  maskPersonalInfo,
  overdueOnlyRow,
  parsePeriod,
  periodFigures,
  periodInstants,
  PUBLIC_ANSWERS_PAGE_SIZE,
  RANKING_MIN_ITEMS,
  RANKING_WEIGHTS,
  rankByScore,
  shanghaiDate,
  disclosureFigures,
  type PublicAgencyList,
  type PublicAgencyPage,
  type PublicAnswerPage,
  type PublicRanking,
} from '@openday/shared'
import type { Context } from 'hono'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { publicCache } from '../lib/public-cache'
import {
  activeDepartments,
  agencyEvaluationSums,
  agencyEvents,
  agencyList,
  agencyMetricsRows,
  agencyOverdueUnmarked,
  allEvaluationSums,
  allMetricsRows,
  allOverdueUnmarked,
  findAgency,
  findPublishedEvent,
  publishedAnswers,
} from './queries'
import { periodEndedEvents } from '../summaries/queries'

// 公开答复与办理情况: no login. Anonymous reads come from the edge cache (5 minutes); the period's
// `from`/`to` and the answers' `page` are part of the cache key, nothing else in the query is.
const EDGE_SECONDS = 300
const MAX_PAGE = 1000

/** The period of the query string, or 400 VALIDATION_FAILED naming the bad field. */
function periodOf(c: Context<AppEnv>, now: Date) {
  const period = parsePeriod(c.req.query('from'), c.req.query('to'), shanghaiDate(now))
  if (!period.ok) throw fail(400, 'VALIDATION_FAILED', period.message, { field: period.field })
  return { from: period.from, to: period.to }
}

/** `?page=`: 1–1000, default 1, or 400 VALIDATION_FAILED. */
function pageOf(c: Context<AppEnv>): number {
  const pageParam = c.req.query('page') ?? '1'
  if (!/^[1-9]\d{0,3}$/.test(pageParam) || Number(pageParam) > MAX_PAGE) {
    throw fail(400, 'VALIDATION_FAILED', `页码须为1至${MAX_PAGE}的整数`, { field: 'page' })
  }
  return Number(pageParam)
}

type AnswerRow = Awaited<ReturnType<typeof publishedAnswers>>[number]

/** Phone and ID numbers masked in every text; never the contact, tracking code or a name. */
function answerPage(rows: AnswerRow[], page: number): PublicAnswerPage {
  return {
    answers: rows.slice(0, PUBLIC_ANSWERS_PAGE_SIZE).map((r) => ({
      id: r.id,
      event: { id: r.eventId, title: r.eventTitle },
      department: r.department,
      topic: r.topic === null ? null : maskPersonalInfo(r.topic),
      content: maskPersonalInfo(r.content),
      answer: maskPersonalInfo(r.answer),
      resultClass: r.resultClass,
      plannedBy: r.plannedBy,
      submittedAt: r.submittedAt,
      answeredAt: r.answeredAt,
    })),
    page,
    pageSize: PUBLIC_ANSWERS_PAGE_SIZE,
    hasMore: rows.length > PUBLIC_ANSWERS_PAGE_SIZE,
  }
}

export const publicRoutes = new Hono<AppEnv>()
  .get('/public/agencies', publicCache(EDGE_SECONDS), async (c) => {
    const body: PublicAgencyList = { agencies: await agencyList(c.get('db')) }
    return c.json(body)
  })

  // The agency page: one batch, one D1 round trip.
  .get('/public/agencies/:id', publicCache(EDGE_SECONDS, ['from', 'to']), async (c) => {
    const now = new Date()
    const period = periodOf(c, now)
    const range = periodInstants(period)
    const agencyId = c.req.param('id')
    const db = c.get('db')
    const nowIso = now.toISOString()
    const [upcomingQuery, pastQuery] = agencyEvents(db, agencyId, nowIso)
    const [[agency], departments, upcoming, past, counted, unmarked, [evaluation], duties] = await db.batch([
      findAgency(db, agencyId),
      activeDepartments(db, agencyId),
      upcomingQuery,
      pastQuery,
      agencyMetricsRows(db, agencyId, period),
      agencyOverdueUnmarked(db, agencyId, range, nowIso),
      agencyEvaluationSums(db, agencyId, range),
      periodEndedEvents(db, agencyId, range, nowIso),
    ])
    if (!agency) throw fail(404, 'NOT_FOUND', '单位不存在')
    const rows = [...counted, ...unmarked.map((u) => overdueOnlyRow(u.departmentId, u.count))]
    const body: PublicAgencyPage = {
      agency,
      period,
      figures: periodFigures(rows, evaluation ?? null),
      departments: departments.map((d) => ({ ...d, figures: periodFigures(rows.filter((r) => r.departmentId === d.id)) })),
      events: { upcoming, past },
      disclosure: disclosureFigures(duties, now),
    }
    return c.json(body)
  })

  .get('/public/agencies/:id/answers', publicCache(EDGE_SECONDS, ['page']), async (c) => {
    const page = pageOf(c)
    const db = c.get('db')
    const answers = publishedAnswers(db, { agencyId: c.req.param('id') }, page, PUBLIC_ANSWERS_PAGE_SIZE)
    const [[agency], rows] = await db.batch([findAgency(db, c.req.param('id')), answers])
    if (!agency) throw fail(404, 'NOT_FOUND', '单位不存在')
    return c.json(answerPage(rows, page))
  })

  // The event page's 公开答复: the same answers, of one published event.
  .get('/public/events/:id/answers', publicCache(EDGE_SECONDS, ['page']), async (c) => {
    const page = pageOf(c)
    const db = c.get('db')
    const answers = publishedAnswers(db, { eventId: c.req.param('id') }, page, PUBLIC_ANSWERS_PAGE_SIZE)
    const [[event], rows] = await db.batch([findPublishedEvent(db, c.req.param('id')), answers])
    if (!event) throw fail(404, 'NOT_FOUND', '活动不存在或未发布')
    return c.json(answerPage(rows, page))
  })

  // Every agency with its figures and composite score: one batch, one D1 round trip.
  .get('/public/rankings', publicCache(EDGE_SECONDS, ['from', 'to']), async (c) => {
    const now = new Date()
    const period = periodOf(c, now)
    const range = periodInstants(period)
    const db = c.get('db')
    const nowIso = now.toISOString()
    const [list, counted, unmarked, sums] = await db.batch([
      agencyList(db),
      allMetricsRows(db, period),
      allOverdueUnmarked(db, range, nowIso),
      allEvaluationSums(db, range),
    ])
    const rows = [...counted, ...unmarked.map((u) => ({ ...overdueOnlyRow(null, u.count), agencyId: u.agencyId }))]
    const rowsOf = new Map<string, typeof rows>()
    for (const r of rows) {
      const list = rowsOf.get(r.agencyId)
      if (list) list.push(r)
      else rowsOf.set(r.agencyId, [r])
    }
    const sumsOf = new Map(sums.map((e) => [e.agencyId, e]))
    const ranked = rankByScore(list.map((agency) => ({ agency, figures: periodFigures(rowsOf.get(agency.id) ?? [], sumsOf.get(agency.id) ?? null) })))
    const body: PublicRanking = {
      period,
      weights: RANKING_WEIGHTS,
      minItems: RANKING_MIN_ITEMS,
      agencies: ranked.map((e) => ({ agency: e.item.agency, rank: e.rank, score: e.score, figures: e.item.figures })),
    }
    return c.json(body)
  })
