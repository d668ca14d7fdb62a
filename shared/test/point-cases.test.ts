// The table of scans at a 签到点 and exits (point-cases.ts) decided on the device: decidePointOffline
// on a roster shaped as GET /events/:id/roster returns it, with this device's earlier scans.
// api/test/point-cases.test.ts runs the same table against the real route.
import { describe, expect, it } from 'vitest'
import { ENTRANCE_ID, ROSTER_VERSION, decidePointOffline, indexRoster } from '../src/index'
import { CASE_EVENT, CASE_PERSON, OTHER_DOOR_AT, POINT_CASES, UNKNOWN_CODE, deviceScansFor } from './point-cases'

const iso = (at: string) => new Date(at).toISOString()
const POINT = 'cpGasChromatograph0001'
const ME = 'regPerson0000000000001'

describe('one table of scans at a 签到点 and exits, decided on the device', () => {
  for (const c of POINT_CASES) {
    it(`${c.name}: ${c.expected}`, () => {
      const index = indexRoster({
        v: ROSTER_VERSION,
        event: { id: 'ev1', title: '开放日', startAt: iso(CASE_EVENT.startAt), endAt: iso(CASE_EVENT.endAt), status: 'published' },
        publicKey: '',
        staff: c.otherDoor ? ['王核验'] : [],
        ids: [ME],
        codes: ['ABCD2345'],
        names: [CASE_PERSON.nameMasked],
        categories: [CASE_PERSON.category],
        statuses: [c.registration ?? 'active'],
        checkedInAt: [c.otherDoor ? iso(OTHER_DOOR_AT) : null],
        checkedInBy: [c.otherDoor ? 0 : null],
        etag: 't',
      })
      const verdict = decidePointOffline(
        index,
        { ticket: c.unknown ? UNKNOWN_CODE : 'abcd-2345', nonce: 'n-case', now: new Date(c.at), checkpointId: c.where === 'entrance' ? ENTRANCE_ID : POINT, direction: c.direction },
        deviceScansFor(c, ME),
        () => false,
      )
      expect(verdict.result).toBe(c.expected)
    })
  }
})
