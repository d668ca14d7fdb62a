import {
  answersDueAt,
  checkinRate,
  CATEGORY_CODES,
  evaluationFigures,
  levelsIndex,
  SCORE_DIMENSION_CODES,
  SCORE_DIMENSIONS,
  summaryDueAt,
  type AgendaItem,
  type Category,
  type EventSummaryDraft,
  type SummaryFigures,
} from '@openday/shared'
import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import { departments, eventCounts, eventSummaries, evaluationTallies as tallies, events, posts, suggestions as s } from '../db/schema'
import type { Db } from '../lib/db'

// 活动总结 and the disclosure duties (docs/summary.md). The figures of a draft are read in one
// batch, each off an index of the event: the event's counters (kept by triggers), event_counts per
// category, the event's suggestions (suggestions_event), its published evaluation counters
// (evaluation_tallies_cell, hidden below 5 answers as everywhere else).

/** The event as the summary routes need it (agency, status, times and the draft's facts). */
export const summaryEvent = (db: Db, eventId: string) =>
  db
    .select({
      id: events.id,
      agencyId: events.agencyId,
      status: events.status,
      title: events.title,
      hostUnit: events.hostUnit,
      venue: events.venue,
      startAt: events.startAt,
      endAt: events.endAt,
      agenda: events.agenda,
      registered: events.registeredCount,
      checkedIn: events.checkedInCount,
    })
    .from(events)
    .where(eq(events.id, eventId))

export type SummaryEventRow = Awaited<ReturnType<typeof summaryEvent>>[number]

export const findSummary = (db: Db, eventId: string) =>
  db
    .select({
      eventId: eventSummaries.eventId,
      agencyId: eventSummaries.agencyId,
      status: eventSummaries.status,
      title: eventSummaries.title,
      body: eventSummaries.body,
      nextSteps: eventSummaries.nextSteps,
      figures: eventSummaries.figures,
      createdAt: eventSummaries.createdAt,
      updatedAt: eventSummaries.updatedAt,
      publishedAt: eventSummaries.publishedAt,
      postId: eventSummaries.postId,
      indexNo: sql<string | null>`(SELECT ${posts.indexNo} FROM ${posts} WHERE ${posts.id} = ${sql.raw('"event_summaries"."post_id"')})`,
    })
    .from(eventSummaries)
    .where(eq(eventSummaries.eventId, eventId))

export type SummaryRow = Awaited<ReturnType<typeof findSummary>>[number]

export const toDraft = (r: SummaryRow, endAt: string): EventSummaryDraft => ({
  eventId: r.eventId,
  status: r.status,
  title: r.title,
  body: r.body,
  nextSteps: r.nextSteps,
  figures: r.figures as SummaryFigures,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  publishedAt: r.publishedAt,
  postId: r.postId,
  indexNo: r.indexNo,
  dueAt: summaryDueAt(endAt),
})

/** Not merged: a merged item is counted in the one it was merged into. */
const counted = sql`${s.status} <> 'merged'`
const answered = sql`${s.status} IN ('answered', 'closed')`
/** As the counters count 按期答复 (migration 0009): answered by the deadline in force. */
const onTime = sql`${answered} AND ${s.dueAt} IS NOT NULL AND ${s.answeredAt} <= ${s.dueAt}`
const TOPICS_SHOWN = 5

/** The statements of the figures, for one batch (with the event and the summary). */
export function figureQueries(db: Db, eventId: string) {
  return [
    db.select({ category: eventCounts.category, registered: eventCounts.registered, checkedIn: eventCounts.checkedIn }).from(eventCounts).where(eq(eventCounts.eventId, eventId)),
    db
      .select({
        received: sql<number>`count(*)`,
        answered: sql<number>`coalesce(sum(CASE WHEN ${answered} THEN 1 ELSE 0 END), 0)`,
        answeredOnTime: sql<number>`coalesce(sum(CASE WHEN ${onTime} THEN 1 ELSE 0 END), 0)`,
      })
      .from(s)
      .where(and(eq(s.eventId, eventId), counted)),
    db
      .select({ topic: sql<string>`trim(${s.topic})`, count: sql<number>`count(*)` })
      .from(s)
      .where(and(eq(s.eventId, eventId), counted, sql`trim(coalesce(${s.topic}, '')) <> ''`))
      .groupBy(sql`trim(${s.topic})`)
      .orderBy(desc(sql`count(*)`), asc(sql`trim(${s.topic})`))
      .limit(TOPICS_SHOWN),
    // The departments that handled the event's suggestions (承办部门), by name.
    db
      .selectDistinct({ name: departments.name })
      .from(s)
      .innerJoin(departments, eq(departments.id, s.departmentId))
      .where(and(eq(s.eventId, eventId), counted))
      .orderBy(asc(departments.name)),
    db
      .select({ dimension: tallies.dimension, level: tallies.level, count: sql<number>`CAST(${tallies.published} AS INTEGER)` })
      .from(tallies)
      .where(eq(tallies.eventId, eventId)),
  ] as const
}

/** What the batch answers for figureQueries, in order. */
export type FigureRows = [
  { category: string; registered: number; checkedIn: number }[],
  { received: number; answered: number; answeredOnTime: number }[],
  { topic: string; count: number }[],
  { name: string }[],
  { dimension: string; level: number; count: number }[],
]

/** SummaryFigures from the event and the batch's answers. */
export function buildFigures(e: SummaryEventRow, [counts, [totals], topics, units, cells]: FigureRows, builtAt: string): SummaryFigures {
  const byCategory = CATEGORY_CODES.flatMap((category: Category) => {
    const row = counts.find((r) => r.category === category)
    return row && (row.registered > 0 || row.checkedIn > 0) ? [{ category, registered: row.registered, checkedIn: row.checkedIn }] : []
  })
  const ev = evaluationFigures(cells)
  const distribution = ev.distribution
  return {
    event: {
      id: e.id,
      title: e.title,
      hostUnit: e.hostUnit,
      venue: e.venue,
      startAt: e.startAt,
      endAt: e.endAt,
      agenda: Array.isArray(e.agenda) ? (e.agenda as AgendaItem[]) : [],
    },
    units: [e.hostUnit, ...units.map((u) => u.name).filter((n) => n !== e.hostUnit)],
    attendance: { registered: e.registered, checkedIn: e.checkedIn, checkinRate: checkinRate(e.registered, e.checkedIn), byCategory },
    suggestions: {
      received: totals?.received ?? 0,
      answered: totals?.answered ?? 0,
      answeredOnTime: totals?.answeredOnTime ?? 0,
      topics: topics.map((t) => ({ topic: t.topic, count: t.count })),
    },
    // Never below EVALUATION_MIN_RESPONSES published answers (evaluationFigures gives count 0 then).
    evaluation: distribution
      ? {
          responses: ev.count,
          index: levelsIndex(...Object.values(distribution)),
          aspects: SCORE_DIMENSION_CODES.map((d) => ({ dimension: d, label: SCORE_DIMENSIONS[d], index: levelsIndex(distribution[d]) ?? 0 })),
        }
      : { responses: ev.count, index: null, aspects: null },
    builtAt,
  }
}

// --- disclosure duties ---

/** Tasks of events that ended within this many days (docs/summary.md). */
export const TASK_WINDOW_DAYS = 60

/**
 * The outer event's id inside a correlated subquery: written out with its table, since drizzle
 * leaves a column of the selected table unqualified, which would name the subquery's own `id`.
 */
const outerEventId = sql.raw('"events"."id"')

/** Published answers of the event (as /public/events/:id/answers shows them). */
const publicAnswerOf = (eventId: SQL) =>
  sql`${s.eventId} = ${eventId} AND ${s.published} = 1 AND ${s.publicConsent} = 1 AND ${s.status} IN ('answered', 'closed') AND ${s.answer} IS NOT NULL`

/**
 * Per event: when the summary was published, when the first 答复公开 of it was, and whether any
 * answer of it is public (the answers duty exists only then, or once a digest was published).
 */
const dutyColumns = {
  id: events.id,
  title: events.title,
  endAt: events.endAt,
  summaryAt: sql<string | null>`(SELECT ${eventSummaries.publishedAt} FROM ${eventSummaries} WHERE ${eventSummaries.eventId} = ${outerEventId})`,
  digestAt: sql<string | null>`(SELECT min(${posts.publishedAt}) FROM ${posts} WHERE ${posts.eventId} = ${outerEventId} AND ${posts.kind} = 'answers')`,
  publicAnswers: sql<number>`EXISTS (SELECT 1 FROM ${s} WHERE ${publicAnswerOf(outerEventId)})`,
}

/** Published (not draft, not cancelled), as events_status_end's first column. */
const publishedEvent = sql`${events.status} = 'published'`

/**
 * The agency's published events that ended in [fromIso, nowIso): read through events_status_end
 * (status, end_at), so the cost is that of the window, not of the history.
 */
export const recentEndedEvents = (db: Db, agencyId: string, fromIso: string, nowIso: string) =>
  db
    .select(dutyColumns)
    .from(events)
    .where(and(publishedEvent, gte(events.endAt, fromIso), lt(events.endAt, nowIso), eq(events.agencyId, agencyId)))
    .orderBy(asc(events.endAt), asc(events.id))

/** The agency's published events that ended in the period (the public figures). */
export const periodEndedEvents = (db: Db, agencyId: string, p: { startIso: string; endIso: string }, nowIso: string) =>
  db
    .select(dutyColumns)
    .from(events)
    .where(
      and(
        publishedEvent,
        gte(events.endAt, p.startIso),
        lt(events.endAt, p.endIso < nowIso ? p.endIso : nowIso),
        eq(events.agencyId, agencyId),
      ),
    )

export type DutyRow = Awaited<ReturnType<typeof recentEndedEvents>>[number]

/** The deadlines of an event's duties. */
export const dutyDeadlines = (endAt: string) => ({ summary: summaryDueAt(endAt), answers: answersDueAt(endAt) })
