import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { StaffPost } from '@openday/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StaffPostsView } from '../../src/features/posts/StaffPostsView'
import { StaffEventsView } from '../../src/features/staff/StaffEventsView'
import { click, field, text, type } from '../support/dom'
import { mockApi, requests, setStorage, type FakeAnswer, type FakeRequest } from '../support/taro'

// The clock: Tuesday 2026-03-10 10:00 Beijing.
const NOW = '2026-03-10T02:00:00.000Z'

const post = (id: string, extra: Partial<StaffPost> = {}): StaffPost => ({
  id,
  kind: 'article',
  agencyId: 'ag1',
  agencyName: '固原市农业农村局',
  eventId: null,
  title: `文章${id}`,
  summary: `摘要${id}`,
  body: `正文${id}`,
  publishedAt: '2026-03-09T01:00:00.000Z',
  updatedAt: '2026-03-09T01:00:00.000Z',
  status: 'published',
  authorStaffId: 's1',
  ...extra,
})

const P1 = post('p1', { title: '春季农产品抽检结果', summary: '本季度抽检合格率98%。', body: '本季度抽检合格率98%。\n\n详情见附表。', publishedAt: '2026-03-09T01:00:00.000Z' })
const P2 = post('p2', { kind: 'preview', title: '活动预告｜农产品检测开放日', status: 'withdrawn', publishedAt: '2026-03-05T01:00:00.000Z' })
const P3 = post('p3', { kind: 'summary', title: '农产品检测开放日活动总结', publishedAt: '2026-03-01T01:00:00.000Z' })

const ORGANIZER = { id: 's1', username: 'org', displayName: '李组织', role: 'organizer', agencyId: 'ag1', agencyName: '固原市农业农村局', mustChangePassword: false }
const CHECKER = { ...ORGANIZER, id: 's2', username: 'chk', displayName: '赵核验', role: 'checker' }

function loginAs(profile: object) {
  setStorage('openday.staff.token', 's')
  setStorage('openday.staff.profile', JSON.stringify(profile))
}

const writes = () => requests.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path, body: r.body as unknown }))
const has = (id: string) => document.getElementById(id) !== null
const modalNo = () => vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
const modalArg = (n = 0) => vi.mocked(Taro.showModal).mock.calls[n][0]!

/** The staff post routes over two pages; `answer` may replace any answer. */
function postsApi(answer: (req: FakeRequest) => FakeAnswer | undefined = () => undefined) {
  const stored = new Map<string, StaffPost>([P1, P2, P3].map((p) => [p.id, p]))
  mockApi((req) => {
    const special = answer(req)
    if (special) return special
    if (req.method === 'GET' && req.path === '/staff/posts') return [200, { posts: [stored.get('p1'), stored.get('p2')], nextCursor: 'c2' }]
    if (req.method === 'GET' && req.path === '/staff/posts?cursor=c2') return [200, { posts: [stored.get('p3')], nextCursor: null }]
    if (req.method === 'POST' && req.path === '/staff/posts') {
      const b = req.body as { title: string; summary?: string; body: string }
      return [201, { post: post('p9', { title: b.title, summary: b.summary ?? b.body, body: b.body, publishedAt: NOW, updatedAt: NOW }) }]
    }
    const m = /^\/staff\/posts\/(\w+)(\/withdraw)?$/.exec(req.path)
    if (m && stored.has(m[1])) {
      const p = stored.get(m[1])!
      const next = m[2] ? { ...p, status: 'withdrawn' as const } : { ...p, ...(req.body as object), updatedAt: NOW }
      stored.set(p.id, next)
      return [200, { post: next }]
    }
    return [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
  })
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(NOW))
  loginAs(ORGANIZER)
})
afterEach(() => vi.useRealTimers())

describe('动态管理: the list', () => {
  it('shows kind, title, date and 已撤回, 查看 / 修改 / 撤回 only on published posts, and 加载更多', async () => {
    postsApi()
    render(<StaffPostsView />)
    await waitFor(() => expect(has('spost-p1')).toBe(true))
    expect(text('spost-p1')).toContain('文章')
    expect(text('spost-p1-title')).toBe('春季农产品抽检结果')
    expect(text('spost-p1')).toContain('2026年3月9日（周一）09:00')
    expect(has('spost-p1-withdrawn')).toBe(false)
    expect(text('spost-p2')).toContain('活动预告')
    expect(text('spost-p2-withdrawn')).toBe('已撤回')
    expect(has('spost-p2-edit')).toBe(false)
    expect(has('spost-p2-withdraw')).toBe(false)
    expect(has('spost-p2-view')).toBe(false)
    expect(has('spost-p3')).toBe(false)

    await click('posts-more')
    await waitFor(() => expect(has('spost-p3')).toBe(true))
    expect(text('spost-p3')).toContain('活动总结')
    expect(requests.map((r) => r.path)).toEqual(['/staff/posts', '/staff/posts?cursor=c2'])
    expect(requests[0].header.Authorization).toBe('Bearer s')
    expect(has('posts-more')).toBe(false)
    expect(text('posts-end')).toBe('已显示全部动态')

    await click('spost-p1-view')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/post/index?id=p1' })
  })

  it('an agency without posts is told how to write one', async () => {
    mockApi(() => [200, { posts: [], nextCursor: null }])
    render(<StaffPostsView />)
    await waitFor(() => expect(has('posts-empty')).toBe(true))
    expect(text('posts-empty')).toBe('还没有动态，可点“写文章”发布')
  })

  it('a load error shows 重试, which loads again', async () => {
    let failing = true
    postsApi(() => (failing ? [500, { error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' } }] : undefined))
    render(<StaffPostsView />)
    await waitFor(() => expect(has('posts-error')).toBe(true))
    expect(text('posts-error')).toContain('服务暂时不可用')
    failing = false
    await click('posts-error-retry')
    await waitFor(() => expect(has('spost-p1')).toBe(true))
  })
})

describe('动态管理: 写文章', () => {
  it('checks the form before sending, then publishes after the confirmation with the exact body', async () => {
    postsApi()
    render(<StaffPostsView />)
    await waitFor(() => expect(has('posts-write')).toBe(true))
    await click('posts-write')
    await waitFor(() => expect(has('post-form')).toBe(true))
    expect(text('pf-notice')).toBe('发布后将在“动态”公开，关注本单位的群众会收到通知。')
    expect(text('post-form')).toContain('不填则取正文第一段')

    await type('pf-body', '三月开展春季抽检。')
    await click('pf-submit')
    await waitFor(() => expect(has('pf-title-error')).toBe(true))
    expect(text('pf-title-error')).toBe('标题至少2个字')
    expect(Taro.showModal).not.toHaveBeenCalled()
    expect(writes()).toEqual([])

    await type('pf-title', '  春季抽检安排 ')
    expect(has('pf-title-error')).toBe(false)
    await type('pf-body', '三月开展春季抽检。\n\n欢迎监督。')
    expect(text('pf-body-counter')).toBe(`16/20000`)
    await click('pf-submit')
    await waitFor(() => expect(has('posts-notice')).toBe(true))
    expect(modalArg().content).toContain('发布后将在“动态”公开，关注本单位的群众会收到通知')
    expect(writes()).toStrictEqual([{ method: 'POST', path: '/staff/posts', body: { title: '春季抽检安排', body: '三月开展春季抽检。\n\n欢迎监督。' } }])
    expect(text('posts-notice')).toContain('关注本单位的群众会收到通知')
    expect(text('spost-p9-title')).toBe('春季抽检安排')
    expect(has('post-form')).toBe(false)
  })

  it('cancelling the confirmation sends nothing and keeps the text; a failed send keeps it too', async () => {
    let down = true
    postsApi((req) => (req.method === 'POST' && down ? 'network' : undefined))
    render(<StaffPostsView />)
    await waitFor(() => expect(has('posts-write')).toBe(true))
    await click('posts-write')
    await type('pf-title', '春季抽检安排')
    await type('pf-summary', '三月抽检')
    await type('pf-body', '三月开展春季抽检。')
    modalNo()
    await click('pf-submit')
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(writes()).toEqual([])
    expect(field('pf-title').value).toBe('春季抽检安排')

    await click('pf-submit')
    await waitFor(() => expect(has('pf-error')).toBe(true))
    expect(text('pf-error')).toContain('文章未发布，您填写的内容仍在页面上')
    await waitFor(() => expect(field('pf-title').value).toBe('春季抽检安排'))
    expect(field('pf-title').value).toBe('春季抽检安排')
    expect(field('pf-summary').value).toBe('三月抽检')
    expect(field('pf-body').value).toBe('三月开展春季抽检。')

    down = false
    await click('pf-submit')
    await waitFor(() => expect(has('posts-notice')).toBe(true))
    expect(writes().at(-1)).toStrictEqual({ method: 'POST', path: '/staff/posts', body: { title: '春季抽检安排', summary: '三月抽检', body: '三月开展春季抽检。' } })
  })

  it("the API's VALIDATION_FAILED shows under its field", async () => {
    postsApi((req) => (req.method === 'POST' ? [400, { error: { code: 'VALIDATION_FAILED', message: '摘要不能超过120字', field: 'summary' } }] : undefined))
    render(<StaffPostsView />)
    await waitFor(() => expect(has('posts-write')).toBe(true))
    await click('posts-write')
    await type('pf-title', '春季抽检安排')
    await type('pf-body', '三月开展春季抽检。')
    await click('pf-submit')
    await waitFor(() => expect(has('pf-summary-error')).toBe(true))
    expect(text('pf-summary-error')).toBe('摘要不能超过120字')
    expect(field('pf-title').value).toBe('春季抽检安排')
  })
})

describe('动态管理: 修改 and 撤回', () => {
  it('修改 opens the post in the form and PATCHes only the changed fields after the confirmation', async () => {
    postsApi()
    render(<StaffPostsView />)
    await waitFor(() => expect(has('spost-p1-edit')).toBe(true))
    await click('spost-p1-edit')
    await waitFor(() => expect(field('pf-title').value).toBe(P1.title))
    expect(field('pf-summary').value).toBe(P1.summary)
    expect(field('pf-body').value).toBe(P1.body)

    await type('pf-title', '春季农产品抽检结果（更正）')
    await click('pf-submit')
    await waitFor(() => expect(has('posts-notice')).toBe(true))
    expect(modalArg().content).toBe('保存修改？已发布的动态会立即更新。')
    expect(writes()).toStrictEqual([{ method: 'PATCH', path: '/staff/posts/p1', body: { title: '春季农产品抽检结果（更正）' } }])
    expect(text('spost-p1-title')).toBe('春季农产品抽检结果（更正）')
  })

  it('修改 of a post withdrawn meanwhile says so and keeps the text; nothing unchanged is sent', async () => {
    postsApi((req) => (req.method === 'PATCH' ? [409, { error: { code: 'INVALID_STATE', message: '该动态已撤回，不能修改' } }] : undefined))
    render(<StaffPostsView />)
    await waitFor(() => expect(has('spost-p1-edit')).toBe(true))
    await click('spost-p1-edit')
    await waitFor(() => expect(field('pf-body').value).toBe(P1.body))
    await click('pf-submit')
    await waitFor(() => expect(has('pf-error')).toBe(true))
    expect(text('pf-error')).toBe('没有修改，无需保存。')
    expect(writes()).toEqual([])

    await type('pf-body', '详情见附表。')
    await click('pf-submit')
    await waitFor(() => expect(text('pf-error')).toBe('该动态已撤回，不能修改。'))
    expect(writes()).toStrictEqual([{ method: 'PATCH', path: '/staff/posts/p1', body: { body: '详情见附表。' } }])
    expect(field('pf-body').value).toBe('详情见附表。')
  })

  it('撤回 asks first (red), sends nothing when cancelled, then withdraws and shows 已撤回', async () => {
    postsApi()
    render(<StaffPostsView />)
    await waitFor(() => expect(has('spost-p1-withdraw')).toBe(true))
    modalNo()
    await click('spost-p1-withdraw')
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(modalArg()).toMatchObject({ content: '撤回后群众将看不到这条动态，不能恢复。确定撤回吗？', confirmColor: '#b3261e' })
    expect(writes()).toEqual([])
    expect(has('spost-p1-withdrawn')).toBe(false)

    await click('spost-p1-withdraw')
    await waitFor(() => expect(has('spost-p1-withdrawn')).toBe(true))
    expect(writes()).toStrictEqual([{ method: 'POST', path: '/staff/posts/p1/withdraw', body: {} }])
    expect(has('spost-p1-edit')).toBe(false)
  })
})

describe('who may', () => {
  it('a checker is told who can, and nothing is asked of the API', async () => {
    loginAs(CHECKER)
    postsApi()
    render(<StaffPostsView />)
    await waitFor(() => expect(has('posts-not-allowed')).toBe(true))
    expect(text('posts-not-allowed')).toContain('只有单位管理员或活动组织者可以管理动态')
    expect(has('posts-write')).toBe(false)
    expect(requests).toEqual([])
  })

  it('the staff home offers 动态管理 to organisers only', async () => {
    mockApi((req) => (req.path === '/staff/events' ? [200, { events: [] }] : req.path === '/staff/disclosure-tasks' ? [200, { tasks: [] }] : [404, {}]))
    const { unmount } = render(<StaffEventsView />)
    await waitFor(() => expect(has('staff-posts')).toBe(true))
    await click('staff-posts')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff-posts/index' })
    unmount()
    loginAs(CHECKER)
    render(<StaffEventsView />)
    await waitFor(() => expect(has('staff-event-list')).toBe(true))
    expect(has('staff-posts')).toBe(false)
  })
})
