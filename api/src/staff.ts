import type { StaffProfile } from '@openday/shared'
import { eq, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import { requireStaff } from './auth/guards'
import { agencies, staffUsers } from './db/schema'
import type { AppEnv } from './env'
import type { Db } from './lib/db'
import { fail } from './lib/errors'

/** A staff member with their agency's name, plus the login bookkeeping when asked for. */
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
      failedLogins: staffUsers.failedLogins,
      lockedUntil: staffUsers.lockedUntil,
    })
    .from(staffUsers)
    .innerJoin(agencies, eq(agencies.id, staffUsers.agencyId))
    .where(where)
}

export function toStaffProfile(row: StaffProfile): StaffProfile {
  const { id, username, displayName, role, agencyId, agencyName } = row
  return { id, username, displayName, role, agencyId, agencyName }
}

export const staffRoutes = new Hono<AppEnv>().get('/staff/me', requireStaff(), async (c) => {
  const [row] = await selectStaff(c.get('db'), eq(staffUsers.id, c.get('staff').id))
  if (!row) throw fail(401, 'UNAUTHENTICATED', '账号不存在，请重新登录')
  return c.json({ staff: toStaffProfile(row) })
})
