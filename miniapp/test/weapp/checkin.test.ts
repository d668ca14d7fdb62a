/**
 * 扫码签到 in the BUILT mini-program (dist/weapp): the scan button opens wx.scanCode, the QR content
 * is POSTed with a per-scan nonce and the staff token, the result is shown at once and the next
 * scan can follow without closing anything. Network failures are retried with the same nonce.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { eventDetail } from '../support/fixtures'
import {
  callsOf,
  mockWxApi,
  renderPage,
  resetWx,
  respond,
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
const CHECKINS = `${API}/events/e1/checkins`

const text = (page: SimComponent) => page.dom.textContent ?? ''
/** The big result panel only (the history list below repeats earlier outcomes). */
const panel = (page: SimComponent) => page.querySelector('#checkin-result')?.dom.textContent ?? ''

const event = eventDetail({
  id: 'e1',
  title: '农产品检测实验室开放日',
  startAt: new Date(Date.now() + 3600000).toISOString(),
  endAt: new Date(Date.now() + 3 * 3600000).toISOString(),
})
const dashboard = {
  eventId: 'e1',
  capacity: 30,
  registered: 20,
  checkedIn: 3,
  byCategory: [],
  suggestions: 0,
  evaluations: { count: 0, averages: null, overall: null },
}

/** Answers the page's GETs; check-in POSTs get the next answer of `checkins` (the last one repeats). */
function api(checkins: WxAnswer[]) {
  const queue = [...checkins]
  mockWxApi((req: WxRequest) => {
    if (req.url === CHECKINS && req.method === 'POST') return queue.length > 1 ? queue.shift()! : queue[0]
    if (req.url === `${API}/events/e1` && req.method === 'GET') return { statusCode: 200, data: { event } }
    if (req.url === `${API}/events/e1/dashboard`) return { statusCode: 200, data: dashboard }
    return { statusCode: 404, data: {} }
  })
}

/** wx.scanCode reads these QR contents, one per call. */
function stubScans(...results: string[]) {
  const queue = [...results]
  stubWx('scanCode', (opts: Record<string, unknown>) =>
    respond(opts, 'scanCode', { result: queue.shift(), scanType: 'QR_CODE', charSet: 'utf-8' }),
  )
}

async function openCheckin() {
  setWxStorage(STAFF_TOKEN_KEY, 'staff-token-abc')
  const page = renderPage('pages/staff-checkin/index', { eventId: 'e1' })
  await until(() => page.querySelector('#checkin-scan') && text(page).includes('请扫描电子票二维码'))
  return page
}

function tapScan(page: SimComponent) {
  const btn = page.querySelector('#checkin-scan')
  expect(btn, '#checkin-scan').toBeDefined()
  btn!.dispatchEvent('tap', { detail: {} })
}

const posts = () => wxRequests.filter((r) => r.url === CHECKINS && r.method === 'POST')
const bodyOf = (r: WxRequest) => JSON.parse(String(r.data)) as { ticket: string; nonce: string }

const TICKET_A = 'v1.eyJyIjoicjEiLCJlIjoiZTEifQ.c2lnbmF0dXJlLWE'
const TICKET_B = 'v1.eyJyIjoicjIiLCJlIjoiZTEifQ.c2lnbmF0dXJlLWI'

describe('weapp staff check-in page (pages/staff-checkin/index)', () => {
  afterEach(() => {
    resetWx()
    vi.unstubAllGlobals()
  })

  it('sends a deliberate re-scan of the same ticket at once (the 3 s filter is for the live H5 camera)', async () => {
    api([
      { statusCode: 500, data: { error: { code: 'INTERNAL', message: '系统繁忙，请稍后重试' } } },
      { statusCode: 200, data: { result: 'already_checked_in', attendee: { nameMasked: '张*', category: 'npc_deputy' }, checkedInAt: new Date().toISOString(), checkedInBy: '演示管理员' } },
    ])
    stubScans(TICKET_A, TICKET_A)
    const page = await openCheckin()
    tapScan(page)
    await until(() => panel(page).includes('系统繁忙'))
    tapScan(page) // the same QR again, straight away
    await until(() => panel(page).includes('已签到过'))
    expect(posts().map((r) => bodyOf(r).ticket)).toEqual([TICKET_A, TICKET_A])
  })

  it('scans with wx.scanCode, posts the ticket with a nonce and the staff token, and is ready for the next scan', async () => {
    api([
      { statusCode: 200, data: { result: 'checked_in', attendee: { nameMasked: '张*', category: 'npc_deputy' }, checkedInAt: new Date().toISOString() } },
      { statusCode: 200, data: { result: 'invalid' } },
    ])
    stubScans(TICKET_A, TICKET_B)
    const page = await openCheckin()
    expect(callsOf('scanCode')).toHaveLength(0)
    expect(posts()).toHaveLength(0)

    tapScan(page)
    await until(() => panel(page).includes('签到成功'))

    const scans = callsOf('scanCode')
    expect(scans).toHaveLength(1)
    expect(scans[0][0]).toMatchObject({ onlyFromCamera: true, scanType: ['qrCode'] })

    expect(posts()).toHaveLength(1)
    const first = posts()[0]
    const body = bodyOf(first)
    expect(Object.keys(body).sort()).toEqual(['nonce', 'ticket'])
    expect(body.ticket).toBe(TICKET_A)
    expect(typeof body.nonce).toBe('string')
    expect(body.nonce.length).toBeGreaterThanOrEqual(8)
    expect(first.header?.Authorization).toBe('Bearer staff-token-abc')
    expect(first.header?.['Content-Type']).toBe('application/json')

    expect(panel(page)).toContain('张*')
    expect(panel(page)).toContain('人大代表')
    expect(page.querySelector('#checkin-result-name')?.dom.textContent).toBe('张*')
    expect(page.querySelector('#checkin-result-category')?.dom.textContent).toBe('人大代表')

    // Straight on to the next ticket: no dialog to dismiss, the button answers at once.
    tapScan(page)
    await until(() => panel(page).includes('无效票据'))
    expect(callsOf('scanCode')).toHaveLength(2)
    expect(posts()).toHaveLength(2)
    const second = bodyOf(posts()[1])
    expect(second.ticket).toBe(TICKET_B)
    expect(second.nonce.length).toBeGreaterThanOrEqual(8)
    expect(second.nonce).not.toBe(body.nonce) // one nonce per scan
    expect(panel(page)).not.toContain('张*')
    expect(panel(page)).not.toContain('签到成功')
    expect(callsOf('showModal')).toEqual([])
  })

  it('a network failure is retried with the same ticket and nonce (no WebCrypto, as in WeChat)', async () => {
    // WeChat's JS runtime has no globalThis.crypto: the nonce comes from randomId()'s fallback there.
    vi.stubGlobal('crypto', undefined)
    api([
      'fail',
      { statusCode: 200, data: { result: 'checked_in', attendee: { nameMasked: '李*', category: 'citizen' }, checkedInAt: new Date().toISOString() } },
    ])
    stubScans(TICKET_A)
    const page = await openCheckin()

    tapScan(page)
    await until(() => panel(page).includes('正在重试'))
    await until(() => panel(page).includes('签到成功'))

    expect(posts()).toHaveLength(2)
    const [a, b] = posts().map(bodyOf)
    expect(a.ticket).toBe(TICKET_A)
    expect(b.ticket).toBe(TICKET_A)
    expect(a.nonce.length).toBeGreaterThanOrEqual(8)
    expect(b.nonce).toBe(a.nonce)
    expect(panel(page)).toContain('李*')
    expect(callsOf('showModal')).toEqual([])
  })

  it('when every attempt fails: the same nonce each time, then 核验失败 and the next scan still works', async () => {
    api(['fail'])
    stubScans(TICKET_A, TICKET_B)
    const page = await openCheckin()

    tapScan(page)
    await until(() => panel(page).includes('核验失败'), 10000)
    const attempts = posts().map(bodyOf)
    expect(attempts).toHaveLength(4) // first try + 3 retries
    expect(new Set(attempts.map((x) => x.nonce)).size).toBe(1)
    expect(attempts.every((x) => x.ticket === TICKET_A)).toBe(true)
    expect(panel(page)).toContain('网络不太好')
    expect(callsOf('showModal')).toEqual([])

    api([{ statusCode: 200, data: { result: 'cancelled' } }])
    tapScan(page)
    await until(() => panel(page).includes('报名已取消'))
    expect(bodyOf(posts().at(-1)!).ticket).toBe(TICKET_B)
  })
})
