import { describe, expect, it } from 'vitest'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, runningNow, signUp } from './support/fixtures'

describe('live dashboard', () => {
  it('counts registrations and check-ins by category and suggestions, in one D1 round trip', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'checker')
    const event = await createPublishedEvent(agency.id, runningNow({ capacity: 30 }))
    const p = await createParticipant()
    const a = (await signUp(event.id, p.token, { category: 'npc_deputy' })).json.registration
    await signUp(event.id, p.token, { category: 'npc_deputy' })
    await signUp(event.id, p.token, { category: 'citizen' })
    const cancelled = (await signUp(event.id, p.token, { category: 'media' })).json.registration
    await api(`/me/registrations/${cancelled.id}`, { method: 'DELETE', token: p.token })
    await api(`/events/${event.id}/checkins`, { body: { ticket: a.ticket }, token: staff.token })
    await api(`/events/${event.id}/suggestions`, { body: { content: '建议一' } })
    const res = await api(`/events/${event.id}/dashboard`, { token: staff.token })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      capacity: 30,
      registered: 3,
      checkedIn: 1,
      byCategory: [
        { category: 'citizen', registered: 1, checkedIn: 0 },
        { category: 'npc_deputy', registered: 2, checkedIn: 1 },
      ],
      suggestions: 1,
      evaluations: { count: 0, averages: null },
    })
    expect(res.roundTrips).toBe(1)
  })

  it('is for staff of the event’s agency only', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const outsider = await createStaff((await createAgency()).id)
    const participant = await createParticipant()
    expect((await api(`/events/${event.id}/dashboard`, { token: outsider.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/dashboard`, { token: participant.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/dashboard`)).status).toBe(401)
    expect((await api('/events/nope/dashboard', { token: outsider.token })).status).toBe(404)
  })
})
