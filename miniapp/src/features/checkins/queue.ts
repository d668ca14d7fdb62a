import { ENTRANCE_ID, type CheckinResponse, type DeviceCheckin, type DevicePointScans, type OfflineVerdict, type PointScanResponse, type RosterIndex } from '@openday/shared'
import { ApiError } from '../../api/request'
import { randomId } from '../../lib/id'
import type { ScanKind } from './codes'
import type { Provisional } from './verifier'

/**
 * The door's scan queue. Every scan is written to the device's storage first (with its nonce and
 * the time it was scanned), then uploaded; uploads that get no answer are repeated with back-off
 * until the server answers, also after a reload or an app restart. The nonce makes a repeated
 * upload count once, and `scannedAt` makes a late one count as if it had arrived at once.
 */

export const QUEUE_STORAGE_KEY = 'openday.checkin.queue'
/** First retry after 2 s, doubling up to once a minute; a network event retries at once. */
export const BACKOFF_BASE_MS = 2000
export const BACKOFF_MAX_MS = 60_000
/** Uploads at a time: enough to drain a backlog quickly without flooding a weak link. */
export const MAX_IN_FLIGHT = 4
/** Answered scans kept for the history list (pending ones are always kept). */
export const FINISHED_KEPT = 30

export interface QueuedScan {
  nonce: string
  eventId: string
  /** The ticket or 签到码 as sent; emptied once answered (it is a credential). */
  ticket: string
  kind: ScanKind
  /** The masked form shown in lists. */
  label: string
  /** 签到点 and direction (features/checkpoints/CheckpointPicker.tsx); none: the entrance, in. */
  checkpointId?: string
  direction?: 'in' | 'out'
  scannedAt: string
  /** The device's own verdict until the server answers. */
  provisional: Provisional
  /** The device's decision from the roster (who, when), with the sign-up the scan named. */
  offline?: OfflineVerdict
  /**
   * This device's check-in was replaced by an earlier scan of another door (learnt from the
   * roster after the upload): who checked the person in first, and when.
   */
  superseded?: { at: string; by: string | null }
  state: 'pending' | 'done' | 'refused'
  attempts: number
  /** Earliest time (ms) of the next upload. */
  nextAt: number
  /** Why the last upload got no answer (no network, server busy): shown beside a pending line. */
  lastError?: string
  result?: CheckinResponse
  /** Refused by the server for good: what happened and what to do. */
  refusal?: { title: string; detail: string }
  finishedAt?: number
}

export interface QueueDeps {
  /** The stored queue (JSON), or null/'' when there is none. */
  read(): unknown
  /** Stores the queue; throws when the device cannot (storage full or blocked). */
  write(json: string): void
  send(scan: QueuedScan): Promise<CheckinResponse>
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface QueueStatus {
  /** Newest first. */
  scans: readonly QueuedScan[]
  pending: number
  /** False after an upload failed for lack of network or the device reported going offline. */
  online: boolean
  /** The staff session expired: pending scans wait for the next login. */
  authExpired: boolean
  /** The last write to storage failed: pending scans live only in memory. */
  storageFailed: boolean
}

export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS)
}

type Failure =
  | { kind: 'offline' | 'retry'; text: string }
  | { kind: 'auth' }
  | { kind: 'refused'; title: string; detail: string }

/** Which failures are worth repeating, and the words for those that are not. */
function classify(e: unknown): Failure {
  if (!(e instanceof ApiError)) return { kind: 'retry', text: '上传出错，稍后自动重试' }
  if (e.code === 'NETWORK' || e.status === 0) return { kind: 'offline', text: '网络不通，恢复后自动上传' }
  if (e.status === 401) return { kind: 'auth' }
  if (e.status === 408 || e.status === 429 || e.status >= 500) return { kind: 'retry', text: '服务器繁忙，稍后自动重试' }
  if (e.status === 403) return { kind: 'refused', title: '无权核验', detail: `${e.message}。请确认选择的是本单位的活动，或联系管理员` }
  if (e.status === 404) return { kind: 'refused', title: '活动不存在', detail: '该活动已不存在，请返回活动列表重新选择后再扫码' }
  return { kind: 'refused', title: '无法签到', detail: `${e.message}。请参加者重新出示票据，或手工输入签到码` }
}

function parseStored(raw: unknown): QueuedScan[] {
  if (typeof raw !== 'string' || !raw) return []
  try {
    const list = JSON.parse(raw) as unknown
    return Array.isArray(list) ? list.filter((s): s is QueuedScan => !!s && typeof s === 'object' && typeof s.nonce === 'string') : []
  } catch {
    return []
  }
}

const finished = (s: QueuedScan) => s.state !== 'pending'
/** Where a scan was made: its 签到点, or the entrance. */
const pointOf = (s: Pick<QueuedScan, 'checkpointId'>) => s.checkpointId || ENTRANCE_ID

/** One entry per nonce: an answered copy beats a pending one, a later attempt an earlier one. */
function merge(a: readonly QueuedScan[], b: readonly QueuedScan[]): QueuedScan[] {
  const byNonce = new Map<string, QueuedScan>()
  for (const s of [...a, ...b]) {
    const seen = byNonce.get(s.nonce)
    if (!seen || (finished(s) && !finished(seen)) || (finished(s) === finished(seen) && s.attempts >= seen.attempts)) {
      byNonce.set(s.nonce, s)
    }
  }
  const all = [...byNonce.values()].sort((x, y) => (x.scannedAt < y.scannedAt ? 1 : x.scannedAt > y.scannedAt ? -1 : 0))
  const done = all.filter(finished).sort((x, y) => (y.finishedAt ?? 0) - (x.finishedAt ?? 0))
  const keep = new Set(done.slice(0, FINISHED_KEPT).map((s) => s.nonce))
  return all.filter((s) => !finished(s) || keep.has(s.nonce))
}

export interface NewScan {
  eventId: string
  kind: ScanKind
  value: string
  label: string
  provisional: Provisional
  offline?: OfflineVerdict
  /** Given when the verdict was decided with them (the roster decision needs the nonce and time). */
  nonce?: string
  at?: number
  checkpointId?: string
  direction?: 'in' | 'out'
}

export class ScanQueue {
  private scans: QueuedScan[] = []
  private inFlight = new Set<string>()
  private timer: unknown
  private listeners = new Set<() => void>()
  private snapshot: QueueStatus
  private online = true
  private authExpired = false
  private storageFailed = false
  private started = false

  constructor(private readonly deps: QueueDeps) {
    this.snapshot = this.makeStatus()
  }

  /** Reads what earlier runs left in storage and sends every pending scan now. */
  start(): void {
    this.started = true
    this.authExpired = false
    this.scans = merge(parseStored(this.deps.read()), this.scans)
    this.retryAll()
  }

  /** Stops the timer (tests; the app keeps the queue running while it lives). */
  stop(): void {
    this.started = false
    this.deps.clearTimeout(this.timer)
    this.timer = undefined
  }

  /**
   * Queues a scan: stored first, then sent. `saved` is false when storage refused it; the scan is
   * still kept in memory and sent, but would not survive a restart.
   */
  add(input: NewScan): { scan: QueuedScan; saved: boolean } {
    const now = input.at ?? this.deps.now()
    const scan: QueuedScan = {
      nonce: input.nonce ?? randomId(),
      eventId: input.eventId,
      ticket: input.value,
      kind: input.kind,
      label: input.label,
      ...(input.checkpointId ? { checkpointId: input.checkpointId } : {}),
      ...(input.direction === 'out' ? { direction: input.direction } : {}),
      scannedAt: new Date(now).toISOString(),
      provisional: input.provisional,
      ...(input.offline ? { offline: input.offline } : {}),
      state: 'pending',
      attempts: 0,
      nextAt: now,
    }
    this.scans = merge(this.scans, [scan])
    const saved = this.persist()
    this.changed()
    this.flush()
    return { scan, saved }
  }

  /**
   * This device's own check-ins for an event at one point (the entrance by default), by
   * registration id: scans it decided as checked in (still waiting, or confirmed by the server and
   * not replaced since). The roster decision uses them so a second scan on this device is a repeat
   * even before the roster is refreshed.
   */
  deviceCheckins(eventId: string, checkpointId: string = ENTRANCE_ID): Map<string, DeviceCheckin> {
    const mine = new Map<string, DeviceCheckin>()
    for (const s of this.scans) {
      const regId = s.offline?.registrationId
      if (s.eventId !== eventId || !regId || s.superseded || pointOf(s) !== checkpointId || s.direction === 'out') continue
      const counted = s.state === 'pending' ? s.provisional === 'checked_in' : s.state === 'done' && s.result?.result === 'checked_in'
      if (!counted) continue
      const at = s.result?.checkedInAt ?? s.offline?.checkedInAt ?? s.scannedAt
      const seen = mine.get(regId)
      if (!seen || at < seen.checkedInAt) mine.set(regId, { nonce: s.nonce, checkedInAt: at })
    }
    return mine
  }

  /** This device's exits recorded at one point: when each person left (the earliest). */
  deviceExits(eventId: string, checkpointId: string = ENTRANCE_ID): Map<string, string> {
    const left = new Map<string, string>()
    for (const s of this.scans) {
      const regId = s.offline?.registrationId
      if (s.eventId !== eventId || !regId || pointOf(s) !== checkpointId || s.direction !== 'out') continue
      const r = s.state === 'pending' ? s.provisional : s.state === 'done' ? s.result?.result : undefined
      if (r !== 'exited' && r !== 'already_exited') continue
      const at = (s.result as PointScanResponse | undefined)?.exitedAt ?? s.offline?.exitedAt ?? s.scannedAt
      const seen = left.get(regId)
      if (!seen || at < seen) left.set(regId, at)
    }
    return left
  }

  /** What the offline decision at a point needs from this device. */
  devicePointScans(eventId: string, checkpointId: string = ENTRANCE_ID): DevicePointScans {
    return { checkins: this.deviceCheckins(eventId, checkpointId), exits: this.deviceExits(eventId, checkpointId) }
  }

  /**
   * After a roster refresh: a check-in this device had confirmed, replaced on the server by an
   * earlier scan of another door (the first scan wins), is marked with who and when. Returns how
   * many were newly marked.
   */
  markSuperseded(index: RosterIndex): number {
    const { roster } = index
    let marked = 0
    this.scans = this.scans.map((s) => {
      const regId = s.offline?.registrationId
      if (s.eventId !== roster.event.id || !regId || s.superseded || pointOf(s) !== ENTRANCE_ID || s.direction === 'out') return s
      if (s.state !== 'done' || s.result?.result !== 'checked_in' || !s.result.checkedInAt) return s
      const i = index.byId.get(regId)
      const listed = i === undefined ? null : roster.checkedInAt[i]
      if (i === undefined || !listed || listed >= s.result.checkedInAt) return s
      marked++
      const by = roster.checkedInBy[i]
      return { ...s, superseded: { at: listed, by: by === null ? null : (roster.staff[by] ?? null) } }
    })
    if (marked > 0) {
      this.persist()
      this.changed()
    }
    return marked
  }

  /** The network is back (or the page came back): every pending scan is due now. */
  retryAll(): void {
    const now = this.deps.now()
    this.scans = this.scans.map((s) => (s.state === 'pending' ? { ...s, nextAt: now } : s))
    this.changed()
    this.flush()
  }

  /** Network status from the platform. Going online retries at once, whatever the back-off. */
  setOnline(online: boolean): void {
    const was = this.online
    this.online = online
    if (online && !was) this.retryAll()
    else this.changed()
  }

  status(): QueueStatus {
    return this.snapshot
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn)
    return () => void this.listeners.delete(fn)
  }

  /**
   * Pending scans that may be sent now: of several scans of one person (known from the roster),
   * only the earliest, so the server hears them in scan order (a repeat never arrives first and
   * is never briefly the check-in).
   */
  private sendable(): QueuedScan[] {
    const first = new Map<string, QueuedScan>()
    for (const s of this.scans) {
      const reg = s.offline?.registrationId
      if (s.state !== 'pending' || !reg) continue
      const seen = first.get(reg)
      if (!seen || s.scannedAt < seen.scannedAt) first.set(reg, s)
    }
    return this.scans.filter((s) => {
      if (s.state !== 'pending') return false
      const reg = s.offline?.registrationId
      return !reg || first.get(reg) === s
    })
  }

  /** Sends what is due, up to MAX_IN_FLIGHT at a time, and sets the timer for the next. */
  private flush(): void {
    if (!this.started || this.authExpired) return
    const now = this.deps.now()
    for (const s of this.sendable()) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) break
      if (!this.inFlight.has(s.nonce) && s.nextAt <= now) void this.upload(s)
    }
    this.schedule()
  }

  private schedule(): void {
    this.deps.clearTimeout(this.timer)
    this.timer = undefined
    if (!this.started || this.authExpired) return
    const due = this.sendable().filter((s) => !this.inFlight.has(s.nonce)).map((s) => s.nextAt)
    if (due.length === 0) return
    const wait = Math.max(0, Math.min(...due) - this.deps.now())
    // Nothing due and the in-flight limit reached: the next answer calls flush() anyway.
    if (wait === 0 && this.inFlight.size >= MAX_IN_FLIGHT) return
    this.timer = this.deps.setTimeout(() => {
      this.timer = undefined
      this.flush()
    }, wait)
  }

  private async upload(scan: QueuedScan): Promise<void> {
    this.inFlight.add(scan.nonce)
    let patch: Partial<QueuedScan>
    try {
      const result = await this.deps.send(scan)
      this.online = true
      this.authExpired = false
      patch = { state: 'done', result, ticket: '', lastError: undefined, finishedAt: this.deps.now() }
    } catch (e) {
      const failure = classify(e)
      const attempts = scan.attempts + 1
      if (failure.kind === 'refused') {
        patch = { state: 'refused', refusal: { title: failure.title, detail: failure.detail }, ticket: '', lastError: undefined, finishedAt: this.deps.now() }
      } else if (failure.kind === 'auth') {
        this.authExpired = true
        patch = { lastError: '登录已过期，重新登录后自动上传' }
      } else {
        if (failure.kind === 'offline') this.online = false
        patch = { attempts, nextAt: this.deps.now() + backoffMs(attempts), lastError: failure.text }
      }
    } finally {
      this.inFlight.delete(scan.nonce)
    }
    this.scans = this.scans.map((s) => (s.nonce === scan.nonce ? { ...s, ...patch, attempts: patch.attempts ?? s.attempts + 1 } : s))
    this.persist()
    this.changed()
    this.flush()
  }

  /** Writes the queue, merged with what another tab may have stored meanwhile. */
  private persist(): boolean {
    this.scans = merge(parseStored(this.deps.read()), this.scans)
    try {
      this.deps.write(JSON.stringify(this.scans))
      this.storageFailed = false
    } catch {
      this.storageFailed = true
    }
    return !this.storageFailed
  }

  private makeStatus(): QueueStatus {
    return {
      scans: this.scans,
      pending: this.scans.filter((s) => s.state === 'pending').length,
      online: this.online,
      authExpired: this.authExpired,
      storageFailed: this.storageFailed,
    }
  }

  private changed(): void {
    this.snapshot = this.makeStatus()
    for (const fn of this.listeners) fn()
  }
}
