/**
 * The built mini-program: 通知设置 (WeChat's subscription dialog opened from the tap with the
 * template ids, the choices posted; a switch saved), and a cancelled event on its page and on
 * the ticket, in miniprogram-simulate.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { eventDetail, registration } from '../support/fixtures'
import { callsOf, mockWxApi, renderPage, resetWx, respond, setWxStorage, stubWx, until, wxCalls, wxRequests, type SimComponent, type WxRequest } from './harness'

const API = 'http://127.0.0.1:8787/api/v1'
const REASON = '因场地检修，本次开放日取消'
const TITLE = '农产品检测开放日'

// Fixed dates (2030, in the future): 2030-03-04 09:30–11:30 Beijing time.
const cancelledEvent = eventDetail({
  id: 'e1',
  title: TITLE,
  startAt: '2030-03-04T01:30:00.000Z',
  endAt: '2030-03-04T03:30:00.000Z',
  registrationOpensAt: '2030-02-01T01:00:00.000Z',
  registrationClosesAt: '2030-03-03T09:00:00.000Z',
  publishedAt: '2030-01-20T01:00:00.000Z',
  status: 'cancelled',
  cancelReason: REASON,
  cancelledAt: '2030-02-25T02:00:00.000Z',
})
const cancelledReg = registration({
  id: 'r1',
  eventId: 'e1',
  event: { title: TITLE, venue: cancelledEvent.venue, startAt: cancelledEvent.startAt, endAt: cancelledEvent.endAt, status: 'cancelled', cancelReason: REASON },
  ticket: null,
  createdAt: '2030-02-02T01:00:00.000Z',
})
const settingsAnswer = {
  settings: { sms: true, wechat: true, mutedKinds: [], stopped: false },
  phoneMasked: '139****1234',
  wechatTemplates: [
    { kind: 'event_reminder', templateId: 'T-REMIND' },
    { kind: 'event_changed', templateId: 'T-CHANGE' },
    { kind: 'new_post', templateId: 'T-POST' },
    { kind: 'event_cancelled', templateId: 'T-CANCEL' },
  ],
}
const message = {
  id: 'n1',
  kind: 'event_cancelled',
  title: '活动取消通知',
  body: `您报名的“${TITLE}”已取消：${REASON}`,
  eventId: 'e1',
  suggestionId: null,
  page: 'pages/event/index?id=ev1',
  createdAt: '2030-02-25T02:00:00.000Z',
  channel: 'wechat',
  status: 'sent',
}

function fakeApi(req: WxRequest) {
  const path = req.url.replace(API, '')
  const method = req.method ?? 'GET'
  if (method === 'GET' && path === '/me/notification-settings') return { statusCode: 200, data: settingsAnswer }
  if (method === 'PUT' && path === '/me/notification-settings')
    return { statusCode: 200, data: { ...settingsAnswer, settings: JSON.parse(String(req.data)) } }
  if (method === 'GET' && path === '/me/notifications') return { statusCode: 200, data: { notifications: [message] } }
  if (method === 'POST' && path === '/me/wechat-subscriptions') return { statusCode: 200, data: { ok: true } }
  if (method === 'GET' && path === '/events/e1') return { statusCode: 200, data: { event: cancelledEvent } }
  if (method === 'GET' && path === '/me/registrations') return { statusCode: 200, data: { registrations: [cancelledReg] } }
  return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
}

const text = (page: SimComponent) => page.dom.textContent ?? ''
const tap = (page: SimComponent, selector: string) => {
  const el = page.querySelector(selector)
  if (!el) throw new Error(`no ${selector} on the page`)
  el.dispatchEvent('tap', { detail: {} })
}
const sent = (method: string, path: string) => wxRequests.filter((r) => r.method === method && r.url === `${API}${path}`)

function signedIn() {
  setWxStorage('openday.participant.token', 'p-token')
  mockWxApi(fakeApi)
}

describe('weapp: 通知设置', () => {
  afterEach(() => resetWx())

  it('renders the switches, the masked phone, the subscribe button and 我的消息', async () => {
    signedIn()
    const page = renderPage('pages/notice-settings/index')
    const expected = ['通知设置', '短信', '微信服务通知', '139****1234', '活动变更', '意见答复', '订阅活动通知', '全部停止接收', '活动取消通知', REASON]
    await until(() => expected.every((t) => text(page).includes(t)), 8000).catch(() => undefined)
    for (const t of expected) expect(text(page), `shows ${t}`).toContain(t)
  })

  it('订阅活动通知 opens WeChat’s dialog on the tap with at most 3 template ids and posts the choices', async () => {
    signedIn()
    const page = renderPage('pages/notice-settings/index')
    await until(() => page.querySelector('#notice-subscribe'), 8000)
    const before = wxCalls.length
    tap(page, '#notice-subscribe')
    await until(() => callsOf('requestSubscribeMessage').length === 1)
    // Straight from the tap (WeChat refuses the dialog otherwise): the first wx call after it.
    expect(wxCalls[before].name).toBe('requestSubscribeMessage')
    const [[options]] = callsOf('requestSubscribeMessage') as [[{ tmplIds: string[] }]]
    expect(options.tmplIds).toEqual(['T-CANCEL', 'T-CHANGE', 'T-REMIND'])
    await until(() => sent('POST', '/me/wechat-subscriptions').length === 1)
    const post = sent('POST', '/me/wechat-subscriptions')[0]
    expect(JSON.parse(String(post.data))).toEqual({ results: { 'T-CANCEL': 'accept', 'T-CHANGE': 'accept', 'T-REMIND': 'accept' } })
    expect(post.header?.Authorization).toBe('Bearer p-token')
    await until(() => callsOf('showToast').length > 0)
    expect((callsOf('showToast')[0][0] as { title: string }).title).toBe('已订阅3项通知')
  })

  it('a refusal in the dialog is posted too and says it was not subscribed', async () => {
    signedIn()
    stubWx('requestSubscribeMessage', (o: Record<string, unknown>) =>
      respond(o, 'requestSubscribeMessage', Object.fromEntries((o.tmplIds as string[]).map((id) => [id, 'reject']))),
    )
    const page = renderPage('pages/notice-settings/index')
    await until(() => page.querySelector('#notice-subscribe'), 8000)
    tap(page, '#notice-subscribe')
    await until(() => callsOf('showToast').length > 0)
    expect(sent('POST', '/me/wechat-subscriptions')).toHaveLength(1)
    expect(JSON.parse(String(sent('POST', '/me/wechat-subscriptions')[0].data))).toEqual({
      results: { 'T-CANCEL': 'reject', 'T-CHANGE': 'reject', 'T-REMIND': 'reject' },
    })
    expect((callsOf('showToast')[0][0] as { title: string }).title).toBe('未订阅，可再次点击订阅')
  })

  it('a switch saves the settings with PUT', async () => {
    signedIn()
    const page = renderPage('pages/notice-settings/index')
    await until(() => page.querySelector('#notice-sms'), 8000)
    tap(page, '#notice-sms')
    await until(() => sent('PUT', '/me/notification-settings').length === 1)
    expect(JSON.parse(String(sent('PUT', '/me/notification-settings')[0].data))).toEqual({ sms: false, wechat: true, mutedKinds: [], stopped: false })
  })
})

describe('weapp: a cancelled event', () => {
  afterEach(() => resetWx())

  it('its page says 活动已取消 with the reason, with no sign-up and no 加入日历', async () => {
    signedIn()
    const page = renderPage('pages/event/index', { id: 'e1' })
    await until(() => text(page).includes(REASON), 8000)
    expect(text(page)).toContain('活动已取消')
    expect(text(page)).toContain(`取消原因：${REASON}`)
    expect(page.querySelector('#event-register')).toBeUndefined()
    expect(page.querySelector('#event-calendar')).toBeUndefined()
    expect(text(page)).not.toContain('我要报名')
    expect(text(page)).not.toContain('加入日历')
  })

  it('the ticket shows 活动已取消 and the reason instead of the QR code', async () => {
    signedIn()
    const page = renderPage('pages/ticket/index', { id: 'r1' })
    await until(() => text(page).includes(REASON), 8000)
    expect(text(page)).toContain('活动已取消')
    expect(page.querySelector('#ticket-qr')).toBeUndefined()
    expect(text(page)).not.toContain(cancelledReg.shortCode)
    expect(text(page)).not.toContain('取消报名')
  })
})
