import { shanghaiDate } from '@openday/shared'
import type { PeriodQuery } from '../../api/public'

export interface PeriodOption {
  key: 'last12' | 'thisYear' | 'lastYear'
  label: string
  query: PeriodQuery
}

/** The periods offered on the public pages: the last 12 months (the API's default), this year, last year. */
export function periodOptions(now: Date): PeriodOption[] {
  const today = shanghaiDate(now)
  const year = Number(today.slice(0, 4))
  return [
    { key: 'last12', label: '近12个月', query: {} },
    { key: 'thisYear', label: `${year}年`, query: { from: `${year}-01-01`, to: today } },
    { key: 'lastYear', label: `${year - 1}年`, query: { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` } },
  ]
}

/** 2026-03-10 → 2026年3月10日 */
export const dayLabel = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`

/** A rate (0–100, one decimal) as shown, or 暂无 when nothing was there to count. */
export const rateText = (value: number | null) => (value === null ? '暂无' : `${value}%`)
