import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import worker from '../src/index'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { advance } from './support/clock'
import { FAKE_SESSION_KEY_PREFIX } from './support/fake-wechat'
import { api, createAgency, createStaff } from './support/fixtures'
import { inbox, lastCode, phoneSeries } from './support/sms'

const nextPhone = phoneSeries('1390001')
afterEach(() => vi.restoreAllMocks())

describe('WeChat login (jscode2session against a local fake of WeChat)', () => {
  it('exchanges a code for a session token and never returns the session_key', async () => {
    const res = await api('/auth/wechat', { body: { code: 'valid-alice' } })
    expect(res.status).toBe(200)
    expect(res.json.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(JSON.stringify(res.json)).not.toContain(FAKE_SESSION_KEY_PREFIX)
    const row = await env.DB.prepare('SELECT id FROM participants WHERE wechat_openid = ?').bind('openid-alice').first()
    expect(row).toEqual({ id: res.json.participant.id })
  })

  it('refuses a code used twice (errcode 40163) and keeps one participant per openid', async () => {
    const first = await api('/auth/wechat', { body: { code: 'valid-bob-1' } })
    const again = await api('/auth/wechat', { body: { code: 'valid-bob-1' } })
    expect(again.status).toBe(401) // a code can be used once (errcode 40163)
    const users = await env.DB.prepare("SELECT count(*) AS n FROM participants WHERE wechat_openid = 'openid-bob-1'").first()
    expect(users).toEqual({ n: 1 })
    expect(first.status).toBe(200)
  })

  it('answers an invalid code (errcode 40029) with 401 WECHAT_LOGIN_FAILED', async () => {
    const res = await api('/auth/wechat', { body: { code: 'forged' } })
    expect(res.status).toBe(401)
    expect(res.json.error.code).toBe('WECHAT_LOGIN_FAILED')
  })

  it('answers WeChat being busy (errcode -1) with 503 WECHAT_UNAVAILABLE', async () => {
    const res = await api('/auth/wechat', { body: { code: 'busy' } })
    expect(res.status).toBe(503)
    expect(res.json.error.code).toBe('WECHAT_UNAVAILABLE')
  })

  it('rejects an empty code as VALIDATION_FAILED', async () => {
    const res = await api('/auth/wechat', { body: { code: '' } })
    expect(res.status).toBe(400)
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'code' })
  })
})

describe('SMS login', () => {
  it('sends a code through the provider, stores only a seed, and logs in with it', async () => {
    const phone = nextPhone()
    const sent = await api('/auth/sms/send', { body: { phone } })
    expect(sent.status).toBe(200)
    expect(sent.json).toStrictEqual({ sent: true, expiresIn: 300, resendIn: 60, devCode: expect.stringMatching(/^\d{6}$/) })
    // The phone got the same code by SMS (the fake Tencent Cloud checked the signature).
    expect(await inbox(phone)).toStrictEqual([{ templateId: '2000001', params: [sent.json.devCode, '5'], signName: '开放日' }])
    const stored = await env.DB.prepare('SELECT code_hash FROM sms_codes WHERE phone = ?').bind(phone).first<{ code_hash: string }>()
    expect(stored!.code_hash).not.toContain(sent.json.devCode)
    const verified = await api('/auth/sms/verify', { body: { phone, code: sent.json.devCode } })
    expect(verified.status).toBe(200)
    const row = await env.DB.prepare('SELECT id FROM participants WHERE phone = ?').bind(phone).first<{ id: string }>()
    expect(verified.json).toStrictEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      participant: { id: row!.id, phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}` },
    })
    // The code is single use.
    const reuse = await api('/auth/sms/verify', { body: { phone, code: sent.json.devCode } })
    expect(reuse.json.error.code).toBe('SMS_CODE_EXPIRED')
    expect(await env.DB.prepare('SELECT count(*) AS n FROM sms_codes WHERE phone = ?').bind(phone).first()).toEqual({ n: 0 })
  })

  it('outside dev mode, sends the code by SMS only: not in the answer, not in the log', async () => {
    const phone = nextPhone()
    const log = vi.spyOn(console, 'log')
    const res = await workerFetch('/auth/sms/send', { phone }, { DEV_MODE: 'false' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ sent: true, expiresIn: 300, resendIn: 60 })
    const code = await lastCode(phone)
    expect(log.mock.calls.flat().join(' ')).not.toContain(code)
    expect((await api('/auth/sms/verify', { body: { phone, code } })).status).toBe(200)
  })

  it('outside dev mode and without a provider, answers 503 SMS_UNAVAILABLE and stores nothing', async () => {
    const phone = nextPhone()
    const log = vi.spyOn(console, 'log')
    const res = await workerFetch('/auth/sms/send', { phone }, { DEV_MODE: 'false', TENCENT_SMS_SECRET_KEY: '' })
    expect(res.status).toBe(503)
    expect(res.body).toStrictEqual({
      error: { code: 'SMS_UNAVAILABLE', message: '短信验证码登录暂未开通，请在微信小程序内使用微信登录，或联系主办单位' },
    })
    expect(log).not.toHaveBeenCalled()
    expect(await env.DB.prepare('SELECT count(*) AS n FROM sms_codes WHERE phone = ?').bind(phone).first()).toEqual({ n: 0 })
  })

  it('in dev mode without a provider, writes the code to the log with the phone masked', async () => {
    const phone = nextPhone()
    const log = vi.spyOn(console, 'log')
    const res = await workerFetch('/auth/sms/send', { phone }, { DEV_MODE: 'true', TENCENT_SMS_SECRET_KEY: '' })
    expect(res.status).toBe(200)
    const code = (res.body as { devCode: string }).devCode
    expect(log).toHaveBeenCalledWith(`[sms] 验证码 ${code} → ${phone.slice(0, 3)}****${phone.slice(-4)}`)
    expect(await inbox(phone)).toStrictEqual([])
  })

  it('rejects an invalid phone number with a Chinese message naming the field', async () => {
    const res = await api('/auth/sms/send', { body: { phone: '12345' } })
    expect(res.status).toBe(400)
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phone', message: '请输入正确的11位手机号码' })
  })

  it('allows one send per phone per minute', async () => {
    const phone = nextPhone()
    expect((await api('/auth/sms/send', { body: { phone } })).status).toBe(200)
    const again = await api('/auth/sms/send', { body: { phone } })
    expect(again.status).toBe(429)
    expect(again.json.error.code).toBe('SMS_TOO_FREQUENT')
    expect(again.headers.get('retry-after')).toBe('60')
    advance(59_000)
    expect((await api('/auth/sms/send', { body: { phone } })).status).toBe(429)
    advance(1_000)
    expect((await api('/auth/sms/send', { body: { phone } })).status).toBe(200)
  })

  it('lets one device request codes for at most 5 phones per 10 minutes', async () => {
    const device = { 'cf-connecting-ip': '203.0.113.7', 'x-client-id': 'one-phone-many-numbers' }
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await api('/auth/sms/send', { body: { phone: nextPhone() }, headers: device })).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    const limited = await api('/auth/sms/send', { body: { phone: nextPhone() }, headers: device })
    expect(limited.json.error).toMatchObject({ code: 'RATE_LIMITED', message: '获取验证码过于频繁，请稍后再试' })
    // Another visitor behind the same address is not blocked.
    const neighbour = await api('/auth/sms/send', { body: { phone: nextPhone() }, headers: { ...device, 'x-client-id': 'neighbour' } })
    expect(neighbour.status).toBe(200)
  })

  it('allows at most 5 tries, even with the right code afterwards', async () => {
    const phone = nextPhone()
    const { json } = await api('/auth/sms/send', { body: { phone } })
    const wrong = json.devCode === '000000' ? '111111' : '000000'
    const answers = []
    for (let i = 0; i < 5; i++) answers.push((await api('/auth/sms/verify', { body: { phone, code: wrong } })).json.error.code)
    expect(answers).toEqual(['SMS_CODE_INVALID', 'SMS_CODE_INVALID', 'SMS_CODE_INVALID', 'SMS_CODE_INVALID', 'SMS_TOO_MANY_ATTEMPTS'])
    const right = await api('/auth/sms/verify', { body: { phone, code: json.devCode } })
    expect(right.status).toBe(429)
    expect(right.json.error.code).toBe('SMS_TOO_MANY_ATTEMPTS')
  })

  it('counts parallel guesses against the same 5 tries', async () => {
    const phone = nextPhone()
    const { json } = await api('/auth/sms/send', { body: { phone } })
    const guesses = Array.from({ length: 20 }, (_, i) => String((Number(json.devCode) + 1 + i) % 1_000_000).padStart(6, '0'))
    const results = await Promise.all(guesses.map((code) => api('/auth/sms/verify', { body: { phone, code } })))
    expect(results.filter((r) => r.json.error?.code === 'SMS_CODE_INVALID').length).toBeLessThanOrEqual(4)
    const row = await env.DB.prepare('SELECT attempts FROM sms_codes WHERE phone = ?').bind(phone).first<{ attempts: number }>()
    expect(row!.attempts).toBe(5)
  })

  it('accepts a code 1 s before its 5 minutes are up and refuses it 1 s after', async () => {
    const early = nextPhone()
    const late = nextPhone()
    const a = await api('/auth/sms/send', { body: { phone: early } })
    const b = await api('/auth/sms/send', { body: { phone: late } })
    advance(299_000)
    expect((await api('/auth/sms/verify', { body: { phone: early, code: a.json.devCode } })).status).toBe(200)
    advance(2_000)
    const res = await api('/auth/sms/verify', { body: { phone: late, code: b.json.devCode } })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('SMS_CODE_EXPIRED')
    expect(await env.DB.prepare('SELECT count(*) AS n FROM participants WHERE phone = ?').bind(late).first()).toEqual({ n: 0 })
  })
})

describe('staff login', () => {
  it('logs in with PBKDF2-hashed password and returns role and agency', async () => {
    const agency = await createAgency('固原市农业农村局')
    const staff = await createStaff(agency.id, 'organizer')
    const hash = await env.DB.prepare('SELECT password_hash FROM staff_users WHERE id = ?').bind(staff.id).first<{ password_hash: string }>()
    expect(hash!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/)
    const res = await api('/auth/staff/login', { body: { username: staff.username, password: staff.password } })
    expect(res.status).toBe(200)
    expect(res.json.staff).toStrictEqual({
      id: staff.id,
      username: staff.username,
      displayName: expect.any(String),
      role: 'organizer',
      agencyId: agency.id,
      agencyName: '固原市农业农村局',
      mustChangePassword: false,
    })
    expect(res.json.mustChangePassword).toBe(false)
    const me = await api('/staff/me', { token: res.json.token })
    expect(me.json.staff.id).toBe(staff.id)
  })

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const wrong = await api('/auth/staff/login', { body: { username: staff.username, password: 'nope-nope' } })
    const unknown = await api('/auth/staff/login', { body: { username: 'nobody-here', password: 'nope-nope' } })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.json).toEqual(unknown.json)
  })

  it('rejects tampered, foreign and missing tokens', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const [h, p, s] = staff.token.split('.')
    const claims = JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/')))
    const forged = btoa(JSON.stringify({ ...claims, agency: 'someone-else' })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
    expect((await api('/staff/me', { token: `${h}.${forged}.${s}` })).status).toBe(401)
    expect((await api('/staff/me', { token: 'not-a-token' })).status).toBe(401)
    expect((await api('/staff/me')).json.error.code).toBe('UNAUTHENTICATED')
  })
})

/** Calls the Worker with some bindings changed (dev mode, provider secrets). */
async function workerFetch(path: string, body: unknown, overrides: Partial<typeof env>) {
  const ctx = createExecutionContext()
  const req = new Request(`http://openday.test/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-id': crypto.randomUUID() },
    body: JSON.stringify(body),
  })
  const res = await worker.fetch(req, { ...env, ...overrides }, ctx)
  await waitOnExecutionContext(ctx)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
