// Scans queued on a door device while it was offline and uploaded later: decided at the time they
// were scanned (`scannedAt`, within bounds), stored with that time and the time they arrived.
import { env } from 'cloudflare:test'
import { fromBase64Url, parseTicket } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { setNow } from './support/clock'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, signUp } from './support/fixtures'

// An open day on Tuesday 10 March 2026, 09:00–11:00 Shanghai; sign-up closed at 08:00.
const EVENT = {
  startAt: '2026-03-10T09:00:00+08:00',
  endAt: '2026-03-10T11:00:00+08:00',
  registrationOpensAt: '2026-03-01T09:00:00+08:00',
  registrationClosesAt: '2026-03-10T08:00:00+08:00',
}

async function setup(times = EVENT, signUpAt = '2026-03-05T12:00:00+08:00') {
  setNow(signUpAt)
  const agency = await createAgency()
  const event = await createPublishedEvent(agency.id, times)
  const participant = await createParticipant()
  const reg = (await signUp(event.id, participant.token, { name: '张三丰', category: 'media' })).json.registration
  return { agency, event, reg }
}

/** A checker logged in at the current (frozen) time: staff sessions last 12 hours. */
const checker = (agencyId: string) => createStaff(agencyId, 'checker')

const upload = (eventId: string, token: string, body: { ticket: string; nonce?: string; scannedAt?: string }) =>
  api(`/events/${eventId}/checkins`, { body, token })

const iso = (at: string) => new Date(at).toISOString()

async function storedCheckins(eventId: string) {
  const rows = await env.DB.prepare(
    'SELECT registration_id, nonce, checked_in_at, recorded_at FROM checkins WHERE event_id = ? ORDER BY checked_in_at',
  )
    .bind(eventId)
    .all()
  const counts = await env.DB.prepare('SELECT checked_in_count FROM events WHERE id = ?').bind(eventId).first()
  return { rows: rows.results, checkedInCount: counts?.checked_in_count }
}

describe('a scan uploaded late', () => {
  it('made inside the window and uploaded after the event ended is checked in at its scan time', async () => {
    const { agency, event, reg } = await setup()
    setNow('2026-03-10T14:00:00+08:00') // the network came back three hours after the end
    const staff = await checker(agency.id)
    const res = await upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-offline-0001', scannedAt: '2026-03-10T10:30:00+08:00' })
    expect(res.status).toBe(200)
    expect(res.json).toStrictEqual({
      result: 'checked_in',
      attendee: { nameMasked: '张**', category: 'media' },
      checkedInAt: iso('2026-03-10T10:30:00+08:00'),
    })
    expect(res.roundTrips).toBe(1)
    expect(await storedCheckins(event.id)).toStrictEqual({
      rows: [
        {
          registration_id: reg.id,
          nonce: 'door-offline-0001',
          checked_in_at: iso('2026-03-10T10:30:00+08:00'),
          recorded_at: iso('2026-03-10T14:00:00+08:00'),
        },
      ],
      checkedInCount: 1,
    })

    // The device did not hear the answer and, logged in again, sends the same scan the next morning.
    setNow('2026-03-11T08:00:00+08:00')
    const relogged = await checker(agency.id)
    const again = await upload(event.id, relogged.token, { ticket: reg.ticket, nonce: 'door-offline-0001', scannedAt: '2026-03-10T10:30:00+08:00' })
    expect(again.json).toStrictEqual(res.json)
    expect((await storedCheckins(event.id)).rows).toHaveLength(1)
    expect((await storedCheckins(event.id)).checkedInCount).toBe(1)
  })

  it('without a scan time, the same ticket after the end is refused as ended and nothing is stored', async () => {
    const { agency, event, reg } = await setup()
    setNow('2026-03-10T14:00:00+08:00')
    const staff = await checker(agency.id)
    const res = await upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-online-00001' })
    expect(res.json).toStrictEqual({ result: 'ended', attendee: { nameMasked: '张**', category: 'media' } })
    expect(await storedCheckins(event.id)).toStrictEqual({ rows: [], checkedInCount: 0 })
  })

  it('is decided at its scan time: scanned after the end is ended, before the window is not_open', async () => {
    const { agency, event, reg } = await setup()
    setNow('2026-03-10T14:00:00+08:00')
    const staff = await checker(agency.id)
    const late = await upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-late-000001', scannedAt: '2026-03-10T11:00:01+08:00' })
    expect(late.json.result).toBe('ended')
    const early = await upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-early-00001', scannedAt: '2026-03-10T06:59:59+08:00' })
    expect(early.json.result).toBe('not_open')
    expect(await storedCheckins(event.id)).toStrictEqual({ rows: [], checkedInCount: 0 })
    // The edges of the window count: 2 hours before the start, and the end itself.
    const atEnd = await upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-edge-000001', scannedAt: '2026-03-10T11:00:00+08:00' })
    expect(atEnd.json.result).toBe('checked_in')
    expect((await storedCheckins(event.id)).rows).toStrictEqual([
      {
        registration_id: reg.id,
        nonce: 'door-edge-000001',
        checked_in_at: iso('2026-03-10T11:00:00+08:00'),
        recorded_at: iso('2026-03-10T14:00:00+08:00'),
      },
    ])
  })

  it('a typed 签到码 queued offline is decided at its scan time too', async () => {
    const { agency, event, reg } = await setup()
    setNow('2026-03-10T12:00:00+08:00')
    const staff = await checker(agency.id)
    const res = await upload(event.id, staff.token, { ticket: reg.shortCode, nonce: 'door-code-000001', scannedAt: '2026-03-10T09:15:00+08:00' })
    expect(res.json.result).toBe('checked_in')
    expect((await storedCheckins(event.id)).rows).toStrictEqual([
      {
        registration_id: reg.id,
        nonce: 'door-code-000001',
        checked_in_at: iso('2026-03-10T09:15:00+08:00'),
        recorded_at: iso('2026-03-10T12:00:00+08:00'),
      },
    ])
  })

  it('two doors uploading their offline scans of one ticket at once record one check-in', async () => {
    const { agency, event, reg } = await setup()
    setNow('2026-03-10T13:00:00+08:00')
    const staff = await checker(agency.id)
    const other = await checker(agency.id)
    const results = await Promise.all([
      upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-a-00000001', scannedAt: '2026-03-10T09:30:00+08:00' }),
      upload(event.id, other.token, { ticket: reg.ticket, nonce: 'door-b-00000001', scannedAt: '2026-03-10T09:31:00+08:00' }),
      upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-a-00000001', scannedAt: '2026-03-10T09:30:00+08:00' }),
    ])
    const outcomes = results.map((r) => r.json.result).sort()
    // Door A's retry says checked_in when A won; either way exactly one row is stored.
    expect(outcomes.filter((o) => o === 'checked_in').length).toBeGreaterThanOrEqual(1)
    const { rows, checkedInCount } = await storedCheckins(event.id)
    expect(rows).toHaveLength(1)
    expect(checkedInCount).toBe(1)
    const winner = rows[0] as { nonce: string; checked_in_at: string }
    const winnerTime = winner.nonce === 'door-a-00000001' ? '2026-03-10T09:30:00+08:00' : '2026-03-10T09:31:00+08:00'
    expect(winner.checked_in_at).toBe(iso(winnerTime))
  })
})

describe('scan time bounds', () => {
  // The event runs for two days so that every scan time below falls inside its window.
  const LONG = {
    startAt: '2026-03-07T09:00:00+08:00',
    endAt: '2026-03-11T18:00:00+08:00',
    registrationOpensAt: '2026-03-01T09:00:00+08:00',
    registrationClosesAt: '2026-03-07T08:00:00+08:00',
  }

  it('refuses a scan time more than 5 minutes ahead of the server with a 400, storing nothing', async () => {
    const { agency, event, reg } = await setup(LONG)
    setNow('2026-03-10T10:00:00+08:00')
    const staff = await checker(agency.id)
    const ahead = await upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-ahead-00001', scannedAt: '2026-03-10T10:05:01+08:00' })
    expect(ahead.status).toBe(400)
    expect(ahead.json).toStrictEqual({
      error: { code: 'VALIDATION_FAILED', message: '扫码时间晚于服务器时间，请校准手机时间后重新扫码', field: 'scannedAt' },
    })
    expect(await storedCheckins(event.id)).toStrictEqual({ rows: [], checkedInCount: 0 })
    // Within the allowed clock skew it is taken as given.
    const skewed = await upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-skew-000001', scannedAt: '2026-03-10T10:04:59+08:00' })
    expect(skewed.json.result).toBe('checked_in')
    expect((await storedCheckins(event.id)).rows[0]).toMatchObject({ checked_in_at: iso('2026-03-10T10:04:59+08:00') })
  })

  it('refuses a scan more than 3 days old with a 400, storing nothing', async () => {
    const { agency, event, reg } = await setup(LONG)
    setNow('2026-03-10T10:00:00+08:00')
    const staff = await checker(agency.id)
    const stale = await upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-stale-00001', scannedAt: '2026-03-07T09:59:59+08:00' })
    expect(stale.status).toBe(400)
    expect(stale.json).toStrictEqual({
      error: { code: 'VALIDATION_FAILED', message: '扫码记录已超过3天未上传，不能再补录，请参加者重新出示票据', field: 'scannedAt' },
    })
    expect(await storedCheckins(event.id)).toStrictEqual({ rows: [], checkedInCount: 0 })
    const justInTime = await upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-old-0000001', scannedAt: '2026-03-07T10:00:00+08:00' })
    expect(justInTime.json.result).toBe('checked_in')
    expect((await storedCheckins(event.id)).rows[0]).toMatchObject({
      checked_in_at: iso('2026-03-07T10:00:00+08:00'),
      recorded_at: iso('2026-03-10T10:00:00+08:00'),
    })
  })

  it('refuses a scan time that is not an ISO instant', async () => {
    const { agency, event, reg } = await setup(LONG)
    setNow('2026-03-10T10:00:00+08:00')
    const staff = await checker(agency.id)
    for (const scannedAt of ['yesterday', '2026-03-10 10:00', '2026-03-10T10:00:00']) {
      const res = await upload(event.id, staff.token, { ticket: reg.ticket, nonce: 'door-format-0001', scannedAt })
      expect(res.status, scannedAt).toBe(400)
      expect(res.json.error.field, scannedAt).toBe('scannedAt')
    }
    expect(await storedCheckins(event.id)).toStrictEqual({ rows: [], checkedInCount: 0 })
  })
})

describe('the public key a door device verifies tickets with', () => {
  it('verifies the tickets the API issues, read with the shared ticket format', async () => {
    const { reg } = await setup()
    const res = await api('/tickets/public-key')
    expect(res.status).toBe(200)
    expect(res.json.alg).toBe('Ed25519')
    const raw = fromBase64Url(res.json.publicKey)!
    expect(raw).toHaveLength(32)
    const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify'])
    const parsed = parseTicket(reg.ticket)!
    expect(parsed.registrationId).toBe(reg.id)
    expect(await crypto.subtle.verify('Ed25519', key, parsed.signature, parsed.message)).toBe(true)
    const other = parseTicket(reg.ticket.replace(reg.id, `${reg.id.slice(0, -1)}${reg.id.endsWith('A') ? 'B' : 'A'}`))!
    expect(await crypto.subtle.verify('Ed25519', key, other.signature, other.message)).toBe(false)
  })
})
