import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { deliver } from '../src/notifications/consumer'
import { sendersFor } from '../src/notifications/senders'
import { makeDb } from '../src/lib/db'
import { FAKE_SMS } from './support/fake-tencent-sms'
import { inbox, phoneSeries } from './support/sms'
import { api, createAgency, createParticipant, createStaff, runningNow, signUp } from './support/fixtures'
import { seatCounts, seatedEvent } from './support/seats'

const storedReg = (id: string) =>
  env.DB.prepare('SELECT status, approval, decline_reason, approval_decided_at, cancelled_at FROM registrations WHERE id = ?1').bind(id).first()
const outboxOf = (regId: string) =>
  env.DB.prepare(
    `SELECT o.kind, o.dedupe_key, o.phone, o.status, o.payload FROM outbox o JOIN registrations r ON r.participant_id = o.participant_id AND r.event_id = o.event_id
     WHERE r.id = ?1 ORDER BY o.kind`,
  )
    .bind(regId)
    .all()
    .then((r) => r.results.map((o: any) => ({ ...o, payload: JSON.parse(o.payload) })))

const phone = phoneSeries('1376')

async function pendingSignUp(overrides = {}, number = '13912340001') {
  const setup = await seatedEvent({ requiresApproval: true, capacity: 3, quotas: {}, ...overrides })
  const res = await signUp(setup.event.id, setup.participant.token, { name: '欧阳娜娜', phone: number, organization: '市农科院' })
  return { ...setup, res, reg: res.json.registration }
}

describe('sign-ups that need approval (审核)', () => {
  it('waits as 待审核: seat held, no ticket, shown in 我的报名', async () => {
    const { event, participant, res, reg } = await pendingSignUp()
    expect(res.status).toBe(201)
    expect(res.roundTrips).toBe(1)
    expect(reg).toMatchObject({ status: 'active', approval: 'pending', declineReason: null, ticket: null })
    expect(await storedReg(reg.id)).toEqual({ status: 'active', approval: 'pending', decline_reason: null, approval_decided_at: null, cancelled_at: null })
    expect(await seatCounts(event.id)).toEqual({ general: 1 })
    const mine = await api('/me/registrations', { token: participant.token })
    expect(mine.json.registrations[0]).toMatchObject({ id: reg.id, approval: 'pending', ticket: null })
  })

  it('lists pending sign-ups for staff, masked', async () => {
    const { event, staff, reg } = await pendingSignUp()
    const res = await api(`/events/${event.id}/registrations?approval=pending`, { token: staff.token })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      registrations: [
        {
          id: reg.id,
          nameMasked: '欧***',
          phoneMasked: '139****0001',
          category: 'citizen',
          organization: '市农科院',
          seatPool: 'general',
          invited: false,
          status: 'active',
          approval: 'pending',
          declineReason: null,
          createdAt: '2026-03-10T02:00:00.000Z',
        },
      ],
    })
    expect((await api(`/events/${event.id}/registrations?approval=approved`, { token: staff.token })).json.registrations).toEqual([])
    const bad = await api(`/events/${event.id}/registrations?approval=maybe`, { token: staff.token })
    expect(bad.status).toBe(400)
    expect(bad.json.error.field).toBe('approval')
  })

  it('approving issues the ticket and tells the person in the same batch', async () => {
    const { event, staff, participant, reg } = await pendingSignUp()
    const res = await api(`/events/${event.id}/registrations/${reg.id}/approve`, { method: 'POST', token: staff.token })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ registration: { id: reg.id, approval: 'approved', declineReason: null } })
    expect(await storedReg(reg.id)).toEqual({ status: 'active', approval: 'approved', decline_reason: null, approval_decided_at: '2026-03-10T02:00:00.000Z', cancelled_at: null })
    expect(await outboxOf(reg.id)).toEqual([
      {
        kind: 'registration_approved',
        dedupe_key: `registration_approved:${reg.id}`,
        phone: '13912340001',
        status: 'pending',
        payload: { title: event.title, startAt: new Date(event.startAt).toISOString(), endAt: new Date(event.endAt).toISOString(), venue: event.venue, page: 'pages/my/index' },
      },
    ])
    const mine = (await api('/me/registrations', { token: participant.token })).json.registrations[0]
    expect(mine.approval).toBe('approved')
    expect(mine.ticket).toMatch(/^OD1\./)
    // Only from pending.
    for (const step of ['approve', 'decline']) {
      const again = await api(`/events/${event.id}/registrations/${reg.id}/${step}`, { body: { reason: '名额已满' }, token: staff.token })
      expect(again.status).toBe(409)
      expect(again.json.error).toEqual({ code: 'INVALID_STATE', message: '该报名已审核通过' })
    }
    expect(await outboxOf(reg.id)).toHaveLength(1)
  })

  it('declining needs a reason, cancels the sign-up, frees the seat and tells the person', async () => {
    const { event, staff, participant, reg } = await pendingSignUp()
    const missing = await api(`/events/${event.id}/registrations/${reg.id}/decline`, { body: {}, token: staff.token })
    expect(missing.status).toBe(400)
    expect(missing.json.error).toEqual({ code: 'VALIDATION_FAILED', field: 'reason', message: '请填写未通过的原因，报名者会收到这条说明' })
    expect(await storedReg(reg.id)).toMatchObject({ approval: 'pending', status: 'active' })
    const reason = '本场面向食品生产企业代表，名额有限'
    const res = await api(`/events/${event.id}/registrations/${reg.id}/decline`, { body: { reason }, token: staff.token })
    expect(res.status).toBe(200)
    expect(await storedReg(reg.id)).toEqual({
      status: 'cancelled',
      approval: 'declined',
      decline_reason: reason,
      approval_decided_at: '2026-03-10T02:00:00.000Z',
      cancelled_at: '2026-03-10T02:00:00.000Z',
    })
    expect(await seatCounts(event.id)).toEqual({ general: 0 })
    expect((await env.DB.prepare('SELECT registered_count FROM events WHERE id = ?1').bind(event.id).first())).toEqual({ registered_count: 0 })
    const [row] = await outboxOf(reg.id)
    expect(row).toMatchObject({ kind: 'registration_declined', dedupe_key: `registration_declined:${reg.id}`, status: 'pending' })
    expect(row.payload.reason).toBe(reason)
    const mine = (await api('/me/registrations', { token: participant.token })).json.registrations[0]
    expect(mine).toMatchObject({ status: 'cancelled', approval: 'declined', declineReason: reason, ticket: null })
    const again = await api(`/events/${event.id}/registrations/${reg.id}/approve`, { method: 'POST', token: staff.token })
    expect(again.json.error).toEqual({ code: 'INVALID_STATE', message: '该报名已审核未通过' })
  })

  it('concurrent approve and decline of one sign-up: exactly one wins, one message', async () => {
    const { event, staff, reg } = await pendingSignUp()
    const results = await Promise.all([
      api(`/events/${event.id}/registrations/${reg.id}/approve`, { method: 'POST', token: staff.token }),
      api(`/events/${event.id}/registrations/${reg.id}/decline`, { body: { reason: '名额有限' }, token: staff.token }),
      api(`/events/${event.id}/registrations/${reg.id}/approve`, { method: 'POST', token: staff.token }),
    ])
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(2)
    expect(await outboxOf(reg.id)).toHaveLength(1)
  })

  it('an event without approval has nothing to approve', async () => {
    const { event, staff, participant } = await seatedEvent({ quotas: {} })
    const reg = (await signUp(event.id, participant.token)).json.registration
    expect(reg.approval).toBeUndefined()
    expect(reg.ticket).toMatch(/^OD1\./)
    const res = await api(`/events/${event.id}/registrations/${reg.id}/approve`, { method: 'POST', token: staff.token })
    expect(res.status).toBe(409)
    expect(res.json.error).toEqual({ code: 'INVALID_STATE', message: '该报名无需审核' })
    expect((await api(`/events/${event.id}/registrations/nope/approve`, { method: 'POST', token: staff.token })).status).toBe(404)
  })

  it('the door refuses a pending sign-up and admits it once approved', async () => {
    const { event, staff, reg } = await pendingSignUp(runningNow())
    const door = await api(`/events/${event.id}/checkins`, { body: { ticket: reg.shortCode }, token: staff.token })
    expect(door.status).toBe(200)
    expect(door.json.result).toBe('pending_approval')
    expect((await env.DB.prepare('SELECT count(*) AS n FROM checkins WHERE registration_id = ?1').bind(reg.id).first())).toEqual({ n: 0 })
    await api(`/events/${event.id}/registrations/${reg.id}/approve`, { method: 'POST', token: staff.token })
    const after = await api(`/events/${event.id}/checkins`, { body: { ticket: reg.shortCode }, token: staff.token })
    expect(after.json.result).toBe('checked_in')
  })

  it('only the organiser or admin of the event agency lists and decides', async () => {
    const { event, agency, reg } = await pendingSignUp()
    const checker = await createStaff(agency.id, 'checker')
    const stranger = await createStaff((await createAgency()).id, 'admin')
    const participant = await createParticipant()
    for (const token of [checker.token, stranger.token, participant.token, '']) {
      const expected = token ? 403 : 401
      expect((await api(`/events/${event.id}/registrations?approval=pending`, { token })).status).toBe(expected)
      expect((await api(`/events/${event.id}/registrations/${reg.id}/approve`, { method: 'POST', token })).status).toBe(expected)
      expect((await api(`/events/${event.id}/registrations/${reg.id}/decline`, { body: { reason: '名额有限' }, token })).status).toBe(expected)
    }
    expect(await storedReg(reg.id)).toMatchObject({ approval: 'pending', status: 'active' })
  })

  it('the messages go out by SMS with the approved templates (variables ≤ 6 characters)', async () => {
    const approvedPhone = phone()
    const declinedPhone = phone()
    const a = await pendingSignUp({}, approvedPhone)
    const d = await pendingSignUp({}, declinedPhone)
    await api(`/events/${a.event.id}/registrations/${a.reg.id}/approve`, { method: 'POST', token: a.staff.token })
    await api(`/events/${d.event.id}/registrations/${d.reg.id}/decline`, { body: { reason: '名额有限' }, token: d.staff.token })
    const ids = (await env.DB.prepare('SELECT id FROM outbox WHERE event_id IN (?1, ?2) ORDER BY kind').bind(a.event.id, d.event.id).all<{ id: string }>()).results
    const senders = sendersFor(env)
    for (const { id } of ids) expect(await deliver(makeDb(env.DB), senders, id, new Date())).toStrictEqual({ done: true, status: 'sent' })
    expect(await inbox(approvedPhone)).toStrictEqual([{ templateId: FAKE_SMS.noticeTemplates.registration_approved[0], params: ['3月30日', '10:00'], signName: FAKE_SMS.signName }])
    expect(await inbox(declinedPhone)).toStrictEqual([{ templateId: FAKE_SMS.noticeTemplates.registration_declined[0], params: ['3月30日'], signName: FAKE_SMS.signName }])
  })
})
