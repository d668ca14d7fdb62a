import { STAFF_LOGIN_DELAYS_MIN, STAFF_LOGIN_FAILURES_FORGOTTEN_MS, STAFF_LOGIN_FAILURES_PER_ADDRESS } from '@openday/shared'
import { sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { loginThrottles } from '../db/schema'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { runBatch } from '../lib/sql-batch'
import { countOf, fixedWindow, hit, limitKey, minutesUntil, refund, retryLater, secondsUntil, sourceOf, within } from './limits'

// Staff passwords: no lock that anyone could set off. Wrong passwords are counted per
// username + device (`login_throttles`) and earn a growing wait (STAFF_LOGIN_DELAYS_MIN) that
// only that device sees; the real user on their own device is not slowed down by someone else's
// guesses. Per address, wrong passwords for any username are capped per hour (spraying).
// Unknown usernames are throttled the same way, so the answers reveal nothing.
//
// Each attempt is reserved before the password is checked: the reservation counts it as a
// failure and sets the wait in one statement that only runs once the previous wait is over, so
// parallel guesses queue behind each other and never get more tries than the table allows. A
// right password then deletes the row and takes back the address count.

const MINUTE_MS = 60_000
const col = (c: AnyColumn) => sql.identifier(c.name)

/** SQL for the wait (ms) after `failures` failures, from the shared table. */
function delaySql(failures: SQL): SQL {
  const table = STAFF_LOGIN_DELAYS_MIN
  const cases = table.map((m, i) => sql`WHEN ${failures} = ${i + 1} THEN ${m * MINUTE_MS}`)
  return sql`(CASE ${sql.join(cases, sql` `)} ELSE ${table[table.length - 1] * MINUTE_MS} END)`
}

export interface LoginAttempt {
  /** The right-password statements, for the caller's batch. */
  succeeded: () => SQL[]
  /** The answer to a wrong password (it mentions the wait once one has started). */
  failure: () => Error
  /** Epoch ms before which the next attempt will be refused, if this one started a wait. */
  waitUntil: () => number | null
}

/**
 * Reserves one attempt for `username` from this device and address, in one batch with `lookup`
 * (whose rows are returned as `found`). Throws 429 when this device or address must wait.
 */
export async function reserveLoginAttempt(
  c: Context<AppEnv>,
  username: string,
  lookup: SQL,
): Promise<{ attempt: LoginAttempt; found: unknown[] }> {
  const d1 = c.get('d1')
  const nowMs = Date.now()
  const { address, device } = sourceOf(c)
  const secret = c.env.SESSION_SECRET
  const perAddress = fixedWindow(
    await limitKey(secret, 'staff-login-address', address),
    STAFF_LOGIN_FAILURES_PER_ADDRESS.windowMs,
    STAFF_LOGIN_FAILURES_PER_ADDRESS.max,
    nowMs,
  )
  const key = await limitKey(secret, 'staff-login', `${username}\n${device}`)
  const staleBefore = nowMs - STAFF_LOGIN_FAILURES_FORGOTTEN_MS
  // Failures after this one; a row untouched for 24 h starts again from nothing.
  const failures = sql`((CASE WHEN ${loginThrottles.updatedAt} <= ${staleBefore} THEN 0 ELSE ${loginThrottles.failures} END) + 1)`

  // Attempts this device must wait out are not counted against the address (nothing between
  // these two statements changes login_throttles, so both see the same answer).
  const deviceMayTry = sql`coalesce((SELECT ${loginThrottles.nextAllowedAt} FROM ${loginThrottles} WHERE ${loginThrottles.key} = ${key}), 0) <= ${nowMs}`

  const [addressCount, reserved, current, found] = await runBatch(d1, [
    hit(perAddress, [deviceMayTry]),
    sql`INSERT INTO ${loginThrottles} (${col(loginThrottles.key)}, ${col(loginThrottles.failures)}, ${col(loginThrottles.nextAllowedAt)}, ${col(loginThrottles.updatedAt)})
      SELECT ${key}, 1, ${nowMs} + ${delaySql(sql`1`)}, ${nowMs} WHERE ${within(perAddress)}
      ON CONFLICT (${col(loginThrottles.key)}) DO UPDATE SET
        ${col(loginThrottles.failures)} = ${failures},
        ${col(loginThrottles.nextAllowedAt)} = ${nowMs} + ${delaySql(failures)},
        ${col(loginThrottles.updatedAt)} = ${nowMs}
      WHERE ${loginThrottles.nextAllowedAt} <= ${nowMs}
      RETURNING ${col(loginThrottles.failures)} AS failures, ${col(loginThrottles.nextAllowedAt)} AS nextAllowedAt`,
    sql`SELECT ${loginThrottles.nextAllowedAt} AS nextAllowedAt FROM ${loginThrottles} WHERE ${loginThrottles.key} = ${key}`,
    lookup,
  ])
  const mine = reserved[0] as { failures: number; nextAllowedAt: number } | undefined
  if (!mine) {
    if (countOf(addressCount) > perAddress.max) {
      throw retryLater(c, 429, 'RATE_LIMITED', secondsUntil(perAddress.endsAt, nowMs), '登录尝试过于频繁，请稍后再试')
    }
    const waitUntil = (current[0]?.nextAllowedAt as number | undefined) ?? nowMs
    const minutes = minutesUntil(waitUntil, nowMs)
    throw retryLater(c, 429, 'LOGIN_THROTTLED', secondsUntil(waitUntil, nowMs), `登录失败次数过多，请${minutes}分钟后再试`)
  }
  return {
    found,
    attempt: {
      succeeded: () => [sql`DELETE FROM ${loginThrottles} WHERE ${loginThrottles.key} = ${key}`, refund(perAddress)],
      waitUntil: () => (mine.nextAllowedAt > nowMs ? mine.nextAllowedAt : null),
      failure: () => {
        if (mine.nextAllowedAt > nowMs) {
          const minutes = minutesUntil(mine.nextAllowedAt, nowMs)
          c.header('Retry-After', String(secondsUntil(mine.nextAllowedAt, nowMs)))
          return fail(401, 'LOGIN_FAILED', `用户名或密码错误。为保护账号安全，请${minutes}分钟后再试`)
        }
        return fail(401, 'LOGIN_FAILED')
      },
    },
  }
}
