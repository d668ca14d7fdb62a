import { describe, expect, it } from 'vitest'
import { dueSoonCutoff, unratedCutoff } from '../src/deadlines'

// The job runs at 08:30 Shanghai = 00:30 UTC.
const at = (day: string) => `${day}T08:30:00+08:00`

describe('due soon: by the end of the next working day', () => {
  it('is tomorrow on an ordinary working day', () => {
    expect(dueSoonCutoff(at('2026-03-10'))).toBe('2026-03-11T15:59:59.000Z')
  })
  it('is the first day back on the last day before 国庆 2025 and on a weekend', () => {
    // Tuesday 30 September 2025: 1–8 October are rest days.
    expect(dueSoonCutoff(at('2025-09-30'))).toBe('2025-10-09T15:59:59.000Z')
    expect(dueSoonCutoff(at('2025-10-03'))).toBe('2025-10-09T15:59:59.000Z')
    // Friday 26 September 2025: Sunday 28 September is a 调休 working day.
    expect(dueSoonCutoff(at('2025-09-26'))).toBe('2025-09-28T15:59:59.000Z')
  })
  it('counts the 春节 2026 调休 Saturday', () => {
    // Friday 13 February 2026: Saturday the 14th is worked, 15–23 are rest days.
    expect(dueSoonCutoff(at('2026-02-13'))).toBe('2026-02-14T15:59:59.000Z')
    expect(dueSoonCutoff(at('2026-02-14'))).toBe('2026-02-24T15:59:59.000Z')
  })
})

describe('unrated: answers older than 10 working days', () => {
  it('closes answers whose 10th working day has ended', () => {
    // Tuesday 10 March 2026: answers of Tuesday 24 February had 25.2–27.2, 28.2 (调休), 2.3–6.3, 9.3
    // (10 working days) and are out of time; those of the 25th have until the end of the 10th.
    expect(unratedCutoff(at('2026-03-10'))).toBe('2026-02-24T16:00:00.000Z')
    expect(unratedCutoff('2026-03-10T23:59:59.999+08:00')).toBe('2026-02-25T16:00:00.000Z')
  })
  it('counts across 春节 2026 and 国庆 2025', () => {
    // Answered Tuesday 10 February 2026: 11, 12, 13, 14 (调休), 24, 25, 26, 27, 28 (调休) February, 2 March.
    expect(unratedCutoff(at('2026-03-02'))).toBe('2026-02-09T16:00:00.000Z')
    expect(unratedCutoff(at('2026-03-03'))).toBe('2026-02-10T16:00:00.000Z')
    // Answered Friday 26 September 2025: 28, 29, 30 September, 9, 10, 11 (调休), 13, 14, 15, 16 October.
    expect(unratedCutoff(at('2025-10-16'))).toBe('2025-09-25T16:00:00.000Z')
    // … and so did answers of Saturday the 27th (the 28th is its first working day): both close on the 17th.
    expect(unratedCutoff(at('2025-10-17'))).toBe('2025-09-27T16:00:00.000Z')
  })
})
