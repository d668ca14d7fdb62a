import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import worker from '../src/index'
import { describe, expect, it } from 'vitest'
import { FAKE_SESSION_KEY_PREFIX } from './support/fake-wechat'
import { api, createAgency, createStaff, nextPhone } from './support/fixtures'

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
  it('sends a code, stores only its hash, and logs in with it', async () => {
    const phone = nextPhone()
    const sent = await api('/auth/sms/send', { body: { phone } })
    expect(sent.status).toBe(200)
    expect(sent.json.devCode).toMatch(/^\d{6}$/)
    const stored = await env.DB.prepare('SELECT code_hash FROM sms_codes WHERE phone = ?').bind(phone).first<{ code_hash: string }>()
    expect(stored!.code_hash).not.toContain(sent.json.devCode)
    const verified = await api('/auth/sms/verify', { body: { phone, code: sent.json.devCode } })
    expect(verified.status).toBe(200)
    expect(verified.json.participant.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`)
    // The code is single use.
    const reuse = await api('/auth/sms/verify', { body: { phone, code: sent.json.devCode } })
    expect(reuse.json.error.code).toBe('SMS_CODE_EXPIRED')
  })

  it('returns the code as devCode only when DEV_MODE is "true"', async () => {
    const ctx = createExecutionContext()
    const req = new Request('http://openday.test/api/v1/auth/sms/send', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: nextPhone() }),
    })
    const res = await worker.fetch(req, { ...env, DEV_MODE: 'false' }, ctx)
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body.sent).toBe(true)
    expect(body).not.toHaveProperty('devCode')
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
    // A minute later it may be sent again.
    await env.DB.prepare('UPDATE sms_codes SET sent_at = ? WHERE phone = ?')
      .bind(new Date(Date.now() - 61_000).toISOString(), phone)
      .run()
    expect((await api('/auth/sms/send', { body: { phone } })).status).toBe(200)
  })

  it('lets one device request codes for at most 5 phones per 10 minutes', async () => {
    const device = { 'cf-connecting-ip': '203.0.113.7', 'x-client-id': 'one-phone-many-numbers' }
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await api('/auth/sms/send', { body: { phone: nextPhone() }, headers: device })).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    const limited = await api('/auth/sms/send', { body: { phone: nextPhone() }, headers: device })
    expect(limited.json.error).toMatchObject({ code: 'RATE_LIMITED', message: '获取验证码过于频繁，请10分钟后再试' })
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

  it('expires codes after 5 minutes', async () => {
    const phone = nextPhone()
    const { json } = await api('/auth/sms/send', { body: { phone } })
    await env.DB.prepare('UPDATE sms_codes SET expires_at = ? WHERE phone = ?').bind(new Date(Date.now() - 1000).toISOString(), phone).run()
    const res = await api('/auth/sms/verify', { body: { phone, code: json.devCode } })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('SMS_CODE_EXPIRED')
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
    expect(res.json.staff).toMatchObject({ role: 'organizer', agencyId: agency.id, agencyName: '固原市农业农村局' })
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

  it('locks the account after 5 failures, even for the right password', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const codes = []
    for (let i = 0; i < 5; i++) codes.push((await api('/auth/staff/login', { body: { username: staff.username, password: 'bad-password' } })).json.error.code)
    expect(codes).toEqual(['LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_FAILED', 'ACCOUNT_LOCKED'])
    const right = await api('/auth/staff/login', { body: { username: staff.username, password: staff.password } })
    expect(right.status).toBe(429)
    expect(right.json.error.code).toBe('ACCOUNT_LOCKED')
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
