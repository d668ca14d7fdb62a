/**
 * 微信一键登录 in the BUILT mini-program (dist/weapp): wx.login → POST /auth/wechat { code } →
 * participant session in wx storage → on to the redirect. Stubbed wx APIs, no network.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { callsOf, getWxStorage, mockWxApi, renderPage, resetWx, respond, stubWx, until, wxRequests, type SimComponent } from './harness'

const API = 'http://127.0.0.1:8787/api/v1' // TARO_APP_API_BASE's default, baked into the build
const TOKEN_KEY = 'openday.participant.token' // src/api/session.ts TOKEN_KEYS.participant
const PROFILE_KEY = 'openday.participant.profile'
const participant = { id: 'p1', phoneMasked: null }

const text = (page: SimComponent) => page.dom.textContent ?? ''
/** The url a navigation API was called with, minus the `__key_` Taro appends to it. */
const target = (args: unknown[]) => String((args[0] as { url: string }).url).replace(/[?&]__key_=[^&]*$/, '')

async function openLogin(query: Record<string, string> = {}) {
  const page = renderPage('pages/login/index', query)
  await until(() => text(page).includes('微信一键登录'))
  return page
}

function tapLogin(page: SimComponent) {
  const btn = page.querySelector('#wechat-login')
  expect(btn, '#wechat-login').toBeDefined()
  btn!.dispatchEvent('tap', { detail: {} })
}

/** wx.login answers with this code (once per call). */
function stubLogin(code: string) {
  stubWx('login', (opts: Record<string, unknown>) => respond(opts, 'login', { code }))
}

const wechatPosts = () => wxRequests.filter((r) => r.url === `${API}/auth/wechat`)

describe('weapp login page (pages/login/index)', () => {
  afterEach(resetWx)

  it('sends the wx.login code to /auth/wechat, stores the token and goes on to the redirect', async () => {
    stubLogin('code-from-wechat-123')
    mockWxApi((req) =>
      req.url === `${API}/auth/wechat` && req.method === 'POST'
        ? { statusCode: 200, data: { token: 'participant-token-xyz', participant } }
        : { statusCode: 404, data: {} },
    )
    // weapp hands page queries over URL-encoded, as goLogin() builds them.
    const page = await openLogin({ redirect: encodeURIComponent('/pages/register/index?eventId=ev1') })
    expect(callsOf('login')).toHaveLength(0) // nothing before the tap

    tapLogin(page)
    await until(() => callsOf('redirectTo').length > 0)

    expect(callsOf('login')).toHaveLength(1)
    expect(wechatPosts()).toHaveLength(1)
    const req = wechatPosts()[0]
    expect(req.method).toBe('POST')
    expect(req.header?.['Content-Type']).toBe('application/json')
    expect(req.header?.Authorization).toBeUndefined()
    expect(JSON.parse(String(req.data))).toEqual({ code: 'code-from-wechat-123' })

    expect(getWxStorage(TOKEN_KEY)).toBe('participant-token-xyz')
    expect(callsOf('setStorageSync')).toContainEqual([TOKEN_KEY, 'participant-token-xyz'])
    expect(JSON.parse(String(getWxStorage(PROFILE_KEY)))).toEqual(participant)
    // The session is saved before the page is left.
    const calls = callsOf('redirectTo')
    expect(calls).toHaveLength(1)
    expect(target(calls[0])).toBe('/pages/register/index?eventId=ev1')
  })

  it('without a redirect goes to 我的报名', async () => {
    stubLogin('code-2')
    mockWxApi((req) =>
      req.url === `${API}/auth/wechat` ? { statusCode: 200, data: { token: 't2', participant } } : { statusCode: 404, data: {} },
    )
    const page = await openLogin()
    tapLogin(page)
    await until(() => callsOf('redirectTo').length > 0)
    expect(JSON.parse(String(wechatPosts()[0].data))).toEqual({ code: 'code-2' })
    expect(getWxStorage(TOKEN_KEY)).toBe('t2')
    expect(target(callsOf('redirectTo')[0])).toBe('/pages/my/index')
  })

  it('a foreign redirect is ignored: goes to 我的报名', async () => {
    stubLogin('code-3')
    mockWxApi((req) =>
      req.url === `${API}/auth/wechat` ? { statusCode: 200, data: { token: 't3', participant } } : { statusCode: 404, data: {} },
    )
    const page = await openLogin({ redirect: encodeURIComponent('https://evil.example/pages/my/index') })
    tapLogin(page)
    await until(() => callsOf('redirectTo').length > 0)
    expect(target(callsOf('redirectTo')[0])).toBe('/pages/my/index')
  })

  it('a rejected code (401 WECHAT_LOGIN_FAILED) shows the API message and stores nothing', async () => {
    const message = '微信登录凭证无效或已过期，请重新进入小程序后再试'
    stubLogin('stale-code')
    mockWxApi((req) =>
      req.url === `${API}/auth/wechat`
        ? { statusCode: 401, data: { error: { code: 'WECHAT_LOGIN_FAILED', message } } }
        : { statusCode: 404, data: {} },
    )
    const page = await openLogin({ redirect: encodeURIComponent('/pages/register/index?eventId=ev1') })
    expect(text(page)).not.toContain(message)

    tapLogin(page)
    await until(() => text(page).includes(message))

    expect(page.querySelector('#login-error')).toBeDefined()
    expect(JSON.parse(String(wechatPosts()[0].data))).toEqual({ code: 'stale-code' })
    expect(getWxStorage(TOKEN_KEY)).toBeUndefined()
    expect(getWxStorage(PROFILE_KEY)).toBeUndefined()
    const sessionWrites = callsOf('setStorageSync').filter(([k]) => k === TOKEN_KEY || k === PROFILE_KEY)
    expect(sessionWrites).toEqual([])
    for (const nav of ['redirectTo', 'navigateTo', 'reLaunch', 'switchTab', 'navigateBack']) expect(callsOf(nav), nav).toEqual([])
    // The button is usable again for another try.
    expect(text(page)).toContain('微信一键登录')
    expect(text(page)).not.toContain('正在登录…')
  })

  it('a failed wx.login sends nothing and says so', async () => {
    stubWx('login', (opts: Record<string, unknown>) => respond(opts, 'login', undefined, true))
    mockWxApi(() => ({ statusCode: 200, data: { token: 'never', participant } }))
    const page = await openLogin()
    tapLogin(page)
    await until(() => text(page).includes('微信登录失败，请重试'))
    expect(wechatPosts()).toEqual([])
    expect(getWxStorage(TOKEN_KEY)).toBeUndefined()
    expect(callsOf('redirectTo')).toEqual([])
  })
})
