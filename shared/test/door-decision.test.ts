// decideScan for a sign-up still waiting for approval (审核): never valid at the door, whatever
// else the facts say, on the device and on the server (the approval part maps an unapproved
// sign-up to status 'pending' in the roster and in the route's query).
import { describe, expect, it } from 'vitest'
import { CHECKIN_RESULTS, CHECKIN_RESULT_HINTS, ROSTER_VERSION, decideOffline, decideScan, indexRoster } from '../src/index'

const EVENT = { startAt: '2026-03-10T01:00:00.000Z', endAt: '2026-03-10T03:00:00.000Z', status: 'published' as const }
const NOW = new Date('2026-03-10T01:30:00.000Z')

describe('a pending sign-up at the door', () => {
  it('is 待审核 (never 签到成功 nor 无效票据), even with a check-in row', () => {
    const facts = { scanningEventId: 'ev1', registration: { eventId: 'ev1', status: 'pending' as const }, event: EVENT, nonce: 'n1', now: NOW }
    expect(decideScan({ ...facts, checkin: null })).toBe('pending_approval')
    expect(decideScan({ ...facts, checkin: { nonce: 'n1', checkedInAt: NOW.toISOString() } })).toBe('pending_approval')
    // A cancelled event or another event's ticket is said first, as for any sign-up.
    expect(decideScan({ ...facts, event: { ...EVENT, status: 'cancelled' }, checkin: null })).toBe('cancelled')
    expect(decideScan({ ...facts, scanningEventId: 'ev2', checkin: null })).toBe('wrong_event')
    expect(decideScan({ ...facts, registration: { eventId: 'ev1', status: 'active' }, checkin: { nonce: 'n1', checkedInAt: NOW.toISOString() } })).toBe('checked_in')
  })

  it('is 待审核 offline from the roster, with the name so staff can find the person', () => {
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
      result: 'pending_approval',
      registrationId: 'reg1',
      attendee: { nameMasked: '张*', category: 'citizen' },
    })
    expect(CHECKIN_RESULTS.pending_approval).toBe('待审核')
    expect(CHECKIN_RESULT_HINTS.pending_approval).toBe('报名尚未通过审核，请联系工作人员')
  })
})
