import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { postCheckin } from '../../api/checkins'
import { watchNetwork } from './network'
import { QUEUE_STORAGE_KEY, ScanQueue, type QueueStatus } from './queue'

let queue: ScanQueue | undefined
let unwatch: (() => void) | undefined

/**
 * The app's one scan queue over the device's storage (wx storage in WeChat, localStorage in H5).
 * It keeps uploading while the app runs, whichever page is shown.
 */
export function getScanQueue(): ScanQueue {
  if (!queue) {
    queue = new ScanQueue({
      read: () => Taro.getStorageSync(QUEUE_STORAGE_KEY),
      write: (json) => Taro.setStorageSync(QUEUE_STORAGE_KEY, json),
      send: (scan) => postCheckin(scan.eventId, scan),
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    })
    const q = queue
    unwatch = watchNetwork((online) => q.setOnline(online))
  }
  return queue
}

/** Tests: forget the queue (its timer and network listener) so the next one starts clean. */
export function resetScanQueue(): void {
  queue?.stop()
  unwatch?.()
  queue = undefined
  unwatch = undefined
}

/** Starts the queue when a check-in page opens (re-sending what is pending) and follows it. */
export function useScanQueue(enabled: boolean): { queue: ScanQueue; status: QueueStatus } {
  const q = getScanQueue()
  const [status, setStatus] = useState(q.status())
  useEffect(() => {
    const off = q.subscribe(() => setStatus(q.status()))
    if (enabled) q.start()
    setStatus(q.status())
    return off
  }, [q, enabled])
  return { queue: q, status }
}
