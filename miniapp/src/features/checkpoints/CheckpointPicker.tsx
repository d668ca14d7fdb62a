import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ENTRANCE_ID, type CheckpointView, type ScanDirection } from '@openday/shared'
import { useEffect } from 'react'
import { listCheckpoints } from '../../api/checkpoints'
import { ChoiceGroup } from '../../components/Choice'
import { useResource } from '../../lib/useResource'

/** Where the door's scans go: a point (none = the entrance) and in or out. */
export interface ScanPoint {
  checkpointId?: string
  direction?: ScanDirection
}

const cacheKey = (eventId: string) => `openday.checkpoints.${eventId}`

/** The last list seen online, so the picker still works with no network at the door. */
function cached(eventId: string): CheckpointView[] | undefined {
  try {
    const v = Taro.getStorageSync(cacheKey(eventId))
    return Array.isArray(v) ? (v as CheckpointView[]) : undefined
  } catch {
    return undefined
  }
}

/**
 * 签到点 and 进/出 above the door's scanner (features/checkins/CheckinView.tsx): 入口 and 进 by
 * default, which is the entrance exactly as before. Only active points are offered.
 */
export function CheckpointPicker({ eventId, value, onChange }: { eventId: string; value: ScanPoint; onChange: (v: ScanPoint) => void }) {
  const list = useResource(() => listCheckpoints(eventId), [eventId])
  useEffect(() => {
    if (list.data) {
      try {
        Taro.setStorageSync(cacheKey(eventId), list.data.points)
      } catch {
        // storage full: the picker then only works online
      }
    }
  }, [list.data, eventId])
  const points = (list.data?.points ?? cached(eventId) ?? []).filter((p) => p.active)
  const chosen = value.checkpointId ?? ENTRANCE_ID
  // A point deactivated meanwhile: back to the entrance rather than scanning into nowhere.
  useEffect(() => {
    if (list.data && chosen !== ENTRANCE_ID && !points.some((p) => p.id === chosen)) onChange({ ...value, checkpointId: undefined })
  }, [list.data, chosen, points, value, onChange])
  if (points.length <= 1 && !list.data) {
    return list.loading ? null : (
      <Text id="cp-picker-offline" className="meta">
        签到点列表暂未加载，当前为入口签到
      </Text>
    )
  }
  return (
    <View id="cp-picker" className="cp-picker">
      {points.length > 1 ? (
        <ChoiceGroup
          id="cp-point"
          label="签到点"
          columns={2}
          options={points.map((p) => ({ value: p.id, label: p.id === ENTRANCE_ID ? '入口' : p.name }))}
          value={chosen}
          onChange={(id) => onChange({ ...value, checkpointId: id === ENTRANCE_ID ? undefined : id })}
        />
      ) : null}
      <ChoiceGroup
        id="cp-direction"
        label="进或出"
        columns={2}
        options={[
          { value: 'in', label: '进（签到）' },
          { value: 'out', label: '出（离开）' },
        ]}
        value={value.direction ?? 'in'}
        onChange={(d) => onChange({ ...value, direction: d === 'in' ? undefined : d })}
      />
    </View>
  )
}
