import { create } from 'qrcode'
import { describe, expect, it } from 'vitest'
import { ApiError, request } from '../../src/api/request'
import { safeRedirect, pageUrl } from '../../src/lib/nav'
import { qrDataUrl, qrSvg } from '../../src/lib/qr'
import { isoToLocal, localToIso, parseAgenda } from '../../src/features/staff/EventEditForm'
import { suggestUrl } from '../../src/features/staff/VenueQrView'
import { signupState } from '../../src/features/events/status'
import { eventSummary } from '../support/fixtures'
import { getStorage, mockApi, requests, setStorage } from '../support/taro'

describe('qr', () => {
  it('draws exactly the dark modules of the QR code, with a quiet zone', () => {
    const text = 'v1.eyJyIjoicjEifQ.c2ln'
    const svg = qrSvg(text)
    const size = create(text, { errorCorrectionLevel: 'M' }).modules.size
    expect(svg).toContain(`viewBox="0 0 ${size + 8} ${size + 8}"`)
    // Count the modules covered by the path runs and compare with the library's matrix.
    const runs = [...svg.matchAll(/M(\d+) (\d+)h(\d+)/g)].reduce((n, m) => n + Number(m[3]), 0)
    const dark = Array.from(create(text, { errorCorrectionLevel: 'M' }).modules.data).filter(Boolean).length
    expect(runs).toBe(dark)
  })

  it('is a base64 SVG data URL that decodes back to the SVG', () => {
    const url = qrDataUrl('https://example.test/#/pages/suggest/index?eventId=ev1')
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true)
    const decoded = Buffer.from(url.split(',')[1], 'base64').toString('ascii')
    expect(decoded).toBe(qrSvg('https://example.test/#/pages/suggest/index?eventId=ev1'))
  })

  it('encodes non-ASCII text without TextEncoder', () => {
    expect(() => qrSvg('意见建议表')).not.toThrow()
  })
})

describe('request', () => {
  it('sends one stable client id per install, so visitors sharing Wi-Fi are told apart', async () => {
    mockApi(() => [200, { ok: true }])
    await request('/health')
    await request('/health')
    const ids = requests.map((r) => r.header['X-Client-Id'])
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(ids[1]).toBe(ids[0])
    expect(getStorage('openday.client-id')).toBe(ids[0])
  })

  it('turns an error body into an ApiError with the Chinese message and extras', async () => {
    mockApi(() => [409, { error: { code: 'NOTICE_TOO_SHORT', message: '须提前', earliestStartDate: '2026-12-11' } }])
    const e = (await request('/events/x/publish', { method: 'POST', body: {}, auth: 'staff' }).catch((x) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 409, code: 'NOTICE_TOO_SHORT', message: '须提前' })
    expect(e.details.earliestStartDate).toBe('2026-12-11')
  })

  it('maps a failed connection to NETWORK with the network message', async () => {
    mockApi(() => 'network')
    const e = await request('/events').catch((x) => x)
    expect(e).toMatchObject({ status: 0, code: 'NETWORK', message: '网络不太好，请检查网络后重试' })
  })

  it('sends the token of the requested kind only, and forgets it on 401', async () => {
    setStorage('openday.participant.token', 'p')
    setStorage('openday.staff.token', 's')
    mockApi(() => [401, { error: { code: 'UNAUTHENTICATED', message: '请先登录' } }])
    await request('/staff/events', { auth: 'staff' }).catch(() => undefined)
    expect(requests[0].header.Authorization).toBe('Bearer s')
    expect(getStorage('openday.staff.token')).toBeUndefined()
    expect(getStorage('openday.participant.token')).toBe('p')
    await request('/events').catch(() => undefined)
    expect(requests[1].header.Authorization).toBeUndefined()
  })

  it('treats a non-JSON 502 page as a server error', async () => {
    mockApi(() => [502, '<html>Bad gateway</html>'])
    const e = await request('/events').catch((x) => x)
    expect(e).toMatchObject({ status: 502, code: 'INTERNAL', message: '系统繁忙，请稍后重试' })
  })
})

describe('navigation', () => {
  it('builds page URLs and only accepts our own pages as redirect targets', () => {
    const url = pageUrl('register', { eventId: 'a b' })
    expect(url).toBe('/pages/register/index?eventId=a%20b')
    expect(safeRedirect(encodeURIComponent(url), '/pages/my/index')).toBe(url)
    expect(safeRedirect('https://evil.example/', '/pages/my/index')).toBe('/pages/my/index')
    expect(safeRedirect('//evil.example/pages/x/index', '/pages/my/index')).toBe('/pages/my/index')
    expect(safeRedirect(undefined, '/pages/my/index')).toBe('/pages/my/index')
  })

  it('points the venue QR at the H5 suggestion form of the event', () => {
    expect(suggestUrl('ev 1', 'https://openday.example/')).toBe(
      'https://openday.example/#/pages/suggest/index?eventId=ev%201',
    )
  })
})

describe('event form helpers', () => {
  it('reads Beijing time as typed and shows it back the same', () => {
    expect(localToIso('2026-12-04 9:30')).toBe('2026-12-04T09:30:00+08:00')
    expect(isoToLocal('2026-12-04T01:30:00.000Z')).toBe('2026-12-04 09:30')
    expect(localToIso('')).toBeUndefined()
    expect(localToIso('next friday')).toBe('next friday') // left for the schema to reject
  })

  it('splits agenda lines into time and title', () => {
    expect(parseAgenda('09:30 签到入场\n\n09:40-10:10 职能介绍\n参观实验室')).toEqual([
      { time: '09:30', title: '签到入场' },
      { time: '09:40-10:10', title: '职能介绍' },
      { title: '参观实验室' },
    ])
  })
})

describe('signupState', () => {
  it('explains why sign-up is closed', () => {
    const now = new Date()
    expect(signupState(eventSummary(), now).open).toBe(true)
    expect(signupState(eventSummary({ seatsLeft: 0 }), now)).toMatchObject({ open: false, badge: '已满' })
    expect(signupState(eventSummary({ registrationClosesAt: new Date(now.getTime() - 1000).toISOString() }), now)).toMatchObject({
      open: false,
      reason: '报名已截止',
    })
    expect(signupState(eventSummary({ registrationOpensAt: new Date(now.getTime() + 86400000).toISOString() }), now).reason).toMatch(
      /^报名将于.+开始$/,
    )
  })
})
