import { SMS_CODE_MAX_ATTEMPTS, SMS_CODE_TTL_SECONDS, SMS_LIMITS, SMS_RESEND_SECONDS, SMS_VERIFY_LIMITS } from '@openday/shared'
import { sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { smsCodes } from '../db/schema'
import type { AppEnv } from '../env'
import { runBatch } from '../lib/sql-batch'
import { toBase64Url } from '../lib/encoding'
import { fail } from '../lib/errors'
import {
  allOf,
  countOf,
  fixedWindow,
  hit,
  limitKey,
  minutesUntil,
  refund,
  retryLater,
  secondsUntil,
  shanghaiDay,
  sourceOf,
  within,
} from './limits'

const col = (c: AnyColumn) => sql.identifier(c.name)

// One SMS code per phone at a time, in `sms_codes`:
// - `code_hash` holds a random seed, not the code. The code is HMAC(SESSION_SECRET, phone, seed)
//   cut to 6 digits, so it can be sent again (a resend while the code lives sends the same code:
//   an attacker's resend cannot replace the code the owner of the phone just received) but
//   cannot be read from the database without the server secret.
// - A code lives SMS_CODE_TTL_SECONDS from its first send (resends do not extend it) and allows
//   SMS_CODE_MAX_ATTEMPTS tries.
// - Nothing that limits guessing lives in this row: the per-phone, per-device and per-address
//   failure windows are `rate_limits` counters, so neither a new send nor the purge of expired
//   codes resets them.

const encoder = new TextEncoder()

export async function deriveSmsCode(secret: string, phone: string, seed: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`sms-code:${phone}:${seed}`)))
  // 48 bits mod 10^6: the bias (2^48 mod 10^6 out of 2^48) is below one in 10^8.
  let n = 0
  for (let i = 0; i < 6; i++) n = n * 256 + mac[i]
  return String(n % 1_000_000).padStart(6, '0')
}

const newSeed = () => toBase64Url(crypto.getRandomValues(new Uint8Array(16)))

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

async function sendCounters(c: Context<AppEnv>, phone: string, now: number) {
  const secret = c.env.SESSION_SECRET
  const { address, device } = sourceOf(c)
  const L = SMS_LIMITS
  return {
    source: [
      shanghaiDay(await limitKey(secret, 'sms-send-device-day', device), L.perDevicePerDay, now),
      shanghaiDay(await limitKey(secret, 'sms-send-address-day', address), L.perAddressPerDay, now),
      fixedWindow(await limitKey(secret, 'sms-send-device', device), L.burstWindowMs, L.perDevicePerBurst, now),
      fixedWindow(await limitKey(secret, 'sms-send-address', address), L.burstWindowMs, L.perAddressPerBurst, now),
    ],
    phone: shanghaiDay(await limitKey(secret, 'sms-send-phone-day', phone), L.perPhonePerDay, now),
  }
}

export interface IssuedCode {
  code: string
  expiresAt: string
  /** Undo the counting of this send when the provider did not deliver it. */
  undo: () => Promise<void>
}

type Rows = Record<string, unknown>[]

/**
 * Counts a send against every limit and stores (or reuses) the phone's code, in one batch.
 * Throws 429 when a limit says no; nothing is stored then.
 */
export async function issueSmsCode(c: Context<AppEnv>, phone: string): Promise<IssuedCode> {
  const d1 = c.get('d1')
  const nowMs = Date.now()
  const now = new Date(nowMs).toISOString()
  const resendCutoff = new Date(nowMs - SMS_RESEND_SECONDS * 1000).toISOString()
  const counters = await sendCounters(c, phone, nowMs)
  const sourceOk = counters.source.map(within)
  const notTooSoon = sql`NOT EXISTS (SELECT 1 FROM ${smsCodes} WHERE ${smsCodes.phone} = ${phone} AND ${smsCodes.sentAt} > ${resendCutoff})`
  const live = sql`${smsCodes.expiresAt} > ${now} AND ${smsCodes.attempts} < ${SMS_CODE_MAX_ATTEMPTS}`
  const expiresAt = new Date(nowMs + SMS_CODE_TTL_SECONDS * 1000).toISOString()

  const results = await runBatch<Rows[]>(d1, [
    ...counters.source.map((w) => hit(w)),
    // Counts an SMS to this phone only when the source may send and the last one is a minute old.
    hit(counters.phone, [...sourceOk, notTooSoon]),
    // A live code (not expired, tries left) is kept and sent again; otherwise a new one.
    sql`INSERT INTO ${smsCodes} (${col(smsCodes.phone)}, ${col(smsCodes.codeHash)}, ${col(smsCodes.expiresAt)}, ${col(smsCodes.attempts)}, ${col(smsCodes.sentAt)})
      SELECT ${phone}, ${newSeed()}, ${expiresAt}, 0, ${now} WHERE ${allOf([...sourceOk, notTooSoon, within(counters.phone)])}
      ON CONFLICT (${col(smsCodes.phone)}) DO UPDATE SET
        ${col(smsCodes.codeHash)} = CASE WHEN ${live} THEN ${smsCodes.codeHash} ELSE excluded.${col(smsCodes.codeHash)} END,
        ${col(smsCodes.expiresAt)} = CASE WHEN ${live} THEN ${smsCodes.expiresAt} ELSE excluded.${col(smsCodes.expiresAt)} END,
        ${col(smsCodes.attempts)} = CASE WHEN ${live} THEN ${smsCodes.attempts} ELSE 0 END,
        ${col(smsCodes.sentAt)} = excluded.${col(smsCodes.sentAt)}
      RETURNING ${col(smsCodes.codeHash)} AS seed, ${col(smsCodes.expiresAt)} AS expiresAt`,
    sql`SELECT ${smsCodes.sentAt} AS sentAt FROM ${smsCodes} WHERE ${smsCodes.phone} = ${phone}`,
  ])
  const n = counters.source.length
  const stored = results[n + 1][0] as { seed: string; expiresAt: string } | undefined
  if (!stored) {
    const over = counters.source.find((w, i) => countOf(results[i]) > w.max)
    if (over) throw retryLater(c, 429, 'RATE_LIMITED', secondsUntil(over.endsAt, nowMs), '获取验证码过于频繁，请稍后再试')
    const last = results[n + 2][0] as { sentAt: string } | undefined
    if (last && last.sentAt > resendCutoff) {
      throw retryLater(c, 429, 'SMS_TOO_FREQUENT', secondsUntil(Date.parse(last.sentAt) + SMS_RESEND_SECONDS * 1000, nowMs))
    }
    throw retryLater(c, 429, 'SMS_DAILY_LIMIT', secondsUntil(counters.phone.endsAt, nowMs))
  }
  return {
    code: await deriveSmsCode(c.env.SESSION_SECRET, phone, stored.seed),
    expiresAt: stored.expiresAt,
    undo: async () => {
      // The SMS did not go out: it does not count, and the person may ask again at once.
      await runBatch(d1, [
        refund(counters.phone),
        sql`UPDATE ${smsCodes} SET ${col(smsCodes.sentAt)} = ${new Date(0).toISOString()}
          WHERE ${smsCodes.phone} = ${phone} AND ${smsCodes.sentAt} = ${now}`,
      ])
    },
  }
}

async function verifyCounters(c: Context<AppEnv>, phone: string, now: number) {
  const secret = c.env.SESSION_SECRET
  const { address, device } = sourceOf(c)
  const L = SMS_VERIFY_LIMITS
  return {
    source: [
      fixedWindow(await limitKey(secret, 'sms-verify-device', device), L.windowMs, L.failuresPerDevice, now),
      fixedWindow(await limitKey(secret, 'sms-verify-address', address), L.windowMs, L.failuresPerAddress, now),
    ],
    phone: fixedWindow(await limitKey(secret, 'sms-verify-phone', phone), L.windowMs, L.failuresPerPhone, now),
  }
}

/** For a right code: what the caller adds to its own batch (use up the code, take back the failure count). */
export interface SmsCodeUse {
  statements: SQL[]
}

/**
 * Checks a code against every limit in one batch and returns, for a right code, the
 * statements the caller must add to its own batch. A wrong code throws 400/429 with what to do
 * next; its failure stays counted.
 */
export async function checkSmsCode(c: Context<AppEnv>, phone: string, code: string): Promise<SmsCodeUse> {
  const d1 = c.get('d1')
  const nowMs = Date.now()
  const now = new Date(nowMs).toISOString()
  const counters = await verifyCounters(c, phone, nowMs)
  const sourceOk = counters.source.map(within)

  const [device, address, phoneCount, tried, current] = await runBatch<Rows[]>(d1, [
    hit(counters.source[0]),
    hit(counters.source[1]),
    hit(counters.phone, sourceOk),
    // One try of this code, only while every window has room: parallel guesses queue up here.
    sql`UPDATE ${smsCodes} SET ${col(smsCodes.attempts)} = ${smsCodes.attempts} + 1
      WHERE ${smsCodes.phone} = ${phone} AND ${smsCodes.expiresAt} > ${now} AND ${smsCodes.attempts} < ${SMS_CODE_MAX_ATTEMPTS}
        AND ${allOf([...sourceOk, within(counters.phone)])}
      RETURNING ${col(smsCodes.codeHash)} AS seed, ${col(smsCodes.attempts)} AS attempts`,
    sql`SELECT ${smsCodes.attempts} AS attempts, ${smsCodes.expiresAt} AS expiresAt FROM ${smsCodes} WHERE ${smsCodes.phone} = ${phone}`,
  ])
  const mine = tried[0] as { seed: string; attempts: number } | undefined
  if (!mine) {
    const over = counters.source.find((w, i) => countOf([device, address][i]) > w.max)
    if (over) throw retryLater(c, 429, 'RATE_LIMITED', secondsUntil(over.endsAt, nowMs), '验证过于频繁，请稍后再试')
    if (countOf(phoneCount) > counters.phone.max) {
      const minutes = minutesUntil(counters.phone.endsAt, nowMs)
      throw retryLater(
        c,
        429,
        'SMS_VERIFY_PAUSED',
        secondsUntil(counters.phone.endsAt, nowMs),
        `该手机号验证码错误次数过多，为保护账号安全，请${minutes}分钟后再试`,
      )
    }
    const row = current[0] as { attempts: number; expiresAt: string } | undefined
    if (row && row.expiresAt > now && row.attempts >= SMS_CODE_MAX_ATTEMPTS) throw fail(429, 'SMS_TOO_MANY_ATTEMPTS')
    throw fail(400, 'SMS_CODE_EXPIRED', undefined, { field: 'code' })
  }
  const expected = await deriveSmsCode(c.env.SESSION_SECRET, phone, mine.seed)
  if (!constantTimeEqual(expected, code)) {
    const left = SMS_CODE_MAX_ATTEMPTS - mine.attempts
    if (left <= 0) throw fail(429, 'SMS_TOO_MANY_ATTEMPTS')
    throw fail(400, 'SMS_CODE_INVALID', `验证码错误，还可以再试${left}次`, { field: 'code' })
  }
  return {
    statements: [
      sql`DELETE FROM ${smsCodes} WHERE ${smsCodes.phone} = ${phone}`,
      refund(counters.phone),
      ...counters.source.map(refund),
    ],
  }
}
