// Departments, handlers and suggestions for the handling tests, made with SQL (the org helper's
// API for departments and staff accounts is another branch).
import { env } from 'cloudflare:test'
import type { StaffRole } from '@openday/shared'
import { issueStaffToken } from '../../src/auth/tokens'
import { newId } from '../../src/lib/ids'
import { api, createAgency, createPublishedEvent, createStaff } from './fixtures'

export async function createDepartment(agencyId: string, name = `部门${newId().slice(0, 4)}`, active = true) {
  const id = newId()
  await env.DB.prepare('INSERT INTO departments (id, agency_id, name, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5)')
    .bind(id, agencyId, name, active ? 1 : 0, '2026-01-01T00:00:00.000Z')
    .run()
  return { id, agencyId, name }
}

/** A staff member, in a department when one is given (a handler always is). */
export async function createMember(agencyId: string, role: StaffRole, departmentId?: string) {
  const staff = await createStaff(agencyId, role)
  if (departmentId) await env.DB.prepare('UPDATE staff_users SET department_id = ?1 WHERE id = ?2').bind(departmentId, staff.id).run()
  const { name } = (await env.DB.prepare('SELECT display_name AS name FROM staff_users WHERE id = ?').bind(staff.id).first<{ name: string }>())!
  return { ...staff, name, departmentId: departmentId ?? null }
}

let ip = 0
/** Submits through the API (each from its own device and address, so no limit is hit). */
export async function submit(eventId: string, body: Record<string, unknown> = {}, token?: string) {
  const res = await api(`/events/${eventId}/suggestions`, {
    body: { content: '建议在检测实验室门口增设指引牌，方便群众找到送检窗口。', ...body },
    token,
    headers: { 'cf-connecting-ip': `198.18.${Math.floor(++ip / 250)}.${ip % 250}` },
  })
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.json)}`)
  const row = await env.DB.prepare('SELECT id FROM suggestions WHERE tracking_code = ?').bind(res.json.trackingCode).first<{ id: string }>()
  return { id: row!.id, code: res.json.trackingCode as string }
}

/** One agency with two departments, a handler in each, an admin, an organizer, a checker and an event. */
export async function agencySetup() {
  const agency = await createAgency()
  const event = await createPublishedEvent(agency.id)
  const dept = await createDepartment(agency.id, '检测科')
  const otherDept = await createDepartment(agency.id, '办公室')
  const [admin, organizer, checker, handler, otherHandler] = await Promise.all([
    createMember(agency.id, 'admin'),
    createMember(agency.id, 'organizer'),
    createMember(agency.id, 'checker'),
    createMember(agency.id, 'handler', dept.id),
    createMember(agency.id, 'handler', otherDept.id),
  ])
  return { agency, event, dept, otherDept, admin, organizer, checker, handler, otherHandler }
}

export const trailOf = (id: string) =>
  env.DB.prepare('SELECT seq, at, action, from_state, to_state, actor_kind, actor_id, actor_role, note FROM suggestion_trail WHERE suggestion_id = ? ORDER BY seq')
    .bind(id)
    .all()
    .then((r) => r.results)

/** The workflow columns of a suggestion as stored. */
export const workflowOf = (id: string) =>
  env.DB.prepare(
    `SELECT status, department_id, assignee_id, assigned_at, due_at, answer, answered_at, answered_by, result_class, planned_by, published,
       rating, rating_comment, rated_at, reopen_count, close_reason, closed_at, merged_into_id, urge_count, trail_seq
     FROM suggestions WHERE id = ?`,
  )
    .bind(id)
    .first()

export const post = (path: string, token: string | undefined, body: unknown) => api(path, { body, token })

/** Staff tokens last 12 hours: after moving the clock, tests take fresh ones (issued "now"). */
export async function refreshTokens(...members: { id: string; role: StaffRole; agencyId: string; name: string; token: string }[]) {
  for (const m of members) m.token = await issueStaffToken(env.SESSION_SECRET, { id: m.id, role: m.role, agencyId: m.agencyId, name: m.name })
}
