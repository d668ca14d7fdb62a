// Sharing and directions on the event page (docs/sharing.md): 导航到这里 per platform
// (openLocation in the mini-program, AMap's marker page in a browser), the share URL copied in
// H5, the mini-program's share handlers, the 小程序码 scene read back on the page, the staff's
// 小程序码 (image, or why not), and the map point in the staff's form.
import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it, vi } from 'vitest'
import { parseItemScene } from '@openday/shared'
import { EventDetailBody, EventDetailView } from '../../src/features/events/EventDetail'
import { amapMarkerUrl, openDirections as openDirectionsH5 } from '../../src/features/events/directions.h5'
import { EventWxacode } from '../../src/features/staff/VenueQrView'
import { EventEditForm } from '../../src/features/staff/EventEditForm'
import { copyShareLink, itemIdFrom, shareUrl } from '../../src/lib/share'
import EventPage from '../../src/pages/event/index'
import { PostView } from '../../src/features/feed/PostView'
import { click, text, type } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { mockApi, requests, setRouterParams, setStorage, shareHandlers, type FakeRequest } from '../support/taro'

const EVENT = eventDetail({ id: 'ev1', title: '走进检测实验室', venue: '原州区检测中心三楼', status: 'published', venueLat: 36.0163, venueLng: 106.2428 })
const has = (id: string) => document.getElementById(id) !== null

describe('导航到这里', () => {
  it('mini-program: opens the point in WeChat’s map with the venue as name and address', async () => {
    mockApi(() => [200, { answers: [], page: 1, pageSize: 20, hasMore: false }])
    render(<EventDetailBody event={EVENT} />)
    expect(text('event-directions')).toBe('导航到这里 ›')
    await click('event-directions')
    expect(vi.mocked(Taro.openLocation).mock.calls).toStrictEqual([[{ latitude: 36.0163, longitude: 106.2428, name: '原州区检测中心三楼', address: '原州区检测中心三楼', scale: 16 }]])
  })

  it('is not offered without a map point', () => {
    mockApi(() => [200, { answers: [], page: 1, pageSize: 20, hasMore: false }])
    render(<EventDetailBody event={{ ...EVENT, venueLat: null, venueLng: null }} />)
    expect(has('event-directions')).toBe(false)
    expect(has('event-venue')).toBe(false)
  })

  it('browser: AMap’s marker page (lng,lat order, GCJ-02, the name URL-encoded)', async () => {
    const point = { venue: '原州区检测中心 3楼&东门', lat: 36.0163, lng: 106.2428 }
    const url = 'https://uri.amap.com/marker?position=106.2428,36.0163&name=%E5%8E%9F%E5%B7%9E%E5%8C%BA%E6%A3%80%E6%B5%8B%E4%B8%AD%E5%BF%83%203%E6%A5%BC%26%E4%B8%9C%E9%97%A8&src=openday&coordinate=gaode&callnative=1'
    expect(amapMarkerUrl(point)).toBe(url)
    const navigate = vi.fn()
    await openDirectionsH5(point, navigate)
    expect(navigate.mock.calls).toStrictEqual([[url]])
    expect(Taro.openLocation).not.toHaveBeenCalled()
  })
})

describe('sharing', () => {
  it('the share URL is the server-rendered page on the H5 origin; 分享 copies it and says so', async () => {
    expect(shareUrl('event', 'ev1')).toBe('http://h5.test/s/e/ev1')
    expect(shareUrl('post', 'p 1', 'https://openday.example/')).toBe('https://openday.example/s/p/p%201')
    await copyShareLink('event', 'ev1')
    expect(vi.mocked(Taro.setClipboardData).mock.calls).toStrictEqual([[{ data: 'http://h5.test/s/e/ev1' }]])
    expect(vi.mocked(Taro.showToast).mock.calls).toStrictEqual([[{ title: '链接已复制', icon: 'success' }]])
  })

  it('the mini-program shares the event’s title, page and image, to chats and to the timeline (a query, no path)', async () => {
    mockApi((req: FakeRequest) => (req.path === '/events/ev1' ? [200, { event: EVENT }] : [200, { answers: [], page: 1, pageSize: 20, hasMore: false }]))
    render(<EventDetailView id="ev1" />)
    await waitFor(() => expect(has('event-title')).toBe(true))
    expect(shareHandlers.app?.()).toStrictEqual({ title: '走进检测实验室', path: '/pages/event/index?id=ev1', imageUrl: '/assets/share.png' })
    expect(shareHandlers.timeline?.()).toStrictEqual({ title: '走进检测实验室', query: 'id=ev1', imageUrl: '/assets/share.png' })
  })

  it('the H5-only 分享 link is not in the mini-program (its ··· menu shares)', () => {
    mockApi(() => [200, { answers: [], page: 1, pageSize: 20, hasMore: false }])
    render(<EventDetailBody event={EVENT} />)
    expect(has('event-share')).toBe(false)
  })
})

describe('小程序码 scene', () => {
  it('reads the id back from the URL-encoded scene, for its own kind only', () => {
    const id = 'AbC_-09xyzAbC_-09xyzAb'
    expect(itemIdFrom('event', { scene: encodeURIComponent(`e=${id}`) })).toBe(id)
    expect(itemIdFrom('event', { scene: `e=${id}` })).toBe(id)
    expect(itemIdFrom('post', { scene: encodeURIComponent(`p=${id}`) })).toBe(id)
    expect(itemIdFrom('event', { scene: encodeURIComponent(`p=${id}`) })).toBeUndefined()
    expect(itemIdFrom('event', { id: 'ev%201', scene: 'e%3Dother' })).toBe('ev 1')
    for (const bad of ['', 'e=', 'e=a&b=c', 'e%3', 'x=abc', `e=${'a'.repeat(31)}`, 'e=a b']) expect(parseItemScene('event', bad), bad).toBeNull()
  })

  it('the event page opened from a 小程序码 loads the event of its scene', async () => {
    mockApi((req: FakeRequest) => (req.path === '/events/ev1' ? [200, { event: EVENT }] : [200, { answers: [], page: 1, pageSize: 20, hasMore: false }]))
    setRouterParams({ scene: 'e%3Dev1' })
    render(<EventPage />)
    await waitFor(() => expect(text('event-title')).toBe('走进检测实验室'))
    expect(requests[0].path).toBe('/events/ev1')
  })
})

describe('the staff’s 小程序码', () => {
  const bytes = (s: string) => Uint8Array.from(Buffer.from(s)).buffer
  it('shows the image WeChat made', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).buffer
    mockApi((req) => (req.path === '/public/events/ev1/wxacode' ? [200, png] : [404, {}]))
    render(<EventWxacode eventId="ev1" />)
    expect(has('venue-wxacode-loading')).toBe(true)
    await waitFor(() => expect(has('venue-wxacode')).toBe(true))
    expect(document.getElementById('venue-wxacode')!.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=')
  })

  it('says why when there is none (WeChat not set up), and tries again', async () => {
    let answer: [number, unknown] = [503, bytes(JSON.stringify({ error: { code: 'WXACODE_UNAVAILABLE', message: '未配置微信小程序的 AppID 和 AppSecret，不能生成小程序码（本地开发时属正常）' } }))]
    mockApi(() => answer)
    render(<EventWxacode eventId="ev1" />)
    await waitFor(() => expect(has('venue-wxacode-error')).toBe(true))
    expect(text('venue-wxacode-error')).toBe('小程序码暂时无法显示未配置微信小程序的 AppID 和 AppSecret，不能生成小程序码（本地开发时属正常）重试')
    answer = [200, Uint8Array.from([0xff, 0xd8, 0xff]).buffer]
    await click('venue-wxacode-retry')
    await waitFor(() => expect(has('venue-wxacode')).toBe(true))
    expect(document.getElementById('venue-wxacode')!.getAttribute('src')).toBe('data:image/jpeg;base64,/9j/')
  })
})

describe('the map point in the staff’s form', () => {
  const ORGANIZER = { id: 's1', username: 'org', displayName: '李组织', role: 'organizer', agencyId: 'ag1', agencyName: '固原市农业农村局', mustChangePassword: false }
  const LIVE = eventDetail({ ...EVENT, startAt: '2030-03-04T01:30:00.000Z', endAt: '2030-03-04T03:30:00.000Z', registrationOpensAt: '2030-02-01T01:00:00.000Z', registrationClosesAt: '2030-03-03T09:00:00.000Z', seatsLeft: 30 })
  const writes = () => requests.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path, body: r.body as unknown }))

  it('sends the point as a whole when one number changes, and refuses one without the other', async () => {
    setStorage('openday.staff.token', 's')
    setStorage('openday.staff.profile', JSON.stringify(ORGANIZER))
    mockApi((req) => {
      if (req.method === 'GET' && req.path === '/events/ev1') return [200, { event: LIVE }]
      if (req.method === 'PATCH') return [200, { event: { ...LIVE, ...(req.body as object) } }]
      return [404, {}]
    })
    render(<EventEditForm id="ev1" />)
    await waitFor(() => expect(has('ev-live-note')).toBe(true))
    // Taro's input element makes its inner <input> a moment after it is attached.
    await waitFor(() => expect(document.querySelector('#ev-venueLat input')).not.toBeNull())
    expect((document.querySelector('#ev-venueLat input') as HTMLInputElement).value).toBe('36.0163')
    await type('ev-venueLng', '106.25')
    await click('ev-save')
    await waitFor(() => expect(has('ev-change-saved')).toBe(true))
    expect(writes()).toStrictEqual([{ method: 'PATCH', path: '/events/ev1', body: { venueLat: 36.0163, venueLng: 106.25 } }])
    await type('ev-venueLat', '')
    await click('ev-save')
    await waitFor(() => expect(text('ev-venueLat-error')).toBe('纬度和经度须同时填写，或都不填'))
    await type('ev-venueLat', '106.25')
    await click('ev-save')
    await waitFor(() => expect(text('ev-venueLat-error')).toBe('纬度须在3到54之间（中国境内的地点）'))
    expect(writes()).toHaveLength(1)
  })
})

describe('the post page shares too, and the event page offers 关注活动', () => {
  it('the mini-program shares the post’s title, page and image; H5 copies the post’s share URL', async () => {
    const post = { id: 'p1', kind: 'article', agencyId: 'ag1', agencyName: '固原市农业农村局', eventId: null, title: '快检进市场', summary: '摘要', publishedAt: '2030-02-20T02:00:00.000Z', body: '正文', updatedAt: '2030-02-20T02:00:00.000Z' }
    mockApi((req: FakeRequest) => (req.path === '/public/posts/p1' ? [200, { post }] : [404, {}]))
    render(<PostView id="p1" />)
    await waitFor(() => expect(has('post-title')).toBe(true))
    expect(shareHandlers.app?.()).toStrictEqual({ title: '快检进市场', path: '/pages/post/index?id=p1', imageUrl: '/assets/share.png' })
    expect(shareHandlers.timeline?.()).toStrictEqual({ title: '快检进市场', query: 'id=p1', imageUrl: '/assets/share.png' })
  })

  it('a published event has 关注活动 (logging in first when needed); a draft has none', () => {
    mockApi(() => [200, { answers: [], page: 1, pageSize: 20, hasMore: false }])
    const { unmount } = render(<EventDetailBody event={EVENT} />)
    expect(text('follow-event')).toBe('＋ 关注活动')
    unmount()
    render(<EventDetailBody event={{ ...EVENT, status: 'draft' }} />)
    expect(has('follow-event')).toBe(false)
  })
})
