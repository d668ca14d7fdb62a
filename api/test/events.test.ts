import { addWorkingDays, shanghaiDate } from '@openday/shared'
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { DAY, HOUR, api, createAgency, createPublishedEvent, createStaff, eventInput } from './support/fixtures'

/** 09:30 Shanghai on the given Shanghai calendar date. */
const shanghaiMorning = (date: string) => new Date(`${date}T09:30:00+08:00`).toISOString()

describe('browsing events', () => {
  it('lists published events, upcoming first, with seats left; drafts stay hidden', async () => {
    const agency = await createAgency('固原市农业农村局')
    const staff = await createStaff(agency.id)
    const later = await createPublishedEvent(agency.id, { title: '较晚的开放日', startAt: new Date(Date.now() + 30 * DAY).toISOString(), endAt: new Date(Date.now() + 30 * DAY + HOUR).toISOString() })
    const sooner = await createPublishedEvent(agency.id, { title: '较早的开放日', capacity: 12 })
    const draft = await api('/events', { body: eventInput({ title: '草稿活动' }), token: staff.token })
    expect(draft.status).toBe(201)
    const res = await api('/events')
    const ids = res.json.events.map((e: { id: string }) => e.id)
    expect(ids.indexOf(sooner.id)).toBeLessThan(ids.indexOf(later.id))
    expect(ids).not.toContain(draft.json.event.id)
    expect(res.json.events.find((e: { id: string }) => e.id === sooner.id)).toMatchObject({ seatsLeft: 12, agencyName: '固原市农业农村局' })
  })

  it('shows the full detail of an event', async () => {
    const agency = await createAgency('固原市农业农村局')
    const event = await createPublishedEvent(agency.id)
    const res = await api(`/events/${event.id}`)
    expect(res.status).toBe(200)
    expect(res.json.event).toMatchObject({
      title: event.title,
      hostUnit: '农产品质量安全监管中心',
      agencyName: '固原市农业农村局',
      capacity: 30,
      seatsLeft: 30,
      agenda: [{ title: '职能介绍' }, { title: '参观农产品检测实验室' }],
      targetGroups: ['citizen', 'npc_deputy'],
      contactPhone: '0954-1234567',
    })
  })

  it('hides drafts from the public and from other agencies, shows them to their own staff', async () => {
    const a = await createAgency()
    const b = await createAgency()
    const staffA = await createStaff(a.id)
    const staffB = await createStaff(b.id)
    const { json } = await api('/events', { body: eventInput(), token: staffA.token })
    expect((await api(`/events/${json.event.id}`)).status).toBe(404)
    expect((await api(`/events/${json.event.id}`, { token: staffB.token })).status).toBe(404)
    expect((await api(`/events/${json.event.id}`, { token: staffA.token })).status).toBe(200)
    const listB = await api('/staff/events', { token: staffB.token })
    expect(listB.json.events.map((e: { id: string }) => e.id)).not.toContain(json.event.id)
    const listA = await api('/staff/events', { token: staffA.token })
    expect(listA.json.events.map((e: { id: string }) => e.id)).toContain(json.event.id)
  })
})

describe('organising events', () => {
  it('lets organisers create drafts and refuses check-in staff and participants', async () => {
    const agency = await createAgency()
    const organiser = await createStaff(agency.id, 'organizer')
    const checker = await createStaff(agency.id, 'checker')
    expect((await api('/events', { body: eventInput(), token: organiser.token })).status).toBe(201)
    const asChecker = await api('/events', { body: eventInput(), token: checker.token })
    expect(asChecker.status).toBe(403)
    expect(asChecker.json.error.code).toBe('FORBIDDEN')
    expect((await api('/events', { body: eventInput() })).status).toBe(401)
  })

  it('validates event input with Chinese messages naming the field', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const start = new Date(Date.now() + 10 * DAY).toISOString()
    const res = await api('/events', { body: eventInput({ startAt: start, endAt: start }), token: staff.token })
    expect(res.status).toBe(400)
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'endAt', message: '结束时间必须晚于开始时间' })
    const bad = await api('/events', { body: { ...eventInput(), capacity: 0 }, token: staff.token })
    expect(bad.json.error.field).toBe('capacity')
    const count = await env.DB.prepare('SELECT count(*) AS n FROM events WHERE agency_id = ?').bind(agency.id).first<{ n: number }>()
    expect(count!.n).toBe(0)
  })

  it('patches own events, re-checks times against stored values, and never another agency’s', async () => {
    const a = await createAgency()
    const b = await createAgency()
    const staffA = await createStaff(a.id)
    const staffB = await createStaff(b.id)
    const { json } = await api('/events', { body: eventInput(), token: staffA.token })
    const id = json.event.id
    const patched = await api(`/events/${id}`, { method: 'PATCH', body: { venue: '新的地点 二楼会议室', capacity: 40 }, token: staffA.token })
    expect(patched.json.event).toMatchObject({ venue: '新的地点 二楼会议室', capacity: 40 })
    const endBeforeStart = await api(`/events/${id}`, { method: 'PATCH', body: { endAt: new Date(Date.now() + DAY).toISOString() }, token: staffA.token })
    expect(endBeforeStart.status).toBe(400)
    const foreign = await api(`/events/${id}`, { method: 'PATCH', body: { title: '被篡改的标题' }, token: staffB.token })
    expect(foreign.status).toBe(404)
    const stored = await env.DB.prepare('SELECT title FROM events WHERE id = ?').bind(id).first<{ title: string }>()
    expect(stored!.title).toBe(eventInput().title)
  })
})

describe('publishing and the 5-working-day notice rule', () => {
  it('publishes when the event is at least 5 working days away', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const startDate = addWorkingDays(shanghaiDate(new Date()), 6)
    const startAt = shanghaiMorning(startDate)
    const { json } = await api('/events', {
      body: eventInput({ startAt, endAt: new Date(Date.parse(startAt) + 2 * HOUR).toISOString(), registrationClosesAt: new Date(Date.parse(startAt) - HOUR).toISOString() }),
      token: staff.token,
    })
    const res = await api(`/events/${json.event.id}/publish`, { body: {}, token: staff.token })
    expect(res.status).toBe(200)
    expect(res.json.event).toMatchObject({ status: 'published', noticeOverrideReason: null })
    expect((await api(`/events/${json.event.id}/publish`, { body: {}, token: staff.token })).json.error.code).toBe('INVALID_STATE')
  })

  it('refuses a late notice without a reason, and stores the reason when given', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const today = shanghaiDate(new Date())
    const startDate = addWorkingDays(today, 3)
    const startAt = shanghaiMorning(startDate)
    const { json } = await api('/events', {
      body: eventInput({ startAt, endAt: new Date(Date.parse(startAt) + 2 * HOUR).toISOString(), registrationClosesAt: new Date(Date.parse(startAt) - HOUR).toISOString() }),
      token: staff.token,
    })
    const refused = await api(`/events/${json.event.id}/publish`, { body: {}, token: staff.token })
    expect(refused.status).toBe(409)
    expect(refused.json.error).toMatchObject({ code: 'NOTICE_TOO_SHORT', earliestStartDate: addWorkingDays(today, 5) })
    expect(refused.json.error.message).toContain('5个工作日')
    const stillDraft = await env.DB.prepare('SELECT status FROM events WHERE id = ?').bind(json.event.id).first()
    expect(stillDraft).toEqual({ status: 'draft' })
    const reason = '配合全市政务公开集中宣传周，经局务会研究同意'
    const published = await api(`/events/${json.event.id}/publish`, { body: { overrideReason: reason }, token: staff.token })
    expect(published.status).toBe(200)
    expect(published.json.event.noticeOverrideReason).toBe(reason)
  })

  it('refuses publication by another agency and by check-in staff', async () => {
    const a = await createAgency()
    const b = await createAgency()
    const organiser = await createStaff(a.id)
    const checker = await createStaff(a.id, 'checker')
    const other = await createStaff(b.id)
    const { json } = await api('/events', { body: eventInput(), token: organiser.token })
    expect((await api(`/events/${json.event.id}/publish`, { body: {}, token: checker.token })).status).toBe(403)
    expect((await api(`/events/${json.event.id}/publish`, { body: {}, token: other.token })).status).toBe(404)
  })
})
