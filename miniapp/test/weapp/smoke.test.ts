/**
 * Smoke test of the BUILT mini-program: dist/weapp runs in miniprogram-simulate with WeChat's
 * wxml compiler, Taro's real runtime and a stubbed wx.request. No WeChat client, network or API.
 */
import { describe, expect, it } from 'vitest'
import { eventSummary, registration } from '../support/fixtures'
import { mockWxApi, renderPage, setWxStorage, until, wxRequests, type SimComponent } from './harness'

const text = (page: SimComponent) => page.dom.textContent ?? ''
const settle = () => new Promise((r) => setTimeout(r, 100))

describe('weapp build (dist/weapp) in miniprogram-simulate', () => {
  it('the event list page shows the events returned by wx.request', async () => {
    mockWxApi((req) =>
      req.url.endsWith('/api/v1/events') && (req.method ?? 'GET') === 'GET'
        ? { statusCode: 200, data: { events: [eventSummary({ id: 'a', title: '农产品检测实验室开放日', seatsLeft: 12 }), eventSummary({ id: 'b', title: '食品快检开放日', seatsLeft: 0 })] } }
        : { statusCode: 404, data: {} },
    )
    const page = renderPage('pages/index/index')
    await until(() => text(page).includes('食品快检开放日'))
    expect(text(page)).toContain('农产品检测实验室开放日')
    expect(text(page)).toContain('剩余名额 12')
    expect(text(page)).toContain('已满')
    expect(text(page)).toContain('固原市农业农村局')
    // The weapp build talks to the configured absolute API origin.
    expect(wxRequests.map((r) => r.url)).toContain('http://127.0.0.1:8787/api/v1/events')
  })

  it('the register page shows the phone message beside the field and sends nothing', async () => {
    setWxStorage('openday.participant.token', 'p-token')
    mockWxApi(() => ({ statusCode: 404, data: {} }))
    const page = renderPage('pages/register/index', { eventId: 'ev1' })
    await until(() => text(page).includes('提交报名'))
    const [name, phone] = page.querySelectorAll('.input')
    const submit = () => page.querySelector('.btn')!.dispatchEvent('tap', { detail: {} })

    name.dispatchEvent('input', { detail: { value: '张三' } })
    phone.dispatchEvent('input', { detail: { value: '12345' } })
    await settle()
    submit()
    await until(() => text(page).includes('请输入正确的11位手机号码'))
    expect(text(page)).not.toContain('请输入真实姓名（至少2个字）') // the typed name was accepted
    expect(text(page)).toContain('请选择身份类别')

    // A valid phone clears its message; still nothing is sent while the form is incomplete.
    phone.dispatchEvent('input', { detail: { value: '13812345678' } })
    await settle()
    submit()
    await until(() => !text(page).includes('请输入正确的11位手机号码'))
    expect(text(page)).toContain('请选择身份类别')
    expect(wxRequests.filter((r) => r.method === 'POST')).toHaveLength(0)
  })

  it('the ticket page draws the QR code in the mini-program runtime', async () => {
    setWxStorage('openday.participant.token', 'p-token')
    const reg = registration()
    mockWxApi((req) =>
      req.url.endsWith('/me/registrations') ? { statusCode: 200, data: { registrations: [reg] } } : { statusCode: 404, data: {} },
    )
    const page = renderPage('pages/ticket/index', { id: 'r1' })
    await until(() => text(page).includes('ABCD2345'))
    expect(wxRequests.at(-1)!.header!.Authorization).toBe('Bearer p-token')
    expect(page.querySelector('.qr__img')).toBeDefined()
    // The <image> src sits in the page data that Taro sends with setData.
    expect(JSON.stringify(page.data)).toMatch(/data:image\/svg\+xml;base64,[A-Za-z0-9+/=]{200,}/)
  })
})
