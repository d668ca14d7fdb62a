import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, eventInput, signUp } from './support/fixtures'

const EDGE = 'public, max-age=0, s-maxage=30'

describe('public reads from the Workers Cache API', () => {
  it('serves GET /events/:id to anonymous callers from the cache, without D1', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const first = await api(`/events/${event.id}`)
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe(EDGE)
    expect(first.headers.get('cf-cache-status')).toBeNull()
    expect(first.roundTrips).toBe(1)
    // A query string cannot be used to skip the cache.
    const second = await api(`/events/${event.id}?utm=qr`)
    expect(second.headers.get('cf-cache-status')).toBe('HIT')
    expect(second.roundTrips).toBe(0)
    expect(second.json).toEqual(first.json)
  })

  it('serves GET /events and GET /tickets/public-key from the cache', async () => {
    await caches.default.delete('http://openday.test/api/v1/events')
    await api('/events')
    const list = await api('/events')
    expect(list.headers.get('cf-cache-status')).toBe('HIT')
    expect(list.headers.get('cache-control')).toBe(EDGE)
    await api('/tickets/public-key')
    const key = await api('/tickets/public-key')
    expect(key.headers.get('cf-cache-status')).toBe('HIT')
    expect(key.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=3600')
    expect(key.json.alg).toBe('Ed25519')
  })

  it('is bypassed by callers with a token, whose answers are private', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const event = await createPublishedEvent(agency.id)
    await api(`/events/${event.id}`)
    const asStaff = await api(`/events/${event.id}`, { token: staff.token })
    expect(asStaff.headers.get('cf-cache-status')).toBeNull()
    expect(asStaff.headers.get('cache-control')).toBe('private, no-store')
    expect(asStaff.roundTrips).toBeGreaterThan(0)
  })

  it('never keeps a draft or an error', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const draft = (await api('/events', { body: eventInput(), token: staff.token })).json.event
    expect((await api(`/events/${draft.id}`)).status).toBe(404)
    expect(await caches.default.match(`http://openday.test/api/v1/events/${draft.id}`)).toBeUndefined()
    const own = await api(`/events/${draft.id}`, { token: staff.token })
    expect(own.status).toBe(200)
    expect(await caches.default.match(`http://openday.test/api/v1/events/${draft.id}`)).toBeUndefined()
  })

  it('drops the cached copies when staff change or publish an event', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const event = await createPublishedEvent(agency.id)
    await api('/events')
    await api(`/events/${event.id}`)
    expect((await api(`/events/${event.id}`)).headers.get('cf-cache-status')).toBe('HIT')

    const changed = await api(`/events/${event.id}`, { method: 'PATCH', body: { venue: '二楼会议室（已更换）' }, token: staff.token })
    expect(changed.status).toBe(200)
    const fresh = await api(`/events/${event.id}`)
    expect(fresh.headers.get('cf-cache-status')).toBeNull()
    expect(fresh.json.event.venue).toBe('二楼会议室（已更换）')
    const list = await api('/events')
    expect(list.headers.get('cf-cache-status')).toBeNull()
    expect(list.json.events.find((e: { id: string }) => e.id === event.id).venue).toBe('二楼会议室（已更换）')

    // Publishing a draft shows it in the (cached) list at once.
    const start = new Date(Date.now() + 30 * 86400_000).toISOString()
    const draft = (await api('/events', { body: eventInput({ title: '刚发布的开放日', startAt: start, endAt: new Date(Date.parse(start) + 7200_000).toISOString() }), token: staff.token })).json.event
    expect((await api('/events')).headers.get('cf-cache-status')).toBe('HIT')
    expect((await api(`/events/${draft.id}/publish`, { body: {}, token: staff.token })).status).toBe(200)
    const after = await api('/events')
    expect(after.json.events.map((e: { title: string }) => e.title)).toContain('刚发布的开放日')
    const stored = await env.DB.prepare('SELECT status FROM events WHERE id = ?1').bind(draft.id).first()
    expect(stored).toEqual({ status: 'published' })
  })

  it('drops the cached copies when someone signs up or cancels, so seats left are current', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id, { capacity: 5 })
    const p = await createParticipant()
    await api(`/events/${event.id}`)
    expect((await api(`/events/${event.id}`)).headers.get('cf-cache-status')).toBe('HIT')
    const reg = (await signUp(event.id, p.token)).json.registration
    const afterSignUp = await api(`/events/${event.id}`)
    expect(afterSignUp.headers.get('cf-cache-status')).toBeNull()
    expect(afterSignUp.json.event.seatsLeft).toBe(4)
    expect((await api(`/events/${event.id}`)).headers.get('cf-cache-status')).toBe('HIT')
    await api(`/me/registrations/${reg.id}`, { method: 'DELETE', token: p.token })
    expect((await api(`/events/${event.id}`)).json.event.seatsLeft).toBe(5)
  })
})
