/**
 * The built mini-program: 我的关注 lists what the person follows and removes one after WeChat's
 * confirmation dialog; 意见查询 offers 关注 for an item being handled, in miniprogram-simulate.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { callsOf, mockWxApi, renderPage, resetWx, setWxStorage, until, wxRequests, type SimComponent, type WxRequest } from './harness'

const API = 'http://127.0.0.1:8787/api/v1'
const CODE = 'QX4P7K2MTRVW9B3D5H'
const follows = [
  { id: 'f1', kind: 'agency', targetId: 'ag1', title: '固原市农业农村局', trackingCode: null, createdAt: '2030-02-20T02:00:00.000Z' },
  { id: 'f2', kind: 'event', targetId: 'e1', title: '农产品检测开放日', trackingCode: null, createdAt: '2030-02-21T02:00:00.000Z' },
]
const suggestion = {
  trackingCode: CODE,
  eventId: 'e1',
  eventTitle: '农产品检测开放日',
  topic: '检测大厅指引',
  content: '建议在检测大厅门口增设指引牌。',
  status: 'assigned',
  statusLabel: '办理中',
  departmentName: '检测科',
  createdAt: '2030-02-20T02:00:00.000Z',
  timeline: [{ label: '受理', at: '2030-02-20T02:00:00.000Z', statusLabel: '已受理' }],
  answer: null,
  resultClass: null,
  resultClassLabel: null,
  plannedBy: null,
  answeredAt: null,
  rating: null,
  awaitingRating: false,
  closeReason: null,
}

let list: { id: string; kind: string; targetId: string; title: string; trackingCode: string | null; createdAt: string }[] = [...follows]
function fakeApi(req: WxRequest) {
  const path = req.url.replace(API, '')
  const method = req.method ?? 'GET'
  if (method === 'GET' && path === '/me/follows') return { statusCode: 200, data: { follows: list } }
  if (method === 'DELETE' && path.startsWith('/me/follows/')) {
    list = list.filter((f) => `/me/follows/${f.id}` !== path)
    return { statusCode: 204, data: '' }
  }
  if (method === 'POST' && path === '/me/follows') {
    const f = { id: 'f9', kind: 'suggestion', targetId: 's1', title: '意见建议（查询码尾号5H）', trackingCode: CODE, createdAt: '2030-02-22T02:00:00.000Z' }
    list = [f, ...list]
    return { statusCode: 201, data: { follow: f } }
  }
  if (method === 'GET' && path === `/suggestions/${CODE}`) return { statusCode: 200, data: { suggestion } }
  return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
}

const text = (page: SimComponent) => page.dom.textContent ?? ''
const tap = (page: SimComponent, selector: string) => {
  const el = page.querySelector(selector)
  if (!el) throw new Error(`no ${selector} on the page`)
  el.dispatchEvent('tap', { detail: {} })
}
const sent = (method: string, path: string) => wxRequests.filter((r) => r.method === method && r.url === `${API}${path}`)

describe('weapp: 我的关注', () => {
  afterEach(() => {
    resetWx()
    list = [...follows]
  })

  it('lists the follows and removes one after confirming', async () => {
    setWxStorage('openday.participant.token', 'p-token')
    mockWxApi(fakeApi)
    const page = renderPage('pages/follows/index')
    await until(() => text(page).includes('农产品检测开放日'), 8000)
    expect(text(page)).toContain('固原市农业农村局')
    expect(text(page)).toContain('取消关注')
    tap(page, '#follow-remove-f1')
    await until(() => sent('DELETE', '/me/follows/f1').length === 1)
    expect(callsOf('showModal')).toHaveLength(1)
    await until(() => !text(page).includes('固原市农业农村局'))
  })

  it('意见查询 offers 关注 for an item being handled and follows it by its code', async () => {
    setWxStorage('openday.participant.token', 'p-token')
    mockWxApi(fakeApi)
    const page = renderPage('pages/track/index', { code: CODE })
    await until(() => page.querySelector('#track-follow') && text(page).includes('＋ 关注意见'), 8000)
    tap(page, '#track-follow')
    await until(() => sent('POST', '/me/follows').length === 1)
    expect(JSON.parse(String(sent('POST', '/me/follows')[0].data))).toEqual({ kind: 'suggestion', target: CODE })
    await until(() => text(page).includes('已关注 ✓'))
  })
})
