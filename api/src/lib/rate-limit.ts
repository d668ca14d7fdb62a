import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { fail } from './errors'

/**
 * Fixed-window counter in D1, one statement per key: returns the count in the current window
 * after this hit. `expires_at` (epoch ms) is the end of the window: after it the row limits
 * nothing, and the cron purges it (lib/jobs.ts).
 */
function hitStatement(d1: D1Database, key: string, windowMs: number, now = Date.now()) {
  const window = Math.floor(now / windowMs)
  return d1
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?1, ?2, 1, ?3)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limits.window_start = ?2 THEN rate_limits.count + 1 ELSE 1 END,
         window_start = ?2,
         expires_at = ?3
       RETURNING count`,
    )
    .bind(key, window, (window + 1) * windowMs)
}

export interface ClientLimit {
  windowMs: number
  /** Per device: the app's X-Client-Id together with the address. */
  perClient: number
  /** Per address: visitors on the venue's Wi-Fi share one, so this is looser. */
  perAddress: number
  message: string
}

/**
 * Counts this request against the caller's device and address in one round trip, and refuses
 * it with 429 RATE_LIMITED once either budget for the window is spent.
 */
export async function limitClient(c: Context<AppEnv>, scope: string, limit: ClientLimit) {
  const d1 = c.get('d1')
  const ip = c.req.header('cf-connecting-ip') ?? 'local'
  const clientId = (c.req.header('x-client-id') ?? '').slice(0, 64)
  const [perClient, perAddress] = await d1.batch<{ count: number }>([
    hitStatement(d1, `${scope}:${ip}:${clientId}`, limit.windowMs),
    hitStatement(d1, `${scope}:${ip}`, limit.windowMs),
  ])
  if (perClient.results[0].count > limit.perClient || perAddress.results[0].count > limit.perAddress) {
    throw fail(429, 'RATE_LIMITED', limit.message)
  }
}
