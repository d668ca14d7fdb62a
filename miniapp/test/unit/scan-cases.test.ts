// The one table of door scans (shared/test/scan-cases.ts) decided on the device: the door's own
// rosterVerdict (features/checkins/verifier.ts → shared decideOffline → decideScan) on a roster
// shaped as GET /events/:id/roster returns it, with the app's Ed25519 verifier (no WebCrypto).
// api/test/scan-cases.test.ts runs the same table against the real route.
import { ROSTER_VERSION, formatTicket, indexRoster, ticketMessage, toBase64Url, type DeviceCheckin, type Roster } from '@openday/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import { CASE_EVENT, CASE_PERSON, CASE_PRIOR_AT, SCAN_CASES, scanValue } from '../../../shared/test/scan-cases'
import { loadVerifier, rosterVerdict, type VerifyFn } from '../../src/features/checkins/verifier'

let keys: CryptoKeyPair
let publicKey: string
let verify: VerifyFn
const iso = (at: string) => new Date(at).toISOString()

async function issue(eventId: string, registrationId: string) {
  const sig = await crypto.subtle.sign('Ed25519', keys.privateKey, ticketMessage(eventId, registrationId))
  return formatTicket(eventId, registrationId, new Uint8Array(sig))
}

beforeAll(async () => {
  keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
  publicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey)))
  verify = (await loadVerifier())!
})

describe('one table of scans, decided on the device from the roster', () => {
  for (const c of SCAN_CASES) {
    it(`${c.name}: ${c.expected}`, async () => {
      const person = { id: 'regPerson0000000000001', shortCode: 'ABCD2345', ticket: await issue('ev1', 'regPerson0000000000001') }
      const stranger = { id: 'regStranger00000000001', ticket: await issue('ev2', 'regStranger00000000001') }
      const roster: Roster = {
        v: ROSTER_VERSION,
        event: { id: 'ev1', title: '开放日', startAt: iso(CASE_EVENT.startAt), endAt: iso(CASE_EVENT.endAt), status: c.event === 'cancelled' ? 'cancelled' : 'published' },
        publicKey,
        staff: c.prior === 'roster' ? ['王核验'] : [],
        ids: ['regNeighbour0000000001', person.id],
        codes: ['EFGH2345', person.shortCode],
        names: ['李*', CASE_PERSON.nameMasked],
        categories: ['citizen', CASE_PERSON.category],
        statuses: ['active', c.registration ?? 'active'],
        checkedInAt: [null, c.prior === 'roster' ? iso(CASE_PRIOR_AT) : null],
        checkedInBy: [null, c.prior === 'roster' ? 0 : null],
        etag: 'tag',
      }
      const nonce = `case-scan-${c.scan}`
      const device = new Map<string, DeviceCheckin>()
      if (c.prior === 'device') device.set(person.id, { nonce: 'case-prior-device', checkedInAt: iso(CASE_PRIOR_AT) })
      if (c.prior === 'same-scan') device.set(person.id, { nonce, checkedInAt: iso(c.at) })

      const ticket = scanValue(c, person, stranger.ticket, 'regNeighbour0000000001')
      const verdict = rosterVerdict(ticket, indexRoster(roster), device, verify, nonce, new Date(c.at))
      expect(verdict?.result).toBe(c.expected)
      if (c.expected === 'checked_in') expect(verdict?.checkedInAt).toBe(iso(c.at))
      if (c.expected === 'already_checked_in') {
        expect([verdict?.checkedInAt, verdict?.checkedInBy]).toEqual([iso(CASE_PRIOR_AT), c.prior === 'roster' ? '王核验' : null])
      }
      if (['checked_in', 'already_checked_in', 'cancelled', 'pending_approval', 'not_open', 'ended'].includes(c.expected)) {
        expect(verdict?.attendee).toEqual({ nameMasked: CASE_PERSON.nameMasked, category: CASE_PERSON.category })
      } else {
        expect(verdict?.attendee).toBeUndefined()
      }
    })
  }

  it('cannot decide a ticket without the verifier, but decides a typed 签到码 from the roster alone', async () => {
    const roster = indexRoster({
      v: ROSTER_VERSION,
      event: { id: 'ev1', title: '开放日', startAt: iso(CASE_EVENT.startAt), endAt: iso(CASE_EVENT.endAt), status: 'published' },
      publicKey,
      staff: [],
      ids: ['regPerson0000000000001'],
      codes: ['ABCD2345'],
      names: ['张**'],
      categories: ['media'],
      statuses: ['active'],
      checkedInAt: [null],
      checkedInBy: [null],
      etag: 'tag',
    })
    const at = new Date('2026-03-10T09:30:00+08:00')
    expect(rosterVerdict(await issue('ev1', 'regPerson0000000000001'), roster, new Map(), null, 'n1', at)).toBeNull()
    expect(rosterVerdict('abcd-2345', roster, new Map(), null, 'n1', at)?.result).toBe('checked_in')
    expect(rosterVerdict('abcd-2345', null, new Map(), verify, 'n1', at)).toBeNull()
  })
})
