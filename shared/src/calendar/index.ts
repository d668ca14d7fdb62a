/**
 * China's official working-day calendar and the "活动预告至少提前5个工作日发布" notice rule.
 *
 * Pure date arithmetic on 'YYYY-MM-DD' strings via Date.UTC: no Intl time zones, no Node APIs,
 * so it runs the same in Cloudflare Workers and in the WeChat mini-program. Instants are mapped to
 * their Asia/Shanghai calendar date with shanghaiDate() (China is a fixed UTC+8).
 */
import { NOTICE_WORKING_DAYS } from '../constants'
import { shanghaiDate } from '../time'
import { HOLIDAY_CALENDAR } from './holidays'

export { HOLIDAY_CALENDAR, type HolidayYear } from './holidays'

const DAY_MS = 24 * 60 * 60 * 1000
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

const HOLIDAY_SET = new Set<string>()
const MAKEUP_SET = new Set<string>()
for (const y of Object.values(HOLIDAY_CALENDAR)) {
  for (const d of y.holidays) HOLIDAY_SET.add(d)
  for (const d of y.makeupWorkdays) MAKEUP_SET.add(d)
}

/** Days since 1970-01-01 for a 'YYYY-MM-DD' date; throws RangeError if it is not a real date. */
function toDayNumber(date: string): number {
  const m = DATE_RE.exec(date)
  if (m) {
    const y = Number(m[1])
    const mo = Number(m[2])
    const d = Number(m[3])
    const ms = Date.UTC(y, mo - 1, d)
    const check = new Date(ms)
    if (check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d) {
      return Math.round(ms / DAY_MS)
    }
  }
  throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${date}`)
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

function fromDayNumber(n: number): string {
  const d = new Date(n * DAY_MS)
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday. */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7
}

function isWorkingDayNumber(n: number): boolean {
  const date = fromDayNumber(n)
  if (HOLIDAY_SET.has(date)) return false
  if (MAKEUP_SET.has(date)) return true
  const wd = weekdayOf(n)
  return wd !== 0 && wd !== 6
}

/**
 * Whether a 'YYYY-MM-DD' date is a working day in mainland China: Monday–Friday unless it is a
 * listed public-holiday rest day, plus the listed 调休 weekend working days. Years without data
 * (outside 2025–2027) fall back to plain Monday–Friday; see calendarCovers().
 */
export function isWorkingDay(date: string): boolean {
  return isWorkingDayNumber(toDayNumber(date))
}

/** Whether official (non-provisional) holiday data exists for the year of this 'YYYY-MM-DD' date. */
export function calendarCovers(date: string): boolean {
  toDayNumber(date)
  const data = HOLIDAY_CALENDAR[Number(date.slice(0, 4))]
  return data !== undefined && !data.provisional
}

/**
 * The date that is the n-th working day after `date` (the date itself is not counted).
 * n must be an integer >= 1.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${n}`)
  let day = toDayNumber(date)
  let left = n
  while (left > 0) {
    day += 1
    if (isWorkingDayNumber(day)) left -= 1
  }
  return fromDayNumber(day)
}

/** Number of working days d with fromDate < d <= toDate (0 if toDate <= fromDate). */
export function workingDaysBetween(fromDate: string, toDate: string): number {
  const from = toDayNumber(fromDate)
  const to = toDayNumber(toDate)
  let count = 0
  for (let day = from + 1; day <= to; day++) {
    if (isWorkingDayNumber(day)) count += 1
  }
  return count
}

function shanghaiDayOf(instant: string | Date, label: string): string {
  const t = instant instanceof Date ? instant.getTime() : Date.parse(instant)
  if (Number.isNaN(t)) throw new RangeError(`Invalid ${label}: ${String(instant)}`)
  return shanghaiDate(instant)
}

export interface NoticeRuleResult {
  /** Whether the event starts on or after earliestStartDate. */
  ok: boolean
  /** Working days after the publication date up to and including the event date. */
  workingDays: number
  /** The first Shanghai date on which the event may start: addWorkingDays(P, minWorkingDays). */
  earliestStartDate: string
}

/**
 * "活动预告至少提前5个工作日发布": with P the Shanghai date of publication and E the Shanghai date of
 * the event start, the notice is in time iff E >= addWorkingDays(P, minWorkingDays), i.e. iff
 * workingDaysBetween(P, E) >= minWorkingDays. The publication day itself never counts.
 */
export function checkNoticeRule(
  publishedAt: string | Date,
  startAt: string | Date,
  minWorkingDays: number = NOTICE_WORKING_DAYS,
): NoticeRuleResult {
  const published = shanghaiDayOf(publishedAt, 'publishedAt')
  const start = shanghaiDayOf(startAt, 'startAt')
  const earliestStartDate = addWorkingDays(published, minWorkingDays)
  return {
    ok: toDayNumber(start) >= toDayNumber(earliestStartDate),
    workingDays: workingDaysBetween(published, start),
    earliestStartDate,
  }
}
