import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { setNow } from './support/clock'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, eventInput, markPhoneVerified, registrationInput, signUp } from './support/fixtures'

// The clock is frozen at 2026-03-10T02:00:00Z (10:00 in Shanghai).
const RUNNING = {
  startAt: '2026-03-10T09:00:00+08:00',
  endAt: '2026-03-10T12:00:00+08:00',
  registrationOpensAt: '2026-03-01T09:00:00+08:00',
  registrationClosesAt: '2026-03-10T11:00:00+08:00',
}

const rowsOf = async (eventId: string) =>
  (
    await env.DB.prepare('SELECT phone, status, cancelled_at FROM registrations WHERE event_id = ?1 ORDER BY created_at, status').bind(eventId).all<{
      phone: string
      status: string
      cancelled_at: string | null
    }>()
  ).results
const registeredCount = async (eventId: string) =>
  (await env.DB.prepare('SELECT registered_count FROM events WHERE id = ?1').bind(eventId).first<{ registered_count: number }>())!.registered_count

describe('sign-up only to a published event', () => {
  it('stores nothing for a draft, whatever the answer', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const draft = (await api('/events', { body: eventInput(), token: staff.token })).json.event
    const p = await createParticipant()
    const res = await signUp(draft.id, p.token)
    expect(res.status).toBe(404)
    expect(await rowsOf(draft.id)).toEqual([])
    expect(await registeredCount(draft.id)).toBe(0)
  })

  it('stores nothing for a cancelled event, whatever the answer', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    await env.DB.prepare("UPDATE events SET status = 'cancelled' WHERE id = ?1").bind(event.id).run()
    const p = await createParticipant()
    const res = await signUp(event.id, p.token)
    expect(res.status).toBe(404)
    expect(await rowsOf(event.id)).toEqual([])
  })
})

describe('cancelling', () => {
  it('is refused after check-in, the registration unchanged', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'checker')
    const event = await createPublishedEvent(agency.id, RUNNING)
    const p = await createParticipant()
    const reg = (await signUp(event.id, p.token, { phone: '13700001111' })).json.registration
    expect((await api(`/events/${event.id}/checkins`, { body: { ticket: reg.ticket }, token: staff.token })).json.result).toBe('checked_in')
    const res = await api(`/me/registrations/${reg.id}`, { method: 'DELETE', token: p.token })
    expect(res.status).toBe(409)
    expect(res.json.error).toStrictEqual({ code: 'INVALID_STATE', message: '您已签到，不能取消报名' })
    expect(await rowsOf(event.id)).toEqual([{ phone: '13700001111', status: 'active', cancelled_at: null }])
    expect(await registeredCount(event.id)).toBe(1)
  })

  it('is refused after the event, the registration unchanged', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id, RUNNING)
    const p = await createParticipant()
    const reg = (await signUp(event.id, p.token, { phone: '13700002222' })).json.registration
    setNow('2026-03-10T12:00:00+08:00')
    const res = await api(`/me/registrations/${reg.id}`, { method: 'DELETE', token: p.token })
    expect(res.status).toBe(409)
    expect(res.json.error).toStrictEqual({ code: 'INVALID_STATE', message: '活动已结束，不能取消报名' })
    expect(await rowsOf(event.id)).toEqual([{ phone: '13700002222', status: 'active', cancelled_at: null }])
  })
})

describe('the same phone again', () => {
  it('may register again after cancelling', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const p = await createParticipant()
    const first = (await signUp(event.id, p.token, { phone: '13700003333' })).json.registration
    expect((await api(`/me/registrations/${first.id}`, { method: 'DELETE', token: p.token })).status).toBe(200)
    const again = await signUp(event.id, p.token, { name: '李四', phone: '13700003333', category: 'citizen' })
    expect(again.status).toBe(201)
    const { id, ticket, shortCode, ...rest } = again.json.registration
    expect(id).not.toBe(first.id)
    expect(rest).toStrictEqual({
      eventId: event.id,
      event: { title: event.title, venue: event.venue, startAt: new Date(event.startAt).toISOString(), endAt: new Date(event.endAt).toISOString(), status: 'published', cancelReason: null },
      name: '李四',
      phoneMasked: '137****3333',
      category: 'citizen',
      organization: null,
      status: 'active',
      createdAt: '2026-03-10T02:00:00.000Z',
      checkedInAt: null,
      hasEvaluationRequest: false,
    })
    // Both rows were written at the frozen instant; ordered by status.
    expect(await rowsOf(event.id)).toEqual([
      { phone: '13700003333', status: 'active', cancelled_at: null },
      { phone: '13700003333', status: 'cancelled', cancelled_at: '2026-03-10T02:00:00.000Z' },
    ])
    expect(await registeredCount(event.id)).toBe(1)
  })
})

describe('Idempotency-Key', () => {
  it('replays the first registration for a retry with the same key but another phone, storing nothing new', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const p = await createParticipant()
    const headers = { 'idempotency-key': 'form-submit-41' }
    await markPhoneVerified(p.token, '13700004444', [p.token, '13700005555'])
    const first = await api(`/events/${event.id}/registrations`, { body: registrationInput({ phone: '13700004444' }), token: p.token, headers })
    expect(first.status).toBe(201)
    const retry = await api(`/events/${event.id}/registrations`, { body: registrationInput({ phone: '13700005555' }), token: p.token, headers })
    expect(retry.status).toBe(201)
    expect(retry.json).toStrictEqual(first.json)
    expect(await rowsOf(event.id)).toEqual([{ phone: '13700004444', status: 'active', cancelled_at: null }])
    const keys = await env.DB.prepare('SELECT count(*) AS n FROM idempotency_keys WHERE key = ?1').bind(`${p.id}:form-submit-41`).first()
    expect(keys).toEqual({ n: 1 })
  })
})
