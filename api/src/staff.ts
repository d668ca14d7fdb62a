import type { StaffProfile } from '@openday/shared'
import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { requireStaff } from './auth/guards'
import { agencies, staffUsers } from './db/schema'
import type { AppEnv } from './env'
import { fail } from './lib/errors'

export const staffRoutes = new Hono<AppEnv>().get('/staff/me', requireStaff(), async (c) => {
  const [row] = await c
    .get('db')
    .select({
      id: staffUsers.id,
      username: staffUsers.username,
      displayName: staffUsers.displayName,
      role: staffUsers.role,
      agencyId: staffUsers.agencyId,
      agencyName: agencies.name,
    })
    .from(staffUsers)
    .innerJoin(agencies, eq(agencies.id, staffUsers.agencyId))
    .where(eq(staffUsers.id, c.get('staff').id))
  if (!row) throw fail(401, 'UNAUTHENTICATED', '账号不存在，请重新登录')
  const staff: StaffProfile = row
  return c.json({ staff })
})
