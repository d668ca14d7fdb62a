// decideScan for a sign-up still waiting for approval (审核): never valid at the door, whatever
// else the facts say, on the device and on the server (the approval part maps an unapproved
// sign-up to status 'pending' in the roster and in the route's query).
import { describe, expect, it } from 'vitest'
import { ROSTER_VERSION, decideOffline, decideScan, indexRoster } from '../src/index'

const EVENT = { startAt: '2026-03-10T01:00:00.000Z', endAt: '2026-03-10T03:00:00.000Z', status: 'published' as const }
const NOW = new Date('2026-03-10T01:30:00.000Z')

describe('a pending sign-up at the door', () => {
  it('is not valid, even with a check-in row', () => {
    const facts = { scanningEventId: 'ev1', registration: { eventId: 'ev1', status: 'pending' as const }, event: EVENT, nonce: 'n1', now: NOW }
    expect(decideScan({ ...facts, checkin: null })).toBe('invalid')
    expect(decideScan({ ...facts, checkin: { nonce: 'n1', checkedInAt: NOW.toISOString() } })).toBe('invalid')
    expect(decideScan({ ...facts, registration: { eventId: 'ev1', status: 'active' }, checkin: { nonce: 'n1', checkedInAt: NOW.toISOString() } })).toBe('checked_in')
  })

  it('is not checked in offline from the roster', () => {
    const index = indexRoster({
      v: ROSTER_VERSION,
      event: { id: 'ev1', title: '开放日', ...EVENT },
      publicKey: '',
      staff: [],
      ids: ['reg1'],
      codes: ['ABCD2345'],
      names: ['张*'],
      categories: ['citizen'],
      statuses: ['pending'],
      checkedInAt: [null],
      checkedInBy: [null],
      etag: 'x',
    })
    expect(decideOffline(index, { ticket: 'ABCD2345', nonce: 'n1', now: NOW }, new Map(), () => false)).toEqual({
      result: 'invalid',
      registrationId: 'reg1',
    })
  })
})
