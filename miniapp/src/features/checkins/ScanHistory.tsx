import { Text, View } from '@tarojs/components'
import { formatTime } from '@openday/shared'
import type { QueuedScan, QueueStatus } from './queue'
import { doorLabel, firstCheckinText, provisionalTone, resultHint, supersededText, toneOf, waitingText, type Tone } from './ResultPanel'
import { PROVISIONAL_LABELS } from './verifier'

/** Rows shown; pending scans beyond them are counted in a last line. */
export const HISTORY_ROWS = 8

function describe(scan: QueuedScan, status: QueueStatus): { tone: Tone; outcome: string; detail: string } {
  if (scan.state === 'pending') {
    const v = scan.offline
    const first = v?.result === 'already_checked_in' ? firstCheckinText(v.checkedInAt, v.checkedInBy) : resultHint(v?.result)
    const detail = [v?.attendee?.nameMasked, first || waitingText(scan, status)].filter(Boolean).join('　')
    return { tone: provisionalTone(scan.provisional), outcome: PROVISIONAL_LABELS[scan.provisional], detail }
  }
  if (scan.state === 'refused' || !scan.result) {
    return { tone: 'red', outcome: scan.refusal?.title ?? '无法签到', detail: scan.refusal?.detail ?? '' }
  }
  const r = scan.result
  const who = r.attendee?.nameMasked ?? ''
  if (r.result === 'checked_in' && scan.superseded) return { tone: 'orange', outcome: '重复签到', detail: [who, supersededText(scan.superseded)].join('　') }
  const when = r.result === 'already_checked_in' ? firstCheckinText(r.checkedInAt, r.checkedInBy) : resultHint(r.result)
  return { tone: toneOf(r.result), outcome: doorLabel(r.result), detail: [who, when].filter(Boolean).join('　') }
}

/**
 * This event's scans on this device, newest first: pending ones with the device's verdict and
 * what they wait for, answered ones with the server's outcome. Rows are keyed by position, so a
 * new scan rewrites rows in place instead of pushing the list down (no layout shift).
 */
export function ScanHistory({ scans, status }: { scans: readonly QueuedScan[]; status: QueueStatus }) {
  if (scans.length === 0) return null
  const shown = scans.slice(0, HISTORY_ROWS)
  const hiddenPending = scans.slice(HISTORY_ROWS).filter((s) => s.state === 'pending').length
  return (
    <View id="checkin-history" className="history">
      <Text className="history__title">本机扫码记录</Text>
      {shown.map((s, i) => {
        const d = describe(s, status)
        return (
          <View
            key={i}
            className={`history__item history__item--${d.tone} scanline`}
            data-state={s.state}
            data-outcome={s.result?.result === 'checked_in' && s.superseded ? 'superseded' : (s.result?.result ?? s.provisional)}
          >
            <View className="scanline__top">
              <Text className="history__time">{formatTime(s.scannedAt)}</Text>
              <Text className="scanline__code">{s.label}</Text>
              <Text className="history__label scanline__outcome">{d.outcome}</Text>
            </View>
            <Text className="scanline__detail">{d.detail}</Text>
          </View>
        )
      })}
      {hiddenPending > 0 ? <Text className="history__more">另有 {hiddenPending} 条更早的扫码待同步</Text> : null}
    </View>
  )
}
