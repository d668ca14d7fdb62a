import { env } from 'cloudflare:test'
import { SMS_LIMITS } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { limitKey } from '../src/auth/limits'
import { advance, setNow } from './support/clock'
import { inbox, lastCode, phoneSeries, sendCode, verifyCode, wrongCode } from './support/sms'

// Limits that stop guessing without handing an attacker a lock-out (docs/api.md, "Limits").
// Every device below is its own X-Client-Id at its own address unless a test says otherwise, so
// what is tested is the limit named, not another one.

const nextPhone = phoneSeries('1500001')
let deviceCounter = 0
/** A fresh device at a fresh address (an attacker can have many). */
const anyDevice = () => {
  deviceCounter += 1
  return { 'x-client-id': `dev-${deviceCounter}`, 'cf-connecting-ip': `10.${deviceCounter >> 16}.${(deviceCounter >> 8) & 255}.${deviceCounter & 255}` }
}

async function counterValue(scope: string, value: string): Promise<number> {
  const key = await limitKey(env.SESSION_SECRET, scope, value)
  const row = await env.DB.prepare('SELECT count FROM rate_limits WHERE key = ?1').bind(key).first<{ count: number }>()
  return row?.count ?? 0
}
const attempts = async (phone: string) =>
  (await env.DB.prepare('SELECT attempts FROM sms_codes WHERE phone = ?1').bind(phone).first<{ attempts: number }>())?.attempts ?? null

describe('sending codes', () => {
  it('sends at most 10 SMS to one phone per Shanghai day, whoever asks', async () => {
    const phone = nextPhone()
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      statuses.push((await sendCode(phone, anyDevice())).status)
      advance(61_000)
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429])
    expect(await inbox(phone)).toHaveLength(10)
    setNow('2026-03-10T23:59:59+08:00')
    const refused = await sendCode(phone, anyDevice())
    expect(refused.json.error).toStrictEqual({ code: 'SMS_DAILY_LIMIT', message: '该手机号今日获取验证码的次数已达上限，请明天再试', retryAfter: 1 })
    expect(refused.headers.get('retry-after')).toBe('1')
    setNow('2026-03-11T00:00:00+08:00')
    expect((await sendCode(phone, anyDevice())).status).toBe(200)
    expect(await inbox(phone)).toHaveLength(11)
  })

  it('lets one device ask for at most 10 codes a day, and its neighbour on the same Wi-Fi is not blocked', async () => {
    const one = { 'x-client-id': 'one-device', 'cf-connecting-ip': '192.0.2.10' }
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      statuses.push((await sendCode(nextPhone(), one)).status)
      advance(SMS_LIMITS.burstWindowMs) // stay under the 10-minute burst limit
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429])
    const neighbour = await sendCode(nextPhone(), { ...one, 'x-client-id': 'neighbour' })
    expect(neighbour.status).toBe(200)
  })

  it('lets one address ask for at most 200 codes a day', { timeout: 30_000 }, async () => {
    const address = '192.0.2.77'
    let ok = 0
    for (let i = 0; i < 200; i++) {
      if (i > 0 && i % SMS_LIMITS.perAddressPerBurst === 0) advance(SMS_LIMITS.burstWindowMs)
      if ((await sendCode(nextPhone(), { 'x-client-id': `visitor-${i}`, 'cf-connecting-ip': address })).status === 200) ok++
    }
    expect(ok).toBe(200)
    advance(SMS_LIMITS.burstWindowMs)
    const over = await sendCode(nextPhone(), { 'x-client-id': 'visitor-201', 'cf-connecting-ip': address })
    expect(over.status).toBe(429)
    expect(over.json.error.code).toBe('RATE_LIMITED')
    expect(await counterValue('sms-send-address-day', address)).toBe(201)
    expect((await sendCode(nextPhone(), { 'x-client-id': 'elsewhere', 'cf-connecting-ip': '192.0.2.78' })).status).toBe(200)
  })

  it("an attacker's resend sends the owner's code again instead of replacing it, and does not extend its life", async () => {
    const phone = nextPhone()
    expect((await sendCode(phone)).status).toBe(200)
    const code = await lastCode(phone)
    const seed = await env.DB.prepare('SELECT code_hash FROM sms_codes WHERE phone = ?1').bind(phone).first()
    advance(61_000)
    expect((await sendCode(phone, anyDevice())).status).toBe(200)
    expect((await inbox(phone)).map((m) => m.params[0])).toEqual([code, code])
    expect(await env.DB.prepare('SELECT code_hash FROM sms_codes WHERE phone = ?1').bind(phone).first()).toEqual(seed)
    // Still the first code's 5 minutes: refused 1 s after them.
    advance(300_000 - 61_000 + 1_000)
    expect((await verifyCode(phone, code)).json.error.code).toBe('SMS_CODE_EXPIRED')
  })

  it('a code whose tries are used up, or that has expired, is replaced by a new one on the next send', async () => {
    const phone = nextPhone()
    await sendCode(phone)
    const first = await lastCode(phone)
    for (let i = 1; i <= 5; i++) await verifyCode(phone, wrongCode(first, i), anyDevice())
    const dead = await env.DB.prepare('SELECT code_hash FROM sms_codes WHERE phone = ?1').bind(phone).first<{ code_hash: string }>()
    advance(61_000)
    await sendCode(phone)
    const fresh = await env.DB.prepare('SELECT code_hash, attempts FROM sms_codes WHERE phone = ?1').bind(phone).first<{ code_hash: string; attempts: number }>()
    expect(fresh!.code_hash).not.toBe(dead!.code_hash)
    expect(fresh!.attempts).toBe(0)
    expect((await verifyCode(phone, await lastCode(phone))).status).toBe(200)
  })

  it('20 simultaneous sends for one phone send one SMS and count one', async () => {
    const phone = nextPhone()
    const results = await Promise.all(Array.from({ length: 20 }, () => sendCode(phone, anyDevice())))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.json.error?.code === 'SMS_TOO_FREQUENT')).toHaveLength(19)
    expect(await inbox(phone)).toHaveLength(1)
    expect(await counterValue('sms-send-phone-day', phone)).toBe(1)
  })
})

describe('checking codes', () => {
  it('pauses a phone after 10 wrong codes in 15 minutes, across codes: a new send does not reset it', async () => {
    const phone = nextPhone()
    for (const _ of [1, 2]) {
      await sendCode(phone, anyDevice())
      const code = await lastCode(phone)
      for (let i = 1; i <= 5; i++) expect((await verifyCode(phone, wrongCode(code, i), anyDevice())).status).not.toBe(200)
      advance(61_000)
    }
    expect(await counterValue('sms-verify-phone', phone)).toBe(10)
    await sendCode(phone)
    const res = await verifyCode(phone, await lastCode(phone))
    expect(res.status).toBe(429)
    expect(res.json.error).toStrictEqual({
      code: 'SMS_VERIFY_PAUSED',
      message: '该手机号验证码错误次数过多，为保护账号安全，请13分钟后再试',
      retryAfter: 15 * 60 - 122,
    })
    expect(res.headers.get('retry-after')).toBe(String(15 * 60 - 122))
    // The right code was not even tried.
    expect(await attempts(phone)).toBe(0)
  })

  it('the pause lasts exactly until the 15-minute window ends, then the owner logs in', async () => {
    const phone = nextPhone()
    // 10:00:00 in Shanghai starts a window; 10 wrong codes right away.
    for (const _ of [1, 2]) {
      await sendCode(phone, anyDevice())
      const code = await lastCode(phone)
      for (let i = 1; i <= 5; i++) await verifyCode(phone, wrongCode(code, i), anyDevice())
      advance(61_000)
    }
    setNow('2026-03-10T10:14:00+08:00')
    await sendCode(phone)
    const code = await lastCode(phone)
    setNow('2026-03-10T10:14:59.999+08:00')
    expect((await verifyCode(phone, code)).json.error.code).toBe('SMS_VERIFY_PAUSED')
    setNow('2026-03-10T10:15:00+08:00')
    const ok = await verifyCode(phone, code)
    expect(ok.status).toBe(200)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM participants WHERE phone = ?1').bind(phone).first()).toEqual({ n: 1 })
  })

  it('simultaneous guesses never get past the window: 30 at once with 2 tries left evaluate 2', { timeout: 30_000 }, async () => {
    const phone = nextPhone()
    await sendCode(phone, anyDevice())
    const a = await lastCode(phone)
    for (let i = 1; i <= 5; i++) await verifyCode(phone, wrongCode(a, i), anyDevice())
    advance(61_000)
    await sendCode(phone, anyDevice())
    const b = await lastCode(phone)
    for (let i = 1; i <= 3; i++) await verifyCode(phone, wrongCode(b, i), anyDevice())
    advance(300_000) // b expires; c gets 5 tries but the window has only 2 left
    await sendCode(phone)
    const c = await lastCode(phone)
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => verifyCode(phone, wrongCode(c, i + 1), anyDevice())))
    expect(results.filter((r) => r.json.error?.code === 'SMS_CODE_INVALID')).toHaveLength(2)
    expect(results.filter((r) => r.json.error?.code === 'SMS_VERIFY_PAUSED')).toHaveLength(28)
    expect(await attempts(phone)).toBe(2)
    // Nothing cleared the pause: the right code is refused too.
    expect((await verifyCode(phone, c)).json.error.code).toBe('SMS_VERIFY_PAUSED')
    expect(await attempts(phone)).toBe(2)
  })

  it('one device gets 10 wrong codes per 15 minutes across phones, even all at once; the owners are not blocked', { timeout: 30_000 }, async () => {
    const phones = Array.from({ length: 16 }, () => nextPhone())
    for (const phone of phones) await sendCode(phone, anyDevice())
    const attacker = { 'x-client-id': 'attacker', 'cf-connecting-ip': '203.0.113.66' }
    const codes = await Promise.all(phones.map(lastCode))
    const results = await Promise.all(phones.map((phone, i) => verifyCode(phone, wrongCode(codes[i]), attacker)))
    expect(results.filter((r) => r.json.error?.code === 'SMS_CODE_INVALID')).toHaveLength(10)
    expect(results.filter((r) => r.json.error?.code === 'RATE_LIMITED')).toHaveLength(6)
    const tried = await Promise.all(phones.map(attempts))
    expect(tried.reduce((sum, n) => sum! + n!, 0)).toBe(10)
    // Each owner, on their own device, still logs in.
    for (const [i, phone] of phones.entries()) expect((await verifyCode(phone, codes[i], anyDevice())).status).toBe(200)
  })

  it('an attacker with any number of devices evaluates at most 50 guesses per phone per day', { timeout: 30_000 }, async () => {
    const phone = nextPhone()
    let evaluated = 0
    let refusedSends = 0
    // The best an attacker can do, from a new device and address for every request: in each
    // 15-minute window, a code, 5 wrong guesses, a minute's wait, another code, 5 more (a third
    // code would only waste a send: the window allows 10 wrong codes).
    for (let window = 0; refusedSends < 4; window++) {
      setNow(Date.parse('2026-03-10T00:00:00+08:00') + window * 15 * 60_000)
      for (let round = 0; round < 2; round++) {
        advance(61_000)
        if ((await sendCode(phone, anyDevice())).status !== 200) {
          refusedSends++
          continue
        }
        const code = await lastCode(phone)
        for (let i = 1; i <= 6; i++) {
          const r = await verifyCode(phone, wrongCode(code, i), anyDevice())
          // Tries 1–4 answer SMS_CODE_INVALID, the 5th (also checked) SMS_TOO_MANY_ATTEMPTS.
          if (r.json.error?.code === 'SMS_CODE_INVALID' || (r.json.error?.code === 'SMS_TOO_MANY_ATTEMPTS' && i === 5)) evaluated++
          if (r.status === 429) break
        }
      }
    }
    expect(evaluated).toBe(50)
    expect(await inbox(phone)).toHaveLength(10)
    expect(await counterValue('sms-verify-phone', phone)).toBeGreaterThanOrEqual(10)
  })
})
