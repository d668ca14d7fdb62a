/**
 * 扫码签到 in the BUILT mini-program (dist/weapp): the scan button opens wx.scanCode, every scan is
 * stored in wx storage with its nonce and scan time, judged on the device (Ed25519, no WebCrypto)
 * and POSTed with the staff token; a wx.request that fails is repeated with the same nonce until
 * the network returns, across a re-render of the page, and nothing is lost.
 *
 * The app's scan queue lives as long as the app (one per test file here, as in WeChat), so each
 * test scans for its own event.
 */
import { formatTicket, ticketMessage, toBase64Url } from '@openday/shared'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { eventDetail } from '../support/fixtures'
import {
  callsOf,
  getWxStorage,
  mockWxApi,
  renderPage,
  resetWx,
  respond,
  setWxNetwork,
  setWxStorage,
  stubWx,
  until,
  wxRequests,
  type SimComponent,
  type WxAnswer,
  type WxRequest,
} from './harness'

const API = 'http://127.0.0.1:8787/api/v1' // TARO_APP_API_BASE's default, baked into the build
const STAFF_TOKEN_KEY = 'openday.staff.token' // src/api/session.ts TOKEN_KEYS.staff
const QUEUE_KEY = 'openday.checkin.queue' // src/features/checkins/queue.ts
const PUBLIC_KEY_KEY = 'openday.tickets.public-key' // src/features/checkins/verifier.ts

const text = (page: SimComponent) => page.dom.textContent ?? ''
/** The big result panel only (the history list below repeats earlier outcomes). */
const panel = (page: SimComponent) => page.querySelector('#checkin-result')?.dom.textContent ?? ''
const pendingCount = (page: SimComponent) => page.querySelector('#checkin-pending-count')?.dom.textContent ?? ''
const historyText = (page: SimComponent) => page.querySelector('#checkin-history')?.dom.textContent ?? ''

const dashboard = (eventId: string) => ({
  eventId,
  capacity: 30,
  registered: 20,
  checkedIn: 3,
  byCategory: [],
  suggestions: 0,
  evaluations: { count: 0, averages: null, overall: null },
})

let keys: CryptoKeyPair
let publicKey: string
/** A ticket signed the way the API signs it. */
async function ticketFor(eventId: string, registrationId: string) {
  const sig = await crypto.subtle.sign('Ed25519', keys.privateKey, ticketMessage(eventId, registrationId))
  return formatTicket(eventId, registrationId, new Uint8Array(sig))
}
beforeAll(async () => {
  keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
  publicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey)))
})

/**
 * The API for one event: GETs answered; check-in POSTs get `checkin(req)`. While `net.down`,
 * every wx.request fails as it does without a connection.
 */
function api(eventId: string, checkin: (req: WxRequest) => WxAnswer) {
  const net = { down: false }
  const event = eventDetail({
    id: eventId,
    title: '农产品检测实验室开放日',
    startAt: new Date(Date.now() + 3600000).toISOString(),
    endAt: new Date(Date.now() + 3 * 3600000).toISOString(),
  })
  mockWxApi((req: WxRequest) => {
    if (net.down) return 'fail'
    if (req.url === `${API}/events/${eventId}/checkins` && req.method === 'POST') return checkin(req)
    if (req.url === `${API}/events/${eventId}` && req.method === 'GET') return { statusCode: 200, data: { event } }
    if (req.url === `${API}/events/${eventId}/dashboard`) return { statusCode: 200, data: dashboard(eventId) }
    if (req.url === `${API}/tickets/public-key`) return { statusCode: 200, data: { alg: 'Ed25519', publicKey } }
    return { statusCode: 404, data: {} }
  })
  return net
}

/** wx.scanCode reads these QR contents, one per call. */
function stubScans(...results: string[]) {
  const queue = [...results]
  stubWx('scanCode', (opts: Record<string, unknown>) =>
    respond(opts, 'scanCode', { result: queue.shift(), scanType: 'QR_CODE', charSet: 'utf-8' }),
  )
}

async function openCheckin(eventId: string) {
  setWxStorage(STAFF_TOKEN_KEY, 'staff-token-abc')
  const page = renderPage('pages/staff-checkin/index', { eventId })
  await until(() => page.querySelector('#checkin-scan') && text(page).includes('请扫描电子票二维码'))
  return page
}

function tapScan(page: SimComponent) {
  const btn = page.querySelector('#checkin-scan')
  expect(btn, '#checkin-scan').toBeDefined()
  btn!.dispatchEvent('tap', { detail: {} })
}

const postsFor = (eventId: string) => wxRequests.filter((r) => r.url === `${API}/events/${eventId}/checkins` && r.method === 'POST')
const bodyOf = (r: WxRequest) => JSON.parse(String(r.data)) as { ticket: string; nonce: string; scannedAt: string }
type Stored = { nonce: string; eventId: string; ticket: string; scannedAt: string; state: string; provisional: string }
const storedQueue = (): Stored[] => JSON.parse(String(getWxStorage(QUEUE_KEY) || '[]'))

describe('weapp staff check-in page (pages/staff-checkin/index)', () => {
  afterEach(() => {
    resetWx()
    vi.unstubAllGlobals()
  })

  it('scans with wx.scanCode, posts the ticket with a nonce, its scan time and the staff token, and is ready for the next scan', async () => {
    const A = await ticketFor('e1', 'r1')
    const B = await ticketFor('e1', 'r2')
    const answers: Record<string, WxAnswer> = {
      [A]: { statusCode: 200, data: { result: 'checked_in', attendee: { nameMasked: '张*', category: 'npc_deputy' }, checkedInAt: new Date().toISOString() } },
      [B]: { statusCode: 200, data: { result: 'invalid' } },
    }
    api('e1', (req) => answers[bodyOf(req).ticket])
    stubScans(A, B)
    const page = await openCheckin('e1')
    expect(callsOf('scanCode')).toHaveLength(0)
    expect(postsFor('e1')).toHaveLength(0)

    tapScan(page)
    await until(() => panel(page).includes('签到成功'))

    const scans = callsOf('scanCode')
    expect(scans).toHaveLength(1)
    expect(scans[0][0]).toMatchObject({ onlyFromCamera: true, scanType: ['qrCode'] })

    expect(postsFor('e1')).toHaveLength(1)
    const first = postsFor('e1')[0]
    const body = bodyOf(first)
    expect(Object.keys(body).sort()).toEqual(['nonce', 'scannedAt', 'ticket'])
    expect(body.ticket).toBe(A)
    expect(body.nonce).toMatch(/^[0-9a-f]{32}$/)
    expect(Math.abs(Date.parse(body.scannedAt) - Date.now())).toBeLessThan(60_000)
    expect(first.header?.Authorization).toBe('Bearer staff-token-abc')
    expect(first.header?.['Content-Type']).toBe('application/json')

    expect(page.querySelector('#checkin-result-name')?.dom.textContent).toBe('张*')
    expect(page.querySelector('#checkin-result-category')?.dom.textContent).toBe('人大代表')

    // Straight on to the next ticket: no dialog to dismiss, the button answers at once.
    tapScan(page)
    await until(() => panel(page).includes('无效票据')) // the device said 票据有效，待同步; the server's answer replaces it
    expect(callsOf('scanCode')).toHaveLength(2)
    expect(postsFor('e1')).toHaveLength(2)
    const second = bodyOf(postsFor('e1')[1])
    expect(second.ticket).toBe(B)
    expect(second.nonce).not.toBe(body.nonce) // one nonce per scan
    expect(panel(page)).not.toContain('张*')
    expect(callsOf('showModal')).toEqual([])
  })

  it('a deliberate re-scan of the same ticket is queued and sent at once, as its own scan', async () => {
    const A = await ticketFor('e2', 'r1')
    let n = 0
    api('e2', () =>
      n++ === 0
        ? { statusCode: 200, data: { result: 'checked_in', attendee: { nameMasked: '张*', category: 'npc_deputy' } } }
        : { statusCode: 200, data: { result: 'already_checked_in', attendee: { nameMasked: '张*', category: 'npc_deputy' }, checkedInAt: new Date().toISOString(), checkedInBy: '演示管理员' } },
    )
    stubScans(A, A)
    const page = await openCheckin('e2')
    tapScan(page)
    await until(() => panel(page).includes('签到成功'))
    tapScan(page) // the same QR again, straight away
    await until(() => panel(page).includes('重复签到'))
    expect(postsFor('e2').map((r) => bodyOf(r).ticket)).toEqual([A, A])
    expect(new Set(postsFor('e2').map((r) => bodyOf(r).nonce)).size).toBe(2)
  })

  it('wx.request failing then recovering: scans wait in wx storage across a re-render, are re-sent with the same nonce, none lost (no WebCrypto, as in WeChat)', async () => {
    const good = await ticketFor('e3', 'r1')
    const otherEvent = await ticketFor('e9', 'r2')
    const forged = good.replace('.r1.', '.r3.')
    const leftBehind = await ticketFor('e3', 'r4')
    // WeChat's JS runtime has no globalThis.crypto: nonces come from randomId()'s fallback, and
    // tickets are checked by @noble/ed25519 alone.
    vi.stubGlobal('crypto', undefined)
    setWxStorage(PUBLIC_KEY_KEY, publicKey) // cached the last time the device was online
    const answers: Record<string, object> = {
      [good]: { result: 'checked_in', attendee: { nameMasked: '李*', category: 'citizen' } },
      [otherEvent]: { result: 'wrong_event' },
      [forged]: { result: 'invalid' },
      [leftBehind]: { result: 'checked_in', attendee: { nameMasked: '王*', category: 'media' } },
    }
    const net = api('e3', (req) => ({ statusCode: 200, data: answers[bodyOf(req).ticket] }))
    net.down = true
    setWxNetwork(false)
    stubScans(good, otherEvent, forged)
    let page = await openCheckin('e3')
    await until(() => page.querySelector('#checkin-offline-banner') && text(page).includes('网络已断开'))

    tapScan(page)
    await until(() => panel(page).includes('票据有效，待同步'))
    tapScan(page)
    await until(() => panel(page).includes('非本场活动') && pendingCount(page) === '2')
    tapScan(page)
    await until(() => panel(page).includes('无效票据') && pendingCount(page) === '3')
    expect(panel(page)).toContain('已保存在本机，网络恢复后自动上传')
    expect(callsOf('showModal')).toEqual([])

    // Each scan is in wx storage, pending, with its nonce and scan time; every failed try used them.
    const queued = storedQueue().filter((s) => s.eventId === 'e3')
    expect(queued.map((s) => [s.ticket, s.state, s.provisional]).sort()).toEqual(
      [
        [good, 'pending', 'valid'],
        [otherEvent, 'pending', 'wrong_event'],
        [forged, 'pending', 'invalid'],
      ].sort(),
    )
    for (const s of queued) expect(s.nonce).toMatch(/^[0-9a-f]{32}$/)
    expect(postsFor('e3').length).toBeGreaterThanOrEqual(3)
    for (const post of postsFor('e3')) {
      const b = bodyOf(post)
      expect(queued.find((s) => s.nonce === b.nonce), b.nonce).toMatchObject({ ticket: b.ticket, scannedAt: b.scannedAt })
    }

    // The page goes away and comes back (the staff member looked at another screen); meanwhile an
    // earlier run of the app had left one more scan in storage.
    page.detach()
    const earlier: Stored & Record<string, unknown> = {
      nonce: 'a'.repeat(32),
      eventId: 'e3',
      ticket: leftBehind,
      kind: 'ticket',
      label: `电子票 …${leftBehind.slice(-4)}`,
      scannedAt: new Date(Date.now() - 600_000).toISOString(),
      provisional: 'valid',
      state: 'pending',
      attempts: 5,
      nextAt: Date.now() + 60_000,
    }
    setWxStorage(QUEUE_KEY, JSON.stringify([...storedQueue(), earlier]))
    page = await openCheckin('e3')
    await until(() => pendingCount(page) === '4')
    expect(historyText(page)).toContain('待同步')

    // The network comes back: WeChat reports it and wx.request works again.
    net.down = false
    const back = Date.now()
    setWxNetwork(true)
    await until(() => pendingCount(page) === '0', 10_000)
    // Sent on WeChat's network event, not when the back-off (4 s and more by now) runs out.
    expect(Date.now() - back).toBeLessThan(1900)
    await until(() => historyText(page).includes('签到成功') && historyText(page).includes('非本场活动'))
    expect(page.querySelector('#checkin-offline-banner')).toBeUndefined()

    // Nothing lost, nothing doubled: each of the 4 scans got its answer under the nonce it was stored with.
    const final = storedQueue().filter((s) => s.eventId === 'e3')
    expect(final.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done'])
    expect(final.every((s) => s.ticket === '')).toBe(true)
    const nonces = new Set([...queued.map((s) => s.nonce), earlier.nonce])
    expect(new Set(final.map((s) => s.nonce))).toEqual(nonces)
    const sentNonces = new Set(postsFor('e3').map((r) => bodyOf(r).nonce))
    expect(sentNonces).toEqual(nonces)
    const earlierPosts = postsFor('e3').filter((r) => bodyOf(r).nonce === earlier.nonce).map(bodyOf)
    expect(earlierPosts.at(-1)).toEqual({ ticket: leftBehind, nonce: earlier.nonce, scannedAt: earlier.scannedAt })
    expect(callsOf('showModal')).toEqual([])
  })
})
