// A sign-up still waiting for approval (审核) at the door: 待审核 (`pending_approval`), never 无效票据
// and never a check-in, at the entrance, at a 签到点, at an exit, by ticket or 签到码; the roster
// lists it as 'pending' so the device says the same offline (shared decideScan on both sides).
import { env } from 'cloudflare:test'
import { CHECKIN_RESULTS, maskName, type Roster } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { api, createParticipant, runningNow, signUp } from './support/fixtures'
import { seatedEvent } from './support/seats'

const rows = async (sql: string, id: string) => (await env.DB.prepare(sql).bind(id).all()).results

describe('a sign-up waiting for approval at the door', () => {
  it('answers 待审核 everywhere and writes no check-in', async () => {
    const { event, staff, participant } = await seatedEvent({ requiresApproval: true, capacity: 3, quotas: {}, ...runningNow() })
    const reg = (await signUp(event.id, participant.token, { name: '欧阳娜娜', category: 'npc_deputy' })).json.registration
    expect(reg.approval).toBe('pending')
    const point = await api(`/events/${event.id}/checkpoints`, { body: { name: '气相色谱仪' }, token: staff.token })
    expect(point.status).toBe(201)
    const expected = { attendee: { nameMasked: maskName('欧阳娜娜'), category: 'npc_deputy' } }

    const byCode = await api(`/events/${event.id}/checkins`, { body: { ticket: reg.shortCode, nonce: 'pending-1' }, token: staff.token })
    expect(byCode.json).toEqual({ result: 'pending_approval', ...expected })
    const typed = await api(`/events/${event.id}/checkins`, { body: { ticket: reg.shortCode.toLowerCase(), nonce: 'pending-2' }, token: staff.token })
    expect(typed.json).toEqual({ result: 'pending_approval', ...expected })
    const atPoint = await api(`/events/${event.id}/checkins`, { body: { ticket: reg.shortCode, nonce: 'pending-3', checkpointId: point.json.point.id }, token: staff.token })
    expect(atPoint.json).toEqual({ result: 'pending_approval', checkpointId: point.json.point.id, direction: 'in', ...expected })
    const exit = await api(`/events/${event.id}/checkins`, { body: { ticket: reg.shortCode, nonce: 'pending-4', direction: 'out' }, token: staff.token })
    expect(exit.json).toEqual({ result: 'pending_approval', checkpointId: 'entrance', direction: 'out', ...expected })
    expect(CHECKIN_RESULTS[byCode.json.result as 'pending_approval']).toBe('待审核')

    // Stored: nothing at the entrance, nothing at the point, no counts moved.
    expect(await rows('SELECT registration_id FROM checkins WHERE event_id = ?1', event.id)).toEqual([])
    expect(await rows('SELECT registration_id FROM checkpoint_scans WHERE event_id = ?1', event.id)).toEqual([])
    expect(await rows('SELECT checked_in_count FROM events WHERE id = ?1', event.id)).toEqual([{ checked_in_count: 0 }])
    expect(await rows('SELECT checked_in_count FROM checkpoints WHERE event_id = ?1', event.id)).toEqual([{ checked_in_count: 0 }])

    // The roster carries it as pending (the device's decision is tested on the same table of
    // cases in scan-cases.test.ts).
    const roster = (await api(`/events/${event.id}/roster`, { token: staff.token })).json as Roster
    expect(roster.statuses[roster.ids.indexOf(reg.id)]).toBe('pending')

    // Approved: the same code checks in.
    expect((await api(`/events/${event.id}/registrations/${reg.id}/approve`, { method: 'POST', token: staff.token })).status).toBe(200)
    const after = await api(`/events/${event.id}/checkins`, { body: { ticket: reg.shortCode, nonce: 'pending-5' }, token: staff.token })
    expect(after.json.result).toBe('checked_in')
    expect(await rows('SELECT registration_id, nonce FROM checkins WHERE event_id = ?1', event.id)).toEqual([{ registration_id: reg.id, nonce: 'pending-5' }])
  })

  it('a declined sign-up is 已取消, not 待审核', async () => {
    const { event, staff } = await seatedEvent({ requiresApproval: true, capacity: 3, quotas: {}, ...runningNow() })
    const reg = (await signUp(event.id, (await createParticipant()).token, { name: '欧阳娜娜' })).json.registration
    const declined = await api(`/events/${event.id}/registrations/${reg.id}/decline`, { body: { reason: '名额已满，欢迎下次参加' }, token: staff.token })
    expect(declined.status).toBe(200)
    const res = await api(`/events/${event.id}/checkins`, { body: { ticket: reg.shortCode }, token: staff.token })
    expect(res.json.result).toBe('cancelled')
    expect(await rows('SELECT registration_id FROM checkins WHERE event_id = ?1', event.id)).toEqual([])
  })
})
