import { sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { rateLimits } from '../db/schema'
import type { AppEnv } from '../env'
import { hmacSha256 } from '../lib/encoding'
import { ApiError, fail } from '../lib/errors'

// Fixed-window counters in `rate_limits` for the login limits. Each counter is one row per key
// (the key is an HMAC, so typed usernames and addresses are not stored as such); `window_start`
// is the window's index and `expires_at` its end, after which the row serves nothing and the
// cron may delete it. Statements are built to run inside one batch (one transaction): a
// "hit" always adds one, so a later statement of the same batch can tell whether this request
// stayed within the limit by reading `count <= max`, and concurrent requests, serialised by
// D1, can never together get past a limit.

const DAY_MS = 24 * 3600 * 1000
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000

export interface Counter {
  key: string
  /** Index of the current window. */
  index: number
  /** Epoch ms at which the current window ends. */
  endsAt: number
  max: number
}

/** Who is asking: the address, and the device (the app's X-Client-Id at that address). */
export function sourceOf(c: Context<AppEnv>) {
  const address = c.req.header('cf-connecting-ip') ?? 'local'
  const clientId = (c.req.header('x-client-id') ?? '').slice(0, 64)
  return { address, device: `${address}|${clientId}` }
}

export async function limitKey(secret: string, scope: string, value: string): Promise<string> {
  return `${scope}:${(await hmacSha256(secret, `limit:${scope}:${value}`)).slice(0, 22)}`
}

export function fixedWindow(key: string, windowMs: number, max: number, now = Date.now()): Counter {
  const index = Math.floor(now / windowMs)
  return { key, index, endsAt: (index + 1) * windowMs, max }
}

/** A calendar day in Asia/Shanghai, which is what "per day" means to the people using this. */
export function shanghaiDay(key: string, max: number, now = Date.now()): Counter {
  const index = Math.floor((now + SHANGHAI_OFFSET_MS) / DAY_MS)
  return { key, index, endsAt: (index + 1) * DAY_MS - SHANGHAI_OFFSET_MS, max }
}

const col = (c: AnyColumn) => sql.identifier(c.name)

/** True when this request's hit (already counted earlier in the same batch) is within the limit. */
export function within(w: Counter): SQL {
  return sql`coalesce((SELECT ${rateLimits.count} FROM ${rateLimits}
    WHERE ${rateLimits.key} = ${w.key} AND ${rateLimits.windowStart} = ${w.index}), 0) <= ${w.max}`
}

export function allOf(conds: SQL[]): SQL {
  return conds.length ? sql.join(conds.map((c) => sql`(${c})`), sql` AND `) : sql`1`
}

/** Adds one to the counter (only when every `when` holds); returns [{ count }] or [] when skipped. */
export function hit(w: Counter, when: SQL[] = []): SQL {
  return sql`
    INSERT INTO ${rateLimits} (${col(rateLimits.key)}, ${col(rateLimits.windowStart)}, ${col(rateLimits.count)}, ${col(rateLimits.expiresAt)})
    SELECT ${w.key}, ${w.index}, 1, ${w.endsAt} WHERE ${allOf(when)}
    ON CONFLICT (${col(rateLimits.key)}) DO UPDATE SET
      ${col(rateLimits.count)} = CASE WHEN ${rateLimits.windowStart} = excluded.${col(rateLimits.windowStart)}
        THEN ${rateLimits.count} + 1 ELSE 1 END,
      ${col(rateLimits.windowStart)} = excluded.${col(rateLimits.windowStart)},
      ${col(rateLimits.expiresAt)} = excluded.${col(rateLimits.expiresAt)}
    RETURNING ${col(rateLimits.count)} AS count`
}

/** Takes back a hit that turned out not to be a failure (a right code or password). */
export function refund(w: Counter): SQL {
  return sql`UPDATE ${rateLimits} SET ${col(rateLimits.count)} = ${rateLimits.count} - 1
    WHERE ${rateLimits.key} = ${w.key} AND ${rateLimits.windowStart} = ${w.index} AND ${rateLimits.count} > 0`
}

/** The count a `hit` returned (0 when its condition skipped it). */
export function countOf(rows: Record<string, unknown>[]): number {
  return (rows[0]?.count as number | undefined) ?? 0
}

export function secondsUntil(epochMs: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((epochMs - now) / 1000))
}

/** Minutes, rounded up, for messages ("请3分钟后再试"). */
export function minutesUntil(epochMs: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((epochMs - now) / 60_000))
}

/** A 429 (or other) answer that tells the client when to come back, in the header and body. */
export function retryLater(
  c: Context<AppEnv>,
  status: 429 | 503 | 401,
  code: ConstructorParameters<typeof ApiError>[1],
  retryAfterSeconds: number,
  message?: string,
): ApiError {
  c.header('Retry-After', String(retryAfterSeconds))
  return fail(status, code, message, { retryAfter: retryAfterSeconds })
}
