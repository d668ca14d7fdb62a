// China has kept UTC+8 all year since 1991, so Asia/Shanghai is a fixed offset; this avoids
// relying on Intl time-zone data, which some mini-program JS engines lack.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

function shanghaiParts(iso: string | Date) {
  const d = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  }
}

const pad = (n: number) => String(n).padStart(2, '0')
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai of an instant. */
export function shanghaiDate(iso: string | Date): string {
  const p = shanghaiParts(iso)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

/** 2024年9月20日（周五）09:30 */
export function formatDateTime(iso: string | Date): string {
  const p = shanghaiParts(iso)
  return `${p.year}年${p.month}月${p.day}日（周${WEEKDAYS[p.weekday]}）${pad(p.hour)}:${pad(p.minute)}`
}

/** 09:30 */
export function formatTime(iso: string | Date): string {
  const p = shanghaiParts(iso)
  return `${pad(p.hour)}:${pad(p.minute)}`
}

/** 9月20日（周五）: a day without the year, for event times in the current season. */
export function formatDate(iso: string | Date): string {
  const p = shanghaiParts(iso)
  return `${p.month}月${p.day}日（周${WEEKDAYS[p.weekday]}）`
}

/**
 * 9月20日（周五）09:30–11:30, or with both days when the event spans days:
 * 9月20日（周五）09:30–9月21日（周六）11:30. Visitors plan by weekday, so it is always shown.
 */
export function formatRange(startIso: string, endIso: string): string {
  const s = shanghaiParts(startIso)
  const e = shanghaiParts(endIso)
  const sameDay = s.year === e.year && s.month === e.month && s.day === e.day
  const start = `${formatDate(startIso)}${pad(s.hour)}:${pad(s.minute)}`
  const end = sameDay ? `${pad(e.hour)}:${pad(e.minute)}` : `${formatDate(endIso)}${pad(e.hour)}:${pad(e.minute)}`
  return `${start}–${end}`
}
