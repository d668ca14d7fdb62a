// Suggestions in given states for the deadline job and the inbox, written with SQL that follows
// the trail rules of migration 0004 (each step: trail_seq + 1, last_*, updated_at), independent of
// the staff API for the transitions.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { answerDueAt, DEADLINE_CRON } from '@openday/shared'
import worker from '../../src/index'
import { newId, newTrackingCode } from '../../src/lib/ids'
import { createStaff } from './fixtures'

export async function createDepartment(agencyId: string, name = `科室${newId().slice(0, 4)}`) {
  const id = newId()
  await env.DB.prepare('INSERT INTO departments (id, agency_id, name, created_at) VALUES (?1, ?2, ?3, ?4)')
    .bind(id, agencyId, name, '2025-01-01T00:00:00.000Z')
    .run()
  return { id, agencyId, name }
}

/** A staff member of the role, in the department (handlers belong to one). */
export async function createMember(agencyId: string, role: 'admin' | 'organizer' | 'handler' | 'checker', departmentId?: string) {
  const staff = await createStaff(agencyId, role)
  if (departmentId) await env.DB.prepare('UPDATE staff_users SET department_id = ?1 WHERE id = ?2').bind(departmentId, staff.id).run()
  return staff
}

export async function deactivate(staffId: string) {
  await env.DB.prepare('UPDATE staff_users SET active = 0 WHERE id = ?1').bind(staffId).run()
}

/** A submitted suggestion (step 0 written by the INSERT trigger). */
export async function submitSuggestion(eventId: string, at: string, contact: string | null = '13812345678') {
  const id = newId()
  const trackingCode = newTrackingCode()
  await env.DB.prepare(
    `INSERT INTO suggestions (id, event_id, tracking_code, topic, content, contact, anonymous, status, created_at)
     VALUES (?1, ?2, ?3, '入口指引', '建议在入口处设置指引牌。', ?4, ?5, 'received', ?6)`,
  )
    .bind(id, eventId, trackingCode, contact, contact ? 0 : 1, at)
    .run()
  return { id, trackingCode }
}

const STEP = `trail_seq = trail_seq + 1, last_action = ?2, last_actor_kind = 'staff', last_actor_id = ?3, last_actor_role = ?4, last_note = NULL, updated_at = ?5`

/** 转办 on `at` with the deadline in working days, as the staff API will do it. */
export async function assign(id: string, opts: { at: string; departmentId: string; assigneeId?: string | null; workingDays?: number; by: string }) {
  const dueAt = answerDueAt(opts.at, opts.workingDays ?? 5)
  await env.DB.prepare(
    `UPDATE suggestions SET status = 'assigned', department_id = ?6, assignee_id = ?7, assigned_at = ?5, due_at = ?8, ${STEP}
     WHERE id = ?1 AND status IN ('received', 'returned')`,
  )
    .bind(id, 'assign', opts.by, 'organizer', opts.at, opts.departmentId, opts.assigneeId ?? null, dueAt)
    .run()
  return dueAt
}

export async function returnToOrganizer(id: string, opts: { at: string; by: string }) {
  await env.DB.prepare(`UPDATE suggestions SET status = 'returned', ${STEP} WHERE id = ?1 AND status IN ('assigned', 'reopened')`)
    .bind(id, 'return', opts.by, 'handler', opts.at)
    .run()
}

export async function answer(id: string, opts: { at: string; by: string }) {
  await env.DB.prepare(
    `UPDATE suggestions SET status = 'answered', answer = '已在入口处增设指引牌。', answered_at = ?5, answered_by = ?3, result_class = 'A', ${STEP}
     WHERE id = ?1 AND status IN ('assigned', 'reopened')`,
  )
    .bind(id, 'answer', opts.by, 'handler', opts.at)
    .run()
}

/** A dissatisfied rating: reopens with a new deadline the first time, closes as 不满意办结 after. */
export async function rateDissatisfied(id: string, opts: { at: string; workingDays?: number }) {
  const dueAt = answerDueAt(opts.at, opts.workingDays ?? 5)
  await env.DB.prepare(
    `UPDATE suggestions SET rating = 1, rated_at = ?2,
       status = CASE WHEN reopen_count >= 1 THEN 'closed' ELSE 'reopened' END,
       close_reason = CASE WHEN reopen_count >= 1 THEN 'dissatisfied' END,
       closed_at = CASE WHEN reopen_count >= 1 THEN ?2 END,
       due_at = CASE WHEN reopen_count >= 1 THEN due_at ELSE ?3 END,
       reopen_count = reopen_count + 1,
       trail_seq = trail_seq + 1, last_action = 'rate_dissatisfied', last_actor_kind = 'citizen', last_actor_id = NULL,
       last_actor_role = NULL, last_note = NULL, updated_at = ?2
     WHERE id = ?1 AND status = 'answered'`,
  )
    .bind(id, opts.at, dueAt)
    .run()
  return dueAt
}

/** Runs the Cron Trigger as Cloudflare would, at `at` (a Shanghai or UTC instant). */
export async function runDailyCron(at: string | number) {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ cron: DEADLINE_CRON, scheduledTime: new Date(at) }), env, ctx)
  await waitOnExecutionContext(ctx)
}

/** Everything the job may touch, to compare before and after a second run. */
export async function snapshot() {
  const [s, t, r] = await env.DB.batch([
    env.DB.prepare(
      'SELECT id, status, trail_seq, reminded_at, overdue_at, close_reason, closed_at, updated_at, last_action FROM suggestions ORDER BY id',
    ),
    env.DB.prepare('SELECT * FROM suggestion_trail ORDER BY suggestion_id, seq'),
    env.DB.prepare('SELECT * FROM staff_reminders ORDER BY id'),
  ])
  return { suggestions: s.results, trail: t.results, reminders: r.results }
}

export const remindersOf = (suggestionId: string) =>
  env.DB.prepare('SELECT staff_id, kind, occasion_at, created_at, read_at, sent_at FROM staff_reminders WHERE suggestion_id = ?1 ORDER BY kind, staff_id, occasion_at')
    .bind(suggestionId)
    .all()
    .then((r) => r.results)

export const trailOf = (id: string) =>
  env.DB.prepare('SELECT seq, at, action, from_state, to_state, actor_kind, actor_id, actor_role, note FROM suggestion_trail WHERE suggestion_id = ?1 ORDER BY seq')
    .bind(id)
    .all()
    .then((r) => r.results)

export const rowOf = (id: string) =>
  env.DB.prepare('SELECT status, reminded_at, overdue_at, close_reason, closed_at, trail_seq FROM suggestions WHERE id = ?1').bind(id).first()
