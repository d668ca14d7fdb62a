import {
  CLOSE_REASONS,
  parsePeriod,
  periodInstants,
  levelsIndex,
  type EvaluationFigures,
  type EvaluationReport,
  evaluationFigures,
  EVALUATION_MIN_RESPONSES,
  maskPersonalInfo,
  maskPhone,
  ORGANISER_ROLES,
  RATING_LABELS,
  RESULT_CLASSES,
  SATISFACTION_LABELS,
  SCORE_DIMENSION_CODES,
  SCORE_DIMENSIONS,
  shanghaiDate,
  SUGGESTION_STATUSES,
  type CsvCell,
} from '@openday/shared'
import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { requireStaff } from '../auth/guards'
import { departments, evaluationTallies as tallies, events, suggestions as s } from '../db/schema'
import type { AppEnv } from '../env'
import type { Db } from '../lib/db'
import { csvResponse, spreadsheetTime } from '../lib/csv-response'
import { fail } from '../lib/errors'
import { findEventForStaff } from '../evaluations/queries'
import { assertOwn } from '../events/queries'

// Staff downloads (part 7): CSV that opens in Excel and WPS. Admins and organizers of the event's
// agency only; contacts masked, phone and ID numbers in the text masked too, since a file leaves
// the system. One D1 round trip each.

const when = spreadsheetTime

/** The columns of the suggestions table (contact and personal numbers masked on output). */
const suggestionColumns = {
  trackingCode: s.trackingCode,
  eventTitle: events.title,
  createdAt: s.createdAt,
  topic: s.topic,
  content: s.content,
  contact: s.contact,
  status: s.status,
  department: departments.name,
  assignedAt: s.assignedAt,
  dueAt: s.dueAt,
  answeredAt: s.answeredAt,
  resultClass: s.resultClass,
  plannedBy: s.plannedBy,
  rating: s.rating,
  reopenCount: s.reopenCount,
  closeReason: s.closeReason,
  closedAt: s.closedAt,
}

function suggestionsQuery(db: Db, where: SQL) {
  return db
    .select(suggestionColumns)
    .from(s)
    .innerJoin(events, eq(events.id, s.eventId))
    .leftJoin(departments, eq(departments.id, s.departmentId))
    .where(where)
    .orderBy(asc(s.createdAt), asc(s.id))
}

type SuggestionRow = Awaited<ReturnType<typeof suggestionsQuery>>[number]

/** 意见建议表: one line per suggestion; with `withEvent` (the agency's file) the event's title too. */
function suggestionTable(rows: SuggestionRow[], withEvent: boolean): CsvCell[][] {
  const header = ['受理编号', ...(withEvent ? ['活动'] : []), '提交时间', '主题', '内容', '联系电话', '状态', '承办部门', '转办时间', '答复期限', '答复时间', '答复分类', '计划完成日期', '评价', '重办次数', '办结方式', '办结时间']
  const body = rows.map((r): CsvCell[] => [
    r.trackingCode,
    ...(withEvent ? [r.eventTitle] : []),
    when(r.createdAt),
    r.topic === null ? '' : maskPersonalInfo(r.topic),
    maskPersonalInfo(r.content),
    r.contact ? maskPhone(r.contact) : '',
    SUGGESTION_STATUSES[r.status],
    r.department ?? '',
    when(r.assignedAt),
    when(r.dueAt),
    when(r.answeredAt),
    r.resultClass ? `${r.resultClass} ${RESULT_CLASSES[r.resultClass]}` : '',
    r.plannedBy ?? '',
    r.rating ? RATING_LABELS[r.rating as keyof typeof RATING_LABELS] : '',
    r.reopenCount,
    r.closeReason ? CLOSE_REASONS[r.closeReason] : '',
    when(r.closedAt),
  ])
  return [header, ...body]
}

const LEVELS = [1, 2, 3, 4, 5] as const
const EVALUATION_HEADER = ['测评项目', ...LEVELS.map((l) => `${SATISFACTION_LABELS[l]}(${l}分)`), '平均分', '百分制指数']
const TOO_FEW = `测评人数不足${EVALUATION_MIN_RESPONSES}人，暂不显示`

/** 测评结果: per aspect the count at each level, the average and the 百分制 index; then 总体. */
function evaluationTable(figures: EvaluationFigures): CsvCell[][] {
  if (!figures.distribution || !figures.averages) return [[TOO_FEW]]
  const { distribution, averages } = figures
  return [
    ...SCORE_DIMENSION_CODES.map((d): CsvCell[] => [SCORE_DIMENSIONS[d], ...distribution[d], averages[d], levelsIndex(distribution[d]) ?? '']),
    ['总体', ...LEVELS.map(() => ''), figures.overall, levelsIndex(...Object.values(distribution)) ?? ''],
    [`测评人数：${figures.count}`],
  ]
}

/** The agency's period from the query string, or 400 naming the bad field. */
function periodOf(c: Context<AppEnv>) {
  const period = parsePeriod(c.req.query('from'), c.req.query('to'), shanghaiDate(new Date()))
  if (!period.ok) throw fail(400, 'VALIDATION_FAILED', period.message, { field: period.field })
  return { from: period.from, to: period.to }
}

export const reportRoutes = new Hono<AppEnv>()
  .get('/staff/events/:id/suggestions.csv', requireStaff(ORGANISER_ROLES), async (c) => {
    const eventId = c.req.param('id')
    const db = c.get('db')
    const [event, rows] = await db.batch([findEventForStaff(db, eventId), suggestionsQuery(db, eq(s.eventId, eventId))])
    assertOwn(event[0], c.get('staff'))
    return csvResponse(c, suggestionTable(rows, false), `意见建议-${eventId}`, `suggestions-${eventId}`)
  })

  // The published counters only (they move in steps of 5), and nothing below 5 answers.
  .get('/staff/events/:id/evaluation.csv', requireStaff(ORGANISER_ROLES), async (c) => {
    const eventId = c.req.param('id')
    const db = c.get('db')
    const [event, cells] = await db.batch([findEventForStaff(db, eventId), publishedCells(db, eq(tallies.eventId, eventId))])
    assertOwn(event[0], c.get('staff'))
    return csvResponse(c, [EVALUATION_HEADER, ...evaluationTable(evaluationFigures(cells))], `测评结果-${eventId}`, `evaluation-${eventId}`)
  })

  // The agency's suggestions submitted in the period (docs/metrics.md: the same period rule).
  .get('/staff/suggestions.csv', requireStaff(ORGANISER_ROLES), async (c) => {
    const period = periodOf(c)
    const { startIso, endIso } = periodInstants(period)
    const db = c.get('db')
    const rows = await suggestionsQuery(db, and(eq(events.agencyId, c.get('staff').agencyId), gte(s.createdAt, startIso), lt(s.createdAt, endIso))!)
    return csvResponse(c, suggestionTable(rows, true), `意见建议-${period.from}至${period.to}`, `suggestions-${period.from}-${period.to}`)
  })

  // The agency's evaluation report (part 7): its published events starting in the period.
  .get('/staff/evaluation-report', requireStaff(ORGANISER_ROLES), async (c) => {
    const period = periodOf(c)
    const report = await agencyEvaluation(c.get('db'), c.get('staff').agencyId, period)
    return c.json(report)
  })

  .get('/staff/evaluation.csv', requireStaff(ORGANISER_ROLES), async (c) => {
    const period = periodOf(c)
    const report = await agencyEvaluation(c.get('db'), c.get('staff').agencyId, period)
    const rows: CsvCell[][] = [[`本单位 ${period.from} 至 ${period.to} 开始的活动`], EVALUATION_HEADER, ...evaluationTable(report.overall), [], ['活动', '开始时间', '测评人数', '总体平均分', '百分制指数']]
    for (const e of report.events) {
      const index = e.figures.distribution ? levelsIndex(...Object.values(e.figures.distribution)) : null
      rows.push([e.title, when(e.startAt), e.figures.count || TOO_FEW, e.figures.overall ?? '', index ?? ''])
    }
    return csvResponse(c, rows, `测评结果-${period.from}至${period.to}`, `evaluation-${period.from}-${period.to}`)
  })

/** Published counters (dimension × level) as numbers. */
function publishedCells(db: Db, where: SQL) {
  return db
    .select({ eventId: tallies.eventId, dimension: tallies.dimension, level: tallies.level, count: sql<number>`CAST(${tallies.published} AS INTEGER)` })
    .from(tallies)
    .where(where)
}

/**
 * The agency's evaluation over its published events starting in the period, in one batch: each
 * event's figures (hidden below 5 published answers) and the sum of the published counters, which
 * move in steps of 5 answers per event, so no single answer can be read off the total either.
 */
async function agencyEvaluation(db: Db, agencyId: string, period: { from: string; to: string }): Promise<EvaluationReport> {
  const { startIso, endIso } = periodInstants(period)
  const inPeriod = and(eq(events.agencyId, agencyId), eq(events.status, 'published'), gte(events.startAt, startIso), lt(events.startAt, endIso))!
  const [list, cells] = await db.batch([
    db.select({ id: events.id, title: events.title, startAt: events.startAt }).from(events).where(inPeriod).orderBy(desc(events.startAt), asc(events.id)),
    publishedCells(db, sql`${tallies.eventId} IN (SELECT ${events.id} FROM ${events} WHERE ${inPeriod})`),
  ])
  const totals = new Map<string, { dimension: string; level: number; count: number }>()
  for (const cell of cells) {
    const key = `${cell.dimension}:${cell.level}`
    const sum = totals.get(key)
    if (sum) sum.count += cell.count
    else totals.set(key, { ...cell })
  }
  return {
    period,
    overall: evaluationFigures([...totals.values()]),
    events: list.map((e) => ({ ...e, figures: evaluationFigures(cells.filter((cell) => cell.eventId === e.id)) })),
  }
}
