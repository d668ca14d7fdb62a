// The SQL the suggestion domain owns: who sees which items, the staff list and detail, and the
// citizen's view by tracking code.
import {
  OPEN_STATES,
  PUBLIC_TIMELINE_ACTIONS,
  RESULT_CLASSES,
  SUGGESTION_ACTION_LABELS,
  SUGGESTION_STATUSES,
  SUGGESTION_STATUS_LIST,
  allowedStaffActions,
  answerDueAt,
  maskPhone,
  type ResultClass,
  type StaffSuggestionDetail,
  type StaffSuggestionItem,
  type StaffSuggestionList,
  type StaffSuggestionQuery,
  type SuggestionAction,
  type SuggestionStatus,
  type SuggestionView,
  type TrailStep,
} from '@openday/shared'
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { departments, events, staffUsers, suggestionTrail, suggestions } from '../db/schema'
import type { StaffSession } from '../env'
import type { Db } from '../lib/db'
import { fail } from '../lib/errors'

/**
 * What a staff member may see: their agency's items; a handler only those of their own
 * department (read from the database in the same statement, so a moved handler sees the new one).
 */
export function staffScope(staff: StaffSession): SQL {
  const agency = sql`${suggestions.eventId} IN (SELECT ${events.id} FROM ${events} WHERE ${events.agencyId} = ${staff.agencyId})`
  if (staff.role !== 'handler') return agency
  return and(
    agency,
    sql`${suggestions.departmentId} = (SELECT ${staffUsers.departmentId} FROM ${staffUsers} WHERE ${staffUsers.id} = ${staff.id})`,
  )!
}

/** The item as a step needs it, or 404 when it is not within the scope. */
export async function readForStep(db: Db, id: string, scope: SQL) {
  const [row] = await db
    .select({
      id: suggestions.id,
      status: suggestions.status,
      reopenCount: suggestions.reopenCount,
      departmentId: suggestions.departmentId,
      publicConsent: suggestions.publicConsent,
      agencyId: events.agencyId,
      eventId: suggestions.eventId,
      createdAt: suggestions.createdAt,
    })
    .from(suggestions)
    .innerJoin(events, eq(events.id, suggestions.eventId))
    .where(and(eq(suggestions.id, id), scope))
  if (!row) throw fail(404, 'NOT_FOUND', '未找到该意见建议')
  return row
}

const assignee = alias(staffUsers, 'assignee')

/**
 * A column of an aliased table under its own name: drizzle maps a D1 batch's rows by column
 * name, so two `display_name`s (or a suggestion's and its merge target's `answer`) would collide.
 */
const named = <T>(column: SQLiteColumn, name: string) => sql<T>`${column}`.as(name)

const itemColumns = {
  id: suggestions.id,
  eventId: suggestions.eventId,
  eventTitle: events.title,
  topic: suggestions.topic,
  content: suggestions.content,
  contact: suggestions.contact,
  anonymous: suggestions.anonymous,
  publicConsent: suggestions.publicConsent,
  status: suggestions.status,
  departmentId: suggestions.departmentId,
  departmentName: departments.name,
  assigneeId: suggestions.assigneeId,
  assigneeName: named<string | null>(assignee.displayName, 'assignee_name'),
  assignedAt: suggestions.assignedAt,
  dueAt: suggestions.dueAt,
  createdAt: suggestions.createdAt,
  answeredAt: suggestions.answeredAt,
  resultClass: suggestions.resultClass,
  rating: suggestions.rating,
  reopenCount: suggestions.reopenCount,
  urgeCount: suggestions.urgeCount,
  closeReason: suggestions.closeReason,
  mergedIntoId: suggestions.mergedIntoId,
}
type ItemRow = Omit<StaffSuggestionItem, 'contactMasked' | 'statusLabel' | 'overdue'> & { contact: string | null }

function selectItems(db: Db) {
  return db
    .select(itemColumns)
    .from(suggestions)
    .innerJoin(events, eq(events.id, suggestions.eventId))
    .leftJoin(departments, eq(departments.id, suggestions.departmentId))
    .leftJoin(assignee, eq(assignee.id, suggestions.assigneeId))
}

const isOpen = (status: SuggestionStatus) => OPEN_STATES.includes(status)

function toItem(row: ItemRow, now: string): StaffSuggestionItem {
  const { contact, ...rest } = row
  return {
    ...rest,
    contactMasked: contact ? maskPhone(contact) : null,
    statusLabel: SUGGESTION_STATUSES[row.status],
    overdue: isOpen(row.status) && row.dueAt !== null && row.dueAt < now,
  }
}

/** Escapes LIKE's wildcards so a search for "100%" means the text "100%". */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`

/** GET /staff/suggestions: one batch (items, total, counts per state), sorted by deadline. */
export async function listForStaff(db: Db, staff: StaffSession, query: StaffSuggestionQuery, now: Date): Promise<StaffSuggestionList> {
  const nowIso = now.toISOString()
  const page = Number(query.page ?? 1)
  const pageSize = Number(query.pageSize ?? 20)
  const q = query.q?.trim()
  const filters = and(
    staffScope(staff),
    query.eventId ? eq(suggestions.eventId, query.eventId) : undefined,
    query.departmentId ? eq(suggestions.departmentId, query.departmentId) : undefined,
    query.overdue ? and(inArray(suggestions.status, [...OPEN_STATES]), lt(suggestions.dueAt, nowIso)) : undefined,
    // Due by the end of the next working day and not answered yet (an overdue item is not "soon").
    query.dueSoon
      ? and(inArray(suggestions.status, [...OPEN_STATES]), gte(suggestions.dueAt, nowIso), lte(suggestions.dueAt, answerDueAt(now, 1)))
      : undefined,
    q
      ? or(
          sql`${suggestions.topic} LIKE ${likePattern(q)} ESCAPE '\\'`,
          sql`${suggestions.content} LIKE ${likePattern(q)} ESCAPE '\\'`,
        )
      : undefined,
  )
  const withStatus = and(filters, query.status ? eq(suggestions.status, query.status) : undefined)
  const [rows, total, counts] = await db.batch([
    selectItems(db)
      .where(withStatus)
      // By deadline: those without one (not yet assigned, or done) after, oldest first.
      .orderBy(sql`${suggestions.dueAt} IS NULL`, asc(suggestions.dueAt), asc(suggestions.createdAt), asc(suggestions.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: sql<number>`count(*)` }).from(suggestions).where(withStatus),
    db
      .select({ status: suggestions.status, n: sql<number>`count(*)` })
      .from(suggestions)
      .where(filters)
      .groupBy(suggestions.status),
  ])
  const byState = Object.fromEntries(SUGGESTION_STATUS_LIST.map((s) => [s, 0])) as Record<SuggestionStatus, number>
  for (const c of counts) byState[c.status] = c.n
  return { items: rows.map((r) => toItem(r as ItemRow, nowIso)), total: total[0]?.n ?? 0, page, pageSize, counts: byState }
}

const actor = alias(staffUsers, 'actor')
const answeredBy = alias(staffUsers, 'answered_by_user')

/** GET /staff/suggestions/:id: the item, its answer and its whole trail (one batch). */
export async function detailForStaff(db: Db, staff: StaffSession, id: string, now: Date): Promise<StaffSuggestionDetail> {
  const [rows, trail] = await db.batch([
    db
      .select({
        ...itemColumns,
        answer: suggestions.answer,
        answeredByName: named<string | null>(answeredBy.displayName, 'answered_by_name'),
        plannedBy: suggestions.plannedBy,
        published: suggestions.published,
        ratingComment: suggestions.ratingComment,
        ratedAt: suggestions.ratedAt,
        closedAt: suggestions.closedAt,
      })
      .from(suggestions)
      .innerJoin(events, eq(events.id, suggestions.eventId))
      .leftJoin(departments, eq(departments.id, suggestions.departmentId))
      .leftJoin(assignee, eq(assignee.id, suggestions.assigneeId))
      .leftJoin(answeredBy, eq(answeredBy.id, suggestions.answeredBy))
      .where(and(eq(suggestions.id, id), staffScope(staff))),
    db
      .select({
        seq: suggestionTrail.seq,
        at: suggestionTrail.at,
        action: suggestionTrail.action,
        fromState: suggestionTrail.fromState,
        toState: suggestionTrail.toState,
        actorKind: suggestionTrail.actorKind,
        actorName: named<string | null>(actor.displayName, 'actor_name'),
        actorRole: suggestionTrail.actorRole,
        note: suggestionTrail.note,
      })
      .from(suggestionTrail)
      .leftJoin(actor, eq(actor.id, suggestionTrail.actorId))
      // The trail is read only for an item in scope: the same condition, through the item.
      .where(
        and(
          eq(suggestionTrail.suggestionId, id),
          sql`EXISTS (SELECT 1 FROM ${suggestions} WHERE ${suggestions.id} = ${id} AND ${staffScope(staff)})`,
        ),
      )
      .orderBy(asc(suggestionTrail.seq)),
  ])
  const row = rows[0]
  if (!row) throw fail(404, 'NOT_FOUND', '未找到该意见建议')
  const { answer, answeredByName, plannedBy, published, ratingComment, ratedAt, closedAt, ...item } = row
  return {
    ...toItem(item as ItemRow, now.toISOString()),
    answer,
    answeredByName,
    plannedBy,
    published,
    ratingComment,
    ratedAt,
    closedAt,
    trail: trail.map(
      (t): TrailStep => ({
        ...t,
        action: t.action as SuggestionAction,
        actionLabel: SUGGESTION_ACTION_LABELS[t.action as SuggestionAction] ?? t.action,
        fromState: t.fromState as SuggestionStatus | null,
        toState: t.toState as SuggestionStatus,
        actorKind: t.actorKind as TrailStep['actorKind'],
        actorRole: t.actorRole as TrailStep['actorRole'],
      }),
    ),
    // A handler sees only their own department's items, so the role decides the rest.
    actions: allowedStaffActions(staff.role, row.status),
  }
}

const target = alias(suggestions, 'merged_target')

/** GET /suggestions/:trackingCode: the citizen's view with its public timeline (one batch). */
export async function publicView(db: Db, code: string): Promise<SuggestionView | null> {
  const [rows, trail] = await db.batch([
    db
      .select({
        trackingCode: suggestions.trackingCode,
        eventId: suggestions.eventId,
        eventTitle: events.title,
        topic: suggestions.topic,
        content: suggestions.content,
        status: suggestions.status,
        createdAt: suggestions.createdAt,
        departmentName: departments.name,
        answer: suggestions.answer,
        answeredAt: suggestions.answeredAt,
        resultClass: suggestions.resultClass,
        plannedBy: suggestions.plannedBy,
        rating: suggestions.rating,
        closeReason: suggestions.closeReason,
        // A merged duplicate follows the answer of the item it was merged into.
        targetAnswer: named<string | null>(target.answer, 'target_answer'),
        targetAnsweredAt: named<string | null>(target.answeredAt, 'target_answered_at'),
        targetResultClass: named<ResultClass | null>(target.resultClass, 'target_result_class'),
        targetPlannedBy: named<string | null>(target.plannedBy, 'target_planned_by'),
      })
      .from(suggestions)
      .innerJoin(events, eq(events.id, suggestions.eventId))
      .leftJoin(departments, eq(departments.id, suggestions.departmentId))
      .leftJoin(target, eq(target.id, suggestions.mergedIntoId))
      .where(eq(suggestions.trackingCode, code)),
    db
      .select({ action: suggestionTrail.action, at: suggestionTrail.at, status: suggestionTrail.toState })
      .from(suggestionTrail)
      .where(
        and(
          sql`${suggestionTrail.suggestionId} = (SELECT ${suggestions.id} FROM ${suggestions} WHERE ${suggestions.trackingCode} = ${code})`,
          inArray(suggestionTrail.action, [...PUBLIC_TIMELINE_ACTIONS]),
        ),
      )
      .orderBy(asc(suggestionTrail.seq)),
  ])
  const row = rows[0]
  if (!row) return null
  const merged = row.status === 'merged'
  const answer = merged ? row.targetAnswer : row.answer
  const resultClass = merged ? row.targetResultClass : row.resultClass
  return {
    trackingCode: row.trackingCode,
    eventId: row.eventId,
    eventTitle: row.eventTitle,
    topic: row.topic,
    content: row.content,
    status: row.status,
    statusLabel: SUGGESTION_STATUSES[row.status],
    createdAt: row.createdAt,
    departmentName: row.departmentName,
    answer,
    answeredAt: merged ? row.targetAnsweredAt : row.answeredAt,
    resultClass,
    resultClassLabel: resultClass ? RESULT_CLASSES[resultClass] : null,
    plannedBy: merged ? row.targetPlannedBy : row.plannedBy,
    timeline: trail.map((t) => ({
      action: t.action as SuggestionAction,
      label: SUGGESTION_ACTION_LABELS[t.action as SuggestionAction],
      at: t.at,
      status: t.status as SuggestionStatus,
      statusLabel: SUGGESTION_STATUSES[t.status as SuggestionStatus],
    })),
    awaitingRating: row.status === 'answered',
    rating: row.rating,
    closeReason: row.closeReason,
  }
}

/** 我的意见: by the participant who submitted, or by a contact equal to one of their verified phones. */
export function mySuggestions(db: Db, participantId: string) {
  return db
    .select({
      trackingCode: suggestions.trackingCode,
      eventId: suggestions.eventId,
      eventTitle: events.title,
      topic: suggestions.topic,
      content: suggestions.content,
      status: suggestions.status,
      createdAt: suggestions.createdAt,
      answeredAt: suggestions.answeredAt,
    })
    .from(suggestions)
    .innerJoin(events, eq(events.id, suggestions.eventId))
    .where(
      or(
        eq(suggestions.participantId, participantId),
        sql`${suggestions.contact} IN (SELECT phone FROM verified_phones WHERE participant_id = ${participantId})`,
      ),
    )
    .orderBy(desc(suggestions.createdAt))
    .limit(100)
}
