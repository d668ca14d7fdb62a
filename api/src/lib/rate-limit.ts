/**
 * Fixed-window counter in D1, one statement per key: returns the count in the current window
 * after this hit. Callers batch several keys into one round trip.
 */
export function hitStatement(d1: D1Database, key: string, windowMs: number, now = Date.now()) {
  const window = Math.floor(now / windowMs)
  return d1
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limits.window_start = ?2 THEN rate_limits.count + 1 ELSE 1 END,
         window_start = ?2
       RETURNING count`,
    )
    .bind(key, window)
}

/** The caller's address as Cloudflare reports it; absent locally. */
export function clientIp(header: (name: string) => string | undefined): string {
  return header('cf-connecting-ip') ?? header('x-real-ip') ?? 'local'
}
