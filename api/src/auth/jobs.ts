import { inArray, lt } from 'drizzle-orm'
import { loginThrottles, smsCodes } from '../db/schema'
import type { Db } from '../lib/db'
import { PURGE_BATCH } from '../lib/jobs'

const DAY_MS = 24 * 3600_000

/** SMS codes that expired more than a day ago: no code, attempt count or lock depends on them. */
export function purgeSmsCodes(db: Db, now: Date) {
  const cutoff = new Date(now.getTime() - DAY_MS).toISOString()
  const old = db.select({ phone: smsCodes.phone }).from(smsCodes).where(lt(smsCodes.expiresAt, cutoff)).limit(PURGE_BATCH)
  return db.delete(smsCodes).where(inArray(smsCodes.phone, old))
}

/** Staff login throttles nobody has touched for a day: their delays ran out long ago. */
export function purgeLoginThrottles(db: Db, now: Date) {
  const old = db
    .select({ key: loginThrottles.key })
    .from(loginThrottles)
    .where(lt(loginThrottles.updatedAt, now.getTime() - DAY_MS))
    .limit(PURGE_BATCH)
  return db.delete(loginThrottles).where(inArray(loginThrottles.key, old))
}
