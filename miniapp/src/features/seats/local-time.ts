import { formatTime, shanghaiDate } from '@openday/shared'

// The staff forms' way of typing a time: '2026-12-04 09:30' in Beijing time (as 新建活动 does;
// copied here so the 名额与邀请 page does not load the whole edit form).
const LOCAL_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2})[:：](\d{2})$/
const pad = (s: string) => s.padStart(2, '0')

/** '2026-12-04 09:30' → '2026-12-04T09:30:00+08:00'; anything else as typed (the schema says why). */
export function localToIso(s: string): string {
  const t = s.trim()
  const m = LOCAL_RE.exec(t)
  if (!m) return t
  return `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${m[5]}:00+08:00`
}

export const isoToLocal = (iso: string) => `${shanghaiDate(iso)} ${formatTime(iso)}`
