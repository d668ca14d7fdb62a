/**
 * 意见查询 in the BUILT mini-program: the answer with its class, and the 好差评 rating sent from
 * the weapp runtime (a dissatisfied one after the wx.showModal confirmation).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { suggestionView } from '../support/suggestions'
import { callsOf, mockWxApi, renderPage, resetWx, until, wxRequests, type SimComponent } from './harness'

const API = 'http://127.0.0.1:8787/api/v1'
const CODE = 'YJ7K2M9Q'
const text = (page: SimComponent) => page.dom.textContent ?? ''
const tap = (page: SimComponent, selector: string) => page.querySelector(selector)!.dispatchEvent('tap', { detail: {} })

function fakeServer() {
  const state = { rated: null as null | number }
  mockWxApi((req) => {
    const path = req.url.replace(API, '')
    if ((req.method ?? 'GET') === 'GET' && path === `/suggestions/${CODE}`) return { statusCode: 200, data: { suggestion: suggestionView() } }
    if (req.method === 'POST' && path === `/suggestions/${CODE}/rating`) {
      state.rated = (JSON.parse(String(req.data)) as { rating: number }).rating
      const reopened = state.rated <= 2
      return {
        statusCode: 200,
        data: {
          suggestion: suggestionView({
            status: reopened ? 'reopened' : 'closed',
            statusLabel: reopened ? '重新办理' : '已办结',
            awaitingRating: false,
            rating: reopened ? null : state.rated,
            closeReason: reopened ? null : 'satisfied',
          }),
          status: reopened ? 'reopened' : 'closed',
        },
      }
    }
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
  })
  return state
}

describe('意见查询 in the built weapp', () => {
  afterEach(() => resetWx())

  it('shows the class B answer with its planned date and sends a satisfied rating', async () => {
    fakeServer()
    const page = renderPage('pages/track/index', { code: CODE })
    await until(() => page.querySelector('#rate-submit') && text(page).includes('B类：正在解决或已列入计划'), 8000)
    expect(text(page)).toContain('计划完成日期：2026年4月30日')
    expect(text(page)).toContain('检测科')
    tap(page, '#rate-score-5')
    await until(() => page.querySelector('#rate-score-5')!.dom.className.includes('choice--on'))
    tap(page, '#rate-submit')
    await until(() => text(page).includes('已办结') && !page.querySelector('#rate-submit'))
    const post = wxRequests.find((r) => r.method === 'POST')!
    expect(post.url).toBe(`${API}/suggestions/${CODE}/rating`)
    expect(JSON.parse(String(post.data))).toStrictEqual({ rating: 5 })
    expect(callsOf('showModal')).toEqual([])
    expect(text(page)).toContain('非常满意')
  })

  it('a dissatisfied rating is confirmed with wx.showModal, then sent, and 重新办理 is shown', async () => {
    const server = fakeServer()
    const page = renderPage('pages/track/index', { code: CODE })
    await until(() => page.querySelector('#rate-submit'), 8000)
    tap(page, '#rate-score-1')
    await until(() => page.querySelector('#rate-score-1')!.dom.className.includes('choice--on'))
    tap(page, '#rate-submit')
    await until(() => text(page).includes('重新办理') && !page.querySelector('#rate-submit'))
    expect(callsOf('showModal')).toHaveLength(1)
    expect(server.rated).toBe(1)
  })
})
