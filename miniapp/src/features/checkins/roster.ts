import Taro from '@tarojs/taro'
import { ROSTER_VERSION, indexRoster, type Roster, type RosterIndex } from '@openday/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getRoster } from '../../api/checkins'
import { ApiError } from '../../api/request'
import type { QueueStatus, ScanQueue } from './queue'
import type { RosterSync } from './SyncBanner'

/**
 * The door's 签到名单 on this device (docs/door-offline.md): downloaded when the check-in page opens
 * and kept fresh while online (on open, when the network returns, every few minutes and after
 * the queue has uploaded), stored in the device's storage (wx storage / localStorage) so the door
 * decides scans with no network at all, also after a restart.
 */

export const ROSTER_STORAGE_PREFIX = 'openday.checkin.roster.'
/** Refresh while the page is open and online; a 304 costs no body. */
export const ROSTER_REFRESH_MS = 3 * 60 * 1000

interface StoredRoster {
  roster: Roster
  /** When the device last heard from the server about this list (ms). */
  syncedAt: number
}

export function readStoredRoster(eventId: string): StoredRoster | null {
  try {
    const raw = Taro.getStorageSync(ROSTER_STORAGE_PREFIX + eventId)
    if (typeof raw !== 'string' || !raw) return null
    const stored = JSON.parse(raw) as StoredRoster
    if (stored?.roster?.v !== ROSTER_VERSION || stored.roster.event?.id !== eventId || !Array.isArray(stored.roster.ids)) return null
    return stored
  } catch {
    return null
  }
}

function writeStoredRoster(eventId: string, stored: StoredRoster): boolean {
  try {
    Taro.setStorageSync(ROSTER_STORAGE_PREFIX + eventId, JSON.stringify(stored))
    return true
  } catch {
    return false // storage full: the list still works in memory until the page closes
  }
}

export interface RosterState {
  index: RosterIndex | null
  syncedAt: number | null
  /** Why the last refresh failed ('offline' when there was no network), or null. */
  problem: 'offline' | 'error' | null
  syncing: boolean
}

/** The stored roster at once, refreshed from the server when `enabled`; `refresh()` asks again. */
export function useRoster(eventId: string, enabled: boolean): RosterState & { refresh: () => Promise<RosterIndex | null> } {
  const [state, setState] = useState<RosterState>(() => {
    const stored = readStoredRoster(eventId)
    return { index: stored ? indexRoster(stored.roster) : null, syncedAt: stored?.syncedAt ?? null, problem: null, syncing: false }
  })
  const current = useRef(state)
  current.current = state
  const inFlight = useRef<Promise<RosterIndex | null>>()

  const refresh = useCallback((): Promise<RosterIndex | null> => {
    if (inFlight.current) return inFlight.current
    setState((s) => ({ ...s, syncing: true }))
    const held = current.current.index?.roster
    const run = getRoster(eventId, held?.etag)
      .then((fresh) => {
        const roster = fresh ?? held
        if (!roster) throw new Error('304 without a held roster')
        const syncedAt = Date.now()
        writeStoredRoster(eventId, { roster, syncedAt })
        const index = fresh || !current.current.index ? indexRoster(roster) : current.current.index
        setState({ index, syncedAt, problem: null, syncing: false })
        return index
      })
      .catch((e: unknown) => {
        const offline = e instanceof ApiError && (e.code === 'NETWORK' || e.status === 0)
        setState((s) => ({ ...s, problem: offline ? 'offline' : 'error', syncing: false }))
        return current.current.index
      })
      .finally(() => {
        inFlight.current = undefined
      })
    inFlight.current = run
    return run
  }, [eventId])

  useEffect(() => {
    if (!enabled) return
    void refresh()
    const t = setInterval(() => void refresh(), ROSTER_REFRESH_MS)
    return () => clearInterval(t)
  }, [enabled, refresh])

  return { ...state, refresh }
}

/**
 * The roster as the door screen uses it: refreshed also when the network returns and when the
 * queue has uploaded everything (so a check-in of this device that another door's earlier scan
 * replaced is learnt at once), and each fresh list marks such check-ins in the queue.
 */
export function useDoorRoster(eventId: string, enabled: boolean, queue: ScanQueue, status: QueueStatus): { index: RosterIndex | null; sync: RosterSync } {
  const roster = useRoster(eventId, enabled)
  const { refresh, index } = roster
  const online = status.online
  const wasOnline = useRef(online)
  useEffect(() => {
    if (enabled && online && !wasOnline.current) void refresh()
    wasOnline.current = online
  }, [enabled, online, refresh])
  const pending = status.pending
  const hadPending = useRef(pending)
  useEffect(() => {
    if (enabled && pending === 0 && hadPending.current > 0) void refresh()
    hadPending.current = pending
  }, [enabled, pending, refresh])
  useEffect(() => {
    if (index) queue.markSuperseded(index)
  }, [index, queue])
  return { index, sync: { count: index ? index.roster.ids.length : null, syncedAt: roster.syncedAt, problem: roster.problem } }
}
