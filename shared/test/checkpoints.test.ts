import { describe, expect, it } from 'vitest'
import {
  checkinInputSchema,
  checkpointInputSchema,
  codeWindow,
  decideExit,
  decidePointExit,
  formatCode,
  parseCode,
  stopPagePath,
  windowEndsAt,
  windowStatus,
} from '../src'

const T0 = Date.parse('2026-03-10T02:00:00.000Z') // the first second of a window
const W = codeWindow(T0)

describe('the rotating code’s 30-second windows', () => {
  it('numbers windows of 30 s and says when each ends', () => {
    expect(W * 30_000).toBe(T0)
    expect(codeWindow(T0 + 29_999)).toBe(W)
    expect(codeWindow(T0 + 30_000)).toBe(W + 1)
    expect(windowEndsAt(W).toISOString()).toBe('2026-03-10T02:00:30.000Z')
  })

  it('accepts the current and the previous window only', () => {
    expect(windowStatus(W, T0)).toBe('current')
    expect(windowStatus(W, T0 + 29_999)).toBe('current')
    // Shown at second 29, scanned at second 31: the previous window, still good.
    expect(windowStatus(W, T0 + 31_000)).toBe('previous')
    expect(windowStatus(W, T0 + 59_999)).toBe('previous')
    expect(windowStatus(W, T0 + 60_000)).toBe('expired')
    expect(windowStatus(W, T0 + 3_600_000)).toBe('expired')
    expect(windowStatus(W + 1, T0)).toBe('future')
  })

  it('formats and parses codes, also inside the stop URL, and refuses anything else', () => {
    const code = formatCode({ pointId: 'abcdefghijklmnopqrstuv', window: W, mac: 'AAAAAAAAAAAAAAAA' })
    expect(code).toBe(`abcdefghijklmnopqrstuv.${W.toString(36)}.AAAAAAAAAAAAAAAA`)
    expect(parseCode(code)).toEqual({ pointId: 'abcdefghijklmnopqrstuv', window: W, mac: 'AAAAAAAAAAAAAAAA' })
    expect(parseCode(`https://openday.example/${stopPagePath(code)}`)).toEqual(parseCode(code))
    for (const bad of ['', 'x', `${code}x`, code.replace('.', ''), 'a.b.c', `abcdefghijklmnopqrstuv.${W.toString(36)}.AAAA`]) {
      expect(parseCode(bad), bad).toBeNull()
    }
  })
})

describe('exit decisions', () => {
  const event = { startAt: '2026-03-10T01:00:00.000Z', endAt: '2026-03-10T04:00:00.000Z', status: 'published' as const }
  const facts = { scanningEventId: 'e1', registration: { eventId: 'e1', status: 'active' as const }, event, now: new Date(T0) }
  it('exits once, only after a check-in there', () => {
    expect(decideExit({ checkedIn: false, exitedAt: null, changed: false })).toBe('not_checked_in')
    expect(decideExit({ checkedIn: true, exitedAt: '2026-03-10T02:00:00.000Z', changed: true })).toBe('exited')
    expect(decideExit({ checkedIn: true, exitedAt: '2026-03-10T02:00:00.000Z', changed: false })).toBe('already_exited')
  })
  it('answers the ticket’s own problems first, as decideScan does', () => {
    const row = { checkedIn: true, exitedAt: null, changed: true }
    expect(decidePointExit(facts, row)).toBe('exited')
    expect(decidePointExit({ ...facts, registration: null }, row)).toBe('invalid')
    expect(decidePointExit({ ...facts, scanningEventId: 'e2' }, row)).toBe('wrong_event')
    expect(decidePointExit({ ...facts, registration: { eventId: 'e1', status: 'cancelled' } }, row)).toBe('cancelled')
    expect(decidePointExit({ ...facts, now: new Date('2026-03-10T05:00:00.000Z') }, row)).toBe('ended')
    expect(decidePointExit({ ...facts, now: new Date('2026-03-09T20:00:00.000Z') }, row)).toBe('not_open')
  })
})

describe('schemas', () => {
  it('takes checkpointId and direction on a scan', () => {
    expect(checkinInputSchema.parse({ ticket: 'ABCD2345', checkpointId: 'cp_1', direction: 'out' })).toEqual({
      ticket: 'ABCD2345',
      checkpointId: 'cp_1',
      direction: 'out',
    })
    expect(checkinInputSchema.safeParse({ ticket: 'ABCD2345', direction: 'up' }).success).toBe(false)
    expect(checkinInputSchema.safeParse({ ticket: 'ABCD2345', checkpointId: 'a b' }).success).toBe(false)
  })
  it('defaults a point to a stop with no text and no pictures', () => {
    expect(checkpointInputSchema.parse({ name: ' 样品前处理室 ' })).toEqual({ name: '样品前处理室', kind: 'stop', description: '', images: [] })
  })
})
