import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { setNow } from './support/clock'
import { HOUR, api, createAgency, createParticipant, createPublishedEvent, createStaff, signUp } from './support/fixtures'

// The clock is frozen at 2026-03-10T02:00:00Z (10:00 in Shanghai); events run 09:00–12:00.
const RUNNING = {
  startAt: '2026-03-10T09:00:00+08:00',
  endAt: '2026-03-10T12:00:00+08:00',
  registrationOpensAt: '2026-03-01T09:00:00+08:00',
  registrationClosesAt: '2026-03-10T11:00:00+08:00',
}

async function setup() {
  const agency = await createAgency()
  const staff = await createStaff(agency.id, 'checker')
  const event = await createPublishedEvent(agency.id, RUNNING)
  const participant = await createParticipant()
  const reg = (await signUp(event.id, participant.token, { name: '张三丰', phone: '13812345678', category: 'media' })).json.registration
  return { agency, staff, event, participant, reg }
}

const scan = (eventId: string, token: string, ticket: string, nonce?: string) =>
  api(`/events/${eventId}/checkins`, { body: { ticket, ...(nonce ? { nonce } : {}) }, token })

const checkinRows = async (registrationId: string) =>
  (await env.DB.prepare('SELECT registration_id, event_id FROM checkins WHERE registration_id = ?1').bind(registrationId).all()).results
const checkedInCount = async (eventId: string) =>
  (await env.DB.prepare('SELECT checked_in_count FROM events WHERE id = ?1').bind(eventId).first<{ checked_in_count: number }>())!.checked_in_count

describe('a scan writes a check-in only for an active ticket of this event, while it runs', () => {
  it('another event’s ticket answers wrong_event and writes nothing, for either event', async () => {
    const { staff, event, agency } = await setup()
    const other = await createPublishedEvent(agency.id, RUNNING)
    const otherReg = (await signUp(other.id, (await createParticipant()).token)).json.registration
    const res = await scan(event.id, staff.token, otherReg.ticket)
    expect(res.json).toStrictEqual({ result: 'wrong_event' })
    expect(await checkinRows(otherReg.id)).toEqual([])
    expect([await checkedInCount(event.id), await checkedInCount(other.id)]).toEqual([0, 0])
    // Typed by hand, the other event's short code is simply not found here.
    expect((await scan(event.id, staff.token, otherReg.shortCode)).json).toStrictEqual({ result: 'invalid' })
    expect(await checkinRows(otherReg.id)).toEqual([])
  })

  it('a cancelled ticket answers cancelled and writes nothing', async () => {
    const { staff, event, participant, reg } = await setup()
    expect((await api(`/me/registrations/${reg.id}`, { method: 'DELETE', token: participant.token })).status).toBe(200)
    const res = await scan(event.id, staff.token, reg.ticket)
    expect(res.json).toStrictEqual({ result: 'cancelled', attendee: { nameMasked: '张**', category: 'media' } })
    expect(await checkinRows(reg.id)).toEqual([])
    expect(await checkedInCount(event.id)).toBe(0)
  })

  it('after the end answers ended and writes nothing', async () => {
    const { staff, event, reg } = await setup()
    setNow('2026-03-10T12:00:01+08:00')
    const res = await scan(event.id, staff.token, reg.ticket)
    expect(res.json).toStrictEqual({ result: 'ended', attendee: { nameMasked: '张**', category: 'media' } })
    expect(await checkinRows(reg.id)).toEqual([])
    // At the last second of the event it is still accepted.
    setNow('2026-03-10T12:00:00+08:00')
    expect((await scan(event.id, staff.token, reg.ticket)).json.result).toBe('checked_in')
    expect(await checkinRows(reg.id)).toEqual([{ registration_id: reg.id, event_id: event.id }])
  })

  it('answers exactly what the door needs: a masked name, the category and the time, never the phone', async () => {
    const { staff, event, reg } = await setup()
    const first = await scan(event.id, staff.token, reg.ticket, 'door-1-nonce-0001')
    expect(first.json).toStrictEqual({
      result: 'checked_in',
      attendee: { nameMasked: '张**', category: 'media' },
      checkedInAt: '2026-03-10T02:00:00.000Z',
    })
    const again = await scan(event.id, staff.token, reg.shortCode, 'door-2-nonce-0002')
    expect(again.json).toStrictEqual({
      result: 'already_checked_in',
      attendee: { nameMasked: '张**', category: 'media' },
      checkedInAt: '2026-03-10T02:00:00.000Z',
      checkedInBy: `工作人员${staff.id.slice(0, 2)}`,
    })
    expect(JSON.stringify([first.json, again.json])).not.toMatch(/5678|138\d{8}/)
  })

  it('refuses a scan before check-in opens (2 hours before the start), writing nothing', async () => {
    // Tokens must not be issued "in the future": move the clock first, then sign up and log in.
    setNow(Date.parse(RUNNING.startAt) - 2 * HOUR - 1000)
    const { staff, event, reg } = await setup()
    expect((await scan(event.id, staff.token, reg.ticket)).json.result).toBe('not_open')
    expect(await checkinRows(reg.id)).toEqual([])
  })
})
