// The one table of door scans (shared/test/scan-cases.ts) against the real route on a real D1,
// and, for each case, the device's offline decision (shared decideOffline) on the roster this
// route returns: the two must give the same outcome, the same person and the same time.
import { env } from 'cloudflare:test'
import { decideOffline, fromBase64Url, indexRoster, parseTicket, type DeviceCheckin, type OfflineVerdict, type Roster } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import {
  CASE_EVENT,
  CASE_PERSON,
  CASE_PRIOR_AT,
  CASE_SIGN_UP_AT,
  CASE_UPLOAD_AT,
  SCAN_CASES,
  scanValue,
  type ScanCase,
} from '../../shared/test/scan-cases'
import { setNow } from './support/clock'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, signUp } from './support/fixtures'

const iso = (at: string) => new Date(at).toISOString()

/** The device's signature check, done ahead with WebCrypto (the Workers runtime has no sync Ed25519). */
async function signatureOk(ticket: string, publicKey: string): Promise<boolean> {
  const parsed = parseTicket(ticket)
  if (!parsed) return false
  const key = await crypto.subtle.importKey('raw', fromBase64Url(publicKey)!, { name: 'Ed25519' }, false, ['verify'])
  return crypto.subtle.verify('Ed25519', key, parsed.signature, parsed.message)
}

async function runCase(c: ScanCase) {
  setNow(CASE_SIGN_UP_AT)
  const agency = await createAgency()
  const event = await createPublishedEvent(agency.id, CASE_EVENT)
  const other = await createPublishedEvent(agency.id, CASE_EVENT)
  const person = (await signUp(event.id, (await createParticipant()).token, { name: CASE_PERSON.name, category: CASE_PERSON.category })).json.registration
  const stranger = (await signUp(other.id, (await createParticipant()).token, { name: '李四', category: 'citizen' })).json.registration
  const neighbour = (await signUp(event.id, (await createParticipant()).token, { name: '王五', category: 'citizen' })).json.registration
  if (c.registration === 'cancelled') await env.DB.prepare("UPDATE registrations SET status = 'cancelled' WHERE id = ?1").bind(person.id).run()
  if (c.registration === 'pending') await env.DB.prepare("UPDATE registrations SET approval = 'pending' WHERE id = ?1").bind(person.id).run()
  if (c.event === 'cancelled') await env.DB.prepare("UPDATE events SET status = 'cancelled' WHERE id = ?1").bind(event.id).run()

  setNow(CASE_UPLOAD_AT)
  const door = await createStaff(agency.id, 'checker')
  const otherDoor = await createStaff(agency.id, 'checker')
  const ticket = scanValue(c, person, stranger.ticket, neighbour.id)
  const nonce = `case-scan-${c.scan}`
  const device = new Map<string, DeviceCheckin>()
  const fetchRoster = async () => {
    const res = await api(`/events/${event.id}/roster`, { token: door.token })
    expect(res.status).toBe(200)
    return res.json as Roster
  }
  let roster: Roster | undefined
  if (c.prior === 'roster') {
    const prior = await api(`/events/${event.id}/checkins`, { token: otherDoor.token, body: { ticket: person.ticket, nonce: 'case-prior-other', scannedAt: CASE_PRIOR_AT } })
    expect(prior.json.result).toBe('checked_in')
  } else if (c.prior === 'device' || c.prior === 'same-scan') {
    roster = await fetchRoster() // downloaded before this door's own scan
    const priorNonce = c.prior === 'device' ? 'case-prior-device' : nonce
    const priorAt = c.prior === 'device' ? CASE_PRIOR_AT : c.at
    const prior = await api(`/events/${event.id}/checkins`, { token: door.token, body: { ticket: person.ticket, nonce: priorNonce, scannedAt: priorAt } })
    expect(prior.json.result).toBe('checked_in')
    device.set(person.id, { nonce: priorNonce, checkedInAt: iso(priorAt) })
  }
  roster ??= await fetchRoster()

  const check = await signatureOk(ticket, roster.publicKey)
  const offline = decideOffline(indexRoster(roster), { ticket, nonce, now: new Date(c.at) }, device, () => check)
  const server = await api(`/events/${event.id}/checkins`, { token: door.token, body: { ticket, nonce, scannedAt: c.at } })
  expect(server.status).toBe(200)
  const stored = await env.DB.prepare('SELECT registration_id, nonce, checked_in_at FROM checkins WHERE event_id = ?1').bind(event.id).all()
  return { offline, server: server.json, stored: stored.results, person }
}

/** The device's verdict in the server's words (who checked in is a staff name on one side only). */
function asServer(v: OfflineVerdict) {
  const { registrationId: _, checkedInBy: __, ...rest } = v
  return rest
}

describe('one table of scans, decided on the device and by the server', () => {
  for (const c of SCAN_CASES) {
    it(`${c.name}: ${c.expected}`, async () => {
      const { offline, server, stored, person } = await runCase(c)
      expect(server.result).toBe(c.expected)
      expect(offline.result).toBe(c.expected)
      const { checkedInBy: _, ...serverAnswer } = server
      expect(asServer(offline)).toEqual(serverAnswer)
      // What is stored: a check-in at the scan time for a valid scan, the earlier one for a
      // repeat, nothing otherwise.
      if (c.prior === 'roster' || c.prior === 'device') {
        expect(stored).toEqual([{ registration_id: person.id, nonce: c.prior === 'roster' ? 'case-prior-other' : 'case-prior-device', checked_in_at: iso(CASE_PRIOR_AT) }])
      } else if (c.expected === 'checked_in') {
        expect(stored).toEqual([{ registration_id: person.id, nonce: `case-scan-${c.scan}`, checked_in_at: iso(c.at) }])
      } else {
        expect(stored).toEqual([])
      }
    })
  }
})
