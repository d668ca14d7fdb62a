/**
 * 动态 in the BUILT mini-program (miniprogram-simulate): the home page's 动态 tab (opened by tap
 * and from ?tab=feed) and the post page with its 政府信息公开 header, whose 打印版 copies the
 * link (the mini-program cannot open web pages).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { disclosure, feedPage, postDetail } from '../support/feed'
import { callsOf, mockWxApi, renderPage, resetWx, until, wxRequests, type SimComponent, type WxRequest } from './harness'

const API = 'http://127.0.0.1:8787/api/v1'

function fakeApi(req: WxRequest) {
  const path = req.url.replace(API, '')
  if (path === '/events') return { statusCode: 200, data: { events: [] } }
  if (path === '/public/feed') return { statusCode: 200, data: feedPage(1, 2, null, { kind: 'summary' }) }
  if (path === '/public/posts/p7')
    return { statusCode: 200, data: { post: postDetail({ id: 'p7', kind: 'summary', title: '四月开放日活动总结', disclosure: disclosure() }) } }
  return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
}

const text = (page: SimComponent) => page.dom.textContent ?? ''
const tap = (page: SimComponent, selector: string) => {
  const el = page.querySelector(selector)
  if (!el) throw new Error(`no ${selector} on the page`)
  el.dispatchEvent('tap', { detail: {} })
}

describe('动态 in the mini-program runtime', () => {
  afterEach(() => resetWx())

  it('the home page’s 动态 tab lists the posts, by tap and from ?tab=feed', async () => {
    mockWxApi(fakeApi)
    const home = renderPage('pages/index/index')
    await until(() => text(home).includes('近期暂无开放日活动'), 8000)
    expect(wxRequests.some((r) => r.url.startsWith(`${API}/public/feed`))).toBe(false)
    tap(home, '#home-tab-feed')
    await until(() => text(home).includes('动态标题2'), 8000)
    expect(text(home)).toContain('活动总结')
    expect(text(home)).toContain('动态摘要1')
    expect(text(home)).toContain('2026年3月10日')

    const linked = renderPage('pages/index/index', { tab: 'feed' })
    await until(() => text(linked).includes('动态标题1'), 8000)
  })

  it('the post page shows the 政府信息公开 header and the paragraphs; 打印版 copies the link', async () => {
    mockWxApi(fakeApi)
    const page = renderPage('pages/post/index', { id: 'p7' })
    await until(() => text(page).includes('第一段正文。'), 8000)
    expect(text(page)).toContain('四月开放日活动总结')
    expect(text(page)).toContain('640400017/2026-00012')
    expect(text(page)).toContain('主动公开')
    expect(text(page)).toContain('第二段<b>不是HTML</b>。')
    expect(callsOf('setNavigationBarTitle').map((a) => (a[0] as { title: string }).title)).toContain('四月开放日活动总结')
    tap(page, '#post-print')
    await until(() => callsOf('showToast').some((a) => (a[0] as { title: string }).title === '链接已复制'), 5000)
    expect(callsOf('setClipboardData').map((a) => (a[0] as { data: string }).data)).toEqual([`${API}/public/posts/p7/print`])
  })
})
