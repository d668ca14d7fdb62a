import { counterRangeNodes, SCORE_DIMENSION_CODES } from '@openday/shared'
import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import { agencies, departments, evaluationTallies as tallies, events, suggestionCounters, suggestions as s } from '../db/schema'
import type { Db } from '../lib/db'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'

// The public figures are summed from `suggestion_counters` (migration 0009; docs/metrics.md), a
// Fenwick tree over the Shanghai submission day kept per agency × department by triggers: a
// period is the signed sum of at most 34 nodes per department (shared counterRangeNodes), so a
// page reads the same number of rows whatever the length of the history. "Overdue now" is the
// counters' marked items plus the few past their deadline that the daily job has not marked yet
// (partial index suggestions_overdue_unmarked). shared/src/metrics.ts turns the sums into rates.
// Every query of a page goes to D1 in one batch: one round trip.

const c = suggestionCounters
/** An answer in force: 已答复 or 已办结 (a reopened item is being answered again). */
const answered = sql`${s.status} IN ('answered', 'closed')`

/** Node numbers as SQL literals: D1 binds at most 100 values per statement, and a sum uses them 15 times. */
const nodeList = (nodes: readonly number[]) => sql.raw(nodes.map((n) => String(Math.trunc(n))).join(', '))

/** The period's nodes, and each node's sign in the sum (prefix(to) − prefix(from − 1)). */
function periodNodes(p: { from: string; to: string }) {
  const { plus, minus } = counterRangeNodes(p.from, p.to)
  const sign = minus.length ? sql`CASE WHEN ${c.node} IN (${nodeList(minus)}) THEN -1 ELSE 1 END` : sql`1`
  return { nodes: sql`${c.node} IN (${nodeList([...plus, ...minus])})`, sign }
}

/** The sums of a MetricsRow over the period's nodes; overdueOpen is completed by the unmarked. */
function metricsColumns(sign: SQL) {
  const total = (column: AnySQLiteColumn) => sql<number>`coalesce(sum(${sign} * ${column}), 0)`
  return {
    received: total(c.received),
    answered: total(c.answered),
    timedAnswers: total(c.timedAnswers),
    answerWorkingDays: total(c.answerWorkingDays),
    answeredOnTime: total(c.answeredOnTime),
    overdueOpen: total(c.overdueMarked),
    everAnswered: total(c.everAnswered),
    rated: total(c.rated),
    satisfied: total(c.satisfied),
    reopened: total(c.reopened),
    classA: total(c.classA),
    classB: total(c.classB),
    classC: total(c.classC),
    classD: total(c.classD),
  }
}

export interface Period {
  startIso: string
  endIso: string
}

/** The agency's rows, one per department (see MetricsRow); overdueOpen without the unmarked. */
export function agencyMetricsRows(db: Db, agencyId: string, p: { from: string; to: string }) {
  const { nodes, sign } = periodNodes(p)
  return db
    .select({ departmentId: sql<string | null>`nullif(${c.departmentId}, '')`, ...metricsColumns(sign) })
    .from(c)
    .where(and(eq(c.agencyId, agencyId), nodes))
    .groupBy(c.departmentId)
}

/** One row per agency, for the ranking; overdueOpen without the unmarked. */
export function allMetricsRows(db: Db, p: { from: string; to: string }) {
  const { nodes, sign } = periodNodes(p)
  return db
    .select({ agencyId: c.agencyId, departmentId: sql<string | null>`NULL`, ...metricsColumns(sign) })
    .from(c)
    .where(nodes)
    .groupBy(c.agencyId)
}

/**
 * Open items submitted in the period, past their deadline now, that the daily job has not marked
 * overdue for that deadline yet (those it has are in the counters' overdue_marked). The first two
 * terms are written as the partial index suggestions_overdue_unmarked's, so that D1 reads only
 * the index's entries with a deadline before now: the items of at most a day.
 */
const overdueUnmarked = (range: Period, nowIso: string) =>
  and(
    sql`${s.status} NOT IN ('answered', 'closed', 'merged') AND (${s.overdueAt} IS NULL OR ${s.overdueAt} <= ${s.dueAt})`,
    lt(s.dueAt, nowIso),
    gte(s.createdAt, range.startIso),
    lt(s.createdAt, range.endIso),
  )

export function agencyOverdueUnmarked(db: Db, agencyId: string, range: Period, nowIso: string) {
  return db
    .select({ departmentId: s.departmentId, count: sql<number>`count(*)` })
    .from(s)
    .where(and(overdueUnmarked(range, nowIso), eq(s.agencyId, agencyId)))
    .groupBy(s.departmentId)
}

export function allOverdueUnmarked(db: Db, range: Period, nowIso: string) {
  return db
    .select({ agencyId: sql<string>`${s.agencyId}`, count: sql<number>`count(*)` })
    .from(s)
    .where(overdueUnmarked(range, nowIso))
    .groupBy(s.agencyId)
}

// The evaluation counters as published (in steps of 5 answers), of published events that start
// in the period. Every answer scores every aspect, so the first aspect's total is the answers.
const evaluationColumns = {
  answers: sql<number>`coalesce(sum(CASE WHEN ${tallies.dimension} = ${SCORE_DIMENSION_CODES[0]} THEN CAST(${tallies.published} AS INTEGER) END), 0)`,
  scoreSum: sql<number>`coalesce(sum(${tallies.level} * CAST(${tallies.published} AS INTEGER)), 0)`,
  scoreCount: sql<number>`coalesce(sum(CAST(${tallies.published} AS INTEGER)), 0)`,
}
const eventInPeriod = (p: Period) => and(eq(events.status, 'published'), gte(events.startAt, p.startIso), lt(events.startAt, p.endIso))

export function agencyEvaluationSums(db: Db, agencyId: string, p: Period) {
  return db
    .select(evaluationColumns)
    .from(tallies)
    .innerJoin(events, eq(events.id, tallies.eventId))
    .where(and(eq(events.agencyId, agencyId), eventInPeriod(p)))
}

export function allEvaluationSums(db: Db, p: Period) {
  return db
    .select({ agencyId: events.agencyId, ...evaluationColumns })
    .from(tallies)
    .innerJoin(events, eq(events.id, tallies.eventId))
    .where(eventInPeriod(p))
    .groupBy(events.agencyId)
}

export const agencyList = (db: Db) => db.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(asc(agencies.name), asc(agencies.id))

export const findAgency = (db: Db, agencyId: string) => db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.id, agencyId))

export const findPublishedEvent = (db: Db, eventId: string) =>
  db
    .select({ id: events.id, title: events.title, agencyId: events.agencyId })
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.status, 'published')))

export const activeDepartments = (db: Db, agencyId: string) =>
  db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.agencyId, agencyId), eq(departments.active, true)))
    .orderBy(asc(departments.name), asc(departments.id))

const EVENTS_SHOWN = 20
const eventSummary = { id: events.id, title: events.title, hostUnit: events.hostUnit, venue: events.venue, startAt: events.startAt, endAt: events.endAt }

/** Published events not yet over (soonest first) and over (latest first), 20 of each. */
export function agencyEvents(db: Db, agencyId: string, nowIso: string) {
  const published = and(eq(events.agencyId, agencyId), eq(events.status, 'published'))
  return [
    db.select(eventSummary).from(events).where(and(published, gte(events.endAt, nowIso))).orderBy(asc(events.startAt)).limit(EVENTS_SHOWN),
    db.select(eventSummary).from(events).where(and(published, lt(events.endAt, nowIso))).orderBy(desc(events.startAt)).limit(EVENTS_SHOWN),
  ] as const
}

/**
 * Published answers in force only: `published` (which the answer step allows only with the
 * submitter's consent) AND the consent itself, so one slip cannot publish without it; a reopened
 * item's old answer is not shown while it is answered again. Never the contact, tracking code
 * or any staff name. Both flags are written as literals so that D1 reads the partial indexes
 * suggestions_(event_)published_answers (migration 0008) newest first.
 */
const publishedAnswer = (of: AnswersOf) =>
  and(
    'agencyId' in of ? eq(s.agencyId, of.agencyId) : and(eq(events.id, of.eventId), eq(events.status, 'published')),
    sql`${s.published} = 1 AND ${s.publicConsent} = 1`,
    answered,
    sql`${s.answer} IS NOT NULL`,
  )

/** Whose answers: an agency's, or one published event's (the event page). */
export type AnswersOf = { agencyId: string } | { eventId: string }

/** A page of answers and one more, which only tells whether there is a next page (no count). */
export function publishedAnswers(db: Db, of: AnswersOf, page: number, pageSize: number) {
  return db
    .select({
      id: s.id,
      // Aliased: D1's batch answers rows as objects, where two columns named `id` would collide.
      eventId: sql<string>`${events.id}`.as('event_id'),
      eventTitle: events.title,
      department: departments.name,
      topic: s.topic,
      content: s.content,
      answer: sql<string>`${s.answer}`,
      resultClass: s.resultClass,
      plannedBy: s.plannedBy,
      submittedAt: s.createdAt,
      answeredAt: sql<string>`${s.answeredAt}`,
    })
    .from(s)
    .innerJoin(events, eq(events.id, s.eventId))
    .leftJoin(departments, eq(departments.id, s.departmentId))
    .where(publishedAnswer(of))
    .orderBy(desc(s.answeredAt), desc(s.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
}
