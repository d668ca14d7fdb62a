/**
 * The visitor-facing fixes in the BUILT mini-program (dist/weapp in miniprogram-simulate):
 * unknown pages, links without ids.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { callsOf, launchApp, mockWxApi, renderPage, resetWx, until, wxRequests, type SimComponent } from './harness'

const text = (page: SimComponent) => page.dom.textContent ?? ''

describe('weapp: pages that cannot be shown as opened', () => {
  afterEach(() => resetWx())

  it('onPageNotFound sends the visitor to the not-found page, which leads home', async () => {
    launchApp()
    const app = (globalThis as unknown as { getApp: () => { onPageNotFound: (res: object) => void } }).getApp()
    app.onPageNotFound({ path: 'pages/old-page/index', query: {}, isEntryPage: true })
    await until(() => callsOf('redirectTo').length > 0)
    expect((callsOf('redirectTo')[0][0] as { url: string }).url).toBe('/pages/not-found/index')

    const page = renderPage('pages/not-found/index')
    await until(() => text(page).includes('页面不存在'))
    page.querySelector('#not-found-home')!.dispatchEvent('tap', { detail: {} })
    await until(() => callsOf('reLaunch').length > 0)
    expect((callsOf('reLaunch')[0][0] as { url: string }).url).toBe('/pages/index/index')
  })

  it('an event page opened without an id says the link is incomplete and asks nothing', async () => {
    mockWxApi(() => ({ statusCode: 200, data: {} }))
    const page = renderPage('pages/suggest/index', {})
    await until(() => text(page).includes('链接不完整'))
    expect(text(page)).toContain('链接中缺少活动编号')
    expect(wxRequests).toEqual([])
  })
})
