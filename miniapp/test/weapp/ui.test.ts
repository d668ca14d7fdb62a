/**
 * The visitor-facing fixes in the BUILT mini-program (dist/weapp in miniprogram-simulate):
 * unknown pages, links without ids, 已报名, 大字模式.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { eventDetail, eventSummary, registration } from '../support/fixtures'
import { callsOf, getWxStorage, launchApp, mockWxApi, renderPage, resetWx, setWxStorage, until, wxRequests, type SimComponent, type WxRequest } from './harness'

const API = 'http://127.0.0.1:8787/api/v1'

const text = (page: SimComponent) => page.dom.textContent ?? ''

describe('weapp: pages that cannot be shown as opened', () => {
  afterEach(() => resetWx())

  it('onPageNotFound sends the visitor to the not-found page, which leads home', async () => {
    launchApp()
    const app = (globalThis as unknown as { getApp: () => { onPageNotFound: (res: object) => void } }).getApp()
    app.onPageNotFound({ path: 'pages/old-page/index', query: {}, isEntryPage: true })
    await until(() => callsOf('redirectTo').length > 0)
    expect((callsOf('redirectTo')[0][0] as { url: string }).url).toBe('/pages/not-found/index')

    const page = renderPage('pages/not-found/index')
    await until(() => text(page).includes('页面不存在'))
    page.querySelector('#not-found-home')!.dispatchEvent('tap', { detail: {} })
    await until(() => callsOf('reLaunch').length > 0)
    expect((callsOf('reLaunch')[0][0] as { url: string }).url).toBe('/pages/index/index')
  })

  it('an event page opened without an id says the link is incomplete and asks nothing', async () => {
    mockWxApi(() => ({ statusCode: 200, data: {} }))
    const page = renderPage('pages/suggest/index', {})
    await until(() => text(page).includes('链接不完整'))
    expect(text(page)).toContain('链接中缺少活动编号')
    expect(wxRequests).toEqual([])
  })
})

describe('weapp: a signed-up participant sees 已报名', () => {
  afterEach(() => resetWx())

  const api = (req: WxRequest) => {
    const path = req.url.replace(API, '')
    if (path === '/events') return { statusCode: 200, data: { events: [eventSummary({ id: 'e1', title: '实验室开放日' }), eventSummary({ id: 'e2', title: '另一场开放日' })] } }
    if (path === '/events/e1') return { statusCode: 200, data: { event: eventDetail({ id: 'e1', title: '实验室开放日' }) } }
    if (path === '/me/registrations') return { statusCode: 200, data: { registrations: [registration({ id: 'r1', eventId: 'e1' })] } }
    return { statusCode: 404, data: {} }
  }

  it('on the list card, with a button to the ticket', async () => {
    setWxStorage('openday.participant.token', 'p-token')
    mockWxApi(api)
    const page = renderPage('pages/index/index')
    await until(() => page.querySelector('#event-mine-e1'))
    expect(page.querySelector('#event-mine-e1')!.dom.textContent).toBe('已报名')
    expect(page.querySelector('#event-mine-e2')).toBeUndefined()
    page.querySelector('#event-ticket-e1')!.dispatchEvent('tap', { detail: {} })
    await until(() => callsOf('navigateTo').length > 0)
    expect((callsOf('navigateTo')[0][0] as { url: string }).url).toBe('/pages/ticket/index?id=r1')
  })

  it('on the detail page, instead of 我要报名', async () => {
    setWxStorage('openday.participant.token', 'p-token')
    mockWxApi(api)
    const page = renderPage('pages/event/index', { id: 'e1' })
    await until(() => text(page).includes('查看电子票'))
    expect(text(page)).toContain('已报名')
    expect(text(page)).not.toContain('我要报名')
  })

  it('anonymous visitors: no /me request, the page as before (and its 公开答复, without login)', async () => {
    mockWxApi(api)
    const page = renderPage('pages/event/index', { id: 'e1' })
    await until(() => text(page).includes('我要报名') && wxRequests.length >= 2)
    expect(wxRequests.map((r) => r.url.replace(API, ''))).toEqual(['/events/e1', '/public/events/e1/answers'])
    expect(wxRequests.every((r) => r.header?.Authorization === undefined)).toBe(true)
  })
})

describe('weapp: text size follows WeChat and 大字模式', () => {
  afterEach(() => resetWx())

  type Meta = { pageMeta?: { p7?: string }; navigationBar?: { p5?: string; p3?: string; p0?: string } }
  const meta = (page: SimComponent) => page.data as Meta

  it("every page's rem base is WeChat's font size (page-meta root-font-size=system), title bar as configured", async () => {
    mockWxApi(() => ({ statusCode: 200, data: { events: [] } }))
    const page = renderPage('pages/index/index')
    await until(() => meta(page).pageMeta?.p7)
    expect(meta(page).pageMeta?.p7).toBe('system')
    // Taro's page-meta template carries a navigation-bar: it must keep the white-on-blue title.
    expect(meta(page).navigationBar).toMatchObject({ p5: '开放日活动', p3: '#ffffff', p0: '#1d4e89' })
  })

  it('the 大字模式 switch on 我的报名 enlarges the page at once and is kept on the device', async () => {
    mockWxApi(() => ({ statusCode: 200, data: { registrations: [] } }))
    const page = renderPage('pages/my/index')
    await until(() => page.querySelector('#large-text'))
    expect(meta(page).pageMeta?.p7).toBe('system')
    page.querySelector('#large-text')!.dispatchEvent('tap', { detail: {} })
    // 1.3 × WeChat's 字体大小 (17px when the client does not say).
    await until(() => meta(page).pageMeta?.p7 === '22px')
    expect(getWxStorage('openday.largeText')).toBe(true)
  })

  it('a page opened later in 大字模式 starts enlarged', async () => {
    setWxStorage('openday.largeText', true)
    mockWxApi(() => ({ statusCode: 200, data: { events: [] } }))
    const page = renderPage('pages/track/index')
    await until(() => meta(page).pageMeta?.p7)
    expect(meta(page).pageMeta?.p7).toBe('22px')
  })
})
