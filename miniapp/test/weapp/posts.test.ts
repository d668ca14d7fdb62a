/**
 * 动态管理 in the BUILT mini-program (dist/weapp): an organiser sees the agency's posts (a
 * withdrawn one marked 已撤回), writes an article and publishes it after WeChat's confirm dialog;
 * the POST carries exactly what was typed and the new article heads the list.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { callsOf, mockWxApi, renderPage, resetWx, setWxStorage, until, wxRequests, type SimComponent, type WxRequest, tap } from './harness'

const API = 'http://127.0.0.1:8787/api/v1' // TARO_APP_API_BASE's default, baked into the build
const text = (page: SimComponent) => page.dom.textContent ?? ''
const typeInto = (page: SimComponent, selector: string, value: string) => {
  const box = page.querySelector(selector)
  expect(box, selector).toBeDefined()
  ;(box!.querySelector('.input') ?? box!.querySelector('.textarea') ?? box!).dispatchEvent('input', { detail: { value } })
}
const settle = () => new Promise((r) => setTimeout(r, 100))

const ORGANIZER = { id: 's1', username: 'org', displayName: '李组织', role: 'organizer', agencyId: 'ag1', agencyName: '固原市农业农村局', mustChangePassword: false }
const NOW = '2026-03-10T02:00:00.000Z'
const post = (id: string, extra: Record<string, unknown>) => ({
  id,
  kind: 'article',
  agencyId: 'ag1',
  agencyName: '固原市农业农村局',
  eventId: null,
  title: `文章${id}`,
  summary: '',
  body: '正文',
  publishedAt: '2026-03-09T01:00:00.000Z',
  updatedAt: '2026-03-09T01:00:00.000Z',
  status: 'published',
  authorStaffId: 's1',
  ...extra,
})
const POSTS = [post('p1', { title: '春季农产品抽检结果' }), post('p2', { kind: 'preview', title: '活动预告｜农产品检测开放日', status: 'withdrawn', publishedAt: '2026-03-05T01:00:00.000Z' })]

function fakeApi() {
  mockWxApi((req: WxRequest) => {
    const path = req.url.replace(API, '')
    const method = req.method ?? 'GET'
    if (method === 'GET' && path === '/staff/posts') return { statusCode: 200, data: { posts: POSTS, nextCursor: null } }
    if (method === 'POST' && path === '/staff/posts') {
      const b = JSON.parse(String(req.data)) as { title: string; body: string }
      return { statusCode: 201, data: { post: post('p9', { title: b.title, body: b.body, summary: b.body, publishedAt: NOW, updatedAt: NOW }) } }
    }
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
  })
}

describe('weapp 动态管理', () => {
  afterEach(() => resetWx())

  it('lists the posts with 已撤回, then writes and publishes an article after the confirmation', async () => {
    setWxStorage('openday.staff.token', 's-token')
    setWxStorage('openday.staff.profile', JSON.stringify(ORGANIZER))
    fakeApi()
    const page = renderPage('pages/staff-posts/index')
    await until(() => page.querySelector('#spost-p1'), 8000)
    for (const t of ['动态管理', '写文章', '春季农产品抽检结果', '文章', '活动预告', '已撤回', '2026年3月9日（周一）09:00']) expect(text(page), t).toContain(t)

    tap(page, '#posts-write')
    await until(() => page.querySelector('#pf-submit'))
    expect(text(page)).toContain('关注本单位的群众会收到通知')
    typeInto(page, '#pf-title', '春季抽检安排')
    typeInto(page, '#pf-body', '三月开展春季抽检。\n\n欢迎监督。')
    await settle()
    tap(page, '#pf-submit')
    await until(() => page.querySelector('#posts-notice'), 8000)

    const modal = callsOf('showModal')[0][0] as { title: string; content: string }
    expect(modal.content).toContain('发布后将在“动态”公开，关注本单位的群众会收到通知')
    const writes = wxRequests.filter((r) => r.method !== 'GET')
    expect(writes.map((r) => `${r.method} ${r.url.replace(API, '')}`)).toEqual(['POST /staff/posts'])
    expect(JSON.parse(String(writes[0].data))).toStrictEqual({ title: '春季抽检安排', body: '三月开展春季抽检。\n\n欢迎监督。' })
    expect(writes[0].header?.Authorization).toBe('Bearer s-token')
    await until(() => page.querySelector('#spost-p9'))
    expect(text(page)).toContain('春季抽检安排')
  })
})
