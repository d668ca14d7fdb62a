/**
 * 意见办理 in the BUILT mini-program (dist/weapp): a handler opens an item from the list and
 * answers it; the answer goes out with the staff token and exactly what was typed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { staffDetail, staffItem, staffList, STAFF_HANDLER } from '../support/handling'
import { mockWxApi, renderPage, resetWx, setWxStorage, until, wxRequests, type SimComponent, type WxRequest, tap } from './harness'

const API = 'http://127.0.0.1:8787/api/v1' // TARO_APP_API_BASE's default, baked into the build
const text = (page: SimComponent) => page.dom.textContent ?? ''
const settle = () => new Promise((r) => setTimeout(r, 100))

function fakeApi() {
  const state = { answered: false }
  mockWxApi((req: WxRequest) => {
    const path = req.url.replace(API, '')
    const method = req.method ?? 'GET'
    if (method === 'GET' && path === '/staff/suggestions') return { statusCode: 200, data: staffList([staffItem()], { counts: { received: 0, assigned: 1, answered: 0, closed: 0, returned: 0, reopened: 0, merged: 0 } }) }
    if (method === 'GET' && path === '/staff/events') return { statusCode: 200, data: { events: [] } }
    if (method === 'GET' && path === '/staff/departments') return { statusCode: 200, data: { departments: [] } }
    if (method === 'GET' && path === '/staff/suggestions/s1')
      return { statusCode: 200, data: { suggestion: state.answered ? staffDetail({ status: 'answered', statusLabel: '已答复', answer: '活动当天东门停车场开放。', resultClass: 'A', actions: [] }) : staffDetail() } }
    if (method === 'POST' && path === '/staff/suggestions/s1/answer') {
      state.answered = true
      return { statusCode: 200, data: { suggestion: {} } }
    }
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
  })
  return state
}

function signedInAsHandler() {
  setWxStorage('openday.staff.token', 's-token')
  setWxStorage('openday.staff.profile', JSON.stringify(STAFF_HANDLER))
}

describe('weapp 意见办理', () => {
  afterEach(() => resetWx())

  it('lists the department’s items with deadline and masked contact', async () => {
    signedInAsHandler()
    fakeApi()
    const page = renderPage('pages/staff-suggestions/index')
    await until(() => text(page).includes('138****5678'), 8000)
    expect(text(page)).toContain('办理期限：2026-03-16 23:59')
    expect(text(page)).toContain('办理中 1')
  })

  it('a handler answers: the POST carries the staff token and exactly the form', async () => {
    signedInAsHandler()
    const server = fakeApi()
    const page = renderPage('pages/staff-suggestion/index', { id: 's1' })
    await until(() => page.querySelector('#hd-do-answer'), 8000)
    tap(page, '#hd-do-answer')
    await until(() => page.querySelector('#hd-answer-class-A'))
    tap(page, '#hd-answer-class-A')
    await settle()
    const box = page.querySelector('#hd-answer-text')!
    const textarea = box.querySelector('.textarea') ?? box
    textarea.dispatchEvent('input', { detail: { value: '活动当天东门停车场开放。' } })
    await settle()
    tap(page, '#hd-answer-publish')
    await settle()
    tap(page, '#hd-answer-submit')
    await until(() => server.answered && text(page).includes('已答复'), 8000)
    const post = wxRequests.filter((r) => r.method === 'POST')
    expect(post).toHaveLength(1)
    expect(post[0].url).toBe(`${API}/staff/suggestions/s1/answer`)
    expect(post[0].header?.Authorization).toBe('Bearer s-token')
    expect(JSON.parse(String(post[0].data))).toStrictEqual({ answer: '活动当天东门停车场开放。', resultClass: 'A', publish: true })
    await until(() => text(page).includes('活动当天东门停车场开放。') && !page.querySelector('#hd-do-answer'))
  })
})
