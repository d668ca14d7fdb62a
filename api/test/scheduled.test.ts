import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../src/index'
import { api, createAgency, createParticipant, createPublishedEvent, markPhoneVerified, signUp } from './support/fixtures'

const HOUR = 3600_000
const NOW = Date.parse('2026-03-10T02:00:00Z') // the frozen clock, 10:00 in Shanghai

async function runCron(at: number) {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ cron: '17 * * * *', scheduledTime: new Date(at) }), env, ctx)
  await waitOnExecutionContext(ctx)
}

const keys = async (sql: string) => (await env.DB.prepare(sql).all<{ k: string }>()).results.map((r) => r.k).sort()

describe('the Cron Trigger purges rows that only served limits', () => {
  it('deletes what has expired, keeps the rest, and deletes nothing more when run again', async () => {
    const iso = (ms: number) => new Date(ms).toISOString()
    // Rate-limit windows: ended, ending exactly now, still running.
    await env.DB.batch([
      env.DB.prepare('INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?1, 1, 3, ?2)').bind('rl:ended', NOW - 1),
      env.DB.prepare('INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?1, 1, 3, ?2)').bind('rl:ends-now', NOW),
      env.DB.prepare('INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?1, 1, 3, ?2)').bind('rl:running', NOW + 60_000),
      // SMS codes: expired two days ago, expired an hour ago (may still matter), still valid.
      env.DB.prepare("INSERT INTO sms_codes (phone, code_hash, expires_at, attempts, sent_at) VALUES ('13900000001', 'h', ?1, 5, ?1)").bind(iso(NOW - 48 * HOUR)),
      env.DB.prepare("INSERT INTO sms_codes (phone, code_hash, expires_at, attempts, sent_at) VALUES ('13900000002', 'h', ?1, 5, ?1)").bind(iso(NOW - HOUR)),
      env.DB.prepare("INSERT INTO sms_codes (phone, code_hash, expires_at, attempts, sent_at) VALUES ('13900000003', 'h', ?1, 0, ?1)").bind(iso(NOW + 300_000)),
      // Login throttles: untouched for 25 hours, touched 23 hours ago.
      env.DB.prepare('INSERT INTO login_throttles (key, failures, next_allowed_at, updated_at) VALUES (?1, 3, 0, ?2)').bind('lt:stale', NOW - 25 * HOUR),
      env.DB.prepare('INSERT INTO login_throttles (key, failures, next_allowed_at, updated_at) VALUES (?1, 3, 0, ?2)').bind('lt:recent', NOW - 23 * HOUR),
    ])
    // Idempotency keys of real sign-ups: one from two days ago, one from now.
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const p = await createParticipant()
    await markPhoneVerified(p.token, '13911112222', [p.token, '13911113333'])
    await api(`/events/${event.id}/registrations`, { body: { name: '王小明', phone: '13911112222', category: 'citizen', consent: true }, token: p.token, headers: { 'idempotency-key': 'old' } })
    await env.DB.prepare('UPDATE idempotency_keys SET created_at = ?1').bind(iso(NOW - 48 * HOUR)).run()
    await api(`/events/${event.id}/registrations`, { body: { name: '王小红', phone: '13911113333', category: 'citizen', consent: true }, token: p.token, headers: { 'idempotency-key': 'new' } })

    const before = await Promise.all([
      keys('SELECT key AS k FROM rate_limits'),
      keys('SELECT phone AS k FROM sms_codes'),
      keys('SELECT key AS k FROM idempotency_keys'),
      keys('SELECT key AS k FROM login_throttles'),
    ])
    await runCron(NOW)
    const expected = [
      ['rl:running'],
      ['13900000002', '13900000003'],
      [`${p.id}:new`],
      ['lt:recent'],
    ]
    const after = await Promise.all([
      keys('SELECT key AS k FROM rate_limits'),
      keys('SELECT phone AS k FROM sms_codes'),
      keys('SELECT key AS k FROM idempotency_keys'),
      keys('SELECT key AS k FROM login_throttles'),
    ])
    expect(before.map((b) => b.length)).toEqual([3, 3, 2, 2])
    expect(after).toEqual(expected)
    // Idempotent: a second run at the same time deletes nothing more.
    await runCron(NOW)
    expect(
      await Promise.all([
        keys('SELECT key AS k FROM rate_limits'),
        keys('SELECT phone AS k FROM sms_codes'),
        keys('SELECT key AS k FROM idempotency_keys'),
        keys('SELECT key AS k FROM login_throttles'),
      ]),
    ).toEqual(expected)
    // The registrations themselves are never touched.
    const regs = await env.DB.prepare('SELECT count(*) AS n FROM registrations WHERE event_id = ?1').bind(event.id).first()
    expect(regs).toEqual({ n: 2 })
  })

  it('rate limits write when their window ends, so a running window is kept', async () => {
    const event = await createPublishedEvent((await createAgency()).id)
    await api(`/events/${event.id}/suggestions`, { body: { content: '建议' }, headers: { 'cf-connecting-ip': '203.0.113.9', 'x-client-id': 'cron-device' } })
    const rows = await env.DB.prepare("SELECT key, window_start, expires_at FROM rate_limits WHERE key LIKE 'suggest:203.0.113.9%' ORDER BY key").all<{
      key: string
      window_start: number
      expires_at: number
    }>()
    const windowMs = 10 * 60_000
    const windowEnd = (Math.floor(NOW / windowMs) + 1) * windowMs
    expect(rows.results.map((r) => r.expires_at)).toEqual([windowEnd, windowEnd])
    await runCron(NOW)
    expect((await env.DB.prepare("SELECT count(*) AS n FROM rate_limits WHERE key LIKE 'suggest:203.0.113.9%'").first())).toEqual({ n: 2 })
    await runCron(windowEnd)
    expect((await env.DB.prepare("SELECT count(*) AS n FROM rate_limits WHERE key LIKE 'suggest:203.0.113.9%'").first())).toEqual({ n: 0 })
    // The limit keeps working on a fresh window.
    const again = await api(`/events/${event.id}/suggestions`, { body: { content: '建议' }, headers: { 'cf-connecting-ip': '203.0.113.9', 'x-client-id': 'cron-device' } })
    expect(again.status).toBe(201)
  })
})
