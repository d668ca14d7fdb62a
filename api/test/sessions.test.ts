import { env } from 'cloudflare:test'
import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { requireStaffInBatch } from '../src/auth/guards'
import type { AppEnv } from '../src/env'
import { handleError } from '../src/lib/errors'
import { advance } from './support/clock'
import {
  DAY,
  api,
  createAgency,
  createParticipant,
  createPublishedEvent,
  createStaff,
  eventInput,
  markPhoneVerified,
  registrationInput,
  runningNow,
  signUp,
} from './support/fixtures'
import { lastCode, phoneSeries, sendCode, verifyCode } from './support/sms'

// Tokens can be revoked: a disabled or deleted staff account, a password change and a logout
// end the token's use at once, on ordinary routes (one query in the guard) and on the hot
// paths, which fold the same check into the batch they already send.

const nextPhone = phoneSeries('1770001')
const count = async (sql: string, ...bind: unknown[]) => ((await env.DB.prepare(sql).bind(...bind).first<{ n: number }>())!.n)

async function staffWorld() {
  const agency = await createAgency()
  const admin = await createStaff(agency.id, 'admin')
  const login = await api('/auth/staff/login', { body: { username: admin.username, password: admin.password } })
  const event = await createPublishedEvent(agency.id, runningNow())
  const participant = await createParticipant()
  const reg = (await signUp(event.id, participant.token)).json.registration
  const draft = await api('/events', { body: eventInput({ title: '未发布的开放日草稿' }), token: login.json.token })
  return { agency, admin, token: login.json.token as string, event, reg, draftId: draft.json.event.id as string }
}

/** Every kind of staff route, with what it stored. */
async function staffRoutesWith(token: string, w: Awaited<ReturnType<typeof staffWorld>>) {
  const events = await count('SELECT count(*) AS n FROM events')
  const me = await api('/staff/me', { token })
  const list = await api('/staff/events', { token })
  const create = await api('/events', { body: eventInput(), token })
  const checkin = await api(`/events/${w.event.id}/checkins`, { body: { ticket: w.reg.ticket }, token })
  const dashboard = await api(`/events/${w.event.id}/dashboard`, { token })
  const draft = await api(`/events/${w.draftId}`, { token })
  return {
    statuses: [me.status, list.status, create.status, checkin.status, dashboard.status, draft.status],
    hotPathRoundTrips: [checkin.roundTrips, dashboard.roundTrips],
    stored: {
      events: (await count('SELECT count(*) AS n FROM events')) - events,
      checkins: await count('SELECT count(*) AS n FROM checkins WHERE registration_id = ?1', w.reg.id),
    },
  }
}

describe('staff tokens', () => {
  it('work on every kind of staff route while current, hot paths in one round trip', async () => {
    const w = await staffWorld()
    expect(await staffRoutesWith(w.token, w)).toStrictEqual({
      statuses: [200, 200, 201, 200, 200, 200],
      hotPathRoundTrips: [1, 1],
      stored: { events: 1, checkins: 1 },
    })
  })

  it.each([
    ['the account is disabled', (w: Awaited<ReturnType<typeof staffWorld>>) => env.DB.prepare('UPDATE staff_users SET active = 0 WHERE id = ?1').bind(w.admin.id).run()],
    ['the account is deleted', (w: Awaited<ReturnType<typeof staffWorld>>) => env.DB.prepare('DELETE FROM staff_users WHERE id = ?1').bind(w.admin.id).run()],
    ['the password is changed', (w: Awaited<ReturnType<typeof staffWorld>>) =>
      api('/auth/staff/password', { body: { currentPassword: w.admin.password, newPassword: 'a-new-long-password' }, token: w.token })],
    ['the user logs out', (w: Awaited<ReturnType<typeof staffWorld>>) => api('/auth/logout', { method: 'POST', token: w.token })],
  ])('are refused everywhere at once when %s, and nothing is stored', async (_, revoke) => {
    const w = await staffWorld()
    await revoke(w)
    expect(await staffRoutesWith(w.token, w)).toStrictEqual({
      // The draft is simply not shown to a token that is no longer current.
      statuses: [401, 401, 401, 401, 401, 404],
      hotPathRoundTrips: [1, 1],
      stored: { events: 0, checkins: 0 },
    })
    const res = await api('/staff/me', { token: w.token })
    expect(res.json).toStrictEqual({ error: { code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录' } })
  })

  it('on a one-time password: 403 PASSWORD_CHANGE_REQUIRED everywhere but /staff/me, hot paths still one round trip, nothing stored', async () => {
    const w = await staffWorld()
    await env.DB.prepare('UPDATE staff_users SET must_change_password = 1 WHERE id = ?1').bind(w.admin.id).run()
    expect(await staffRoutesWith(w.token, w)).toStrictEqual({
      // The draft is not shown: public reads treat the token as no session.
      statuses: [200, 403, 403, 403, 403, 404],
      hotPathRoundTrips: [1, 1],
      stored: { events: 0, checkins: 0 },
    })
    const comments = await api(`/events/${w.event.id}/evaluation-comments`, { token: w.token })
    expect(comments.json).toStrictEqual({ error: { code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改初始密码' } })
    const changed = await api('/auth/staff/password', { body: { currentPassword: w.admin.password, newPassword: 'a-new-long-password' }, token: w.token })
    expect(changed.status).toBe(200)
    expect(await count('SELECT must_change_password AS n FROM staff_users WHERE id = ?1', w.admin.id)).toBe(0)
    expect((await staffRoutesWith(changed.json.token, w)).statuses).toStrictEqual([200, 200, 201, 200, 200, 200])
  })

  it('a hot path that forgets to confirm the session in its batch answers 500, never the data', async () => {
    const w = await staffWorld()
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const forgetful = new Hono<AppEnv>()
      .get('/figures', requireStaffInBatch(), (c) => c.json({ secret: 42 }))
      .onError(handleError)
    const res = await forgetful.request('/figures', { headers: { authorization: `Bearer ${w.token}` } }, env)
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain('42')
  })

  it('take role and agency from the database, not the token, on the hot paths too', async () => {
    const w = await staffWorld()
    const other = await createAgency()
    await env.DB.prepare("UPDATE staff_users SET agency_id = ?1, role = 'checker' WHERE id = ?2").bind(other.id, w.admin.id).run()
    const checkin = await api(`/events/${w.event.id}/checkins`, { body: { ticket: w.reg.ticket }, token: w.token })
    const dashboard = await api(`/events/${w.event.id}/dashboard`, { token: w.token })
    const create = await api('/events', { body: eventInput(), token: w.token })
    expect([checkin.status, dashboard.status, create.status]).toEqual([403, 403, 403])
    expect(await count('SELECT count(*) AS n FROM checkins WHERE registration_id = ?1', w.reg.id)).toBe(0)
    expect((await api('/staff/me', { token: w.token })).json.staff.agencyId).toBe(other.id)
  })
})

describe('password change', () => {
  it('returns a fresh token, revokes the old ones and changes the login', async () => {
    const w = await staffWorld()
    const res = await api('/auth/staff/password', { body: { currentPassword: w.admin.password, newPassword: 'a-new-long-password' }, token: w.token })
    expect(res.status).toBe(200)
    expect(res.json.staff.id).toBe(w.admin.id)
    expect((await api('/staff/me', { token: res.json.token })).status).toBe(200)
    expect((await api('/staff/me', { token: w.token })).status).toBe(401)
    const login = (password: string) => api('/auth/staff/login', { body: { username: w.admin.username, password } })
    expect((await login(w.admin.password)).status).toBe(401)
    expect((await login('a-new-long-password')).status).toBe(200)
  })

  it.each([
    [{ currentPassword: 'not-my-password', newPassword: 'a-new-long-password' }, 'currentPassword', '当前密码不正确'],
    [{ currentPassword: 'secret-pass-1', newPassword: 'short' }, 'newPassword', '新密码至少8位'],
    [{ currentPassword: 'secret-pass-1', newPassword: 'secret-pass-1' }, 'newPassword', '新密码不能与当前密码相同'],
  ])('refuses %o naming the field, and changes nothing', async (body, field, message) => {
    const w = await staffWorld()
    const before = await env.DB.prepare('SELECT password_hash, token_version FROM staff_users WHERE id = ?1').bind(w.admin.id).first()
    const res = await api('/auth/staff/password', { body, token: w.token })
    expect(res.status).toBe(400)
    expect(res.json).toStrictEqual({ error: { code: 'VALIDATION_FAILED', field, message } })
    expect(await env.DB.prepare('SELECT password_hash, token_version FROM staff_users WHERE id = ?1').bind(w.admin.id).first()).toEqual(before)
    expect((await api('/staff/me', { token: w.token })).status).toBe(200)
  })

  it('throttles guesses of the current password like logins', async () => {
    const w = await staffWorld()
    const thief = { 'x-client-id': 'stolen-token', 'cf-connecting-ip': '203.0.113.99' }
    const answers = []
    for (let i = 0; i < 6; i++) {
      const res = await api('/auth/staff/password', { body: { currentPassword: `guess-${i}`, newPassword: 'a-new-long-password' }, token: w.token, headers: thief })
      answers.push([res.status, res.json.error.message])
    }
    expect(answers).toEqual([
      ...Array(4).fill([400, '当前密码不正确']),
      [400, '当前密码不正确。请1分钟后再试'],
      [429, '登录失败次数过多，请1分钟后再试'],
    ])
  })
})

describe('participant tokens', () => {
  async function participantWorld() {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    // Logged in by SMS, as a citizen on H5 is; the sign-up uses the phone just verified.
    const phone = nextPhone()
    await sendCode(phone)
    const login = await verifyCode(phone, await lastCode(phone))
    const mine = await api(`/events/${event.id}/registrations`, { body: registrationInput({ phone }), token: login.json.token })
    expect(mine.status).toBe(201)
    return { event, phone, token: login.json.token as string, registration: mine.json.registration }
  }

  it('are refused everywhere at once after logout, and nothing is stored or changed', async () => {
    const w = await participantWorld()
    expect((await api('/auth/logout', { method: 'POST', token: w.token })).json).toStrictEqual({ ok: true })
    const body = registrationInput()
    await markPhoneVerified(w.token, body.phone)
    const signUpRes = await api(`/events/${w.event.id}/registrations`, { body, token: w.token })
    const list = await api('/me/registrations', { token: w.token })
    const cancel = await api(`/me/registrations/${w.registration.id}`, { method: 'DELETE', token: w.token })
    const phones = await api('/me/phones', { token: w.token })
    const refresh = await api('/auth/refresh', { method: 'POST', token: w.token })
    expect([signUpRes.status, list.status, cancel.status, phones.status, refresh.status]).toEqual([401, 401, 401, 401, 401])
    expect(signUpRes.roundTrips).toBe(1)
    expect(await count("SELECT count(*) AS n FROM registrations WHERE event_id = ?1 AND status = 'active'", w.event.id)).toBe(1)
    expect(await count('SELECT registered_count AS n FROM events WHERE id = ?1', w.event.id)).toBe(1)
  })

  it('last 7 days: accepted 1 ms before, refused at the end', async () => {
    const w = await participantWorld()
    advance(7 * DAY - 1)
    expect((await api('/me/registrations', { token: w.token })).status).toBe(200)
    advance(1)
    const res = await api('/me/registrations', { token: w.token })
    expect(res.status).toBe(401)
    expect(res.json.error.code).toBe('UNAUTHENTICATED')
  })

  it('renew: POST /auth/refresh gives a token good for 7 more days', async () => {
    const w = await participantWorld()
    advance(2 * DAY)
    const renewed = await api('/auth/refresh', { method: 'POST', token: w.token })
    expect(renewed.status).toBe(200)
    expect(Object.keys(renewed.json)).toEqual(['token'])
    advance(6 * DAY)
    expect((await api('/me/registrations', { token: w.token })).status).toBe(401)
    expect((await api('/me/registrations', { token: renewed.json.token })).status).toBe(200)
  })
})

describe('participant routes refuse staff tokens', () => {
  it('answers 403 on every /me route and on sign-up, and stores nothing', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'admin')
    const token = (await api('/auth/staff/login', { body: { username: staff.username, password: staff.password } })).json.token
    const event = await createPublishedEvent(agency.id)
    const participant = await createParticipant()
    const reg = (await signUp(event.id, participant.token)).json.registration
    const phone = nextPhone()
    const code = (await sendCode(phone)).json.devCode
    const before = {
      registrations: await count('SELECT count(*) AS n FROM registrations'),
      cancelled: await count("SELECT count(*) AS n FROM registrations WHERE status = 'cancelled'"),
      phones: await count('SELECT count(*) AS n FROM verified_phones'),
    }
    const results = [
      await api('/me/registrations', { token }),
      await api(`/me/registrations/${reg.id}`, { method: 'DELETE', token }),
      await api('/me/phones', { token }),
      await api('/me/phones', { body: { phone, code }, token }),
      await api(`/events/${event.id}/registrations`, { body: registrationInput(), token }),
      await api('/auth/refresh', { method: 'POST', token }),
    ]
    expect(results.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403])
    expect(results.map((r) => r.json.error.code)).toEqual(Array(6).fill('FORBIDDEN'))
    expect({
      registrations: await count('SELECT count(*) AS n FROM registrations'),
      cancelled: await count("SELECT count(*) AS n FROM registrations WHERE status = 'cancelled'"),
      phones: await count('SELECT count(*) AS n FROM verified_phones'),
    }).toStrictEqual(before)
    // The SMS code was not even tried.
    expect(await env.DB.prepare('SELECT attempts FROM sms_codes WHERE phone = ?1').bind(phone).first()).toEqual({ attempts: 0 })
  })
})
