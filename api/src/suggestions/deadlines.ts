import {
  DISSATISFIED_INBOX_DAYS,
  dueSoonCutoff,
  OPEN_STATES,
  RATING_WORKING_DAYS,
  SUGGESTION_TRANSITIONS,
  unratedCutoff,
  type ReminderKind,
} from '@openday/shared'
import { and, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { events, staffReminders, staffUsers, suggestions } from '../db/schema'
import type { Db } from '../lib/db'
import { statement, type Query } from '../lib/sql-batch'

const DAY_MS = 24 * 3600_000

/** A step the job writes to the trail: no actor but the system. */
const systemStep = (action: 'mark_overdue' | 'close_unrated', at: string, note: string) => ({
  trailSeq: sql`${suggestions.trailSeq} + 1`,
  lastAction: action,
  lastActorKind: 'system' as const,
  lastActorId: null,
  lastActorRole: null,
  lastNote: note,
  updatedAt: at,
})

const recipient = alias(staffUsers, 'recipient')
const assignee = alias(staffUsers, 'assignee')
/** An aliased table in a `sql` FROM clause (interpolating the alias alone renders only its name). */
const from = (name: 'recipient' | 'assignee') => sql`${staffUsers} AS ${sql.identifier(name)}`

/**
 * One reminder per recipient and matching item into the outbox; the unique key
 * (suggestion, staff, kind, occasion) makes a second run add nothing.
 */
function remind(db: Db, kind: ReminderKind, occasion: SQL, recipients: SQL, where: SQL, now: string) {
  return db
    .insert(staffReminders)
    .select(
      sql`SELECT lower(hex(randomblob(16))), ${events.agencyId}, ${recipient.id}, ${suggestions.id}, ${kind}, ${occasion}, ${now}, NULL, NULL
          FROM ${suggestions}
          JOIN ${events} ON ${events.id} = ${suggestions.eventId}
          JOIN ${from('recipient')} ON ${recipient.agencyId} = ${events.agencyId} AND ${recipient.active} = 1 AND (${recipients})
          WHERE ${where}`,
    )
    .onConflictDoNothing()
}

const isAdmin = sql`${recipient.role} = 'admin'`

/**
 * The daily deadline job (Cron `DEADLINE_CRON`, 08:30 Shanghai), as set-based statements for one
 * D1 batch. Every statement is idempotent: a second run at any later time on the same day changes
 * nothing, and the trail gets each step once.
 *
 * 1. overdue: open items past their deadline get `overdue_at` and a `mark_overdue` trail step
 *    (no state change), once per deadline (a reopened item's new deadline can pass again);
 * 2. and every active admin of the agency an `overdue` reminder (escalation);
 * 3. due soon: open items due by the end of the next working day remind the assignee, or every
 *    active handler of the department when nobody (active) is assigned;
 * 4. `reminded_at` records that first reminder for the current deadline;
 * 5. answers not rated within RATING_WORKING_DAYS working days close as 未评价办结;
 * 6. 不满意办结 of the last DISSATISFIED_INBOX_DAYS days remind the agency's admins.
 */
export function deadlineStatements(db: Db, at: Date): Record<string, Query> {
  const now = at.toISOString()
  const dueBy = dueSoonCutoff(at)
  const answeredBefore = unratedCutoff(at)
  const dissatisfiedSince = new Date(at.getTime() - DISSATISFIED_INBOX_DAYS * DAY_MS).toISOString()
  const open = inArray(suggestions.status, [...OPEN_STATES])
  const dueSoon = and(open, gte(suggestions.dueAt, now), lte(suggestions.dueAt, dueBy))!
  const remindedForThisDeadline = sql`EXISTS (SELECT 1 FROM ${staffReminders} WHERE ${staffReminders.suggestionId} = ${suggestions.id}
    AND ${staffReminders.kind} = 'due_soon' AND ${staffReminders.occasionAt} = ${suggestions.dueAt} AND ${staffReminders.createdAt} = ${now})`
  const activeAssignee = sql`EXISTS (SELECT 1 FROM ${from('assignee')} WHERE ${assignee.id} = ${suggestions.assigneeId} AND ${assignee.active} = 1)`

  return {
    markedOverdue: db
      .update(suggestions)
      .set({ overdueAt: now, ...systemStep('mark_overdue', now, '已超过答复期限，已提醒本单位管理员') })
      .where(
        and(
          inArray(suggestions.status, [...SUGGESTION_TRANSITIONS.mark_overdue.from]),
          lt(suggestions.dueAt, now),
          // Not yet marked for this deadline: a mark is always later than the deadline it marks.
          or(isNull(suggestions.overdueAt), lte(suggestions.overdueAt, suggestions.dueAt)),
        ),
      ),
    overdueReminders: remind(db, 'overdue', sql`${suggestions.dueAt}`, isAdmin, and(open, eq(suggestions.overdueAt, now))!, now),
    dueSoonReminders: remind(
      db,
      'due_soon',
      sql`${suggestions.dueAt}`,
      sql`${recipient.id} = ${suggestions.assigneeId}
        OR (NOT ${activeAssignee} AND ${recipient.role} = 'handler' AND ${recipient.departmentId} = ${suggestions.departmentId})`,
      dueSoon,
      now,
    ),
    reminded: db
      .update(suggestions)
      .set({ remindedAt: now })
      .where(and(dueSoon, remindedForThisDeadline, sql`${suggestions.remindedAt} IS NOT ${now}`)),
    closedUnrated: db
      .update(suggestions)
      .set({ status: 'closed', closeReason: 'unrated', closedAt: now, ...systemStep('close_unrated', now, `答复后${RATING_WORKING_DAYS}个工作日内未评价，自动办结`) })
      .where(and(inArray(suggestions.status, [...SUGGESTION_TRANSITIONS.close_unrated.from]), lt(suggestions.answeredAt, answeredBefore))),
    dissatisfiedReminders: remind(
      db,
      'dissatisfied',
      sql`${suggestions.closedAt}`,
      isAdmin,
      and(eq(suggestions.status, 'closed'), eq(suggestions.closeReason, 'dissatisfied'), gte(suggestions.closedAt, dissatisfiedSince))!,
      now,
    ),
  }
}

export type DeadlineCounts = Record<keyof ReturnType<typeof deadlineStatements>, number>

/** Runs the deadline job in one D1 batch (one round trip, all or nothing); returns rows written per statement (trail rows included). */
export async function runDeadlineJob(d1: D1Database, db: Db, at: Date): Promise<DeadlineCounts> {
  const named = Object.entries(deadlineStatements(db, at))
  const results = await d1.batch(named.map(([, q]) => statement(d1, q)))
  return Object.fromEntries(named.map(([name], i) => [name, results[i].meta.changes])) as DeadlineCounts
}
