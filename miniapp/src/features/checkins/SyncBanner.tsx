import { Text, View } from '@tarojs/components'
import { formatTime } from '@openday/shared'
import { a11y, idAttr } from '../../lib/platform'
import type { QueueStatus } from './queue'

type Tone = 'ok' | 'busy' | 'warn' | 'bad'

/** The door's roster on this device (roster.ts): how many people, when it was last synced. */
export interface RosterSync {
  count: number | null
  syncedAt: number | null
  problem: 'offline' | 'error' | null
  /** The offline ticket verifier is loaded (tickets can be checked with no network). */
  verifierReady?: boolean
}

function rosterText(r: RosterSync): string {
  if (r.count === null) return r.problem ? '签到名单尚未下载，联网后自动下载' : '正在下载签到名单…'
  const when = r.syncedAt ? `最近同步 ${formatTime(new Date(r.syncedAt))}` : '尚未同步'
  return `签到名单 ${r.count} 人 · ${when}${r.problem === 'error' ? ' · 更新失败，稍后重试' : ''}`
}

function describe(status: QueueStatus, offline: boolean): { tone: Tone; state: string; advice: string } {
  if (status.storageFailed) return { tone: 'bad', state: '手机存储空间不足', advice: '请勿关闭本页面，并清理手机存储空间' }
  if (status.authExpired) return { tone: 'warn', state: '登录已过期', advice: '记录已保存在本机，重新登录后自动上传' }
  if (offline) return { tone: 'warn', state: '网络已断开', advice: '可继续扫码，网络恢复后自动上传' }
  if (status.pending > 0) return { tone: 'busy', state: '正在上传', advice: '请保持网络连接，稍候即可完成' }
  return { tone: 'ok', state: '网络正常', advice: '记录已全部上传；断网时也可继续扫码' }
}

/**
 * Always on screen, always the same height: whether scans reach the server, and how many wait on
 * this device. Offline or with scans pending it is the banner #checkin-offline-banner.
 */
export function SyncBanner({ status, roster }: { status: QueueStatus; roster?: RosterSync }) {
  const offline = !status.online || roster?.problem === 'offline'
  const { tone, state, advice } = describe(status, offline)
  return (
    <View
      id="checkin-sync"
      className={`sync sync--${tone}`}
      data-online={String(!offline)}
      data-pending={String(status.pending)}
      {...a11y({ role: 'status', 'aria-live': 'polite' })}
    >
      <View {...idAttr(tone === 'ok' ? undefined : 'checkin-offline-banner')} className="sync__body">
        <Text className="sync__head">
          {state} ·{' '}
          <Text id="checkin-pending-count" className="sync__count">
            {status.pending}
          </Text>{' '}
          条待同步
        </Text>
        <Text className="sync__sub">{advice}</Text>
        {roster ? (
          <Text id="checkin-roster-sync" className="sync__sub" data-synced-at={roster.syncedAt ?? ''} data-count={roster.count ?? ''} data-verifier={roster.verifierReady ? 'ready' : 'loading'}>
            {rosterText(roster)}
          </Text>
        ) : null}
      </View>
    </View>
  )
}
