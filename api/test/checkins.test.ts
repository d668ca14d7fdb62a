import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { DAY, HOUR, api, createAgency, createParticipant, createPublishedEvent, createStaff, runningNow, signUp } from './support/fixtures'

async function setup(overrides = runningNow()) {
  const agency = await createAgency()
  const staff = await createStaff(agency.id, 'checker')
  const event = await createPublishedEvent(agency.id, overrides)
  const participant = await createParticipant()
  const reg = (await signUp(event.id, participant.token, { name: '张三丰', category: 'media' })).json.registration
  return { agency, staff, event, participant, reg }
}

const scan = (eventId: string, token: string, ticket: string, nonce?: string) =>
  api(`/events/${eventId}/checkins`, { body: { ticket, ...(nonce ? { nonce } : {}) }, token })

describe('check-in outcomes', () => {
  it('checks a ticket in once, with masked name and category, in one D1 round trip', async () => {
    const { staff, event, reg } = await setup()
    const res = await scan(event.id, staff.token, reg.ticket)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ result: 'checked_in', attendee: { nameMasked: '张**', category: 'media' } })
    expect(res.roundTrips).toBe(1)
    const again = await scan(event.id, staff.token, reg.ticket)
    expect(again.json).toMatchObject({ result: 'already_checked_in', checkedInAt: res.json.checkedInAt })
    expect(again.json.checkedInBy).toMatch(/^工作人员/)
  })

  it('accepts the short code typed by hand, case and spaces forgiven', async () => {
    const { staff, event, reg } = await setup()
    const typed = `${reg.shortCode.slice(0, 4).toLowerCase()} ${reg.shortCode.slice(4)}`
    const res = await scan(event.id, staff.token, typed)
    expect(res.json.result).toBe('checked_in')
  })

  it('answers a retried upload with the same nonce as the first, counting once', async () => {
    const { staff, event, reg } = await setup()
    const first = await scan(event.id, staff.token, reg.ticket, 'scan-nonce-0001')
    const retry = await scan(event.id, staff.token, reg.ticket, 'scan-nonce-0001')
    const other = await scan(event.id, staff.token, reg.ticket, 'scan-nonce-0002')
    expect([first.json.result, retry.json.result, other.json.result]).toEqual(['checked_in', 'checked_in', 'already_checked_in'])
    const n = await env.DB.prepare('SELECT count(*) AS n FROM checkins WHERE registration_id = ?').bind(reg.id).first()
    expect(n).toEqual({ n: 1 })
  })

  it('rejects altered and forged tickets as invalid', async () => {
    const { staff, event, reg } = await setup()
    const parts = reg.ticket.split('.')
    const otherReg = (await signUp(event.id, (await createParticipant()).token)).json.registration
    const swapped = [parts[0], parts[1], otherReg.id, parts[3]].join('.')
    const sig = parts[3]
    const withSig = (s: string) => [parts[0], parts[1], parts[2], s].join('.')
    const other = (ch: string) => (ch === 'A' ? 'B' : 'A')
    const altered = [0, 40, 84].map((i) => withSig(sig.slice(0, i) + other(sig[i]) + sig.slice(i + 1)))
    // The last of 86 characters carries 2 bits of the signature and 4 unused ones: the next
    // letter of the alphabet differs only in an unused bit, so it decodes to the same bytes.
    const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    altered.push(withSig(sig.slice(0, 85) + B64URL[B64URL.indexOf(sig[85]) + 1]))
    for (const bad of [swapped, ...altered, 'OD1.x.y.z', 'https://example.com/not-a-ticket', 'ZZZZZZZZ']) {
      const res = await scan(event.id, staff.token, bad)
      expect(res.status, bad).toBe(200)
      expect(res.json, bad).toEqual({ result: 'invalid' })
    }
    const n = await env.DB.prepare('SELECT count(*) AS n FROM checkins WHERE event_id = ?').bind(event.id).first()
    expect(n).toEqual({ n: 0 })
  })

  it('reports a ticket of another event as wrong_event without revealing who it is', async () => {
    const { staff, event, agency } = await setup()
    const otherEvent = await createPublishedEvent(agency.id, runningNow())
    const otherReg = (await signUp(otherEvent.id, (await createParticipant()).token)).json.registration
    const res = await scan(event.id, staff.token, otherReg.ticket)
    expect(res.json).toEqual({ result: 'wrong_event' })
  })

  it('reports a cancelled registration as cancelled', async () => {
    const { staff, event, participant, reg } = await setup()
    await api(`/me/registrations/${reg.id}`, { method: 'DELETE', token: participant.token })
    const res = await scan(event.id, staff.token, reg.ticket)
    expect(res.json.result).toBe('cancelled')
  })

  it('accepts scans only from 2 hours before the start until the end (not_open)', async () => {
    const early = await setup({
      startAt: new Date(Date.now() + 3 * HOUR).toISOString(),
      endAt: new Date(Date.now() + 5 * HOUR).toISOString(),
      registrationOpensAt: new Date(Date.now() - DAY).toISOString(),
      registrationClosesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
    })
    expect((await scan(early.event.id, early.staff.token, early.reg.ticket)).json.result).toBe('not_open')
    const soon = await setup({
      startAt: new Date(Date.now() + 1.5 * HOUR).toISOString(),
      endAt: new Date(Date.now() + 3 * HOUR).toISOString(),
      registrationOpensAt: new Date(Date.now() - DAY).toISOString(),
      registrationClosesAt: new Date(Date.now() + HOUR).toISOString(),
    })
    expect((await scan(soon.event.id, soon.staff.token, soon.reg.ticket)).json.result).toBe('checked_in')
  })

  it('records exactly one check-in for 20 simultaneous scans of one ticket', async () => {
    const { staff, event, reg } = await setup()
    const other = await createStaff(staff.agencyId, 'checker')
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => scan(event.id, (i % 2 ? staff : other).token, reg.ticket, `door-${i}-nonce`)),
    )
    const outcomes = results.map((r) => r.json.result)
    expect(outcomes.filter((o) => o === 'checked_in')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'already_checked_in')).toHaveLength(19)
    const n = await env.DB.prepare('SELECT count(*) AS n FROM checkins WHERE registration_id = ?').bind(reg.id).first()
    expect(n).toEqual({ n: 1 })
  })
})

describe('check-in authorisation', () => {
  it('refuses participants, anonymous callers and staff of another agency', async () => {
    const { event, participant, reg } = await setup()
    const otherAgency = await createAgency()
    const outsider = await createStaff(otherAgency.id)
    expect((await scan(event.id, participant.token, reg.ticket)).status).toBe(403)
    expect((await api(`/events/${event.id}/checkins`, { body: { ticket: reg.ticket } })).status).toBe(401)
    const foreign = await scan(event.id, outsider.token, reg.ticket)
    expect(foreign.status).toBe(403)
    expect(foreign.json.error.code).toBe('FORBIDDEN')
    const n = await env.DB.prepare('SELECT count(*) AS n FROM checkins WHERE registration_id = ?').bind(reg.id).first()
    expect(n).toEqual({ n: 0 })
  })

  it('rejects an empty ticket as VALIDATION_FAILED', async () => {
    const { staff, event } = await setup()
    const res = await scan(event.id, staff.token, '')
    expect(res.status).toBe(400)
    expect(res.json.error.field).toBe('ticket')
  })
})
