import { DEPARTMENT_OPEN_STATES, type Department, type StaffAccount, type StaffRole } from '@openday/shared'
import { inArray, sql, type SQL } from 'drizzle-orm'
import { departments, staffUsers, suggestions } from '../db/schema'
import type { StaffSession } from '../env'

// SQL shared by the department and staff-account routes. Every write there carries
// `actorIsAdmin`, so an admin demoted or disabled a moment ago cannot still change anything,
// and each rule is decided in the WHERE of the one statement that writes.

/** True while `me` is an active admin of their agency, read in the statement that writes. */
export function actorIsAdmin(me: StaffSession): SQL {
  return sql`EXISTS (SELECT 1 FROM ${staffUsers} actor WHERE actor.id = ${me.id} AND actor.agency_id = ${me.agencyId}
    AND actor.role = 'admin' AND actor.active = 1 AND actor.must_change_password = 0)`
}

/** The department's suggestions still being handled (the index on department_id, status serves it). */
export const openItemsOf = (departmentId: SQL | string) =>
  sql`(SELECT count(*) FROM ${suggestions} WHERE ${suggestions.departmentId} = ${departmentId}
    AND ${inArray(suggestions.status, [...DEPARTMENT_OPEN_STATES])})`

/** Department rows as `Department` (after toDepartment). */
export function departmentView(where: SQL): SQL {
  return sql`SELECT ${departments.id} AS id, ${departments.name} AS name, ${departments.active} AS active,
      ${openItemsOf(sql`${departments.id}`)} AS openItems, ${departments.createdAt} AS createdAt
    FROM ${departments} WHERE ${where}`
}

export type DepartmentRow = Omit<Department, 'active'> & { active: number }
export const toDepartment = (r: DepartmentRow): Department => ({
  id: r.id,
  name: r.name,
  active: Boolean(r.active),
  openItems: r.openItems,
  createdAt: r.createdAt,
})

/** Staff accounts as `StaffAccount` (after toStaffAccount): never the password hash. */
export function accountView(where: SQL): SQL {
  return sql`SELECT ${staffUsers.id} AS id, ${staffUsers.username} AS username, ${staffUsers.displayName} AS displayName,
      ${staffUsers.role} AS role, ${staffUsers.departmentId} AS departmentId, ${departments.name} AS departmentName,
      ${staffUsers.active} AS active, ${staffUsers.mustChangePassword} AS mustChangePassword
    FROM ${staffUsers} LEFT JOIN ${departments} ON ${departments.id} = ${staffUsers.departmentId} WHERE ${where}`
}

export type AccountRow = Omit<StaffAccount, 'active' | 'mustChangePassword'> & { active: number; mustChangePassword: number }
export const toStaffAccount = (r: AccountRow): StaffAccount => ({
  id: r.id,
  username: r.username,
  displayName: r.displayName,
  role: r.role as StaffRole,
  departmentId: r.departmentId,
  departmentName: r.departmentName,
  active: Boolean(r.active),
  mustChangePassword: Boolean(r.mustChangePassword),
})

/** An active department of `agencyId` with this id. */
export const activeDepartmentOf = (agencyId: string, departmentId: string | null) =>
  sql`EXISTS (SELECT 1 FROM ${departments} WHERE ${departments.id} = ${departmentId} AND ${departments.agencyId} = ${agencyId}
    AND ${departments.active} = 1)`
