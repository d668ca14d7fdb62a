import type { StaffProfile } from '@openday/shared'
import { eq, sql, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import { requireStaff } from './auth/guards'
import { agencies, staffUsers } from './db/schema'
import type { AppEnv } from './env'
import type { Db } from './lib/db'
import { fail } from './lib/errors'

/** A staff member with their agency's name, plus what login and token checks need. */
export function selectStaff(db: Db, where: SQL) {
  return db
    .select({
      id: staffUsers.id,
      username: staffUsers.username,
      displayName: staffUsers.displayName,
      role: staffUsers.role,
      agencyId: staffUsers.agencyId,
      agencyName: agencies.name,
      passwordHash: staffUsers.passwordHash,
      active: staffUsers.active,
      tokenVersion: staffUsers.tokenVersion,
      mustChangePassword: staffUsers.mustChangePassword,
    })
    .from(staffUsers)
    .innerJoin(agencies, eq(agencies.id, staffUsers.agencyId))
    .where(where)
}

/** The same as selectStaff, as SQL for a shared batch (the login throttle runs it with its own). */
export function staffLookupSql(where: SQL) {
  return sql`SELECT ${staffUsers.id} AS id, ${staffUsers.username} AS username, ${staffUsers.displayName} AS displayName,
      ${staffUsers.role} AS role, ${staffUsers.agencyId} AS agencyId, ${agencies.name} AS agencyName,
      ${staffUsers.passwordHash} AS passwordHash, ${staffUsers.active} AS active, ${staffUsers.tokenVersion} AS tokenVersion,
      ${staffUsers.mustChangePassword} AS mustChangePassword
    FROM ${staffUsers} JOIN ${agencies} ON ${agencies.id} = ${staffUsers.agencyId} WHERE ${where}`
}
export type StaffLookupRow = Omit<StaffProfile, 'mustChangePassword'> & {
  passwordHash: string
  active: number
  tokenVersion: number
  mustChangePassword: number | boolean
}

export function toStaffProfile(row: Omit<StaffProfile, 'mustChangePassword'> & { mustChangePassword: number | boolean }): StaffProfile {
  const { id, username, displayName, role, agencyId, agencyName } = row
  return { id, username, displayName, role, agencyId, agencyName, mustChangePassword: Boolean(row.mustChangePassword) }
}

// On a one-time password the app still needs to know who is logged in, to ask for a new one.
export const staffRoutes = new Hono<AppEnv>().get('/staff/me', requireStaff(undefined, { allowPasswordChangeRequired: true }), async (c) => {
  const [row] = await selectStaff(c.get('db'), eq(staffUsers.id, c.get('staff').id))
  if (!row) throw fail(401, 'UNAUTHENTICATED', '账号不存在，请重新登录')
  return c.json({ staff: toStaffProfile(row) })
})
