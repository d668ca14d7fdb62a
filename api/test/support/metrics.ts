// Seeds suggestions at fixed dates for the public figures, through the same rules as the API: the
// INSERT writes the submit step, and every later step is one UPDATE that moves `status` by
// nextState() together with trail_seq + 1, the last_* columns and updated_at, so the triggers of
// migration 0004 append it to the trail (see suggestion-trail.test.ts).
import { env } from 'cloudflare:test'
import { vi } from 'vitest'
import {
  answerDueAt,
  EVALUATION_COUNTER_WIDTH,
  EVALUATION_LEVELS,
  nextState,
  REOPEN_WORKING_DAYS,
  SCORE_DIMENSION_CODES,
  shanghaiDate,
  workingDaysBetween,
  type ResultClass,
  type SuggestionStatus,
} from '@openday/shared'
import { newId } from '../../src/lib/ids'

export async function createDepartment(agencyId: string, name: string, active = true) {
  const id = newId()
  await env.DB.prepare('INSERT INTO departments (id, agency_id, name, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5)')
    .bind(id, agencyId, name, active ? 1 : 0, new Date().toISOString())
    .run()
  return { id, name }
}

export type SeedStep =
  | { action: 'assign'; at: string; departmentId: string; workingDays?: number }
  | { action: 'answer'; at: string; answer: string; resultClass: ResultClass; plannedBy?: string; published?: boolean }
  | { action: 'rate'; at: string; rating: 1 | 2 | 3 | 4 | 5 }
  | { action: 'close_unrated'; at: string }
  | { action: 'merge'; at: string; intoId: string }

export interface SeedSuggestion {
  createdAt: string
  content?: string
  topic?: string
  contact?: string
  publicConsent?: boolean
  steps?: SeedStep[]
}

/** One suggestion and its steps, in one batch; returns its id and final status. */
export async function seedSuggestion(eventId: string, seed: SeedSuggestion) {
  const id = newId()
  const statements = [
    env.DB.prepare(
      `INSERT INTO suggestions (id, event_id, tracking_code, topic, content, contact, public_consent, status, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'received', ?8)`,
    ).bind(id, eventId, `M${id.slice(0, 10).toUpperCase()}`, seed.topic ?? null, seed.content ?? '建议增加停车位。', seed.contact ?? null, seed.publicConsent ? 1 : 0, seed.createdAt),
  ]
  let status: SuggestionStatus = 'received'
  let reopenCount = 0
  const step = (action: Parameters<typeof nextState>[1], at: string, kind: 'staff' | 'citizen' | 'system', set: string, ...values: unknown[]) => {
    const to = nextState(status, action, reopenCount)
    if (!to) throw new Error(`seed: ${action} is not allowed from ${status}`)
    const n = values.length
    statements.push(
      env.DB.prepare(
        `UPDATE suggestions SET status = ?${n + 1}, trail_seq = trail_seq + 1, last_action = ?${n + 2}, last_actor_kind = ?${n + 3},
           last_actor_id = NULL, last_actor_role = ?${n + 4}, last_note = NULL, updated_at = ?${n + 5}${set ? `, ${set}` : ''} WHERE id = ?${n + 6}`,
      ).bind(...values, to, action, kind, kind === 'staff' ? 'organizer' : null, at, id),
    )
    status = to
  }
  for (const s of seed.steps ?? []) {
    if (s.action === 'assign') {
      step('assign', s.at, 'staff', 'department_id = ?1, assigned_at = ?2, due_at = ?3', s.departmentId, s.at, answerDueAt(s.at, s.workingDays ?? 5))
    } else if (s.action === 'answer') {
      step(
        'answer',
        s.at,
        'staff',
        'answer = ?1, answered_at = ?2, result_class = ?3, planned_by = ?4, published = ?5, answer_working_days = ?6',
        s.answer,
        s.at,
        s.resultClass,
        s.plannedBy ?? null,
        s.published && seed.publicConsent ? 1 : 0,
        // As the answer step stores it.
        workingDaysBetween(shanghaiDate(seed.createdAt), shanghaiDate(s.at)),
      )
    } else if (s.action === 'rate') {
      const satisfied = s.rating >= 3
      const action = satisfied ? 'rate_satisfied' : 'rate_dissatisfied'
      const willReopen = !satisfied && nextState(status, action, reopenCount) === 'reopened'
      if (willReopen) {
        step(action, s.at, 'citizen', 'rating = ?1, rated_at = ?2, reopen_count = reopen_count + 1, due_at = ?3', s.rating, s.at, answerDueAt(s.at, REOPEN_WORKING_DAYS))
        reopenCount += 1
      } else {
        step(action, s.at, 'citizen', 'rating = ?1, rated_at = ?2, close_reason = ?3, closed_at = ?2', s.rating, s.at, satisfied ? 'satisfied' : 'dissatisfied')
      }
    } else if (s.action === 'close_unrated') {
      step('close_unrated', s.at, 'system', `close_reason = 'unrated', closed_at = ?1`, s.at)
    } else {
      step('merge', s.at, 'staff', 'merged_into_id = ?1', s.intoId)
    }
  }
  await env.DB.batch(statements)
  return { id, status }
}

type Levels = [number, number, number, number, number]

/**
 * Published evaluation counters for an event: `answersPerLevel[i]` answers gave level i+1 on every
 * aspect; the live counters are the same unless `live` says otherwise (answers since the last
 * whole step of 5, which nothing public may show).
 */
export async function seedPublishedEvaluation(eventId: string, answersPerLevel: Levels, live: Levels = answersPerLevel) {
  const pad = (n: number) => String(n).padStart(EVALUATION_COUNTER_WIDTH, '0')
  await env.DB.batch(
    SCORE_DIMENSION_CODES.flatMap((dimension) =>
      EVALUATION_LEVELS.map((level) =>
        env.DB.prepare('INSERT INTO evaluation_tallies (event_id, dimension, level, live, published) VALUES (?1, ?2, ?3, ?4, ?5)').bind(
          eventId,
          dimension,
          level,
          pad(live[level - 1]),
          pad(answersPerLevel[level - 1]),
        ),
      ),
    ),
  )
}

/** The distinct SQL statements D1 was asked to prepare while `run` ran (drizzle may prepare one twice). */
export async function statementsOf(run: () => Promise<void>): Promise<string[]> {
  const prepared: string[] = []
  const prepare = env.DB.prepare.bind(env.DB)
  const spy = vi.spyOn(env.DB, 'prepare').mockImplementation((query: string) => {
    prepared.push(query)
    return prepare(query)
  })
  try {
    await run()
  } finally {
    spy.mockRestore()
  }
  return [...new Set(prepared)]
}

/** SQLite's plan of a statement (its `?` bound to placeholders), one line per step. */
export async function queryPlan(sql: string): Promise<string[]> {
  const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x')
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>()
  return plan.results.map((r) => r.detail)
}
