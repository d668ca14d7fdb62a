import { inArray, lt } from 'drizzle-orm'
import { idempotencyKeys } from '../db/schema'
import type { Db } from '../lib/db'
import { PURGE_BATCH } from '../lib/jobs'

/** How long a sign-up's Idempotency-Key replays the first answer. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000

/** Idempotency keys older than a day: a client retrying after that gets a fresh answer. */
export function purgeIdempotencyKeys(db: Db, now: Date) {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString()
  const old = db
    .select({ key: idempotencyKeys.key })
    .from(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .limit(PURGE_BATCH)
  return db.delete(idempotencyKeys).where(inArray(idempotencyKeys.key, old))
}
