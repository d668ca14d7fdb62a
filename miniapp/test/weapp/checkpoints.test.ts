/**
 * 扫码签到参观点 in the BUILT mini-program (dist/weapp): on the ticket of someone checked in at the
 * door, the button opens wx.scanCode; the point's QR (its stop URL) leads to pages/stop/index, which
 * POSTs the code with the participant's token and shows the stop. Only wx.scanCode's result and
 * wx.request are faked.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { registration } from '../support/fixtures'
import { callsOf, mockWxApi, renderPage, resetWx, respond, setWxStorage, stubWx, until, wxRequests, type SimComponent } from './harness'

const API = 'http://127.0.0.1:8787/api/v1' // TARO_APP_API_BASE's default, baked into the build
const CODE = 'cp1aaaaaaaaaaaaaaaaaaa.1f2g3h.AbCdEfGhIjKlMnOp'
const text = (page: SimComponent) => page.dom.textContent ?? ''

const STOP = {
  eventId: 'ev1',
  eventTitle: '农产品检测实验室开放日',
  point: { id: 'cp1aaaaaaaaaaaaaaaaaaa', name: '气相色谱仪', kind: 'stop', description: '气相色谱仪把样品中的多种农药分离开来，逐一测定含量。', images: [] },
  newlyCheckedIn: true,
  checkedInAt: '2026-03-10T02:00:00.000Z',
}

describe('weapp: scanning a stop’s code', () => {
  afterEach(() => resetWx())

  it('scans the point’s QR from the ticket, opens the stop page, checks in and shows the stop', async () => {
    setWxStorage('openday.participant.token', 'p-token')
    const reg = registration({ checkedInAt: '2026-03-10T01:50:00.000Z' })
    mockWxApi((req) => {
      if (req.url === `${API}/me/registrations`) return { statusCode: 200, data: { registrations: [reg] } }
      if (req.url === `${API}/checkpoints/scan` && req.method === 'POST') return { statusCode: 200, data: STOP }
      return { statusCode: 404, data: {} }
    })
    stubWx('scanCode', (opts: Record<string, unknown>) =>
      respond(opts, 'scanCode', { result: `https://openday.example/#/pages/stop/index?c=${encodeURIComponent(CODE)}`, scanType: 'QR_CODE' }),
    )
    const ticket = renderPage('pages/ticket/index', { id: 'r1' })
    await until(() => ticket.querySelector('#scan-stop'))
    ticket.querySelector('#scan-stop')!.dispatchEvent('tap', { detail: {} })
    await until(() => callsOf('navigateTo').length > 0)
    expect(callsOf('scanCode')[0][0]).toMatchObject({ onlyFromCamera: true, scanType: ['qrCode'] })
    const url = (callsOf('navigateTo')[0][0] as { url: string }).url
    expect(url).toBe(`/pages/stop/index?c=${encodeURIComponent(CODE)}`)

    const stop = renderPage('pages/stop/index', { c: encodeURIComponent(CODE) })
    await until(() => text(stop).includes('签到成功'))
    expect(text(stop)).toContain('气相色谱仪把样品中的多种农药分离开来')
    const posts = wxRequests.filter((r) => r.url === `${API}/checkpoints/scan`)
    expect(posts).toHaveLength(1)
    expect(JSON.parse(String(posts[0].data))).toEqual({ code: CODE })
    expect(posts[0].header?.Authorization).toBe('Bearer p-token')
  })

  it('a QR that is not a point’s is refused on the phone, with what to do', async () => {
    setWxStorage('openday.participant.token', 'p-token')
    mockWxApi((req) =>
      req.url === `${API}/me/registrations`
        ? { statusCode: 200, data: { registrations: [registration({ checkedInAt: '2026-03-10T01:50:00.000Z' })] } }
        : { statusCode: 404, data: {} },
    )
    stubWx('scanCode', (opts: Record<string, unknown>) => respond(opts, 'scanCode', { result: 'https://example.com/other', scanType: 'QR_CODE' }))
    const ticket = renderPage('pages/ticket/index', { id: 'r1' })
    await until(() => ticket.querySelector('#scan-stop'))
    ticket.querySelector('#scan-stop')!.dispatchEvent('tap', { detail: {} })
    await until(() => callsOf('showModal').length > 0)
    expect(callsOf('showModal')[0][0]).toMatchObject({ title: '不是签到点二维码', content: '请扫描工作人员屏幕上的签到点二维码' })
    expect(callsOf('navigateTo')).toEqual([])
    expect(wxRequests.filter((r) => r.url === `${API}/checkpoints/scan`)).toEqual([])
  })
})
