import { Text, View } from '@tarojs/components'
import { CATEGORIES, formatTime, type PointScanResult } from '@openday/shared'
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
  return 'red'
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
        <Text className="result__sub">{scan.label}</Text>
        <Text id="checkin-result-detail" className="result__sub">
          {waitingText(scan, status)}
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
  return (
    <View id="checkin-result" className={`result result--${toneOf(r.result)}`} data-outcome={r.result} {...a11y({ role: 'alert' })}>
      <Text id="checkin-result-label" className="result__label">
        {scanResultLabel(r.result)}
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
          {r.checkedInAt ? `签到时间 ${formatTime(r.checkedInAt)}` : ''}
          {r.checkedInBy ? `　核验人 ${r.checkedInBy}` : ''}
        </Text>
      ) : null}
    </View>
  )
}
