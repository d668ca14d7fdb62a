import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { advance } from './support/clock'
import { api, createAgency, createParticipant, createPublishedEvent, markPhoneVerified, registrationInput } from './support/fixtures'
import { lastCode, phoneSeries, sendCode, verifyCode, wrongCode } from './support/sms'

// The phone on a sign-up is one the account proved by SMS: nobody can register someone else's
// number. SMS login proves its own phone; WeChat users (and family members) add one.

const nextPhone = phoneSeries('1880001')
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`

async function eventWithCounts() {
  const agency = await createAgency()
  const event = await createPublishedEvent(agency.id)
  const stored = async () => ({
    registrations: (await env.DB.prepare('SELECT count(*) AS n FROM registrations WHERE event_id = ?1').bind(event.id).first<{ n: number }>())!.n,
    registeredCount: (await env.DB.prepare('SELECT registered_count AS n FROM events WHERE id = ?1').bind(event.id).first<{ n: number }>())!.n,
  })
  return { event, stored }
}

describe('sign-up needs a verified phone', () => {
  it('refuses a phone the account has not verified: 400 PHONE_NOT_VERIFIED on the field, nothing stored, one round trip', async () => {
    const { event, stored } = await eventWithCounts()
    const participant = await createParticipant()
    const res = await api(`/events/${event.id}/registrations`, { body: registrationInput({ phone: nextPhone() }), token: participant.token })
    expect(res.status).toBe(400)
    expect(res.json).toStrictEqual({
      error: { code: 'PHONE_NOT_VERIFIED', message: '该手机号尚未验证，请先获取短信验证码完成验证', field: 'phone' },
    })
    expect(res.roundTrips).toBe(1)
    expect(await stored()).toStrictEqual({ registrations: 0, registeredCount: 0 })
  })

  it("refuses a phone someone else verified: a number cannot be squatted", async () => {
    const { event, stored } = await eventWithCounts()
    const [owner, squatter] = [await createParticipant(), await createParticipant()]
    const phone = nextPhone()
    await markPhoneVerified(owner.token, phone)
    const res = await api(`/events/${event.id}/registrations`, { body: registrationInput({ phone }), token: squatter.token })
    expect(res.json.error.code).toBe('PHONE_NOT_VERIFIED')
    expect(await stored()).toStrictEqual({ registrations: 0, registeredCount: 0 })
  })

  it('SMS login verifies its phone: the same account signs up with it at once', async () => {
    const { event, stored } = await eventWithCounts()
    const phone = nextPhone()
    await sendCode(phone)
    const login = await verifyCode(phone, await lastCode(phone))
    const rows = await env.DB.prepare('SELECT participant_id, phone FROM verified_phones WHERE phone = ?1').bind(phone).all()
    expect(rows.results).toStrictEqual([{ participant_id: login.json.participant.id, phone }])
    const res = await api(`/events/${event.id}/registrations`, { body: registrationInput({ phone }), token: login.json.token })
    expect(res.status).toBe(201)
    expect(res.json.registration.phoneMasked).toBe(masked(phone))
    expect(await stored()).toStrictEqual({ registrations: 1, registeredCount: 1 })
  })
})

describe('POST /me/phones', () => {
  it('lets a WeChat user verify a number by SMS and then sign up with it', async () => {
    const { event, stored } = await eventWithCounts()
    const wechat = await api('/auth/wechat', { body: { code: 'valid-phones-wechat-user' } })
    const token = wechat.json.token as string
    const phone = nextPhone()
    const body = registrationInput({ phone, name: '李四' })
    expect((await api(`/events/${event.id}/registrations`, { body, token })).json.error.code).toBe('PHONE_NOT_VERIFIED')

    expect((await sendCode(phone)).status).toBe(200)
    const added = await api('/me/phones', { body: { phone, code: await lastCode(phone) }, token })
    expect(added.status).toBe(201)
    expect(added.json).toStrictEqual({ phone: { phoneMasked: masked(phone), verifiedAt: new Date().toISOString() } })
    expect((await api('/me/phones', { token })).json).toStrictEqual({ phones: [{ phoneMasked: masked(phone), verifiedAt: new Date().toISOString() }] })
    // The code is used up: it cannot verify the number for anyone else.
    expect(await env.DB.prepare('SELECT count(*) AS n FROM sms_codes WHERE phone = ?1').bind(phone).first()).toEqual({ n: 0 })

    const res = await api(`/events/${event.id}/registrations`, { body, token })
    expect(res.status).toBe(201)
    expect(await stored()).toStrictEqual({ registrations: 1, registeredCount: 1 })
  })

  it('refuses a wrong code on the field and stores nothing', async () => {
    const participant = await createParticipant()
    const phone = nextPhone()
    await sendCode(phone)
    const res = await api('/me/phones', { body: { phone, code: wrongCode(await lastCode(phone)) }, token: participant.token })
    expect(res.status).toBe(400)
    expect(res.json).toStrictEqual({ error: { code: 'SMS_CODE_INVALID', message: '验证码错误，还可以再试4次', field: 'code' } })
    expect(await env.DB.prepare('SELECT count(*) AS n FROM verified_phones WHERE phone = ?1').bind(phone).first()).toEqual({ n: 0 })
  })

  it('shares the limits of SMS login: wrong codes on either count in the same per-phone window', async () => {
    const participant = await createParticipant()
    const phone = nextPhone()
    await sendCode(phone, { 'x-client-id': 'a', 'cf-connecting-ip': '192.0.2.1' })
    const first = await lastCode(phone)
    for (let i = 1; i <= 5; i++) await verifyCode(phone, wrongCode(first, i), { 'x-client-id': `g${i}`, 'cf-connecting-ip': `192.0.2.${10 + i}` })
    advance(61_000)
    await sendCode(phone, { 'x-client-id': 'b', 'cf-connecting-ip': '192.0.2.2' })
    const second = await lastCode(phone)
    for (let i = 1; i <= 5; i++) {
      await api('/me/phones', { body: { phone, code: wrongCode(second, i) }, token: participant.token, headers: { 'x-client-id': `h${i}`, 'cf-connecting-ip': `192.0.2.${20 + i}` } })
    }
    advance(61_000)
    await sendCode(phone)
    const res = await api('/me/phones', { body: { phone, code: await lastCode(phone) }, token: participant.token })
    expect(res.status).toBe(429)
    expect(res.json.error.code).toBe('SMS_VERIFY_PAUSED')
    expect(await env.DB.prepare('SELECT count(*) AS n FROM verified_phones WHERE phone = ?1').bind(phone).first()).toEqual({ n: 0 })
  })
})

describe('migration 0002_auth', () => {
  it('counts the phone of every existing SMS account as verified, once', async () => {
    const phone = nextPhone()
    await env.DB.prepare("INSERT INTO participants (id, phone, created_at) VALUES ('old-sms-account', ?1, '2025-06-01T00:00:00.000Z')").bind(phone).run()
    await env.DB.prepare("INSERT INTO participants (id, wechat_openid, created_at) VALUES ('old-wechat-account', 'openid-old', '2025-06-01T00:00:00.000Z')").run()
    const backfill = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0002_'))!.queries.find((q: string) => q.includes('INSERT OR IGNORE INTO `verified_phones`'))!
    await env.DB.prepare(backfill).run()
    await env.DB.prepare(backfill).run()
    const rows = await env.DB.prepare("SELECT participant_id, phone, verified_at FROM verified_phones WHERE participant_id LIKE 'old-%'").all()
    expect(rows.results).toStrictEqual([{ participant_id: 'old-sms-account', phone, verified_at: '2025-06-01T00:00:00.000Z' }])
  })
})
