import { describe, expect, it } from 'vitest'
import {
  decideScan,
  formatDateTime,
  formatRange,
  maskName,
  maskPhone,
  registrationInputSchema,
  shanghaiDate,
  type ScanFacts,
} from '../src'

const event = { startAt: '2026-12-02T01:30:00.000Z', endAt: '2026-12-02T03:30:00.000Z' }
const base: ScanFacts = {
  scanningEventId: 'e1',
  registration: { eventId: 'e1', status: 'active' },
  event,
  checkin: { nonce: 'n1', checkedInAt: '2026-12-02T01:00:00.000Z' },
  nonce: 'n1',
  now: new Date('2026-12-02T01:00:00.000Z'),
}

describe('decideScan', () => {
  it('gives every outcome its own case', () => {
    expect(decideScan(base)).toBe('checked_in')
    expect(decideScan({ ...base, nonce: 'n2' })).toBe('already_checked_in')
    expect(decideScan({ ...base, registration: null })).toBe('invalid')
    expect(decideScan({ ...base, registration: { eventId: 'e2', status: 'active' } })).toBe('wrong_event')
    expect(decideScan({ ...base, registration: { eventId: 'e1', status: 'cancelled' }, checkin: null })).toBe('cancelled')
    expect(decideScan({ ...base, checkin: null, now: new Date('2026-12-01T23:29:00.000Z') })).toBe('not_open')
    expect(decideScan({ ...base, checkin: null, now: new Date('2026-12-02T03:31:00.000Z') })).toBe('ended')
  })

  it('opens exactly 2 hours before the start and closes at the end', () => {
    const open = { ...base, checkin: null }
    // Inside the window with no stored check-in means the insert did not happen: not valid.
    expect(decideScan({ ...open, now: new Date('2026-12-01T23:30:00.000Z') })).toBe('invalid')
    expect(decideScan({ ...open, now: new Date('2026-12-01T23:29:59.999Z') })).toBe('not_open')
    expect(decideScan({ ...open, now: new Date('2026-12-02T03:30:00.000Z') })).toBe('invalid')
    expect(decideScan({ ...open, now: new Date('2026-12-02T03:30:00.001Z') })).toBe('ended')
  })

  it('reports a wrong event before anything about the person', () => {
    expect(decideScan({ ...base, registration: { eventId: 'e2', status: 'cancelled' } })).toBe('wrong_event')
  })
})

describe('masking personal data', () => {
  it('keeps only the surname initial', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskName(' 李 ')).toBe('李*')
  })
  it('masks the middle four digits of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
  })
})

describe('Asia/Shanghai display', () => {
  it('formats instants in UTC+8 whatever the machine’s zone', () => {
    expect(formatDateTime('2024-09-20T01:30:00Z')).toBe('2024年9月20日（周五）09:30')
    expect(shanghaiDate('2026-11-15T16:00:00Z')).toBe('2026-11-16')
    expect(formatRange('2024-09-20T01:30:00Z', '2024-09-20T03:30:00Z')).toBe('9月20日（周五）09:30–11:30')
  })
})

describe('registration schema', () => {
  it('accepts mainland mobiles only', () => {
    const ok = { name: '张三', phone: '19912345678', category: 'citizen', consent: true }
    expect(registrationInputSchema.safeParse(ok).success).toBe(true)
    for (const phone of ['1991234567', '10012345678', '+8613812345678', '1381234567a']) {
      expect(registrationInputSchema.safeParse({ ...ok, phone }).success, phone).toBe(false)
    }
  })
})
