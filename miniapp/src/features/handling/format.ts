import { formatTime, shanghaiDate } from '@openday/shared'

/** '2026-03-17 23:59' in Beijing time: deadlines and trail steps, read at a desk. */
export function dateTime(iso: string): string {
  return `${shanghaiDate(iso)} ${formatTime(iso)}`
}

/** The first characters of a long text, for list lines. */
export function excerpt(s: string, max = 60): string {
  const chars = Array.from(s.replace(/\s+/g, ' ').trim())
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}
