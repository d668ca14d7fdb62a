import type { StaffRole } from '@openday/shared'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { readToken } from './tokens'

function bearer(header: string | undefined): string | null {
  const m = header?.match(/^Bearer\s+(.+)$/i)
  return m ? m[1].trim() : null
}

export const requireParticipant = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header('authorization'))
  const session = token ? await readToken(c.env.SESSION_SECRET, token) : null
  if (!session) throw fail(401, 'UNAUTHENTICATED')
  if (session.kind !== 'participant') throw fail(403, 'FORBIDDEN', '请使用报名时的账号登录')
  c.set('participant', session)
  await next()
})

/** Staff of any role by default; pass roles to narrow. The agency check is per resource. */
export const requireStaff = (roles?: readonly StaffRole[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = bearer(c.req.header('authorization'))
    const session = token ? await readToken(c.env.SESSION_SECRET, token) : null
    if (!session) throw fail(401, 'UNAUTHENTICATED', '请先登录工作人员账号')
    if (session.kind !== 'staff') throw fail(403, 'FORBIDDEN')
    if (roles && !roles.includes(session.role)) throw fail(403, 'FORBIDDEN', '您的账号没有该操作权限，请联系管理员')
    c.set('staff', session)
    await next()
  })

/** Optional auth: who is asking, if anyone (for public routes that show more to staff). */
export async function optionalSession(c: { env: AppEnv['Bindings']; req: { header(n: string): string | undefined } }) {
  const token = bearer(c.req.header('authorization'))
  return token ? readToken(c.env.SESSION_SECRET, token) : null
}
