// The one way a suggestion moves: every step (staff, citizen or the daily job) goes through
// `transition()`, which asks shared's `nextState()` where the step leads and writes it in ONE
// UPDATE. The triggers of migration 0004 append that step to the trail in the same statement.
import {
  SUGGESTION_ACTION_LABELS,
  SUGGESTION_STATUSES,
  nextState,
  type SuggestionAction,
  type SuggestionStatus,
} from '@openday/shared'
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { suggestions } from '../db/schema'
import type { Db } from '../lib/db'
import { fail, type ApiError } from '../lib/errors'

export type StepAction = Exclude<SuggestionAction, 'submit'>

export interface Actor {
  kind: 'citizen' | 'staff' | 'system'
  id: string | null
  role: string | null
}

/** Column changes of a step; values may be `sql` expressions on the row. */
export type StepChanges = Partial<{ [K in keyof typeof suggestions.$inferInsert]: (typeof suggestions.$inferInsert)[K] | SQL }>

export interface Step {
  id: string
  /** The state (and reopen count) the item was read in: the UPDATE only runs if it still is. */
  from: { status: SuggestionStatus; reopenCount: number }
  action: StepAction
  actor: Actor
  note?: string | null
  /** The step's time (the trail's `at`). */
  at: string
  /** The action's own columns, given the state it leads to. */
  changes?: (to: SuggestionStatus) => StepChanges
  /** Who may see and touch the item: the actor's agency, a handler's department, a tracking code. */
  scope: SQL
  /** A further condition of this step (e.g. the merge target is still open) and the error when it fails. */
  guard?: { when: SQL; error: ApiError }
  /**
   * Outbox rows that tell someone of this step, written in the step's own batch; each must be
   * guarded so that it writes nothing unless the step's UPDATE did (see answerNotice).
   */
  notices?: BatchItem<'sqlite'>[]
}

export function invalidTransition(status: SuggestionStatus, action: StepAction): ApiError {
  return fail(409, 'INVALID_TRANSITION', `该意见建议当前为“${SUGGESTION_STATUSES[status]}”，不能${SUGGESTION_ACTION_LABELS[action]}`, {
    status,
  })
}

/** Takes the step or throws: 409 INVALID_TRANSITION, 404 when the item is not (or no longer) visible. */
export async function transition(db: Db, step: Step): Promise<SuggestionStatus> {
  const to = nextState(step.from.status, step.action, step.from.reopenCount)
  if (!to) throw invalidTransition(step.from.status, step.action)
  const update = db
    .update(suggestions)
    .set({
      ...step.changes?.(to),
      status: to,
      trailSeq: sql`${suggestions.trailSeq} + 1`,
      lastAction: step.action,
      lastActorKind: step.actor.kind,
      lastActorId: step.actor.id,
      lastActorRole: step.actor.role,
      lastNote: step.note ?? null,
      updatedAt: step.at,
    })
    .where(
      and(
        eq(suggestions.id, step.id),
        eq(suggestions.status, step.from.status),
        // A dissatisfied rating decides between reopen and close on the count it read.
        eq(suggestions.reopenCount, step.from.reopenCount),
        step.scope,
        step.guard?.when,
      ),
    )
  const result = (step.notices?.length ? (await db.batch([update, ...step.notices]))[0] : await update.run()) as D1Result
  // D1 counts the trail row its trigger writes too: any change means the UPDATE ran.
  if (result.meta.changes > 0) return to

  // Someone else moved it first, or it left the actor's scope, or the step's own condition failed.
  const [now] = await db
    .select({ status: suggestions.status, visible: sql<number>`CASE WHEN ${step.scope} THEN 1 ELSE 0 END` })
    .from(suggestions)
    .where(eq(suggestions.id, step.id))
  if (!now || !now.visible) throw fail(404, 'NOT_FOUND', '未找到该意见建议')
  if (now.status === step.from.status && step.guard) throw step.guard.error
  throw invalidTransition(now.status, step.action)
}
