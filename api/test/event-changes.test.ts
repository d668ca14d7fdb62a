import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { HOUR, api, createAgency, createParticipant, createPublishedEvent, createStaff, eventInput, signUp } from './support/fixtures'

// The clock is frozen at Tuesday 2026-03-10 10:00 Shanghai (support/clock.ts).
const stored = (id: string) =>
  env.DB.prepare('SELECT title, capacity, start_at, end_at, notice_override_reason, registered_count FROM events WHERE id = ?1')
    .bind(id)
    .first<Record<string, unknown>>()

const patch = (id: string, token: string, body: unknown) => api(`/events/${id}`, { method: 'PATCH', body, token })

describe('changing capacity', () => {
  it('refuses a capacity below the registrations with 409, leaving the event unchanged', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const event = await createPublishedEvent(agency.id, { capacity: 10 })
    const p = await createParticipant()
    for (let i = 0; i < 3; i++) expect((await signUp(event.id, p.token)).status).toBe(201)
    const before = await stored(event.id)

    const below = await patch(event.id, staff.token, { capacity: 2, title: '改过的主题' })
    expect(below.status).toBe(409)
    expect(below.json.error).toEqual({ code: 'INVALID_STATE', field: 'capacity', message: '已有3人报名，名额不能少于已报名人数' })
    expect(await stored(event.id)).toEqual(before)

    const equal = await patch(event.id, staff.token, { capacity: 3 })
    expect(equal.status).toBe(200)
    expect(equal.json.event).toMatchObject({ capacity: 3, seatsLeft: 0 })
    expect(await stored(event.id)).toEqual({ ...before, capacity: 3 })
  })

  it('never leaves more registrations than seats when capacity drops during a rush of sign-ups', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const event = await createPublishedEvent(agency.id, { capacity: 30 })
    const people = await Promise.all(Array.from({ length: 8 }, () => createParticipant()))
    for (let i = 0; i < 10; i++) await signUp(event.id, people[i % 8].token)
    const work = [
      ...Array.from({ length: 30 }, (_, i) => signUp(event.id, people[i % 8].token)),
      patch(event.id, staff.token, { capacity: 20 }),
      patch(event.id, staff.token, { capacity: 15 }),
    ]
    const results = await Promise.all(work)
    expect(results.every((r) => r.status === 201 || r.status === 200 || r.status === 409)).toBe(true)
    const row = await env.DB.prepare(
      `SELECT capacity, registered_count, (SELECT count(*) FROM registrations WHERE event_id = ?1 AND status = 'active') AS active
       FROM events WHERE id = ?1`,
    )
      .bind(event.id)
      .first<{ capacity: number; registered_count: number; active: number }>()
    expect(row!.registered_count).toBe(row!.active)
    expect(row!.active).toBeLessThanOrEqual(row!.capacity)
  })
})

describe('who may change an event', () => {
  it('refuses another agency’s staff on a published event (403), the row unchanged', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const outsider = await createStaff((await createAgency()).id, 'admin')
    const before = await stored(event.id)
    const res = await patch(event.id, outsider.token, { title: '被篡改的标题', capacity: 1 })
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('FORBIDDEN')
    expect(await stored(event.id)).toEqual(before)
  })

  it('refuses a checker of the same agency (403), the row unchanged', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const checker = await createStaff(agency.id, 'checker')
    const before = await stored(event.id)
    const res = await patch(event.id, checker.token, { title: '核验员改的主题' })
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('FORBIDDEN')
    expect(await stored(event.id)).toEqual(before)
  })
})

describe('moving a published event keeps the 5-working-day notice rule', () => {
  const tomorrow = { startAt: '2026-03-11T09:30:00+08:00', endAt: '2026-03-11T11:30:00+08:00', registrationClosesAt: '2026-03-11T08:00:00+08:00' }

  it('refuses a start moved to tomorrow without a reason (409 NOTICE_TOO_SHORT), the event unchanged', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    // Published 40 days ahead, as in the report.
    const event = await createPublishedEvent(agency.id, { startAt: '2026-04-20T09:30:00+08:00', endAt: '2026-04-20T11:30:00+08:00' })
    const before = await stored(event.id)
    const res = await patch(event.id, staff.token, tomorrow)
    expect(res.status).toBe(409)
    expect(res.json.error).toEqual({
      code: 'NOTICE_TOO_SHORT',
      message: '活动开始前须至少提前5个工作日发布预告；如确需发布，请填写说明理由',
      // Tuesday 3-10: 3-11 (1), 3-12 (2), 3-13 (3), 3-16 (4), 3-17 (5).
      earliestStartDate: '2026-03-17',
      workingDays: 1,
      field: 'startAt',
    })
    expect(await stored(event.id)).toEqual(before)
  })

  it('moves it with a stated reason, and stores the reason', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const event = await createPublishedEvent(agency.id, { startAt: '2026-04-20T09:30:00+08:00', endAt: '2026-04-20T11:30:00+08:00' })
    const reason = '因场馆检修，经局务会研究提前举办'
    const res = await patch(event.id, staff.token, { ...tomorrow, overrideReason: reason })
    expect(res.status).toBe(200)
    expect(res.json.event).toMatchObject({ startAt: '2026-03-11T01:30:00.000Z', noticeOverrideReason: reason })
    expect(await stored(event.id)).toMatchObject({ start_at: '2026-03-11T01:30:00.000Z', notice_override_reason: reason })
  })

  it('needs no reason for a start 5 working days away or later, nor for a draft', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const event = await createPublishedEvent(agency.id, { startAt: '2026-04-20T09:30:00+08:00', endAt: '2026-04-20T11:30:00+08:00' })
    const ok = await patch(event.id, staff.token, { startAt: '2026-03-17T09:30:00+08:00', endAt: '2026-03-17T11:30:00+08:00', registrationClosesAt: '2026-03-16T18:00:00+08:00' })
    expect(ok.status).toBe(200)
    expect(await stored(event.id)).toMatchObject({ start_at: '2026-03-17T01:30:00.000Z', notice_override_reason: null })
    const draft = (await api('/events', { body: eventInput(), token: staff.token })).json.event
    expect((await patch(draft.id, staff.token, tomorrow)).status).toBe(200)
  })
})

describe('dates out of range', () => {
  it('are a 400 naming the field, for a new event and a change', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const far = { startAt: '9999-12-31T09:00:00+08:00', endAt: '9999-12-31T11:00:00+08:00' }
    const created = await api('/events', { body: eventInput(far), token: staff.token })
    expect(created.status).toBe(400)
    expect(created.json.error).toEqual({ code: 'VALIDATION_FAILED', field: 'startAt', message: '开始时间须在2000年至2100年之间' })
    const event = await createPublishedEvent(agency.id)
    const before = await stored(event.id)
    const changed = await patch(event.id, staff.token, { endAt: '1999-12-31T23:00:00Z' })
    expect(changed.json.error).toEqual({ code: 'VALIDATION_FAILED', field: 'endAt', message: '结束时间须在2000年至2100年之间' })
    expect(await stored(event.id)).toEqual(before)
  })

  it('never crash or stall publishing a stored event dated 9999-12-31 (rows from before the 2000–2100 check)', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const event = await createPublishedEvent(agency.id)
    // 23:00 UTC is already 10000-01-01 in Shanghai.
    await env.DB.prepare("UPDATE events SET status = 'draft', published_at = NULL, start_at = '9999-12-31T23:00:00.000Z', end_at = '9999-12-31T23:30:00.000Z' WHERE id = ?1")
      .bind(event.id)
      .run()
    const started = performance.now()
    const res = await api(`/events/${event.id}/publish`, { body: {}, token: staff.token })
    expect(performance.now() - started).toBeLessThan(1000)
    expect(res.status).toBe(200)
    expect(res.json.event).toMatchObject({ status: 'published', noticeOverrideReason: null })
  })

  it('publish an event at the end of 2100 at once', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const start = '2100-12-31T09:00:00+08:00'
    const draft = (
      await api('/events', {
        body: eventInput({ startAt: start, endAt: new Date(Date.parse(start) + 2 * HOUR).toISOString(), registrationClosesAt: '2100-12-30T00:00:00Z' }),
        token: staff.token,
      })
    ).json.event
    const started = performance.now()
    const res = await api(`/events/${draft.id}/publish`, { body: {}, token: staff.token })
    expect(res.status).toBe(200)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
