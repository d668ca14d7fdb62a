/**
 * 报名 in the BUILT mini-program (dist/weapp) by a WeChat user: WeChat login proves no phone, so
 * the number typed is verified by SMS inside the form (POST /auth/sms/send, POST /me/phones)
 * before the sign-up is sent, and nothing typed is lost on the way.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { eventDetail, registration } from '../support/fixtures'
import { callsOf, getWxStorage, mockWxApi, renderPage, resetWx, setWxStorage, until, wxRequests, type SimComponent, type WxRequest, tap, input } from './harness'

const API = 'http://127.0.0.1:8787/api/v1' // TARO_APP_API_BASE's default, baked into the build

const text = (page: SimComponent) => page.dom.textContent ?? ''
const settle = () => new Promise((r) => setTimeout(r, 100))
const posts = () => wxRequests.filter((r) => r.method === 'POST').map((r) => [r.url.replace(API, ''), JSON.parse(String(r.data))])

function fakeApi(req: WxRequest) {
  const path = req.url.replace(API, '')
  if ((req.method ?? 'GET') === 'GET' && path === '/events/ev1') return { statusCode: 200, data: { event: eventDetail({ id: 'ev1' }) } }
  if (path === '/auth/sms/send') return { statusCode: 200, data: { sent: true, expiresIn: 300, resendIn: 60, devCode: '135790' } }
  if (path === '/me/phones') return { statusCode: 201, data: { phone: { phoneMasked: '139****2222', verifiedAt: new Date().toISOString() } } }
  if (path === '/events/ev1/registrations') return { statusCode: 201, data: { registration: registration({ id: 'r5', eventId: 'ev1' }) } }
  return { statusCode: 404, data: {} }
}

describe('weapp sign-up by a WeChat user', () => {
  afterEach(resetWx)

  it('verifies the typed phone by SMS inside the form, then signs up with what was typed', async () => {
    // After 微信一键登录: a session, no phone.
    setWxStorage('openday.participant.token', 'wechat-user-token')
    setWxStorage('openday.participant.profile', JSON.stringify({ id: 'wx-p1', phoneMasked: null }))
    mockWxApi(fakeApi)
    const page = renderPage('pages/register/index', { eventId: 'ev1' })
    await until(() => text(page).includes('提交报名'))

    input(page, '#reg-name', '王五')
    input(page, '#reg-phone', '13911112222')
    tap(page, '#reg-category-citizen')
    tap(page, '#reg-consent')
    await settle()
    tap(page, '#reg-submit')
    await until(() => page.querySelector('#reg-verify'))
    expect(text(page)).toContain('为确认 13911112222 是本人或家人的号码')
    expect(posts()).toEqual([])

    tap(page, '#reg-verify-send')
    await until(() => text(page).includes('135790'))
    input(page, '#reg-verify-code', '135790')
    await settle()
    tap(page, '#reg-verify-submit')
    await until(() => callsOf('redirectTo').length > 0)

    expect(posts()).toEqual([
      ['/auth/sms/send', { phone: '13911112222' }],
      ['/me/phones', { phone: '13911112222', code: '135790' }],
      ['/events/ev1/registrations', { name: '王五', phone: '13911112222', category: 'citizen', consent: true }],
    ])
    for (const r of wxRequests.filter((r) => r.url.includes('/me/') || r.url.includes('/registrations'))) {
      expect(r.header?.Authorization).toBe('Bearer wechat-user-token')
    }
    expect(String((callsOf('redirectTo')[0][0] as { url: string }).url)).toMatch(/^\/pages\/ticket\/index\?id=r5/)
    // The next sign-up on this device offers the number at once.
    expect(JSON.parse(String(getWxStorage('openday.verifiedPhones')))).toEqual({ participantId: 'wx-p1', phones: ['13911112222'] })
  })
})
