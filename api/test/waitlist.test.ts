import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { NOTICE_CRON, WAITLIST_TRANSITIONS, type WaitlistStatus } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import worker from '../src/index'
import { makeDb } from '../src/lib/db'
import { sweepWaitlist } from '../src/waitlist/offers'
import { HOUR, api, createAgency, createParticipant, createPublishedEvent, createStaff, markPhoneVerified, registrationInput, signUp } from './support/fixtures'

// 候补 (docs/waitlist.md). The clock is frozen at 2026-03-10T02:00:00Z (support/clock.ts).
const NOW = '2026-03-10T02:00:00.000Z'
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString()
const OFFER_UNTIL = at(12 * HOUR)

/** A published event with `capacity` general seats, all taken by people who signed up. */
async function fullEvent(capacity = 2, overrides = {}) {
  const agency = await createAgency()
  const staff = await createStaff(agency.id, 'organizer')
  const event = await createPublishedEvent(agency.id, { capacity, quotas: {}, ...overrides })
  const holders = []
  for (let i = 0; i < capacity; i++) {
    const p = await createParticipant()
    const res = await signUp(event.id, p.token)
    expect(res.status).toBe(201)
    holders.push({ ...p, reg: res.json.registration })
  }
  return { agency, staff, event, holders }
}

/** A person with a verified phone, and the sign-up details they join with. */
async function person(name = '李候补') {
  const p = await createParticipant()
  const input = { name, phone: registrationInput().phone, category: 'citizen' as const, organization: '市农科院', consent: true as const }
  await markPhoneVerified(p.token, input.phone)
  return { ...p, input }
}

const join = (eventId: string, p: { token: string; input: object }) => api(`/events/${eventId}/waitlist`, { body: p.input, token: p.token })

async function waiting(eventId: string, n: number) {
  const people = []
  for (let i = 0; i < n; i++) {
    const p = await person(`候补${'甲乙丙丁戊'[i]}`)
    const res = await join(eventId, p)
    expect(res.status).toBe(201)
    people.push({ ...p, entry: res.json.entry })
  }
  return people
}

const cancel = (p: { token: string; reg: { id: string } }) => api(`/me/registrations/${p.reg.id}`, { method: 'DELETE', token: p.token })

const stored = (id: string) =>
  env.DB.prepare('SELECT status, position, name, phone, offered_at, offer_expires_at, registration_id, changed_by FROM waitlist_entries WHERE id = ?1')
    .bind(id)
    .first()
const statuses = async (eventId: string) =>
  (
    await env.DB.prepare('SELECT position, status FROM waitlist_entries WHERE event_id = ?1 ORDER BY position').bind(eventId).all<{ position: number; status: string }>()
  ).results.map((r) => r.status)
const offerRows = async (eventId: string) =>
  (
    await env.DB.prepare("SELECT dedupe_key, phone, payload FROM outbox WHERE event_id = ?1 AND kind = 'waitlist_offer' ORDER BY created_at, dedupe_key")
      .bind(eventId)
      .all<{ dedupe_key: string; phone: string; payload: string }>()
  ).results.map((r) => ({ ...r, payload: JSON.parse(r.payload) }))

/** Never more people than seats: the counters, the rows, and the offers that hold seats. */
async function assertSeats(eventId: string) {
  const e = await env.DB.prepare(
    `SELECT capacity, registered_count, offered_count,
            (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'active') AS active,
            (SELECT count(*) FROM waitlist_entries w WHERE w.event_id = e.id AND w.status = 'offered') AS offers
     FROM events e WHERE e.id = ?1`,
  )
    .bind(eventId)
    .first<{ capacity: number; registered_count: number; offered_count: number; active: number; offers: number }>()
  expect(e!.registered_count).toBe(e!.active)
  expect(e!.offered_count).toBe(e!.offers)
  expect(e!.registered_count).toBeLessThanOrEqual(e!.capacity)
  expect(e!.active).toBeLessThanOrEqual(e!.capacity)
  expect(e!.registered_count + e!.offered_count).toBeLessThanOrEqual(e!.capacity)
  return e!
}

async function runNoticeCron(atIso: string) {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ cron: NOTICE_CRON, scheduledTime: new Date(atIso) }), env, ctx)
  await waitOnExecutionContext(ctx)
}

const mine = async (token: string) => (await api('/me/registrations', { token })).json

describe('joining the waiting list (候补)', () => {
  it('joins a full event; refused while seats are left; the entry keeps only what sign-up needs', async () => {
    const agency = await createAgency()
    const open = await createPublishedEvent(agency.id, { capacity: 2, quotas: {} })
    const p = await person()
    const refused = await join(open.id, p)
    expect(refused.status).toBe(409)
    expect(refused.json.error).toEqual({ code: 'INVALID_STATE', message: '尚有名额，请直接报名' })
    expect(await statuses(open.id)).toEqual([])

    const { event } = await fullEvent(2)
    const res = await join(event.id, p)
    expect(res.status).toBe(201)
    expect(res.roundTrips).toBe(2) // the session, one batch
    expect(res.json).toEqual({
      entry: {
        id: res.json.entry.id,
        eventId: event.id,
        event: { title: event.title, venue: event.venue, startAt: at(20 * 24 * HOUR), endAt: at(20 * 24 * HOUR + 3 * HOUR), status: 'published' },
        status: 'waiting',
        place: 1,
        offerExpiresAt: null,
        registrationId: null,
        createdAt: NOW,
      },
    })
    expect(await stored(res.json.entry.id)).toEqual({
      status: 'waiting',
      position: 1,
      name: '李候补',
      phone: p.input.phone,
      offered_at: null,
      offer_expires_at: null,
      registration_id: null,
      changed_by: 'participant',
    })
    // The trail has its first step.
    const trail = await env.DB.prepare('SELECT from_status, to_status, by, at FROM waitlist_events WHERE entry_id = ?1').bind(res.json.entry.id).all()
    expect(trail.results).toEqual([{ from_status: null, to_status: 'waiting', by: 'participant', at: NOW }])
    await assertSeats(event.id)
  })

  it('joining again answers the same entry and writes nothing; a signed-up phone or closed registration is refused', async () => {
    const { event, holders } = await fullEvent(1)
    const p = await person()
    const first = await join(event.id, p)
    const again = await join(event.id, p)
    expect(again.status).toBe(200)
    expect(again.json).toEqual(first.json)
    const count = await env.DB.prepare('SELECT count(*) AS n, (SELECT count(*) FROM waitlist_events) AS t FROM waitlist_entries WHERE event_id = ?1').bind(event.id).first()
    expect(count).toMatchObject({ n: 1 })
    // A phone already signed up needs no waiting list.
    const holder = { token: holders[0].token, input: { ...p.input, phone: holders[0].reg.phoneMasked } }
    const phone = (await env.DB.prepare('SELECT phone FROM registrations WHERE id = ?1').bind(holders[0].reg.id).first<{ phone: string }>())!.phone
    await markPhoneVerified(holders[0].token, phone)
    const dup = await join(event.id, { ...holder, input: { ...p.input, phone } })
    expect(dup.status).toBe(409)
    expect(dup.json.error).toEqual({ code: 'ALREADY_REGISTERED', field: 'phone', message: '该手机号已报名本场活动，无需候补' })
    // An unverified phone, not logged in, registration closed.
    const stranger = await createParticipant()
    const unverified = await api(`/events/${event.id}/waitlist`, { body: { ...p.input, phone: '13800001111' }, token: stranger.token })
    expect(unverified.json.error.code).toBe('PHONE_NOT_VERIFIED')
    expect((await api(`/events/${event.id}/waitlist`, { body: p.input })).status).toBe(401)
    const closed = await createPublishedEvent((await createAgency()).id, { capacity: 0, quotas: {}, registrationClosesAt: at(-HOUR), registrationOpensAt: at(-48 * HOUR) })
    const late = await join(closed.id, await person())
    expect(late.json.error).toEqual({ code: 'REGISTRATION_CLOSED', message: '报名已截止，不能再加入候补' })
    expect(await statuses(closed.id)).toEqual([])
  })

  it('the same person joining twice at once: one entry', async () => {
    const { event } = await fullEvent(1)
    const p = await person()
    const results = await Promise.all(Array.from({ length: 6 }, () => join(event.id, p)))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 200)).toHaveLength(5)
    expect(new Set(results.map((r) => r.json.entry.id)).size).toBe(1)
    expect(await statuses(event.id)).toEqual(['waiting'])
  })

  it('keeps order: 我的报名 shows 候补第N位 and it moves up', async () => {
    const { event } = await fullEvent(1)
    const [a, b, c] = await waiting(event.id, 3)
    expect((await mine(c.token)).waitlist.map((e: { place: number }) => e.place)).toEqual([3])
    expect((await api(`/events/${event.id}/waitlist`, { method: 'DELETE', token: a.token })).status).toBe(200)
    expect((await mine(b.token)).waitlist[0]).toMatchObject({ status: 'waiting', place: 1 })
    expect((await mine(c.token)).waitlist[0]).toMatchObject({ status: 'waiting', place: 2 })
  })
})

describe('offering freed seats', () => {
  it('a cancellation offers the seat to #1 with a 12-hour deadline, told through the outbox; the offer holds the seat', async () => {
    const { event, holders } = await fullEvent(2)
    const [first, second] = await waiting(event.id, 2)
    const res = await cancel(holders[0])
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(2) // the offer is in the cancellation's batch
    expect(await stored(first.entry.id)).toEqual({
      status: 'offered',
      position: 1,
      name: '候补甲',
      phone: first.input.phone,
      offered_at: NOW,
      offer_expires_at: OFFER_UNTIL,
      registration_id: null,
      changed_by: 'system',
    })
    expect(await statuses(event.id)).toEqual(['offered', 'waiting'])
    expect(await offerRows(event.id)).toEqual([
      {
        dedupe_key: `waitlist_offer:${first.entry.id}`,
        phone: first.input.phone,
        payload: { title: event.title, startAt: at(20 * 24 * HOUR), endAt: at(20 * 24 * HOUR + 3 * HOUR), venue: event.venue, until: OFFER_UNTIL, page: 'pages/my/index' },
      },
    ])
    const me = await api('/me/registrations', { token: first.token })
    expect(me.roundTrips).toBe(2)
    const entry = me.json.waitlist[0]
    expect(entry).toEqual({ ...first.entry, status: 'offered', place: null, offerExpiresAt: OFFER_UNTIL })
    expect((await mine(second.token)).waitlist[0]).toMatchObject({ status: 'waiting', place: 1 })
    // Held: the public sees no seat and cannot take it, nor can a walk-in list it.
    expect((await api(`/events/${event.id}`)).json.event.seatsLeft).toBe(0)
    const stranger = await createParticipant()
    const taken = await signUp(event.id, stranger.token)
    expect(taken.json.error.code).toBe('EVENT_FULL')
    expect(await assertSeats(event.id)).toMatchObject({ registered_count: 1, offered_count: 1 })
  })

  it('a cancellation while an offer is pending offers to #2 as well', async () => {
    const { event, holders } = await fullEvent(2)
    const [first, second, third] = await waiting(event.id, 3)
    await cancel(holders[0])
    await cancel(holders[1])
    expect(await statuses(event.id)).toEqual(['offered', 'offered', 'waiting'])
    expect((await offerRows(event.id)).map((r) => r.dedupe_key).sort()).toEqual([`waitlist_offer:${first.entry.id}`, `waitlist_offer:${second.entry.id}`].sort())
    expect((await mine(third.token)).waitlist[0].place).toBe(1)
    expect(await assertSeats(event.id)).toMatchObject({ registered_count: 0, offered_count: 2 })
  })

  it('two seats freed at once (concurrent cancellations, or the capacity raised by 2): two offers, not more', async () => {
    const { event, holders } = await fullEvent(3)
    await waiting(event.id, 4)
    const results = await Promise.all([cancel(holders[0]), cancel(holders[1])])
    expect(results.map((r) => r.status)).toEqual([200, 200])
    expect(await statuses(event.id)).toEqual(['offered', 'offered', 'waiting', 'waiting'])
    await assertSeats(event.id)

    const raised = await fullEvent(2)
    await waiting(raised.event.id, 3)
    const res = await api(`/events/${raised.event.id}`, { method: 'PATCH', body: { capacity: 4 }, token: raised.staff.token })
    expect(res.status).toBe(200)
    expect(res.json.event.seatsLeft).toBe(0)
    expect(await statuses(raised.event.id)).toEqual(['offered', 'offered', 'waiting'])
    expect(await offerRows(raised.event.id)).toHaveLength(2)
    await assertSeats(raised.event.id)
    // Offering again finds nothing more to offer.
    await sweepWaitlist(makeDb(env.DB), new Date(NOW))
    expect(await statuses(raised.event.id)).toEqual(['offered', 'offered', 'waiting'])
  })

  it('a declined approval frees a seat for the waiting list', async () => {
    const { event, holders, staff } = await fullEvent(1, { requiresApproval: true })
    const [first] = await waiting(event.id, 1)
    const res = await api(`/events/${event.id}/registrations/${holders[0].reg.id}/decline`, { body: { reason: '本场面向食品企业代表' }, token: staff.token })
    expect(res.status).toBe(200)
    expect(await stored(first.entry.id)).toMatchObject({ status: 'offered', offer_expires_at: OFFER_UNTIL })
    // Accepting an offer of such an event waits for approval like any sign-up.
    const accepted = await api(`/me/offers/${first.entry.id}/accept`, { method: 'POST', token: first.token })
    expect(accepted.status).toBe(201)
    expect(accepted.json.registration).toMatchObject({ approval: 'pending', ticket: null })
    await assertSeats(event.id)
  })

  it('a reserved seat freed is not offered: the waiting list is for the general pool', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const event = await createPublishedEvent(agency.id, { capacity: 2, quotas: { npc_deputy: 1 } })
    const inv = (await api(`/events/${event.id}/invitations`, { body: { category: 'npc_deputy', maxUses: 1, expiresAt: at(48 * HOUR) }, token: staff.token })).json.invitation
    const deputy = await createParticipant()
    const reg = (await signUp(event.id, deputy.token, { invitationCode: inv.code })).json.registration
    expect((await signUp(event.id, (await createParticipant()).token)).status).toBe(201)
    await waiting(event.id, 1)
    await cancel({ token: deputy.token, reg })
    expect(await statuses(event.id)).toEqual(['waiting'])
    await assertSeats(event.id)
  })
})

describe('accepting, declining and leaving', () => {
  it('accepting makes the registration (ticket as a normal sign-up) in one batch; the seat changes hands', async () => {
    const { event, holders } = await fullEvent(1)
    const [first] = await waiting(event.id, 1)
    await cancel(holders[0])
    const res = await api(`/me/offers/${first.entry.id}/accept`, { method: 'POST', token: first.token })
    expect(res.status).toBe(201)
    expect(res.roundTrips).toBe(3) // session, the batch, the registration read back
    const reg = res.json.registration
    expect(reg).toMatchObject({ eventId: event.id, name: '候补甲', category: 'citizen', organization: '市农科院', status: 'active' })
    expect(reg.ticket).toMatch(/^OD1\./)
    expect(await stored(first.entry.id)).toEqual({
      status: 'accepted',
      position: 1,
      name: null,
      phone: null,
      offered_at: NOW,
      offer_expires_at: OFFER_UNTIL,
      registration_id: reg.id,
      changed_by: 'participant',
    })
    expect(await env.DB.prepare('SELECT phone, seat_pool, status FROM registrations WHERE id = ?1').bind(reg.id).first()).toEqual({
      phone: first.input.phone,
      seat_pool: 'general',
      status: 'active',
    })
    const trail = await env.DB.prepare('SELECT from_status, to_status, by FROM waitlist_events WHERE entry_id = ?1 ORDER BY id').bind(first.entry.id).all()
    expect(trail.results).toEqual([
      { from_status: null, to_status: 'waiting', by: 'participant' },
      { from_status: 'waiting', to_status: 'offered', by: 'system' },
      { from_status: 'offered', to_status: 'accepted', by: 'participant' },
    ])
    const me = await mine(first.token)
    expect(me.waitlist).toEqual([])
    expect(me.registrations.map((r: { id: string }) => r.id)).toEqual([reg.id])
    expect(await assertSeats(event.id)).toMatchObject({ registered_count: 1, offered_count: 0 })
  })

  it('accepting twice at once: one registration', async () => {
    const { event, holders } = await fullEvent(1)
    const [first] = await waiting(event.id, 1)
    await cancel(holders[0])
    const results = await Promise.all(Array.from({ length: 5 }, () => api(`/me/offers/${first.entry.id}/accept`, { method: 'POST', token: first.token })))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 200)).toHaveLength(4)
    expect(new Set(results.map((r) => r.json.registration.id)).size).toBe(1)
    const n = await env.DB.prepare("SELECT count(*) AS n FROM registrations WHERE event_id = ?1 AND status = 'active'").bind(event.id).first()
    expect(n).toEqual({ n: 1 })
    await assertSeats(event.id)
  })

  it('another person cannot accept or decline my offer', async () => {
    const { event, holders } = await fullEvent(1)
    const [first] = await waiting(event.id, 1)
    await cancel(holders[0])
    const other = await createParticipant()
    for (const step of ['accept', 'decline']) {
      const res = await api(`/me/offers/${first.entry.id}/${step}`, { method: 'POST', token: other.token })
      expect(res.status).toBe(404)
      expect(res.json.error).toEqual({ code: 'NOT_FOUND', message: '候补记录不存在' })
    }
    expect(await stored(first.entry.id)).toMatchObject({ status: 'offered' })
  })

  it('declining an offer passes the seat to the next in the same batch', async () => {
    const { event, holders } = await fullEvent(1)
    const [first, second] = await waiting(event.id, 2)
    await cancel(holders[0])
    const res = await api(`/me/offers/${first.entry.id}/decline`, { method: 'POST', token: first.token })
    expect(res.status).toBe(200)
    expect(res.json.entry).toMatchObject({ status: 'declined', offerExpiresAt: null })
    expect(await statuses(event.id)).toEqual(['declined', 'offered'])
    expect(await stored(first.entry.id)).toMatchObject({ name: null, phone: null })
    expect(await stored(second.entry.id)).toMatchObject({ status: 'offered', offer_expires_at: OFFER_UNTIL })
    const again = await api(`/me/offers/${first.entry.id}/accept`, { method: 'POST', token: first.token })
    expect(again.json.error).toEqual({ code: 'INVALID_STATE', message: '您已放弃此候补名额' })
    await assertSeats(event.id)
  })

  it('leaving the list: a waiting person just leaves; one with an offer gives the seat to the next', async () => {
    const { event, holders } = await fullEvent(1)
    const [first, second, third] = await waiting(event.id, 3)
    const left = await api(`/events/${event.id}/waitlist`, { method: 'DELETE', token: second.token })
    expect(left.status).toBe(200)
    expect(left.json.entry).toMatchObject({ status: 'left', place: null })
    expect(await statuses(event.id)).toEqual(['waiting', 'left', 'waiting'])
    await cancel(holders[0])
    expect(await statuses(event.id)).toEqual(['offered', 'left', 'waiting'])
    await api(`/events/${event.id}/waitlist`, { method: 'DELETE', token: first.token })
    expect(await statuses(event.id)).toEqual(['left', 'left', 'offered'])
    expect(await stored(third.entry.id)).toMatchObject({ status: 'offered' })
    const notOn = await api(`/events/${event.id}/waitlist`, { method: 'DELETE', token: first.token })
    expect(notOn.status).toBe(404)
    expect(notOn.json.error).toEqual({ code: 'NOT_FOUND', message: '您不在本场活动的候补名单中' })
    // After leaving, one may join again, at the end of the line.
    const back = await join(event.id, first)
    expect(back.status).toBe(201)
    expect(await statuses(event.id)).toEqual(['left', 'left', 'offered', 'waiting'])
    await assertSeats(event.id)
  })
})

describe('offers expire', () => {
  it('an accept at or after the deadline is refused; the cron expires the offer and offers the seat to the next', async () => {
    const { event, holders } = await fullEvent(1)
    const [first, second] = await waiting(event.id, 2)
    await cancel(holders[0])
    const { setNow } = await import('./support/clock')
    setNow(OFFER_UNTIL)
    const late = await api(`/me/offers/${first.entry.id}/accept`, { method: 'POST', token: first.token })
    expect(late.status).toBe(409)
    expect(late.json.error).toEqual({ code: 'INVALID_STATE', message: '确认时间已过，名额已顺延给下一位候补' })
    expect(await stored(first.entry.id)).toMatchObject({ status: 'offered', registration_id: null })
    await runNoticeCron(OFFER_UNTIL)
    expect(await statuses(event.id)).toEqual(['expired', 'offered'])
    expect(await stored(first.entry.id)).toMatchObject({ changed_by: 'system', name: null, phone: null })
    expect(await stored(second.entry.id)).toMatchObject({ offered_at: OFFER_UNTIL, offer_expires_at: at(24 * HOUR) })
    expect((await offerRows(event.id)).map((r) => r.dedupe_key)).toEqual([`waitlist_offer:${first.entry.id}`, `waitlist_offer:${second.entry.id}`])
    // The lapsed offer stays visible to its person.
    expect((await mine(first.token)).waitlist[0]).toMatchObject({ status: 'expired', offerExpiresAt: OFFER_UNTIL })
    await assertSeats(event.id)
  })

  it('an accept racing the expiry sweep: exactly one outcome', async () => {
    for (let round = 0; round < 4; round++) {
      const { event, holders } = await fullEvent(1)
      const [first, second] = await waiting(event.id, 2)
      await cancel(holders[0])
      const { setNow } = await import('./support/clock')
      setNow(at(12 * HOUR - 1)) // the accept's clock: a millisecond before the deadline
      const [res] = await Promise.all([
        api(`/me/offers/${first.entry.id}/accept`, { method: 'POST', token: first.token }),
        sweepWaitlist(makeDb(env.DB), new Date(OFFER_UNTIL)),
      ])
      const entry = (await stored(first.entry.id)) as { status: string; registration_id: string | null }
      const regs = await env.DB.prepare("SELECT count(*) AS n FROM registrations WHERE event_id = ?1 AND status = 'active'").bind(event.id).first<{ n: number }>()
      if (res.status === 201) {
        expect(entry).toMatchObject({ status: 'accepted', registration_id: res.json.registration.id })
        expect(regs!.n).toBe(1)
        expect(await statuses(event.id)).toEqual(['accepted', 'waiting'])
      } else {
        expect(res.json.error.message).toBe('确认时间已过，名额已顺延给下一位候补')
        expect(entry).toMatchObject({ status: 'expired', registration_id: null })
        expect(regs!.n).toBe(0)
        expect(await stored(second.entry.id)).toMatchObject({ status: 'offered' })
      }
      await assertSeats(event.id)
      setNow(NOW)
    }
  })

  it('an offer never outlives the event start', async () => {
    const { event, holders } = await fullEvent(1, { startAt: at(5 * HOUR), endAt: at(8 * HOUR), registrationClosesAt: at(4 * HOUR) })
    const [first] = await waiting(event.id, 1)
    await cancel(holders[0])
    expect(await stored(first.entry.id)).toMatchObject({ status: 'offered', offer_expires_at: at(5 * HOUR) })
  })
})

describe('a wait ends with its event', () => {
  const trail = async (entryId: string) =>
    (
      await env.DB.prepare('SELECT from_status, to_status, by, at FROM waitlist_events WHERE entry_id = ?1 ORDER BY id').bind(entryId).all()
    ).results

  it('取消活动 tells everyone waiting or offered a seat, in its batch, and closes their entries', async () => {
    const { event, holders, staff } = await fullEvent(1)
    const [first, second, third] = await waiting(event.id, 3)
    await cancel(holders[0]) // #1 is offered the seat; #2 and #3 wait
    const gone = await person('候补戊')
    await join(event.id, gone)
    await api(`/events/${event.id}/waitlist`, { method: 'DELETE', token: gone.token })
    expect(await statuses(event.id)).toEqual(['offered', 'waiting', 'waiting', 'left'])

    const res = await api(`/events/${event.id}/cancel`, { body: { reason: '因台风预警取消' }, token: staff.token })
    expect(res.status).toBe(200)
    expect(await statuses(event.id)).toEqual(['expired', 'expired', 'expired', 'left'])
    for (const p of [first, second, third]) {
      // Closed: the details it kept are gone; the staff member who cancelled is on the trail.
      expect(await stored(p.entry.id)).toMatchObject({ status: 'expired', name: null, phone: null, changed_by: staff.id })
      expect((await trail(p.entry.id)).at(-1)).toStrictEqual({ from_status: p === first ? 'offered' : 'waiting', to_status: 'expired', by: staff.id, at: NOW })
    }
    const told = (
      await env.DB.prepare(
        "SELECT dedupe_key, participant_id, phone, payload FROM outbox WHERE event_id = ?1 AND kind = 'event_cancelled' AND dedupe_key LIKE ?2 ORDER BY dedupe_key",
      )
        .bind(event.id, `event_cancelled:${NOW}:%`)
        .all<{ dedupe_key: string; participant_id: string; phone: string; payload: string }>()
    ).results
    const payload = { title: event.title, startAt: event.startAt, endAt: event.endAt, venue: event.venue, reason: '因台风预警取消', page: `pages/event/index?id=${event.id}` }
    const expected = [first, second, third]
      .map((p) => ({ dedupe_key: `event_cancelled:${NOW}:${p.entry.id}`, participant_id: p.id, phone: p.input.phone, payload: JSON.stringify(payload) }))
      .sort((a, b) => (a.dedupe_key < b.dedupe_key ? -1 : 1)) // as SQLite orders text
    expect(told).toStrictEqual(expected) // not the person who had left
    // The offer's seat is released with the rest; 我的报名 says the event was cancelled.
    expect(await assertSeats(event.id)).toMatchObject({ offered_count: 0 })
    expect((await mine(first.token)).waitlist[0]).toMatchObject({ status: 'expired', event: { status: 'cancelled' }, offerExpiresAt: OFFER_UNTIL })
    expect((await mine(second.token)).waitlist[0]).toMatchObject({ status: 'expired', event: { status: 'cancelled' }, offerExpiresAt: null, place: null })
  })

  it('once the event starts, the cron ends the waits nobody was offered, without a message', async () => {
    const { event } = await fullEvent(1, { startAt: at(2 * HOUR), endAt: at(4 * HOUR), registrationClosesAt: at(HOUR) })
    const [p] = await waiting(event.id, 1)
    await runNoticeCron(at(2 * HOUR - 1))
    expect(await stored(p.entry.id)).toMatchObject({ status: 'waiting', name: '候补甲' })
    await runNoticeCron(at(2 * HOUR))
    expect(await stored(p.entry.id)).toMatchObject({ status: 'expired', name: null, phone: null, changed_by: 'system' })
    // (the holder's day-before reminder is the cron's only message)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM outbox WHERE participant_id = ?1').bind(p.id).first('n')).toBe(0)
    const { setNow } = await import('./support/clock')
    setNow(at(3 * HOUR))
    expect((await mine(p.token)).waitlist).toStrictEqual([
      {
        id: p.entry.id,
        eventId: event.id,
        event: { title: event.title, venue: event.venue, startAt: event.startAt, endAt: event.endAt, status: 'published' },
        status: 'expired',
        place: null,
        offerExpiresAt: null,
        registrationId: null,
        createdAt: p.entry.createdAt,
      },
    ])
  })
})

describe('never more people than seats', () => {
  it('a public sign-up racing an accept never oversells', async () => {
    const { event, holders } = await fullEvent(3)
    const [first] = await waiting(event.id, 1)
    await cancel(holders[0])
    const strangers = await Promise.all(Array.from({ length: 6 }, () => createParticipant()))
    const inputs = strangers.map(() => registrationInput())
    await markPhoneVerified(strangers[0].token, inputs[0].phone, ...strangers.slice(1).map((s, i) => [s.token, inputs[i + 1].phone] as [string, string]))
    const [accept, ...publics] = await Promise.all([
      api(`/me/offers/${first.entry.id}/accept`, { method: 'POST', token: first.token }),
      ...strangers.map((s, i) => api(`/events/${event.id}/registrations`, { body: inputs[i], token: s.token })),
    ])
    expect(accept.status).toBe(201)
    expect(publics.map((r) => r.json.error?.code)).toEqual(Array(6).fill('EVENT_FULL'))
    expect(await assertSeats(event.id)).toMatchObject({ registered_count: 3, active: 3, offered_count: 0 })
  })

  it('cancellations, sign-ups and joins all at once: the counters hold', async () => {
    const { event, holders } = await fullEvent(4)
    await waiting(event.id, 2)
    const late = await Promise.all([person(), person()])
    const strangers = await Promise.all(Array.from({ length: 4 }, () => createParticipant()))
    const results = await Promise.all([
      ...holders.map((h) => cancel(h)),
      ...late.map((p) => join(event.id, p)),
      ...strangers.map((s) => signUp(event.id, s.token)),
    ])
    expect(results.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200])
    const e = await assertSeats(event.id)
    // The two waiting people were offered before any stranger got a freed seat... unless a
    // stranger signed up while no one was waiting for it; either way, no more than 4 in all.
    expect(e.registered_count + e.offered_count).toBeLessThanOrEqual(4)
    const offered = (await statuses(event.id)).slice(0, 2)
    expect(offered).toEqual(['offered', 'offered'])
  })

  it('capacity lowered: refused below the sign-ups plus the seats held by offers', async () => {
    const { event, holders, staff } = await fullEvent(3)
    await waiting(event.id, 1)
    await cancel(holders[0])
    const res = await api(`/events/${event.id}`, { method: 'PATCH', body: { capacity: 2 }, token: staff.token })
    expect(res.status).toBe(409)
    expect(res.json.error).toEqual({ code: 'INVALID_STATE', field: 'capacity', message: '已有2人报名、1个候补名额待确认，名额不能少于3' })
    expect(await env.DB.prepare('SELECT capacity FROM events WHERE id = ?1').bind(event.id).first()).toEqual({ capacity: 3 })
    // A quota that would eat the held seat is refused the same way.
    const quota = await api(`/events/${event.id}`, { method: 'PATCH', body: { quotas: { npc_deputy: 1 } }, token: staff.token })
    expect(quota.status).toBe(409)
    expect(quota.json.error).toEqual({
      code: 'INVALID_STATE',
      field: 'quotas',
      message: '公开报名已有2人、1个候补名额待确认，总名额减去邀请名额后不能少于3',
    })
    await assertSeats(event.id)
  })
})

describe('the waiting list for organisers', () => {
  it('lists the open entries masked, only for organisers of the agency', async () => {
    const { event, holders, staff } = await fullEvent(1)
    const [first, second] = await waiting(event.id, 2)
    await cancel(holders[0])
    const res = await api(`/events/${event.id}/waitlist`, { token: staff.token })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      waiting: 1,
      offered: 1,
      entries: [
        {
          id: first.entry.id,
          position: 1,
          nameMasked: '候**',
          phoneMasked: `${first.input.phone.slice(0, 3)}****${first.input.phone.slice(-4)}`,
          category: 'citizen',
          status: 'offered',
          offerExpiresAt: OFFER_UNTIL,
          createdAt: NOW,
        },
        {
          id: second.entry.id,
          position: 2,
          nameMasked: '候**',
          phoneMasked: `${second.input.phone.slice(0, 3)}****${second.input.phone.slice(-4)}`,
          category: 'citizen',
          status: 'waiting',
          offerExpiresAt: null,
          createdAt: NOW,
        },
      ],
    })
    const handler = await createStaff(staff.agencyId, 'handler')
    expect((await api(`/events/${event.id}/waitlist`, { token: handler.token })).status).toBe(403)
    const elsewhere = await createStaff((await createAgency()).id, 'organizer')
    expect((await api(`/events/${event.id}/waitlist`, { token: elsewhere.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/waitlist`, { token: first.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/waitlist`)).status).toBe(401)
  })
})

describe('the state machine', () => {
  it('the database refuses any transition the shared table does not allow', async () => {
    const { event } = await fullEvent(1)
    const all = Object.keys(WAITLIST_TRANSITIONS) as WaitlistStatus[]
    let position = 100
    for (const from of all) {
      for (const to of all) {
        if (from === to) continue
        // An entry put in `from` directly (inserts are not transitions), then moved to `to`.
        const p = await createParticipant()
        const id = `sm-${from}-${to}-${event.id}`
        position += 1
        await env.DB.prepare(
          `INSERT INTO waitlist_entries (id, event_id, participant_id, position, category, status, offer_expires_at, changed_by, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, 'citizen', ?5, ?6, 'system', ?6, ?6)`,
        )
          .bind(id, event.id, p.id, position, from, NOW)
          .run()
        const ok = await env.DB.prepare('UPDATE waitlist_entries SET status = ?1 WHERE id = ?2')
          .bind(to, id)
          .run()
          .then(() => true)
          .catch(() => false)
        expect([from, to, ok]).toEqual([from, to, WAITLIST_TRANSITIONS[from].includes(to)])
      }
    }
  })
})

describe('我的报名 and ended events', () => {
  it('an entry of an event that has ended is no longer listed', async () => {
    const { event } = await fullEvent(1, { startAt: at(2 * HOUR), endAt: at(4 * HOUR), registrationClosesAt: at(HOUR) })
    const [p] = await waiting(event.id, 1)
    expect((await mine(p.token)).waitlist).toHaveLength(1)
    const { setNow } = await import('./support/clock')
    setNow(at(4 * HOUR))
    expect((await mine(p.token)).waitlist).toEqual([])
  })
})
