import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { DAY, HOUR, api, createAgency, createParticipant, createPublishedEvent, createStaff, runningNow, signUp } from './support/fixtures'
import { phoneSeries } from './support/sms'

// The clock is frozen at Tuesday 2026-03-10 10:00 Shanghai (support/clock.ts).
const NOW = '2026-03-10T02:00:00.000Z'
const phone = phoneSeries('1371')

interface OutboxRow {
  kind: string
  participant_id: string
  phone: string
  event_id: string
  payload: string
  status: string
  dedupe_key: string
  created_at: string
}
const outboxOf = async (eventId: string) =>
  (
    await env.DB.prepare(
      'SELECT kind, participant_id, phone, event_id, payload, status, dedupe_key, created_at FROM outbox WHERE event_id = ?1 ORDER BY phone',
    )
      .bind(eventId)
      .all<OutboxRow>()
  ).results
const postsOf = async (eventId: string) =>
  (await env.DB.prepare('SELECT kind, title, status FROM posts WHERE event_id = ?1 ORDER BY published_at').bind(eventId).all()).results
const eventRow = (id: string) =>
  env.DB.prepare('SELECT status, cancel_reason, cancelled_at, changed_at, previous_start_at, start_at, venue FROM events WHERE id = ?1')
    .bind(id)
    .first<Record<string, string | null>>()

/** An event with two active sign-ups and one cancelled one. */
async function eventWithSignUps(overrides = {}) {
  const agency = await createAgency()
  const organiser = await createStaff(agency.id, 'organizer')
  const event = await createPublishedEvent(agency.id, overrides)
  const a = await createParticipant()
  const b = await createParticipant()
  const phones = [phone(), phone(), phone()]
  const regA = (await signUp(event.id, a.token, { phone: phones[0], name: '赵一鸣' })).json.registration
  const regB = (await signUp(event.id, b.token, { phone: phones[1], name: '钱二宝' })).json.registration
  const gone = (await signUp(event.id, b.token, { phone: phones[2], name: '孙三省' })).json.registration
  expect((await api(`/me/registrations/${gone.id}`, { method: 'DELETE', token: b.token })).status).toBe(200)
  return { agency, organiser, event, a, b, phones, regA, regB }
}

describe('取消活动', () => {
  it('cancels with the reason and writes one message per active sign-up in the same batch', async () => {
    const { organiser, event, a, b, phones, regA, regB } = await eventWithSignUps()
    const reason = '因天气原因，实验室临时封闭检修'
    const res = await api(`/events/${event.id}/cancel`, { body: { reason }, token: organiser.token })
    expect(res.status).toBe(200)
    expect(res.json.event).toMatchObject({ status: 'cancelled', cancelReason: reason, cancelledAt: NOW })
    expect(await eventRow(event.id)).toStrictEqual({
      status: 'cancelled',
      cancel_reason: reason,
      cancelled_at: NOW,
      changed_at: null,
      previous_start_at: null,
      start_at: event.startAt,
      venue: event.venue,
    })
    const payload = { title: event.title, startAt: event.startAt, endAt: event.endAt, venue: event.venue, reason, page: `pages/event/index?id=${event.id}` }
    expect((await outboxOf(event.id)).map((r) => ({ ...r, payload: JSON.parse(r.payload) }))).toStrictEqual([
      { kind: 'event_cancelled', participant_id: a.id, phone: phones[0], event_id: event.id, payload, status: 'pending', dedupe_key: `event_cancelled:${NOW}:${regA.id}`, created_at: NOW },
      { kind: 'event_cancelled', participant_id: b.id, phone: phones[1], event_id: event.id, payload, status: 'pending', dedupe_key: `event_cancelled:${NOW}:${regB.id}`, created_at: NOW },
    ])
    // 变更通知 in the feed, in the same batch.
    expect(await postsOf(event.id)).toStrictEqual([{ kind: 'change', title: `变更通知｜${event.title}：活动取消`, status: 'published' }])
  })

  it('is refused when already cancelled, ended, without a reason, or by the wrong person, writing nothing', async () => {
    const { agency, organiser, event } = await eventWithSignUps()
    const before = await eventRow(event.id)
    const checker = await createStaff(agency.id, 'checker')
    const handler = await createStaff(agency.id, 'handler')
    const other = await createStaff((await createAgency()).id, 'admin')
    const citizen = await createParticipant()
    const cancel = (token: string | undefined, body: unknown = { reason: '临时调整' }) => api(`/events/${event.id}/cancel`, { body, token })

    expect((await cancel(undefined)).status).toBe(401)
    expect((await cancel(citizen.token)).status).toBe(403)
    expect((await cancel(checker.token)).status).toBe(403)
    expect((await cancel(handler.token)).status).toBe(403)
    const foreign = await cancel(other.token)
    expect(foreign.status).toBe(403)
    expect(foreign.json.error.code).toBe('FORBIDDEN')
    const empty = await cancel(organiser.token, { reason: ' ' })
    expect(empty.status).toBe(400)
    expect(empty.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' })
    expect(await eventRow(event.id)).toStrictEqual(before)
    expect(await outboxOf(event.id)).toStrictEqual([])

    expect((await cancel(organiser.token)).status).toBe(200)
    const twice = await cancel(organiser.token, { reason: '再取消一次' })
    expect(twice.status).toBe(409)
    expect(twice.json.error).toStrictEqual({ code: 'INVALID_STATE', message: '活动已取消' })
    expect((await eventRow(event.id))!.cancel_reason).toBe('临时调整')
    expect(await outboxOf(event.id)).toHaveLength(2)

    const ended = await createPublishedEvent(agency.id, { startAt: new Date(Date.now() - 3 * HOUR).toISOString(), endAt: new Date(Date.now() - HOUR).toISOString(), registrationOpensAt: new Date(Date.now() - 2 * DAY).toISOString(), registrationClosesAt: new Date(Date.now() - 2 * HOUR).toISOString() })
    const late = await api(`/events/${ended.id}/cancel`, { body: { reason: '补录取消' }, token: organiser.token })
    expect(late.status).toBe(409)
    expect(late.json.error).toStrictEqual({ code: 'INVALID_STATE', message: '活动已结束，不能取消' })
    expect((await eventRow(ended.id))!.status).toBe('published')
  })

  it('leaves neither the cancellation nor any message when the batch fails', async () => {
    const { organiser, event } = await eventWithSignUps()
    const before = await eventRow(event.id)
    await env.DB.prepare("CREATE TRIGGER outbox_fails BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END").run()
    try {
      const res = await api(`/events/${event.id}/cancel`, { body: { reason: '临时调整' }, token: organiser.token })
      expect(res.status).toBeGreaterThanOrEqual(500)
    } finally {
      await env.DB.prepare('DROP TRIGGER outbox_fails').run()
    }
    expect(await eventRow(event.id)).toStrictEqual(before)
    expect(await outboxOf(event.id)).toStrictEqual([])
    expect(await postsOf(event.id)).toStrictEqual([])
  })

  it('makes every ticket of the event answer 已取消 at the door, with no check-in written', async () => {
    const { agency, organiser, event, a, regA } = await eventWithSignUps(runningNow())
    const checker = await createStaff(agency.id, 'checker')
    expect((await api(`/events/${event.id}/cancel`, { body: { reason: '突发情况' }, token: organiser.token })).status).toBe(200)
    const scan = await api(`/events/${event.id}/checkins`, { body: { ticket: regA.ticket }, token: checker.token })
    expect(scan.json.result).toBe('cancelled')
    const byCode = await api(`/events/${event.id}/checkins`, { body: { ticket: regA.shortCode }, token: checker.token })
    expect(byCode.json.result).toBe('cancelled')
    expect(await env.DB.prepare('SELECT count(*) AS n FROM checkins WHERE event_id = ?1').bind(event.id).first('n')).toBe(0)
    // 我的报名: the event shows as cancelled with its reason, and no ticket.
    const mine = { json: { registration: (await api('/me/registrations', { token: a.token })).json.registrations[0] } }
    expect(mine.json.registration.event).toStrictEqual({ title: event.title, venue: event.venue, startAt: event.startAt, endAt: event.endAt, status: 'cancelled', cancelReason: '突发情况' })
    expect(mine.json.registration.ticket).toBeNull()
  })

  it('serves the calendar file as cancelled right after (the edge copy is purged)', async () => {
    const { organiser, event } = await eventWithSignUps()
    expect(await (await fetchIcs(event.id)).includes('STATUS:CONFIRMED')).toBe(true)
    expect((await api(`/events/${event.id}/cancel`, { body: { reason: '临时调整' }, token: organiser.token })).status).toBe(200)
    expect(await (await fetchIcs(event.id)).includes('STATUS:CANCELLED')).toBe(true)
  })
})

async function fetchIcs(id: string) {
  const res = await api(`/events/${id}/calendar.ics`)
  return String(res.json)
}

describe('changing a published event tells those signed up', () => {
  it('writes one event_changed message per active sign-up when the time moves, with the old start', async () => {
    const { organiser, event, phones, regA, regB } = await eventWithSignUps()
    const startAt = new Date(Date.parse(event.startAt) + 2 * DAY).toISOString()
    const endAt = new Date(Date.parse(event.endAt) + 2 * DAY).toISOString()
    const res = await api(`/events/${event.id}`, { method: 'PATCH', body: { startAt, endAt }, token: organiser.token })
    expect(res.status).toBe(200)
    expect(res.json.event).toMatchObject({ startAt, changedAt: NOW, previousStartAt: event.startAt })
    const rows = await outboxOf(event.id)
    expect(rows.map((r) => [r.kind, r.phone, r.dedupe_key])).toStrictEqual([
      ['event_changed', phones[0], `event_changed:${NOW}:${regA.id}`],
      ['event_changed', phones[1], `event_changed:${NOW}:${regB.id}`],
    ])
    expect(await postsOf(event.id)).toStrictEqual([{ kind: 'change', title: `变更通知｜${event.title}：时间调整`, status: 'published' }])
    expect(JSON.parse(rows[0].payload)).toStrictEqual({
      title: event.title,
      startAt,
      endAt,
      venue: event.venue,
      previousStartAt: event.startAt,
      previousVenue: null,
      page: `pages/event/index?id=${event.id}`,
    })
    // Nothing else of the event changed: the agenda, the target groups and the text stay as stored.
    const kept = await env.DB.prepare('SELECT agenda, target_groups, description, capacity, venue FROM events WHERE id = ?1').bind(event.id).first()
    expect(kept).toStrictEqual({
      agenda: JSON.stringify(event.agenda),
      target_groups: JSON.stringify(event.targetGroups),
      description: event.description,
      capacity: event.capacity,
      venue: event.venue,
    })
  })

  it('tells of a new venue, and writes nothing for a change that does not matter to them', async () => {
    const { organiser, event } = await eventWithSignUps()
    expect((await api(`/events/${event.id}`, { method: 'PATCH', body: { title: '新的主题名称', capacity: 40 }, token: organiser.token })).status).toBe(200)
    expect(await outboxOf(event.id)).toStrictEqual([])
    expect((await eventRow(event.id))!.changed_at).toBeNull()
    const venue = '固原市农产品质量安全监管中心二号楼'
    expect((await api(`/events/${event.id}`, { method: 'PATCH', body: { venue }, token: organiser.token })).status).toBe(200)
    const rows = await outboxOf(event.id)
    expect(rows).toHaveLength(2)
    expect(JSON.parse(rows[0].payload)).toMatchObject({ venue, previousVenue: event.venue, previousStartAt: null })
    expect(await eventRow(event.id)).toMatchObject({ changed_at: NOW, previous_start_at: null, venue })
  })

  it('writes no message when the change itself is refused in its batch (capacity below the sign-ups)', async () => {
    const { organiser, event } = await eventWithSignUps()
    const before = await eventRow(event.id)
    const startAt = new Date(Date.parse(event.startAt) + DAY).toISOString()
    const endAt = new Date(Date.parse(event.endAt) + DAY).toISOString()
    const res = await api(`/events/${event.id}`, { method: 'PATCH', body: { startAt, endAt, capacity: 1 }, token: organiser.token })
    expect(res.status).toBe(409)
    expect(res.json.error).toStrictEqual({ code: 'INVALID_STATE', field: 'capacity', message: '已有2人报名，名额不能少于已报名人数' })
    expect(await eventRow(event.id)).toStrictEqual(before)
    expect(await outboxOf(event.id)).toStrictEqual([])
    expect(await postsOf(event.id)).toStrictEqual([])
  })

  it('writes no message for a draft’s changes (nobody has signed up)', async () => {
    const agency = await createAgency()
    const organiser = await createStaff(agency.id, 'organizer')
    const draft = await api('/events', {
      body: {
        title: '草稿活动', hostUnit: '监管中心', venue: '一号楼', startAt: '2026-04-01T01:00:00Z', endAt: '2026-04-01T04:00:00Z',
        registrationOpensAt: '2026-03-11T01:00:00Z', registrationClosesAt: '2026-03-31T01:00:00Z', capacity: 10,
      },
      token: organiser.token,
    })
    expect(draft.status).toBe(201)
    expect((await api(`/events/${draft.json.event.id}`, { method: 'PATCH', body: { venue: '二号楼' }, token: organiser.token })).status).toBe(200)
    expect(await outboxOf(draft.json.event.id)).toStrictEqual([])
    expect((await eventRow(draft.json.event.id))!.changed_at).toBeNull()
    expect(await postsOf(draft.json.event.id)).toStrictEqual([])
    // Publishing writes its 活动预告 in the same batch, once.
    expect((await api(`/events/${draft.json.event.id}/publish`, { body: {}, token: organiser.token })).status).toBe(200)
    expect((await api(`/events/${draft.json.event.id}/publish`, { body: {}, token: organiser.token })).status).toBe(409)
    expect(await postsOf(draft.json.event.id)).toStrictEqual([{ kind: 'preview', title: '活动预告｜草稿活动', status: 'published' }])
  })
})
