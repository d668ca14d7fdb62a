/**
 * 加入候补 in the BUILT mini-program (dist/weapp): the sign-up form's waitlist mode comes from its
 * own module (an import() that Taro turns into a require() in the mini-program), and the form
 * joins the waiting list with what was typed (docs/waitlist.md).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { eventDetail } from '../support/fixtures'
import { callsOf, mockWxApi, renderPage, resetWx, setWxStorage, until, wxRequests, type SimComponent, type WxRequest, tap, input } from './harness'

const API = 'http://127.0.0.1:8787/api/v1'

const text = (page: SimComponent) => page.dom.textContent ?? ''
const settle = () => new Promise((r) => setTimeout(r, 100))
const posts = () => wxRequests.filter((r) => r.method === 'POST').map((r) => [r.url.replace(API, ''), JSON.parse(String(r.data))])

function fakeApi(req: WxRequest) {
  const path = req.url.replace(API, '')
  if ((req.method ?? 'GET') === 'GET' && path === '/events/ev1') return { statusCode: 200, data: { event: eventDetail({ id: 'ev1', seatsLeft: 0 }) } }
  if (path === '/events/ev1/waitlist') {
    const e = eventDetail({ id: 'ev1' })
    return {
      statusCode: 201,
      data: {
        entry: {
          id: 'w1', eventId: 'ev1', event: { title: e.title, venue: e.venue, startAt: e.startAt, endAt: e.endAt, status: 'published' },
          status: 'waiting', place: 4, offerExpiresAt: null, registrationId: null, createdAt: new Date().toISOString(),
        },
      },
    }
  }
  return { statusCode: 404, data: {} }
}

describe('weapp 加入候补', () => {
  afterEach(resetWx)

  it('the form in waitlist mode joins the list and goes to 我的报名', async () => {
    setWxStorage('openday.participant.token', 'p-token')
    setWxStorage('openday.participant.profile', JSON.stringify({ id: 'p1', phoneMasked: null }))
    setWxStorage('openday.verifiedPhones', JSON.stringify({ participantId: 'p1', phones: ['13911112222'] }))
    mockWxApi(fakeApi)
    const page = renderPage('pages/register/index', { eventId: 'ev1', waitlist: '1' })
    await until(() => page.querySelector('#reg-waitlist'))
    expect(text(page)).toContain('名额已满。加入候补后，有人取消时将按顺序为您保留名额12小时')
    input(page, '#reg-name', '王五')
    input(page, '#reg-phone', '13911112222')
    tap(page, '#reg-category-citizen')
    tap(page, '#reg-consent')
    await settle()
    tap(page, '#reg-submit')
    await until(() => callsOf('redirectTo').length > 0)
    expect(posts()).toEqual([['/events/ev1/waitlist', { name: '王五', phone: '13911112222', category: 'citizen', consent: true }]])
    expect(String((callsOf('redirectTo')[0][0] as { url: string }).url)).toMatch(/^\/pages\/my\/index/)
  })
})
