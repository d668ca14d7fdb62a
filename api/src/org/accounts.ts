import { staffAccountCreateSchema, staffAccountPatchSchema, type OneTimePasswordResponse } from '@openday/shared'
import { eq, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { hashPassword } from '../auth/passwords'
import { requireStaff } from '../auth/guards'
import { departments, staffUsers } from '../db/schema'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { newId, newOneTimePassword } from '../lib/ids'
import { runBatch } from '../lib/sql-batch'
import { json } from '../lib/validate'
import { accountView, activeDepartmentOf, actorIsAdmin, toStaffAccount, type AccountRow } from './queries'

// Staff accounts, managed by their agency's admin. New accounts and resets get a one-time
// password, answered once and stored only as its PBKDF2 hash; until its holder sets their own,
// every staff route but the password change and /staff/me refuses them (auth/session-check.ts).

const DEPARTMENT_NOT_USABLE = '请选择本单位启用中的承办部门'
const HANDLER_NEEDS_DEPARTMENT = '承办人须属于一个承办部门'

/** An active admin of the agency other than `userId`: the last one may not be demoted or disabled. */
const anotherActiveAdmin = (agencyId: string, userId: string) =>
  sql`EXISTS (SELECT 1 FROM ${staffUsers} other WHERE other.agency_id = ${agencyId} AND other.id != ${userId}
    AND other.role = 'admin' AND other.active = 1)`

export const staffAccountRoutes = new Hono<AppEnv>()
  .get('/staff/users', requireStaff(['admin']), async (c) => {
    const me = c.get('staff')
    const [rows] = await runBatch<[AccountRow[]]>(c.get('d1'), [
      sql`${accountView(eq(staffUsers.agencyId, me.agencyId))} ORDER BY ${staffUsers.active} DESC, ${staffUsers.username}`,
    ])
    return c.json({ users: rows.map(toStaffAccount) })
  })

  .post('/staff/users', requireStaff(['admin']), json(staffAccountCreateSchema), async (c) => {
    const { username, displayName, role, departmentId = null } = c.req.valid('json')
    const me = c.get('staff')
    const id = newId()
    const oneTimePassword = newOneTimePassword()
    const passwordHash = await hashPassword(oneTimePassword)
    // The unique username decides a clash, also between simultaneous requests.
    const [, [created], [check]] = await runBatch<[unknown[], AccountRow[], { isAdmin: number; departmentOk: number }[]]>(
      c.get('d1'),
      [
        sql`INSERT INTO ${staffUsers} (id, agency_id, username, display_name, role, department_id, password_hash, must_change_password, active, token_version)
          SELECT ${id}, ${me.agencyId}, ${username}, ${displayName}, ${role}, ${departmentId}, ${passwordHash}, 1, 1, 0
          WHERE ${actorIsAdmin(me)} AND (${departmentId} IS NULL OR ${activeDepartmentOf(me.agencyId, departmentId)})
          ON CONFLICT DO NOTHING`,
        accountView(eq(staffUsers.id, id)),
        sql`SELECT ${actorIsAdmin(me)} AS isAdmin, (${departmentId} IS NULL OR ${activeDepartmentOf(me.agencyId, departmentId)}) AS departmentOk`,
      ],
    )
    if (created) return c.json({ user: toStaffAccount(created), oneTimePassword } satisfies OneTimePasswordResponse, 201)
    if (!check.isAdmin) throw fail(403, 'FORBIDDEN')
    if (!check.departmentOk) throw fail(400, 'VALIDATION_FAILED', DEPARTMENT_NOT_USABLE, { field: 'departmentId' })
    throw fail(409, 'USERNAME_TAKEN', undefined, { field: 'username' })
  })

  .patch('/staff/users/:id', requireStaff(['admin']), json(staffAccountPatchSchema), async (c) => {
    const input = c.req.valid('json')
    const me = c.get('staff')
    const id = c.req.param('id')
    const role = input.role ?? null
    const active = input.active === undefined ? null : input.active ? 1 : 0
    const setDepartment = input.departmentId !== undefined ? 1 : 0
    const departmentId = input.departmentId ?? null
    // The values after the change, in terms of the row being updated (old values on the right).
    const newRole = sql`coalesce(${role}, role)`
    const newActive = sql`coalesce(${active}, active)`
    const newDepartment = sql`(CASE WHEN ${setDepartment} = 1 THEN ${departmentId} ELSE department_id END)`
    // One statement decides every rule, so two admins demoting each other (or themselves) at the
    // same moment cannot leave the agency without one. A change of role, department or
    // active raises token_version: tokens issued before stop at once.
    const [updated, [after], [check]] = await runBatch<
      [{ id: string }[], (AccountRow & { agencyId: string })[], { isAdmin: number; departmentOk: number; anotherAdmin: number }[]]
    >(c.get('d1'), [
      sql`UPDATE ${staffUsers} SET
          role = ${newRole},
          department_id = ${newDepartment},
          active = ${newActive},
          display_name = coalesce(${input.displayName ?? null}, display_name),
          token_version = token_version + (${newRole} IS NOT role OR ${newDepartment} IS NOT department_id OR ${newActive} IS NOT active)
        WHERE ${staffUsers.id} = ${id} AND ${staffUsers.agencyId} = ${me.agencyId} AND ${actorIsAdmin(me)}
          AND (${setDepartment} = 0 OR ${departmentId} IS NULL OR ${activeDepartmentOf(me.agencyId, departmentId)})
          AND (${newRole} != 'handler' OR ${newDepartment} IS NOT NULL)
          AND (NOT (role = 'admin' AND active = 1 AND (${newRole} != 'admin' OR ${newActive} = 0))
            OR ${anotherActiveAdmin(me.agencyId, id)})
        RETURNING id`,
      sql`SELECT v.*, ${staffUsers.agencyId} AS agencyId FROM (${accountView(eq(staffUsers.id, id))}) v
        JOIN ${staffUsers} ON ${staffUsers.id} = v.id`,
      sql`SELECT ${actorIsAdmin(me)} AS isAdmin,
          (${setDepartment} = 0 OR ${departmentId} IS NULL OR ${activeDepartmentOf(me.agencyId, departmentId)}) AS departmentOk,
          ${anotherActiveAdmin(me.agencyId, id)} AS anotherAdmin`,
    ])
    if (!after || after.agencyId !== me.agencyId) throw fail(404, 'NOT_FOUND', '工作人员不存在')
    const { agencyId: _, ...account } = after
    if (updated[0]) return c.json({ user: toStaffAccount(account) })
    if (!check.isAdmin) throw fail(403, 'FORBIDDEN')
    if (!check.departmentOk) throw fail(400, 'VALIDATION_FAILED', DEPARTMENT_NOT_USABLE, { field: 'departmentId' })
    if ((role ?? after.role) === 'handler' && !(setDepartment ? departmentId : after.departmentId))
      throw fail(400, 'VALIDATION_FAILED', HANDLER_NEEDS_DEPARTMENT, { field: 'departmentId' })
    throw fail(409, 'LAST_ADMIN')
  })

  .post('/staff/users/:id/reset-password', requireStaff(['admin']), async (c) => {
    const me = c.get('staff')
    const id = c.req.param('id')
    const oneTimePassword = newOneTimePassword()
    const passwordHash = await hashPassword(oneTimePassword)
    // The old password and every session end now; the holder must set their own next.
    const [updated, [after], [check]] = await runBatch<[{ id: string }[], (AccountRow & { agencyId: string })[], { isAdmin: number }[]]>(
      c.get('d1'),
      [
        sql`UPDATE ${staffUsers} SET password_hash = ${passwordHash}, must_change_password = 1, token_version = token_version + 1
          WHERE ${staffUsers.id} = ${id} AND ${staffUsers.agencyId} = ${me.agencyId} AND ${actorIsAdmin(me)}
          RETURNING id`,
        sql`SELECT v.*, ${staffUsers.agencyId} AS agencyId FROM (${accountView(eq(staffUsers.id, id))}) v
          JOIN ${staffUsers} ON ${staffUsers.id} = v.id`,
        sql`SELECT ${actorIsAdmin(me)} AS isAdmin`,
      ],
    )
    if (!after || after.agencyId !== me.agencyId) throw fail(404, 'NOT_FOUND', '工作人员不存在')
    if (!updated[0] || !check.isAdmin) throw fail(403, 'FORBIDDEN')
    const { agencyId: _, ...account } = after
    return c.json({ user: toStaffAccount(account), oneTimePassword } satisfies OneTimePasswordResponse)
  })
