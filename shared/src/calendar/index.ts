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
const DATE_RE = /^(\d{4,6})-(\d{2})-(\d{2})$/

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

/**
 * Weekdays (Monday–Friday) among day numbers up to and including n, counted from a fixed origin:
 * only differences are used, so weekdaysUpTo(b) - weekdaysUpTo(a) = weekdays in (a, b].
 * Closed form, so any range costs the same.
 */
function weekdaysUpTo(n: number): number {
  // Shifted so that s mod 7 is the weekday (0 = Sunday): 1970-01-01 (day 0) was a Thursday.
  const s = n + 4 + 1
  const weeks = Math.floor(s / 7)
  const rest = s - weeks * 7 // days of a started week, from Sunday: 0..6
  return weeks * 5 + Math.max(0, Math.min(rest - 1, 5))
}

// The official calendar differs from plain Monday–Friday only on listed days: rest days that fall
// on a weekday, and 调休 weekend days that are worked. Both are kept as sorted day numbers, so
// counting them in a range is two binary searches.
const HOLIDAY_DAYS = new Set<number>()
const MAKEUP_DAYS = new Set<number>()
const weekdayHolidays: number[] = []
const weekendMakeups: number[] = []
for (const y of Object.values(HOLIDAY_CALENDAR)) {
  for (const d of y.holidays) {
    const n = toDayNumber(d)
    HOLIDAY_DAYS.add(n)
    if (isWeekdayNumber(n)) weekdayHolidays.push(n)
  }
  for (const d of y.makeupWorkdays) {
    const n = toDayNumber(d)
    MAKEUP_DAYS.add(n)
    if (!isWeekdayNumber(n)) weekendMakeups.push(n)
  }
}
weekdayHolidays.sort((a, b) => a - b)
weekendMakeups.sort((a, b) => a - b)

function isWeekdayNumber(n: number): boolean {
  const wd = weekdayOf(n)
  return wd !== 0 && wd !== 6
}

/** How many entries of the sorted list are <= n (binary search). */
function countUpTo(sorted: readonly number[], n: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] <= n) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Working days up to and including day n, from a fixed origin (see weekdaysUpTo). */
function workingDaysUpTo(n: number): number {
  return weekdaysUpTo(n) - countUpTo(weekdayHolidays, n) + countUpTo(weekendMakeups, n)
}

function isWorkingDayNumber(n: number): boolean {
  if (HOLIDAY_DAYS.has(n)) return false
  if (MAKEUP_DAYS.has(n)) return true
  return isWeekdayNumber(n)
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
  const from = toDayNumber(date)
  const target = workingDaysUpTo(from) + n
  // The answer is the first day d > from with workingDaysUpTo(d) >= target. The count never
  // decreases, so widen the window by doubling, then halve it: logarithmic in n.
  let lo = from
  let hi = from + n
  while (workingDaysUpTo(hi) < target) {
    lo = hi
    hi = from + (hi - from) * 2
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2)
    if (workingDaysUpTo(mid) >= target) hi = mid
    else lo = mid
  }
  return fromDayNumber(hi)
}

/** Number of working days d with fromDate < d <= toDate (0 if toDate <= fromDate). */
export function workingDaysBetween(fromDate: string, toDate: string): number {
  const from = toDayNumber(fromDate)
  const to = toDayNumber(toDate)
  return to <= from ? 0 : workingDaysUpTo(to) - workingDaysUpTo(from)
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
