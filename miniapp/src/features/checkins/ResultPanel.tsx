import { Text, View } from '@tarojs/components'
import { CATEGORIES, CHECKIN_RESULT_HINTS, formatTime, type CheckinResult, type PointScanResult } from '@openday/shared'
import { scanResultLabel } from '../checkpoints/labels'
import { a11y } from '../../lib/platform'
import type { QueuedScan, QueueStatus } from './queue'
import { PROVISIONAL_LABELS, type Provisional } from './verifier'

export type Tone = 'green' | 'orange' | 'red' | 'grey' | 'blue'

export function toneOf(result: PointScanResult): Tone {
  if (result === 'checked_in' || result === 'exited') return 'green'
  if (result === 'already_checked_in' || result === 'already_exited') return 'orange'
  return 'red'
}

export function provisionalTone(p: Provisional): Tone {
  if (p === 'valid') return 'blue'
  if (p === 'saved') return 'grey'
  return toneOf(p)
}

/** The door's word for an outcome: a repeat is 重复签到 (with who and when beside it). */
export function doorLabel(result: string): string {
  // Exit scans at a 签到点 have outcomes of their own (labels in checkpoints/labels.ts).
  return result === 'already_checked_in' ? '重复签到' : scanResultLabel(result)
}

/** The line under an outcome that needs one (待审核: what to do), or ''. */
export function resultHint(result: string | undefined): string {
  return (result && CHECKIN_RESULT_HINTS[result as CheckinResult]) || ''
}

/**
 * Who checked the person in first: a staff name (from the server or the roster), this device
 * (by === null), or unknown.
 */
export function firstCheckinText(at: string | undefined, by: string | null | undefined): string {
  if (!at) return by ? `已由 ${by} 签到` : ''
  const time = formatTime(at)
  if (by === null) return `已由本机于 ${time} 签到`
  return by ? `已由 ${by} 于 ${time} 签到` : `已于 ${time} 签到`
}

/** A check-in of this device replaced by another door's earlier scan (the first scan wins). */
export function supersededText(s: NonNullable<QueuedScan['superseded']>): string {
  return `${firstCheckinText(s.at, s.by ?? undefined)}（先扫者为准）`
}

/** What a line still waiting for the server says it is waiting for. */
export function waitingText(scan: QueuedScan, status: Pick<QueueStatus, 'online' | 'authExpired'>): string {
  if (status.authExpired) return '登录已过期，重新登录后自动上传'
  if (!status.online) return '已保存在本机，网络恢复后自动上传，无需重扫'
  return scan.lastError ?? '正在上传核验…'
}

/**
 * The outcome of the latest scan, readable from a distance. Its height never changes (no layout
 * shift while scanning), and it never blocks the next scan.
 */
export function CheckinResultPanel({ scan, status }: { scan?: QueuedScan; status: Pick<QueueStatus, 'online' | 'authExpired'> }) {
  if (!scan) {
    return (
      <View id="checkin-result" className="result result--idle" data-outcome="idle" {...a11y({ role: 'status', 'aria-live': 'polite' })}>
        <Text className="result__label">请扫描电子票二维码</Text>
        <Text className="result__sub">或在下方输入签到码</Text>
      </View>
    )
  }
  if (scan.state === 'pending') {
    const v = scan.offline
    return (
      <View
        id="checkin-result"
        className={`result result--${provisionalTone(scan.provisional)}`}
        data-outcome="pending"
        data-provisional={scan.provisional}
        {...a11y({ role: 'status', 'aria-live': 'assertive' })}
      >
        <Text id="checkin-result-label" className="result__label">
          {PROVISIONAL_LABELS[scan.provisional]}
        </Text>
        {v?.attendee ? (
          <View className="result__who">
            <Text id="checkin-result-name" className="result__name">
              {v.attendee.nameMasked}
            </Text>
            <Text id="checkin-result-category" className="result__category">
              {CATEGORIES[v.attendee.category]}
            </Text>
          </View>
        ) : (
          <Text className="result__sub">{scan.label}</Text>
        )}
        {v?.result === 'already_checked_in' ? (
          <Text id="checkin-result-first" className="result__sub">
            {firstCheckinText(v.checkedInAt, v.checkedInBy)}
          </Text>
        ) : resultHint(v?.result) ? (
          <Text id="checkin-result-hint" className="result__sub">
            {resultHint(v?.result)}
          </Text>
        ) : null}
        <Text id="checkin-result-detail" className="result__sub">
          {v ? `离线核验 · ${waitingText(scan, status)}` : waitingText(scan, status)}
        </Text>
      </View>
    )
  }
  if (scan.state === 'refused' || !scan.result) {
    return (
      <View id="checkin-result" className="result result--red" data-outcome="refused" {...a11y({ role: 'alert' })}>
        <Text id="checkin-result-label" className="result__label">
          {scan.refusal?.title ?? '无法签到'}
        </Text>
        <Text id="checkin-result-detail" className="result__sub">
          {scan.refusal?.detail ?? '请参加者重新出示票据，或手工输入签到码'}
        </Text>
      </View>
    )
  }
  const r = scan.result
  const superseded = r.result === 'checked_in' && scan.superseded
  return (
    <View
      id="checkin-result"
      className={`result result--${superseded ? 'orange' : toneOf(r.result)}`}
      data-outcome={superseded ? 'superseded' : r.result}
      {...a11y({ role: 'alert' })}
    >
      <Text id="checkin-result-label" className="result__label">
        {superseded ? '重复签到' : doorLabel(r.result)}
      </Text>
      {r.attendee ? (
        <View className="result__who">
          <Text id="checkin-result-name" className="result__name">
            {r.attendee.nameMasked}
          </Text>
          <Text id="checkin-result-category" className="result__category">
            {CATEGORIES[r.attendee.category]}
          </Text>
        </View>
      ) : (
        <Text className="result__sub">{scan.label}</Text>
      )}
      {r.result === 'already_checked_in' ? (
        <Text id="checkin-result-detail" className="result__sub">
          {firstCheckinText(r.checkedInAt, r.checkedInBy)}
        </Text>
      ) : superseded ? (
        <Text id="checkin-result-detail" className="result__sub">
          {supersededText(superseded)}
        </Text>
      ) : resultHint(r.result) ? (
        <Text id="checkin-result-hint" className="result__sub">
          {resultHint(r.result)}
        </Text>
      ) : null}
    </View>
  )
}
