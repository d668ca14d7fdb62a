import { departmentCreateSchema, departmentPatchSchema, ORGANISER_ROLES, type StaffRole } from '@openday/shared'
import { and, asc, eq, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { requireStaff } from '../auth/guards'
import { departments, staffUsers } from '../db/schema'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { newId } from '../lib/ids'
import { runBatch } from '../lib/sql-batch'
import { json } from '../lib/validate'
import { actorIsAdmin, departmentView, openItemsOf, toDepartment, type DepartmentRow } from './queries'

/** Organizers and handlers read the list too: the assign form and the handler's own screens name departments. */
const DEPARTMENT_READERS: readonly StaffRole[] = ['admin', 'organizer', 'handler']

export const departmentRoutes = new Hono<AppEnv>()
  .get('/staff/departments', requireStaff(DEPARTMENT_READERS), async (c) => {
    const me = c.get('staff')
    const [rows] = await runBatch<[DepartmentRow[]]>(c.get('d1'), [
      sql`${departmentView(eq(departments.agencyId, me.agencyId))} ORDER BY ${departments.active} DESC, ${departments.createdAt}, ${departments.name}`,
    ])
    return c.json({ departments: rows.map(toDepartment) })
  })

  // The 承办人 picker of 转办: who can be named as the assignee (active handlers of that department).
  .get('/staff/departments/:id/handlers', requireStaff(ORGANISER_ROLES), async (c) => {
    const me = c.get('staff')
    const db = c.get('db')
    const id = c.req.param('id')
    const [[department], handlers] = await db.batch([
      db.select({ id: departments.id }).from(departments).where(and(eq(departments.id, id), eq(departments.agencyId, me.agencyId))),
      db
        .select({ id: staffUsers.id, displayName: staffUsers.displayName })
        .from(staffUsers)
        .where(
          and(
            eq(staffUsers.departmentId, id),
            eq(staffUsers.agencyId, me.agencyId),
            eq(staffUsers.role, 'handler'),
            eq(staffUsers.active, true),
          ),
        )
        .orderBy(asc(staffUsers.displayName), asc(staffUsers.id)),
    ])
    if (!department) throw fail(404, 'NOT_FOUND', '承办部门不存在')
    return c.json({ handlers })
  })

  .post('/staff/departments', requireStaff(['admin']), json(departmentCreateSchema), async (c) => {
    const { name } = c.req.valid('json')
    const me = c.get('staff')
    const id = newId()
    // The unique index on (agency, name) decides a clash, also between simultaneous requests.
    const [, created, [check]] = await runBatch<[unknown[], DepartmentRow[], { isAdmin: number }[]]>(c.get('d1'), [
      sql`INSERT INTO ${departments} (id, agency_id, name, active, created_at)
        SELECT ${id}, ${me.agencyId}, ${name}, 1, ${new Date().toISOString()} WHERE ${actorIsAdmin(me)}
        ON CONFLICT DO NOTHING`,
      departmentView(eq(departments.id, id)),
      sql`SELECT ${actorIsAdmin(me)} AS isAdmin`,
    ])
    if (created[0]) return c.json({ department: toDepartment(created[0]) }, 201)
    if (!check.isAdmin) throw fail(403, 'FORBIDDEN')
    throw fail(409, 'DEPARTMENT_NAME_TAKEN', undefined, { field: 'name' })
  })

  .patch('/staff/departments/:id', requireStaff(['admin']), json(departmentPatchSchema), async (c) => {
    const { name, active } = c.req.valid('json')
    const me = c.get('staff')
    const id = c.req.param('id')
    const newActive = active === undefined ? null : active ? 1 : 0
    // One statement decides it: a department with items still being handled is not deactivated
    // (an assignment landing at the same moment either comes first and blocks this, or finds the
    // department inactive). OR IGNORE: a name already used in the agency changes nothing.
    const [updated, [after]] = await runBatch<[{ id: string }[], (DepartmentRow & { agencyId: string; isAdmin: number; nameTaken: number })[]]>(
      c.get('d1'),
      [
        sql`UPDATE OR IGNORE ${departments} SET name = coalesce(${name ?? null}, name), active = coalesce(${newActive}, active)
          WHERE ${departments.id} = ${id} AND ${departments.agencyId} = ${me.agencyId} AND ${actorIsAdmin(me)}
            AND (coalesce(${newActive}, 1) = 1 OR ${openItemsOf(sql`${departments.id}`)} = 0)
          RETURNING id`,
        // What it is now (in the same transaction, after the update): the answer, or why not.
        sql`SELECT ${departments.id} AS id, ${departments.name} AS name, ${departments.active} AS active,
            ${openItemsOf(sql`${departments.id}`)} AS openItems, ${departments.createdAt} AS createdAt,
            ${departments.agencyId} AS agencyId, ${actorIsAdmin(me)} AS isAdmin,
            EXISTS (SELECT 1 FROM ${departments} other WHERE other.agency_id = ${me.agencyId} AND other.name = ${name ?? null}
              AND other.id != ${id}) AS nameTaken
          FROM ${departments} WHERE ${departments.id} = ${id}`,
      ],
    )
    if (!after || after.agencyId !== me.agencyId) throw fail(404, 'NOT_FOUND', '部门不存在')
    if (updated[0]) return c.json({ department: toDepartment(after) })
    if (!after.isAdmin) throw fail(403, 'FORBIDDEN')
    if (after.nameTaken) throw fail(409, 'DEPARTMENT_NAME_TAKEN', undefined, { field: 'name' })
    throw fail(409, 'DEPARTMENT_HAS_OPEN_ITEMS', `该部门还有${after.openItems}条正在办理的意见，办结或转办后才能停用`, { openItems: after.openItems })
  })
