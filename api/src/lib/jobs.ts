import { inArray, lte } from 'drizzle-orm'
import { rateLimits } from '../db/schema'
import type { Db } from './db'

/** Rows deleted per table per run at most, so one run stays a short statement. */
export const PURGE_BATCH = 5000

/** Rate-limit windows that have ended limit nothing any more. Idempotent. */
export function purgeRateLimits(db: Db, now: Date) {
  const expired = db
    .select({ key: rateLimits.key })
    .from(rateLimits)
    .where(lte(rateLimits.expiresAt, now.getTime()))
    .limit(PURGE_BATCH)
  return db.delete(rateLimits).where(inArray(rateLimits.key, expired))
}
