/**
 * The built mini-program: the event page can be shared (its config enables 转发 and 朋友圈, and
 * its handlers give the event's title, page and image), opens from a 小程序码's scene, and
 * 导航到这里 opens WeChat's map at the venue's point, in miniprogram-simulate.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { eventDetail } from '../support/fixtures'
import { callsOf, DIST, mockWxApi, renderPage, resetWx, until, wxRequests, type SimComponent, type WxRequest } from './harness'

const API = 'http://127.0.0.1:8787/api/v1'
const EVENT = eventDetail({
  id: 'e1',
  title: '走进检测实验室',
  venue: '原州区检测中心三楼',
  startAt: '2030-03-04T01:30:00.000Z',
  endAt: '2030-03-04T03:30:00.000Z',
  registrationOpensAt: '2030-02-01T01:00:00.000Z',
  registrationClosesAt: '2030-03-03T09:00:00.000Z',
  publishedAt: '2030-01-20T01:00:00.000Z',
  status: 'published',
  venueLat: 36.0163,
  venueLng: 106.2428,
})

function fakeApi(req: WxRequest) {
  const path = req.url.replace(API, '')
  if (path === '/events/e1') return { statusCode: 200, data: { event: EVENT } }
  if (path.startsWith('/public/events/e1/answers')) return { statusCode: 200, data: { answers: [], page: 1, pageSize: 20, hasMore: false } }
  return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
}

const text = (page: SimComponent) => page.dom.textContent ?? ''
type SharePage = { onShareAppMessage?: (o: object) => unknown; onShareTimeline?: () => unknown }
const currentPage = () => (globalThis as unknown as { getCurrentPages: () => SharePage[] }).getCurrentPages().at(-1)!

describe('weapp: sharing and directions on the event page', () => {
  afterEach(() => resetWx())

  it('the page config enables 转发 and 分享到朋友圈, so the page has both handlers', async () => {
    // Taro keeps these in the page's config in JS (WeChat's page JSON has no such keys) and adds
    // onShareAppMessage / onShareTimeline to the page only when they are set.
    const js = readFileSync(join(DIST, 'pages/event/index.js'), 'utf8')
    expect(js).toContain('enableShareAppMessage:!0,enableShareTimeline:!0')
    mockWxApi(fakeApi)
    renderPage('pages/event/index', { id: 'e1' })
    const p = await until(() => currentPage())
    expect([typeof p.onShareAppMessage, typeof p.onShareTimeline]).toStrictEqual(['function', 'function'])
  })

  it('shares the event’s title, page and image; the timeline gets the query', async () => {
    mockWxApi(fakeApi)
    const page = renderPage('pages/event/index', { id: 'e1' })
    await until(() => text(page).includes('走进检测实验室'), 8000)
    const p = currentPage()
    expect(p.onShareAppMessage?.({ from: 'menu' })).toStrictEqual({ title: '走进检测实验室', path: '/pages/event/index?id=e1', imageUrl: '/assets/share.png' })
    expect(p.onShareTimeline?.()).toStrictEqual({ title: '走进检测实验室', query: 'id=e1', imageUrl: '/assets/share.png' })
    // The image is in the package.
    expect(readFileSync(join(DIST, 'assets/share.png')).subarray(1, 4).toString()).toBe('PNG')
  })

  it('opened from a 小程序码 (scene e%3D<id>), loads that event', async () => {
    mockWxApi(fakeApi)
    const page = renderPage('pages/event/index', { scene: 'e%3De1' })
    await until(() => text(page).includes('走进检测实验室'), 8000)
    expect(wxRequests.some((r) => r.url === `${API}/events/e1`)).toBe(true)
  })

  it('导航到这里 opens WeChat’s map at the venue’s point', async () => {
    mockWxApi(fakeApi)
    const page = renderPage('pages/event/index', { id: 'e1' })
    const link = await until(() => page.querySelector('#event-directions'), 8000)
    link.dispatchEvent('tap', { detail: {} })
    await until(() => callsOf('openLocation').length === 1)
    const [[opts]] = callsOf('openLocation') as [[Record<string, unknown>]]
    expect({ latitude: opts.latitude, longitude: opts.longitude, name: opts.name, address: opts.address, scale: opts.scale }).toStrictEqual({
      latitude: 36.0163,
      longitude: 106.2428,
      name: '原州区检测中心三楼',
      address: '原州区检测中心三楼',
      scale: 16,
    })
  })
})
