// The door's scan queue (features/checkins/queue.ts) with fake timers: stored before sent,
// re-sent with back-off and on network events, across restarts, never lost, never doubled.
import type { CheckinResponse } from '@openday/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../src/api/request'
import { BACKOFF_MAX_MS, MAX_IN_FLIGHT, QUEUE_STORAGE_KEY, ScanQueue, backoffMs, type NewScan, type QueuedScan } from '../../src/features/checkins/queue'

const T0 = new Date('2026-03-10T02:00:00.000Z').getTime()
const OK: CheckinResponse = { result: 'checked_in', attendee: { nameMasked: '张*', category: 'citizen' }, checkedInAt: '2026-03-10T02:00:00.000Z' }
const network = () => new ApiError(0, 'NETWORK', '网络不太好，请检查网络后重试')

/** Device storage that can be made to refuse writes. */
function fakeStorage() {
  const map = new Map<string, string>()
  return {
    map,
    full: false,
    read() {
      return map.get(QUEUE_STORAGE_KEY) ?? ''
    },
    write(json: string) {
      if (this.full) throw new Error('setStorageSync:fail exceed storage max size')
      map.set(QUEUE_STORAGE_KEY, json)
    },
    stored(): QueuedScan[] {
      return JSON.parse(map.get(QUEUE_STORAGE_KEY) ?? '[]')
    },
  }
}

type Answer = CheckinResponse | Error
/** The server: answers each upload with `answer(scan)`; records every upload. */
function fakeServer(answer: (scan: QueuedScan, n: number) => Answer | Promise<Answer>) {
  const uploads: { nonce: string; ticket: string; scannedAt: string; at: number }[] = []
  const send = vi.fn(async (scan: QueuedScan) => {
    uploads.push({ nonce: scan.nonce, ticket: scan.ticket, scannedAt: scan.scannedAt, at: Date.now() })
    const a = await answer(scan, uploads.length)
    if (a instanceof Error) throw a
    return a
  })
  return { uploads, send }
}

function makeQueue(storage: ReturnType<typeof fakeStorage>, send: (scan: QueuedScan) => Promise<CheckinResponse>) {
  return new ScanQueue({
    read: () => storage.read(),
    write: (json) => storage.write(json),
    send,
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  })
}

const scanOf = (value: string, overrides: Partial<NewScan> = {}): NewScan => ({
  eventId: 'ev1',
  kind: 'ticket',
  value,
  label: `电子票 …${value.slice(-4)}`,
  provisional: 'valid',
  ...overrides,
})

let queues: ScanQueue[] = []
const started = (q: ScanQueue) => {
  queues.push(q)
  q.start()
  return q
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(T0)
})
afterEach(() => {
  for (const q of queues) q.stop()
  queues = []
  vi.useRealTimers()
})

describe('scan queue', () => {
  it('stores a scan with its nonce and scan time before the upload starts', async () => {
    const storage = fakeStorage()
    const seenInStorage: QueuedScan[][] = []
    const server = fakeServer(() => {
      seenInStorage.push(storage.stored())
      return OK
    })
    const q = started(makeQueue(storage, server.send))
    const { scan, saved } = q.add(scanOf('OD1.ev1.r1.sig1'))
    expect(saved).toBe(true)
    expect(scan.nonce).toMatch(/^[0-9a-f]{32}$/)
    expect(scan.scannedAt).toBe('2026-03-10T02:00:00.000Z')
    await vi.advanceTimersByTimeAsync(0)
    expect(seenInStorage[0]).toHaveLength(1)
    expect(seenInStorage[0][0]).toMatchObject({ nonce: scan.nonce, ticket: 'OD1.ev1.r1.sig1', scannedAt: scan.scannedAt, state: 'pending' })
    expect(server.uploads).toEqual([{ nonce: scan.nonce, ticket: 'OD1.ev1.r1.sig1', scannedAt: scan.scannedAt, at: T0 }])
    // Answered: the outcome replaces the device's verdict, and the ticket itself is forgotten.
    const [stored] = storage.stored()
    expect(stored).toMatchObject({ nonce: scan.nonce, state: 'done', result: OK, ticket: '', provisional: 'valid' })
    expect(q.status().pending).toBe(0)
  })

  it('sends several scans of one person (known from the roster) in scan order, each after the earlier one is answered', async () => {
    const storage = fakeStorage()
    let up = false
    const server = fakeServer(() => (up ? OK : network()))
    const q = started(makeQueue(storage, server.send))
    q.setOnline(false)
    const person = (registrationId: string) => ({ offline: { result: 'checked_in' as const, registrationId } })
    const first = q.add(scanOf('OD1.ev1.r1.sig1', person('r1'))).scan
    vi.setSystemTime(T0 + 1000)
    const other = q.add(scanOf('OD1.ev1.r2.sig2', person('r2'))).scan
    vi.setSystemTime(T0 + 2000)
    const repeat = q.add(scanOf('OD1.ev1.r1.sig1', { ...person('r1'), provisional: 'already_checked_in' })).scan
    await vi.advanceTimersByTimeAsync(60_000)
    // While offline only the first scan of each person was tried; the repeat waited its turn.
    expect(new Set(server.uploads.map((u) => u.nonce))).toEqual(new Set([first.nonce, other.nonce]))
    server.uploads.length = 0
    up = true
    q.setOnline(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(server.uploads.map((u) => u.nonce)).toEqual([other.nonce, first.nonce, repeat.nonce])
    expect(q.status().pending).toBe(0)
  })

  it('repeats a lost upload with the same nonce, waiting 2, 4, 8, 16, 32 s and then once a minute', async () => {
    const storage = fakeStorage()
    const server = fakeServer(() => network())
    const q = started(makeQueue(storage, server.send))
    const { scan } = q.add(scanOf('OD1.ev1.r1.sig1'))
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    const gaps = server.uploads.slice(1).map((u, i) => u.at - server.uploads[i].at)
    expect(gaps.slice(0, 8)).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000])
    expect(new Set(server.uploads.map((u) => u.nonce))).toEqual(new Set([scan.nonce]))
    expect(new Set(server.uploads.map((u) => u.scannedAt))).toEqual(new Set([scan.scannedAt]))
    expect(q.status()).toMatchObject({ pending: 1, online: false })
    expect(storage.stored()[0]).toMatchObject({ state: 'pending', lastError: '网络不通，恢复后自动上传' })
    expect(backoffMs(100)).toBe(BACKOFF_MAX_MS)
  })

  it('sends at once when the network comes back, without waiting out the back-off', async () => {
    const storage = fakeStorage()
    let up = false
    const server = fakeServer(() => (up ? OK : network()))
    const q = started(makeQueue(storage, server.send))
    q.setOnline(false)
    q.add(scanOf('OD1.ev1.r1.sig1'))
    await vi.advanceTimersByTimeAsync(2000 + 4000 + 8000 + 100) // 4 attempts; the next is due in 16 s
    expect(server.uploads).toHaveLength(4)
    up = true
    q.setOnline(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(server.uploads).toHaveLength(5)
    expect(q.status()).toMatchObject({ pending: 0, online: true })
  })

  it('survives a restart: a new queue over the same storage re-sends every pending scan, once', async () => {
    const storage = fakeStorage()
    const offline = fakeServer(() => network())
    const before = started(makeQueue(storage, offline.send))
    const added = ['OD1.ev1.r1.sig1', 'OD1.ev1.r2.sig2', 'ABCD2345'].map((v, i) => {
      vi.setSystemTime(T0 + i * 60_000)
      return before.add(scanOf(v, v.startsWith('OD1') ? {} : { kind: 'code', provisional: 'saved' })).scan
    })
    await vi.advanceTimersByTimeAsync(0)
    before.stop() // the app is killed

    vi.setSystemTime(T0 + 3600_000)
    const online = fakeServer(() => OK)
    const after = started(makeQueue(storage, online.send))
    await vi.advanceTimersByTimeAsync(0)
    expect(online.uploads.map(({ nonce, ticket, scannedAt }) => ({ nonce, ticket, scannedAt })).sort((a, b) => a.scannedAt.localeCompare(b.scannedAt))).toEqual(
      added.map(({ nonce, ticket, scannedAt }) => ({ nonce, ticket, scannedAt })),
    )
    expect(after.status().pending).toBe(0)
    expect(storage.stored().map((s) => s.state)).toEqual(['done', 'done', 'done'])
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(online.uploads).toHaveLength(3)
  })

  it('takes a refusal as final, says what to do, and goes on with the next scan', async () => {
    const storage = fakeStorage()
    const server = fakeServer((scan) =>
      scan.ticket === 'OD1.ev9.r1.sig1'
        ? new ApiError(403, 'FORBIDDEN', '这不是您所在单位的活动')
        : scan.ticket === 'OD1.ev1.old.sig'
          ? new ApiError(400, 'VALIDATION_FAILED', '扫码记录已超过3天未上传，不能再补录，请参加者重新出示票据', 'scannedAt')
          : OK,
    )
    const q = started(makeQueue(storage, server.send))
    q.add(scanOf('OD1.ev9.r1.sig1'))
    q.add(scanOf('OD1.ev1.old.sig'))
    q.add(scanOf('OD1.ev1.r2.sig2'))
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    expect(server.uploads).toHaveLength(3)
    const byTicketEnd = Object.fromEntries(q.status().scans.map((s) => [s.label, s]))
    expect(byTicketEnd['电子票 …sig1']).toMatchObject({
      state: 'refused',
      refusal: { title: '无权核验', detail: '这不是您所在单位的活动。请确认选择的是本单位的活动，或联系管理员' },
    })
    expect(byTicketEnd['电子票 …sig2']).toMatchObject({ state: 'done', result: OK })
    expect(byTicketEnd['电子票 ….sig']).toMatchObject({
      state: 'refused',
      refusal: { title: '无法签到', detail: '扫码记录已超过3天未上传，不能再补录，请参加者重新出示票据。请参加者重新出示票据，或手工输入签到码' },
    })
  })

  it('keeps retrying while the server is busy (5xx, 429)', async () => {
    const storage = fakeStorage()
    const server = fakeServer((_, n) => (n === 1 ? new ApiError(503, 'INTERNAL', '系统繁忙') : n === 2 ? new ApiError(429, 'RATE_LIMITED', '过于频繁') : OK))
    const q = started(makeQueue(storage, server.send))
    q.add(scanOf('OD1.ev1.r1.sig1'))
    await vi.advanceTimersByTimeAsync(2000 + 4000)
    expect(server.uploads.map((u) => u.at - T0)).toEqual([0, 2000, 6000])
    expect(q.status()).toMatchObject({ pending: 0, online: true })
  })

  it('holds pending scans when the staff session expires, and sends them after the next start', async () => {
    const storage = fakeStorage()
    let loggedIn = false
    const server = fakeServer(() => (loggedIn ? OK : new ApiError(401, 'UNAUTHENTICATED', '请先登录')))
    const q = started(makeQueue(storage, server.send))
    q.add(scanOf('OD1.ev1.r1.sig1'))
    await vi.advanceTimersByTimeAsync(0)
    q.add(scanOf('OD1.ev1.r2.sig2')) // scanning goes on; it waits with the first
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(server.uploads).toHaveLength(1)
    expect(q.status()).toMatchObject({ pending: 2, authExpired: true })
    loggedIn = true
    q.start() // the check-in page opens again after the login
    await vi.advanceTimersByTimeAsync(0)
    expect(q.status()).toMatchObject({ pending: 0, authExpired: false })
    expect(server.uploads).toHaveLength(3)
  })

  it('when storage refuses the write, still sends the scan and says it was not saved', async () => {
    const storage = fakeStorage()
    storage.full = true
    const server = fakeServer(() => network())
    const q = started(makeQueue(storage, server.send))
    const { saved } = q.add(scanOf('OD1.ev1.r1.sig1'))
    expect(saved).toBe(false)
    expect(q.status()).toMatchObject({ pending: 1, storageFailed: true })
    await vi.advanceTimersByTimeAsync(0)
    expect(server.uploads).toHaveLength(1)
    storage.full = false
    await vi.advanceTimersByTimeAsync(2000) // the next write succeeds: the scan is stored after all
    expect(q.status().storageFailed).toBe(false)
    expect(storage.stored()).toHaveLength(1)
  })

  it(`uploads at most ${MAX_IN_FLIGHT} at a time and drains a backlog of 10`, async () => {
    const storage = fakeStorage()
    let open = 0
    let most = 0
    const server = fakeServer(async () => {
      open++
      most = Math.max(most, open)
      await new Promise((r) => setTimeout(r, 300))
      open--
      return OK
    })
    const q = makeQueue(storage, server.send)
    for (let i = 0; i < 10; i++) q.add(scanOf(`OD1.ev1.r${i}.sig${i}`)) // queued before the page starts it
    expect(server.uploads).toHaveLength(0)
    started(q)
    await vi.advanceTimersByTimeAsync(2000)
    expect(most).toBe(MAX_IN_FLIGHT)
    expect(server.uploads).toHaveLength(10)
    expect(new Set(server.uploads.map((u) => u.nonce)).size).toBe(10)
    expect(q.status().pending).toBe(0)
  })

  it('keeps what another tab stored meanwhile', async () => {
    const storage = fakeStorage()
    const server = fakeServer(() => network())
    const tabA = started(makeQueue(storage, server.send))
    const tabB = started(makeQueue(storage, server.send))
    const a = tabA.add(scanOf('OD1.ev1.rA.sigA')).scan
    const b = tabB.add(scanOf('OD1.ev1.rB.sigB')).scan
    await vi.advanceTimersByTimeAsync(3000)
    expect(new Set(storage.stored().map((s) => s.nonce))).toEqual(new Set([a.nonce, b.nonce]))
  })
})
