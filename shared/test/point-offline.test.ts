// The door's offline decision at a 签到点 and at an exit (decidePointOffline): the same decideScan /
// decidePointExit the server runs in api/src/checkins/points.ts, on facts from the roster and the
// device's own scans. Fixed times; a typed 签到码 (no signature needed) and one ticket check.
import { describe, expect, it } from 'vitest'
import { ENTRANCE_ID, ROSTER_VERSION, decidePointOffline, indexRoster, type DeviceCheckin, type Roster } from '../src/index'

const EVENT = { id: 'ev1', title: '开放日', startAt: '2026-03-10T01:00:00.000Z', endAt: '2026-03-10T03:00:00.000Z', status: 'published' as const }
const NOW = new Date('2026-03-10T01:30:00.000Z')
const EARLIER = '2026-03-10T01:10:00.000Z'
const GC = 'cpGasChromatograph0001'

/** A active and checked in at the entrance by 王核验; B active, not checked in; C cancelled; D pending. */
function roster(over: Partial<Roster> = {}) {
  return indexRoster({
    v: ROSTER_VERSION,
    event: EVENT,
    publicKey: '',
    staff: ['王核验'],
    ids: ['regA', 'regB', 'regC', 'regD'],
    codes: ['AAAA2345', 'BBBB2345', 'CCCC2345', 'DDDD2345'],
    names: ['张*', '李*', '赵*', '钱*'],
    categories: ['citizen', 'npc_deputy', 'media', 'citizen'],
    statuses: ['active', 'active', 'cancelled', 'pending'],
    checkedInAt: [EARLIER, null, null, null],
    checkedInBy: [0, null, null, null],
    etag: 't',
    ...over,
  })
}
const none = { checkins: new Map<string, DeviceCheckin>(), exits: new Map<string, string>() }
const decide = (ticket: string, checkpointId: string, direction: 'in' | 'out', device = none, now = NOW, index = roster()) =>
  decidePointOffline(index, { ticket, nonce: 'n-this', now, checkpointId, direction }, device, () => false)
const who = (i: number) => ({ nameMasked: ['张*', '李*', '赵*', '钱*'][i], category: ['citizen', 'npc_deputy', 'media', 'citizen'][i] })

describe('offline scans at a 签到点', () => {
  it('checks in at a point, provisionally, without needing the entrance (like the server for staff)', () => {
    expect(decide('bbbb-2345', GC, 'in')).toEqual({ result: 'checked_in', registrationId: 'regB', attendee: who(1), checkedInAt: NOW.toISOString() })
  })

  it('a repeat at the same point on this device is 重复签到 with the first time; another point is a new check-in', () => {
    const device = { checkins: new Map([['regB', { nonce: 'n-first', checkedInAt: EARLIER }]]), exits: new Map<string, string>() }
    expect(decide('BBBB2345', GC, 'in', device)).toEqual({ result: 'already_checked_in', registrationId: 'regB', attendee: who(1), checkedInAt: EARLIER, checkedInBy: null })
    // The retried upload of that very scan (same nonce) is still 签到成功, as on the server.
    expect(decidePointOffline(roster(), { ticket: 'BBBB2345', nonce: 'n-first', now: NOW, checkpointId: GC, direction: 'in' }, device, () => false).result).toBe('checked_in')
  })

  it('says what the server says about the ticket itself', () => {
    expect(decide('CCCC2345', GC, 'in').result).toBe('cancelled')
    expect(decide('DDDD2345', GC, 'in').result).toBe('pending_approval')
    expect(decide('ZZZZ2345', GC, 'in')).toEqual({ result: 'invalid' })
    expect(decide('BBBB2345', GC, 'in', none, new Date('2026-03-09T22:59:59.000Z')).result).toBe('not_open')
    expect(decide('BBBB2345', GC, 'in', none, new Date('2026-03-10T03:00:01.000Z')).result).toBe('ended')
    expect(decide('BBBB2345', GC, 'in', none, NOW, roster({ event: { ...EVENT, status: 'cancelled' } })).result).toBe('cancelled')
    // A forged or other event's QR: the signature check (here: always false) makes it invalid.
    expect(decide('OD1.not-a-ticket', GC, 'in')).toEqual({ result: 'invalid' })
  })
})

describe('offline exit scans', () => {
  it('at the entrance: checked in (roster) → 已登记离开; again on this device → 已登记过离开', () => {
    expect(decide('AAAA2345', ENTRANCE_ID, 'out')).toEqual({ result: 'exited', registrationId: 'regA', attendee: who(0), checkedInAt: EARLIER, exitedAt: NOW.toISOString() })
    const device = { checkins: new Map<string, DeviceCheckin>(), exits: new Map([['regA', EARLIER]]) }
    expect(decide('AAAA2345', ENTRANCE_ID, 'out', device)).toEqual({ result: 'already_exited', registrationId: 'regA', attendee: who(0), checkedInAt: EARLIER, exitedAt: EARLIER })
  })

  it('at the entrance: not checked in (neither roster nor device) → 尚未在此签到; checked in by this device → 已登记离开', () => {
    expect(decide('BBBB2345', ENTRANCE_ID, 'out')).toEqual({ result: 'not_checked_in', registrationId: 'regB', attendee: who(1) })
    const device = { checkins: new Map([['regB', { nonce: 'n1', checkedInAt: EARLIER }]]), exits: new Map<string, string>() }
    expect(decide('BBBB2345', ENTRANCE_ID, 'out', device).result).toBe('exited')
  })

  it('at a point the device did not check the person in at: accepted provisionally (the server decides on upload)', () => {
    expect(decide('AAAA2345', GC, 'out')).toEqual({ result: 'exited', registrationId: 'regA', attendee: who(0), exitedAt: NOW.toISOString() })
    const device = { checkins: new Map([['regA', { nonce: 'n1', checkedInAt: EARLIER }]]), exits: new Map([['regA', EARLIER]]) }
    expect(decide('AAAA2345', GC, 'out', device).result).toBe('already_exited')
  })

  it('the ticket’s own problems come first, as on the server', () => {
    expect(decide('CCCC2345', ENTRANCE_ID, 'out').result).toBe('cancelled')
    expect(decide('DDDD2345', GC, 'out').result).toBe('pending_approval')
    expect(decide('AAAA2345', GC, 'out', none, new Date('2026-03-10T03:00:01.000Z')).result).toBe('ended')
    expect(decide('ZZZZ2345', GC, 'out')).toEqual({ result: 'invalid' })
  })

  it('an entrance check-in (in) is the entrance decision itself', () => {
    expect(decide('AAAA2345', ENTRANCE_ID, 'in')).toEqual({ result: 'already_checked_in', registrationId: 'regA', attendee: who(0), checkedInAt: EARLIER, checkedInBy: '王核验' })
  })
})
