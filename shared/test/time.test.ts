import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatRange } from '../src'

// Every event time names its weekday, taken from the Asia/Shanghai calendar day, not the UTC one.
describe('event times show the weekday', () => {
  it('a day: month, day and weekday', () => {
    expect(formatDate('2026-03-10T02:00:00Z')).toBe('3月10日（周二）')
    expect(formatDate('2026-03-15T02:00:00Z')).toBe('3月15日（周日）')
  })

  it('uses the Shanghai day when UTC is still on the day before', () => {
    // 2026-03-09 16:30 UTC is Tuesday 10 March 00:30 in Shanghai.
    expect(formatDate('2026-03-09T16:30:00Z')).toBe('3月10日（周二）')
    expect(formatRange('2026-03-09T16:30:00Z', '2026-03-09T18:00:00Z')).toBe('3月10日（周二）00:30–02:00')
  })

  it('a range on one day names the weekday once', () => {
    expect(formatRange('2026-03-13T01:30:00Z', '2026-03-13T03:30:00Z')).toBe('3月13日（周五）09:30–11:30')
  })

  it('a range over two days names both days and weekdays, across a month and a year', () => {
    expect(formatRange('2026-03-31T01:00:00Z', '2026-04-01T09:00:00Z')).toBe('3月31日（周二）09:00–4月1日（周三）17:00')
    expect(formatRange('2026-12-31T12:00:00Z', '2027-01-01T02:00:00Z')).toBe('12月31日（周四）20:00–1月1日（周五）10:00')
  })

  it('date and time with the year keeps its weekday too', () => {
    expect(formatDateTime('2026-03-10T02:00:00Z')).toBe('2026年3月10日（周二）10:00')
  })
})
