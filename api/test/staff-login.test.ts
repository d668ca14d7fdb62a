import { env } from 'cloudflare:test'
import { STAFF_LOGIN_DELAYS_MIN } from '@openday/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { limitKey } from '../src/auth/limits'
import { advance, setNow } from './support/clock'
import { api, createAgency, createStaff } from './support/fixtures'

// Staff login: growing waits per username + device instead of a lock anyone could trigger.

afterEach(() => vi.restoreAllMocks())

const device = (name: string, address = '198.51.100.20') => ({ 'x-client-id': name, 'cf-connecting-ip': address })
const login = (username: string, password: string, headers: Record<string, string>) =>
  api('/auth/staff/login', { body: { username, password }, headers })

async function throttleRow(username: string, headers: { 'x-client-id': string; 'cf-connecting-ip': string }) {
  const key = await limitKey(env.SESSION_SECRET, 'staff-login', `${username}\n${headers['cf-connecting-ip']}|${headers['x-client-id']}`)
  return env.DB.prepare('SELECT failures, next_allowed_at AS nextAllowedAt FROM login_throttles WHERE key = ?1').bind(key).first<{
    failures: number
    nextAllowedAt: number
  }>()
}

describe('staff login throttle', () => {
  it('makes one device wait exactly 1, 2, 4, 8, 16, 32, then 60 minutes after the 5th, 6th, … wrong password', { timeout: 30_000 }, async () => {
    const staff = await createStaff((await createAgency()).id)
    const d = device('guesser')
    const seen: number[] = []
    for (let failure = 1; failure <= 12; failure++) {
      const res = await login(staff.username, 'wrong-password', d)
      expect(res.status).toBe(401)
      const wait = Number(res.headers.get('retry-after') ?? 0)
      seen.push(wait / 60)
      const row = await throttleRow(staff.username, d)
      expect(row).toStrictEqual({ failures: failure, nextAllowedAt: Date.now() + wait * 1000 })
      if (wait > 0) {
        expect(res.json.error.message).toBe(`用户名或密码错误。为保护账号安全，请${wait / 60}分钟后再试`)
        advance(wait * 1000 - 1)
        const early = await login(staff.username, staff.password, d)
        expect(early.status).toBe(429)
        expect(early.json.error).toStrictEqual({ code: 'LOGIN_THROTTLED', message: '登录失败次数过多，请1分钟后再试', retryAfter: 1 })
        expect(early.headers.get('retry-after')).toBe('1')
        advance(1)
      }
    }
    expect(seen).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60])
    expect(seen.slice(0, 11)).toEqual([...STAFF_LOGIN_DELAYS_MIN])
    // Once the wait is over the right password works and the count starts again.
    expect((await login(staff.username, staff.password, d)).status).toBe(200)
    expect(await throttleRow(staff.username, d)).toBeNull()
  })

  it('never locks the owner out: while an attacker waits, the owner logs in from their own device', async () => {
    const staff = await createStaff((await createAgency()).id)
    const attacker = device('attacker', '203.0.113.9')
    for (let i = 0; i < 8; i++) await login(staff.username, `guess-${i}`, attacker)
    expect((await login(staff.username, staff.password, attacker)).status).toBe(429)
    // The lock-out measured before: re-trying right after every expiry. Here: the owner, at once.
    const owner = await login(staff.username, staff.password, device('owners-phone', '198.51.100.21'))
    expect(owner.status).toBe(200)
    expect(owner.json.staff.id).toBe(staff.id)
  })

  it('answers unknown usernames exactly like real ones, with the same throttle and the same work', async () => {
    const staff = await createStaff((await createAgency()).id)
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    const answers = async (username: string, d: ReturnType<typeof device>) => {
      const out = []
      for (let i = 0; i < 6; i++) {
        const before = derive.mock.calls.length
        const r = await login(username, 'wrong-password', d)
        out.push({ status: r.status, body: r.json, retryAfter: r.headers.get('retry-after'), roundTrips: r.roundTrips, pbkdf2: derive.mock.calls.length - before })
      }
      return out
    }
    const real = await answers(staff.username, device('a'))
    const unknown = await answers('no-such-user', device('b'))
    expect(unknown).toStrictEqual(real)
    expect(real.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429])
    expect(real.slice(0, 5).map((r) => [r.roundTrips, r.pbkdf2])).toEqual(Array(5).fill([1, 1]))
  })

  it('20 simultaneous wrong passwords from one device check 5; simultaneous right ones then do not clear the wait', async () => {
    const staff = await createStaff((await createAgency()).id)
    const d = device('burst')
    const wrong = await Promise.all(Array.from({ length: 20 }, (_, i) => login(staff.username, `wrong-${i}`, d)))
    expect(wrong.filter((r) => r.status === 401)).toHaveLength(5)
    expect(wrong.filter((r) => r.json.error?.code === 'LOGIN_THROTTLED')).toHaveLength(15)
    expect(await throttleRow(staff.username, d)).toStrictEqual({ failures: 5, nextAllowedAt: Date.now() + 60_000 })
    const right = await Promise.all(Array.from({ length: 10 }, () => login(staff.username, staff.password, d)))
    expect(right.map((r) => r.status)).toEqual(Array(10).fill(429))
    expect(await throttleRow(staff.username, d)).toStrictEqual({ failures: 5, nextAllowedAt: Date.now() + 60_000 })
  })

  it('caps wrong passwords from one address at 30 an hour whatever the usernames (spraying)', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const address = '203.0.113.50'
    const statuses = []
    for (let i = 0; i < 30; i++) statuses.push((await login(`user-${i}`, 'Passw0rd!', device(`sprayer-${i}`, address))).status)
    expect(statuses).toEqual(Array(30).fill(401))
    // 10:00 in Shanghai: the hour window ends at 11:00.
    const over = await login(staff.username, staff.password, device('sprayer-31', address))
    expect(over.status).toBe(429)
    expect(over.json.error).toStrictEqual({ code: 'RATE_LIMITED', message: '登录尝试过于频繁，请稍后再试', retryAfter: 3600 })
    expect((await login(staff.username, staff.password, device('elsewhere', '203.0.113.51'))).status).toBe(200)
    setNow('2026-03-10T11:00:00+08:00')
    expect((await login(staff.username, staff.password, device('sprayer-32', address))).status).toBe(200)
  })

  it('a right password does not count against the address', async () => {
    const staff = await createStaff((await createAgency()).id)
    const address = '203.0.113.60'
    for (let i = 0; i < 40; i++) expect((await login(staff.username, staff.password, device(`desk-${i}`, address))).status).toBe(200)
  })

  it('forgets failures 24 hours after the last one, not a millisecond sooner', async () => {
    const staff = await createStaff((await createAgency()).id)
    const [early, late] = [device('early'), device('late')]
    for (let i = 0; i < 4; i++) {
      await login(staff.username, 'wrong-password', early)
      await login(staff.username, 'wrong-password', late)
    }
    advance(24 * 3600_000 - 1)
    expect((await login(staff.username, 'wrong-password', early)).headers.get('retry-after')).toBe('60')
    advance(1)
    const res = await login(staff.username, 'wrong-password', late)
    expect(res.headers.get('retry-after')).toBeNull()
    expect(await throttleRow(staff.username, late)).toStrictEqual({ failures: 1, nextAllowedAt: Date.now() })
  })

  it('answers a disabled account like a wrong password', async () => {
    const staff = await createStaff((await createAgency()).id)
    await env.DB.prepare('UPDATE staff_users SET active = 0 WHERE id = ?1').bind(staff.id).run()
    const disabled = await login(staff.username, staff.password, device('x'))
    const unknown = await login('nobody-at-all', staff.password, device('y'))
    expect(disabled.status).toBe(401)
    expect(disabled.json).toStrictEqual(unknown.json)
  })
})
