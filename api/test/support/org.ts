import { env } from 'cloudflare:test'
import type { StaffRole } from '@openday/shared'
import { newId } from '../../src/lib/ids'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff } from './fixtures'

// Helpers for the agency's organisation (departments, staff accounts): stored rows to assert on
// and the actors of the authorisation matrix.

export async function createDepartment(agencyId: string, name = `部门${newId().slice(0, 4)}`, active = true) {
  const id = newId()
  await env.DB.prepare('INSERT INTO departments (id, agency_id, name, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5)')
    .bind(id, agencyId, name, active ? 1 : 0, new Date().toISOString())
    .run()
  return { id, name }
}

/** A staff member of a role, with a department (handlers need one). */
export async function createMember(agencyId: string, role: StaffRole, departmentId?: string) {
  const staff = await createStaff(agencyId, role)
  if (departmentId) await env.DB.prepare('UPDATE staff_users SET department_id = ?1 WHERE id = ?2').bind(departmentId, staff.id).run()
  return staff
}

export const departmentRow = (id: string) =>
  env.DB.prepare('SELECT id, agency_id AS agencyId, name, active, created_at AS createdAt FROM departments WHERE id = ?1').bind(id).first()

export const staffRow = (id: string) =>
  env.DB.prepare(
    `SELECT id, agency_id AS agencyId, username, display_name AS displayName, role, department_id AS departmentId, active,
       must_change_password AS mustChangePassword, token_version AS tokenVersion, password_hash AS passwordHash
     FROM staff_users WHERE id = ?1`,
  )
    .bind(id)
    .first<{
      id: string
      agencyId: string
      username: string
      displayName: string
      role: StaffRole
      departmentId: string | null
      active: number
      mustChangePassword: number
      tokenVersion: number
      passwordHash: string
    }>()

/** Everything the org routes may have written, to compare before and after a refused request. */
export async function orgSnapshot() {
  const [departments, staff] = await env.DB.batch([
    env.DB.prepare('SELECT id, agency_id, name, active, created_at FROM departments ORDER BY id'),
    env.DB.prepare(
      'SELECT id, agency_id, username, display_name, role, department_id, active, must_change_password, token_version, password_hash FROM staff_users ORDER BY id',
    ),
  ])
  return { departments: departments.results as { agency_id: string }[], staff: staff.results as { agency_id: string }[] }
}

/** A suggestion of the agency in `status`, assigned to the department (a real row, via the trail's rules). */
export async function suggestionIn(agencyId: string, departmentId: string, status: 'assigned' | 'reopened' | 'returned' | 'answered' | 'closed') {
  const event = await createPublishedEvent(agencyId)
  const id = newId()
  await env.DB.prepare(
    `INSERT INTO suggestions (id, event_id, tracking_code, content, created_at) VALUES (?1, ?2, ?3, '建议增加停车位。', ?4)`,
  )
    .bind(id, event.id, `YJ${newId().slice(0, 16).toUpperCase()}`, new Date().toISOString())
    .run()
  await env.DB.prepare(
    `UPDATE suggestions SET status = ?2, department_id = ?3, trail_seq = trail_seq + 1, last_action = 'assign',
       last_actor_kind = 'staff', updated_at = ?4 WHERE id = ?1`,
  )
    .bind(id, status, departmentId, new Date().toISOString())
    .run()
  return id
}

export const setSuggestionStatus = (id: string, status: string) =>
  env.DB.prepare(
    `UPDATE suggestions SET status = ?2, trail_seq = trail_seq + 1, last_action = 'answer', last_actor_kind = 'staff', updated_at = ?3 WHERE id = ?1`,
  )
    .bind(id, status, new Date().toISOString())
    .run()

/** An agency with one member of each role, and everyone who must be refused. */
export async function orgWorld() {
  const agency = await createAgency()
  const department = await createDepartment(agency.id, '检测科')
  const admin = await createMember(agency.id, 'admin')
  const organizer = await createMember(agency.id, 'organizer')
  const handler = await createMember(agency.id, 'handler', department.id)
  const checker = await createMember(agency.id, 'checker')
  const disabledAdmin = await createMember(agency.id, 'admin')
  await env.DB.prepare('UPDATE staff_users SET active = 0 WHERE id = ?1').bind(disabledAdmin.id).run()
  const newAdmin = await createMember(agency.id, 'admin')
  await env.DB.prepare('UPDATE staff_users SET must_change_password = 1 WHERE id = ?1').bind(newAdmin.id).run()
  const otherAgency = await createAgency()
  const otherAdmin = await createMember(otherAgency.id, 'admin')
  const otherDepartment = await createDepartment(otherAgency.id, '办公室')
  const participant = await createParticipant()
  return { agency, department, admin, organizer, handler, checker, disabledAdmin, newAdmin, otherAgency, otherAdmin, otherDepartment, participant }
}

export const login = (username: string, password: string) =>
  api('/auth/staff/login', { body: { username, password }, headers: { 'x-client-id': `org-${crypto.randomUUID()}` } })
