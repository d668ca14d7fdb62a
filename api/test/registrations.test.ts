import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { DAY, api, createAgency, createParticipant, createPublishedEvent, createStaff, markPhoneVerified, registrationInput, signUp } from './support/fixtures'

async function setup(overrides = {}) {
  const agency = await createAgency()
  const event = await createPublishedEvent(agency.id, overrides)
  const participant = await createParticipant()
  return { agency, event, participant }
}

const activeCount = async (eventId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM registrations WHERE event_id = ? AND status = 'active'").bind(eventId).first<{ n: number }>())!.n

describe('signing up', () => {
  it('registers a participant and returns a signed ticket and a short code, in one D1 round trip', async () => {
    const { event, participant } = await setup()
    const res = await signUp(event.id, participant.token, { name: '李四', phone: '13812345678', category: 'npc_deputy', organization: '市人大' })
    expect(res.status).toBe(201)
    expect(res.json.registration).toMatchObject({
      eventId: event.id,
      name: '李四',
      phoneMasked: '138****5678',
      category: 'npc_deputy',
      status: 'active',
      checkedInAt: null,
    })
    expect(res.json.registration.ticket).toMatch(/^OD1\.[\w-]+\.[\w-]+\.[\w-]{86}$/)
    expect(res.json.registration.shortCode).toMatch(/^[2-9A-HJ-NP-TV-Z]{8}$/)
    expect(res.roundTrips).toBeLessThanOrEqual(2)
    expect(res.roundTrips).toBe(1)
    expect((await api(`/events/${event.id}`)).json.event.seatsLeft).toBe(29)
  })

  it('needs a participant login', async () => {
    const { event } = await setup()
    const res = await api(`/events/${event.id}/registrations`, { body: registrationInput() })
    expect(res.status).toBe(401)
  })

  it.each([
    [{ phone: '1234567890' }, 'phone', '请输入正确的11位手机号码'],
    [{ phone: '12812345678' }, 'phone', '请输入正确的11位手机号码'],
    [{ name: '' }, 'name', '请输入真实姓名（至少2个字）'],
    [{ category: 'alien' }, 'category', '请选择身份类别'],
    [{ consent: false }, 'consent', '请阅读并同意个人信息收集说明'],
  ])('rejects %o naming the field', async (bad, field, message) => {
    const { event, participant } = await setup()
    const res = await api(`/events/${event.id}/registrations`, { body: { ...registrationInput(), ...bad }, token: participant.token })
    expect(res.status).toBe(400)
    expect(res.json.error).toEqual({ code: 'VALIDATION_FAILED', field, message })
    expect(await activeCount(event.id)).toBe(0)
  })

  it('refuses the same phone twice for one event (ALREADY_REGISTERED)', async () => {
    const { event, participant } = await setup()
    const other = await createParticipant()
    expect((await signUp(event.id, participant.token, { phone: '13900001111' })).status).toBe(201)
    const again = await signUp(event.id, other.token, { phone: '13900001111' })
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('ALREADY_REGISTERED')
  })

  it('refuses sign-ups outside the registration window (REGISTRATION_CLOSED)', async () => {
    const past = await setup({ registrationOpensAt: new Date(Date.now() - 3 * DAY).toISOString(), registrationClosesAt: new Date(Date.now() - DAY).toISOString() })
    const closed = await signUp(past.event.id, past.participant.token)
    expect(closed.status).toBe(409)
    expect(closed.json.error).toMatchObject({ code: 'REGISTRATION_CLOSED', message: '报名已截止' })
    const future = await setup({ registrationOpensAt: new Date(Date.now() + DAY).toISOString() })
    const early = await signUp(future.event.id, future.participant.token)
    expect(early.json.error).toMatchObject({ code: 'REGISTRATION_CLOSED', message: '报名尚未开始' })
  })

  it('refuses sign-ups beyond capacity (EVENT_FULL) and frees the seat on cancellation', async () => {
    const { event, participant } = await setup({ capacity: 2 })
    const first = await signUp(event.id, participant.token)
    await signUp(event.id, participant.token)
    const full = await signUp(event.id, participant.token)
    expect(full.status).toBe(409)
    expect(full.json.error).toMatchObject({ code: 'EVENT_FULL', message: '名额已满，感谢关注' })
    const cancelled = await api(`/me/registrations/${first.json.registration.id}`, { method: 'DELETE', token: participant.token })
    expect(cancelled.status).toBe(200)
    expect(cancelled.json.registration).toMatchObject({ status: 'cancelled', ticket: null })
    expect((await api(`/events/${event.id}`)).json.event.seatsLeft).toBe(1)
    expect((await signUp(event.id, participant.token)).status).toBe(201)
  })

  it('lets one account sign up at most 5 people for one event (REGISTRATION_LIMIT)', async () => {
    const { event, participant } = await setup()
    for (let i = 0; i < 5; i++) expect((await signUp(event.id, participant.token)).status).toBe(201)
    const sixth = await signUp(event.id, participant.token)
    expect(sixth.status).toBe(409)
    expect(sixth.json.error.code).toBe('REGISTRATION_LIMIT')
    expect(await activeCount(event.id)).toBe(5)
    // Another account is not affected.
    expect((await signUp(event.id, (await createParticipant()).token)).status).toBe(201)
  })

  it('refuses sign-ups for unknown events', async () => {
    const { participant } = await setup()
    const res = await signUp('no-such-event', participant.token)
    expect(res.status).toBe(404)
  })
})

describe('idempotent retries', () => {
  it('returns the first response for a retried request with the same Idempotency-Key', async () => {
    const { event, participant } = await setup()
    const body = registrationInput()
    await markPhoneVerified(participant.token, body.phone)
    const headers = { 'idempotency-key': 'form-7f3a' }
    const first = await api(`/events/${event.id}/registrations`, { body, token: participant.token, headers })
    const retry = await api(`/events/${event.id}/registrations`, { body, token: participant.token, headers })
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.json.registration.id).toBe(first.json.registration.id)
    expect(retry.json.registration.shortCode).toBe(first.json.registration.shortCode)
    expect(await activeCount(event.id)).toBe(1)
  })

  it('records one registration when the same key is sent 10 times at once', async () => {
    const { event, participant } = await setup()
    const body = registrationInput()
    await markPhoneVerified(participant.token, body.phone)
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api(`/events/${event.id}/registrations`, { body, token: participant.token, headers: { 'idempotency-key': 'burst' } })),
    )
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201))
    expect(new Set(results.map((r) => r.json.registration.id)).size).toBe(1)
    expect(await activeCount(event.id)).toBe(1)
  })

  it('scopes keys to the participant, so another person’s key does not replay', async () => {
    const { event, participant } = await setup()
    const other = await createParticipant()
    const headers = { 'idempotency-key': 'same-key' }
    const [bodyA, bodyB] = [registrationInput(), registrationInput()]
    await markPhoneVerified(participant.token, bodyA.phone)
    await markPhoneVerified(other.token, bodyB.phone)
    const a = await api(`/events/${event.id}/registrations`, { body: bodyA, token: participant.token, headers })
    const b = await api(`/events/${event.id}/registrations`, { body: bodyB, token: other.token, headers })
    expect(b.status).toBe(201)
    expect(b.json.registration.id).not.toBe(a.json.registration.id)
  })
})

describe('concurrency', () => {
  it('the total caps sign-ups on its own, even with stored quotas larger than the capacity (seat pools, docs/seats.md)', async () => {
    const { event, participant, agency } = await setup({ capacity: 2 })
    // A hand-edited row: the reserved seats alone exceed the capacity.
    await env.DB.prepare(`UPDATE events SET quotas = '{"npc_deputy":5}' WHERE id = ?1`).bind(event.id).run()
    const staff = await createStaff(agency.id, 'organizer')
    const code = (await api(`/events/${event.id}/invitations`, { body: { category: 'npc_deputy', maxUses: 5, expiresAt: new Date(Date.now() + DAY).toISOString() }, token: staff.token })).json.invitation.code
    const results = []
    for (let i = 0; i < 4; i++) results.push((await signUp(event.id, participant.token, { invitationCode: code })).status)
    expect(results).toEqual([201, 201, 409, 409])
    expect(await activeCount(event.id)).toBe(2)
  })

  it('200 simultaneous sign-ups for 50 seats register exactly 50', { timeout: 20_000 }, async () => {
    const { event } = await setup({ capacity: 50 })
    const people = await Promise.all(Array.from({ length: 50 }, () => createParticipant()))
    // Each sign-up's phone verified beforehand, so that only the sign-ups race.
    const attempts = Array.from({ length: 200 }, (_, i) => ({ token: people[i % people.length].token, body: registrationInput() }))
    await markPhoneVerified(attempts[0].token, attempts[0].body.phone, ...attempts.slice(1).map((a) => [a.token, a.body.phone] as [string, string]))
    const results = await Promise.all(attempts.map((a) => api(`/events/${event.id}/registrations`, { body: a.body, token: a.token })))
    const statuses = results.map((r) => (r.status === 201 ? 'created' : r.json.error.code))
    expect(statuses.filter((s) => s === 'created')).toHaveLength(50)
    expect(statuses.filter((s) => s === 'EVENT_FULL')).toHaveLength(150)
    expect(await activeCount(event.id)).toBe(50)
    expect((await api(`/events/${event.id}`)).json.event.seatsLeft).toBe(0)
  })
})

describe('my registrations', () => {
  it('lists only my own registrations and lets only me cancel them', async () => {
    const { event, participant } = await setup()
    const other = await createParticipant()
    const mine = await signUp(event.id, participant.token, { name: '王五' })
    await signUp(event.id, other.token)
    const list = await api('/me/registrations', { token: participant.token })
    expect(list.json.registrations).toHaveLength(1)
    expect(list.json.registrations[0]).toMatchObject({ id: mine.json.registration.id, name: '王五', event: { title: event.title } })
    const stolen = await api(`/me/registrations/${mine.json.registration.id}`, { method: 'DELETE', token: other.token })
    expect(stolen.status).toBe(404)
    expect(await activeCount(event.id)).toBe(2)
    const twice = await api(`/me/registrations/${mine.json.registration.id}`, { method: 'DELETE', token: participant.token })
    expect(twice.status).toBe(200)
    const again = await api(`/me/registrations/${mine.json.registration.id}`, { method: 'DELETE', token: participant.token })
    expect(again.status).toBe(409)
  })

  it('is refused to staff tokens', async () => {
    const res = await api('/me/registrations', { token: 'x.y.z' })
    expect(res.status).toBe(401)
  })
})
