// 名额分配 on an event's edit (docs/seats.md): a change of capacity or quotas is refused inside the
// UPDATE's own WHERE if a pool would hold fewer seats than are taken in it at that instant, so a
// sign-up racing the edit can never end up beyond a pool.
import { CATEGORIES, sumQuotas, type Category, type Quotas } from '@openday/shared'
import { sql, type SQL } from 'drizzle-orm'
import { eventSeats, events } from '../db/schema'
import type { Db } from '../lib/db'
import { fail } from '../lib/errors'
import { eq } from 'drizzle-orm'

/** The WHERE condition that keeps every pool ≥ its taken seats after the patch, or undefined. */
export function seatsKept(patch: { capacity?: number; quotas?: Quotas }): SQL | undefined {
  if (patch.capacity === undefined && patch.quotas === undefined) return undefined
  const quotas = patch.quotas !== undefined ? sql`${JSON.stringify(patch.quotas)}` : sql`${events.quotas}`
  const capacity = patch.capacity !== undefined ? sql`${patch.capacity}` : sql`${events.capacity}`
  return sql`NOT EXISTS (SELECT 1 FROM "event_seats" s WHERE s."event_id" = ${events.id} AND s."pool" <> 'general'
                 AND s."taken" > coalesce(json_extract(${quotas}, '$.' || s."pool"), 0))
             AND coalesce((SELECT s."taken" FROM "event_seats" s WHERE s."event_id" = ${events.id} AND s."pool" = 'general'), 0) + ${events.offeredCount}
                 <= ${capacity} - (SELECT coalesce(sum(q.value), 0) FROM json_each(${quotas}) q)`
}

/** After a refused patch: which pool was in the way, in words the organiser can act on. */
export async function explainSeatsRefusal(
  db: Db,
  now: { id: string; capacity: number; quotas: unknown; offered?: number },
  patch: { capacity?: number; quotas?: Quotas },
) {
  if (patch.capacity === undefined && patch.quotas === undefined) return
  const quotas = patch.quotas ?? ((now.quotas as Quotas) ?? {})
  const capacity = patch.capacity ?? now.capacity
  const rows = await db.select({ pool: eventSeats.pool, taken: eventSeats.taken }).from(eventSeats).where(eq(eventSeats.eventId, now.id))
  for (const r of rows) {
    if (r.pool === 'general') continue
    const quota = quotas[r.pool as Category] ?? 0
    if (r.taken > quota)
      throw fail(409, 'INVALID_STATE', `「${CATEGORIES[r.pool as Category] ?? r.pool}」已有${r.taken}人凭邀请报名，该类别名额不能少于${r.taken}`, {
        field: 'quotas',
      })
  }
  const general = rows.find((r) => r.pool === 'general')?.taken ?? 0
  if (general > capacity - sumQuotas(quotas))
    throw fail(409, 'INVALID_STATE', `公开报名已有${general}人，总名额减去邀请名额后不能少于${general}`, { field: 'quotas' })
  // Outstanding waiting-list offers hold general seats (docs/waitlist.md).
  const offered = now.offered ?? 0
  if (general + offered > capacity - sumQuotas(quotas))
    throw fail(409, 'INVALID_STATE', `公开报名已有${general}人、${offered}个候补名额待确认，总名额减去邀请名额后不能少于${general + offered}`, { field: 'quotas' })
}
