import { render, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import type { MyWaitlistEntry } from '@openday/shared'
import { EventDetailBody, EventDetailView } from '../../src/features/events/EventDetail'
import { forgetMySignups } from '../../src/features/events/mySignups'
import { MyRegistrationsView } from '../../src/features/registration/MyRegistrations'
import { RegisterForm } from '../../src/features/registration/RegisterForm'
import { click, text, type } from '../support/dom'
import { eventDetail, eventSummary, registration } from '../support/fixtures'
import { mockApi, requests, setStorage } from '../support/taro'

// 候补 (docs/waitlist.md): the event page's 加入候补, the form in waitlist mode, and 我的报名.
const e = eventSummary()
const entry = (over: Partial<MyWaitlistEntry> = {}): MyWaitlistEntry => ({
  id: 'w1',
  eventId: 'ev1',
  event: { title: e.title, venue: e.venue, startAt: e.startAt, endAt: e.endAt, status: 'published' },
  status: 'waiting',
  place: 2,
  offerExpiresAt: null,
  registrationId: null,
  createdAt: '2030-03-01T02:00:00.000Z',
  ...over,
})
// 2030-03-10 22:00 in Beijing (a Sunday).
const OFFER = entry({ id: 'w2', status: 'offered', place: null, offerExpiresAt: '2030-03-10T14:00:00.000Z' })

const has = (id: string) => document.getElementById(id) !== null
const writes = () => requests.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path, body: r.body as unknown }))
const modalNo = () => vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })

function mineApi(waitlist: MyWaitlistEntry[], onWrite: (path: string) => [number, unknown] = () => [200, { entry: entry({ status: 'left', place: null }) }]) {
  setStorage('openday.participant.token', 'p')
  mockApi((req) => {
    if (req.method === 'GET' && req.path === '/me/registrations') return [200, { registrations: [], waitlist }]
    return onWrite(req.path)
  })
}

describe('the event page when full', () => {
  it('offers 加入候补, through login first', async () => {
    render(<EventDetailBody event={eventDetail({ seatsLeft: 0 })} />)
    expect(text('event-register-reason')).toBe('名额已满，感谢关注')
    await click('event-waitlist')
    const url = (vi.mocked(Taro.navigateTo).mock.calls.at(-1)![0] as { url: string }).url
    expect(url).toContain('/pages/login/index')
    expect(decodeURIComponent(url)).toContain('/pages/register/index?eventId=ev1&waitlist=1')
  })

  it('once on the list: 候补第N位 (or the offer) and a way to 我的报名 instead of the button', async () => {
    const { unmount } = render(<EventDetailBody event={eventDetail({ seatsLeft: 0 })} waiting={{ eventId: 'ev1', status: 'waiting', place: 3 }} />)
    expect(has('event-waitlist')).toBe(false)
    expect(text('event-waiting')).toBe('您已在候补名单中（候补第3位）查看我的报名')
    await click('event-waiting-my')
    expect((vi.mocked(Taro.navigateTo).mock.calls.at(-1)![0] as { url: string }).url).toBe('/pages/my/index')
    unmount()
    render(<EventDetailBody event={eventDetail({ seatsLeft: 0 })} waiting={{ eventId: 'ev1', status: 'offered', place: null }} />)
    expect(text('event-waiting')).toBe('候补名额已为您保留，请到“我的报名”确认查看我的报名')
  })

  it('the event page learns the place from 我的报名’s answer, cached (no names or phones)', async () => {
    forgetMySignups()
    setStorage('openday.participant.token', 'p')
    mockApi((req) => {
      if (req.path === '/events/ev1') return [200, { event: eventDetail({ seatsLeft: 0 }) }]
      if (req.path === '/me/registrations') return [200, { registrations: [], waitlist: [entry({ place: 2 })] }]
      return [404, {}]
    })
    const my = render(<MyRegistrationsView />)
    await waitFor(() => expect(has('wait-w1')).toBe(true))
    my.unmount()
    render(<EventDetailView id="ev1" />)
    await waitFor(() => expect(has('event-waiting')).toBe(true))
    expect(text('event-waiting')).toContain('（候补第2位）')
    const { getStorage } = await import('../support/taro')
    expect(JSON.parse(String(getStorage('openday.mySignups'))).waiting).toEqual([{ eventId: 'ev1', status: 'waiting', place: 2 }])
  })

  it('no 加入候补 while seats are left', () => {
    render(<EventDetailBody event={eventDetail({ seatsLeft: 3 })} />)
    expect(has('event-waitlist')).toBe(false)
  })
})

describe('the form in waitlist mode', () => {
  it('joins the waiting list with the form fields and says the place', async () => {
    setStorage('openday.participant.token', 'p-token')
    setStorage('openday.participant.profile', JSON.stringify({ id: 'p1', phoneMasked: null }))
    setStorage('openday.verifiedPhones', JSON.stringify({ participantId: 'p1', phones: ['13812345678'] }))
    mockApi((req) => (req.method === 'GET' ? [200, { event: eventDetail({ seatsLeft: 0 }) }] : [201, { entry: entry({ place: 3 }) }]))
    render(<RegisterForm eventId="ev1" waitlist />)
    await waitFor(() => expect(document.querySelector('#reg-waitlist')).not.toBeNull())
    expect(text('reg-waitlist')).toBe('名额已满。加入候补后，有人取消时将按顺序为您保留名额12小时，并通过短信或微信通知您确认。')
    await type('reg-name', '张三')
    await type('reg-phone', '13812345678')
    await click('reg-category-citizen')
    await click('reg-consent')
    expect(text('reg-submit')).toBe('加入候补')
    await click('reg-submit')
    await waitFor(() => expect(writes()).toHaveLength(1))
    expect(writes()).toEqual([
      { method: 'POST', path: '/events/ev1/waitlist', body: { name: '张三', phone: '13812345678', category: 'citizen', consent: true } },
    ])
    await waitFor(() => expect(vi.mocked(Taro.showToast).mock.calls.map((c) => (c[0] as { title: string }).title)).toContain('已加入，候补第3位'))
  })

  it('shows the API’s reason when seats are left after all', async () => {
    setStorage('openday.participant.token', 'p-token')
    setStorage('openday.participant.profile', JSON.stringify({ id: 'p1', phoneMasked: null }))
    setStorage('openday.verifiedPhones', JSON.stringify({ participantId: 'p1', phones: ['13812345678'] }))
    mockApi((req) =>
      req.method === 'GET' ? [200, { event: eventDetail({ seatsLeft: 0 }) }] : [409, { error: { code: 'INVALID_STATE', message: '尚有名额，请直接报名' } }],
    )
    render(<RegisterForm eventId="ev1" waitlist />)
    await waitFor(() => expect(document.querySelector('#reg-waitlist')).not.toBeNull())
    await type('reg-name', '张三')
    await type('reg-phone', '13812345678')
    await click('reg-category-citizen')
    await click('reg-consent')
    await click('reg-submit')
    await waitFor(() => expect(text('reg-error')).toBe('尚有名额，请直接报名'))
  })
})

describe('我的报名: waiting-list entries', () => {
  it('shows 候补第N位 and leaves only after confirming', async () => {
    mineApi([entry()])
    render(<MyRegistrationsView />)
    await waitFor(() => expect(has('wait-w1')).toBe(true))
    expect(text('wait-w1-status')).toBe('候补第2位')
    expect(has('my-empty')).toBe(false)
    modalNo()
    await click('wait-w1-leave')
    expect(writes()).toEqual([])
    await click('wait-w1-leave')
    await waitFor(() => expect(writes()).toEqual([{ method: 'DELETE', path: '/events/ev1/waitlist', body: undefined }]))
    expect(vi.mocked(Taro.showModal).mock.calls.at(-1)![0]).toMatchObject({ title: '退出候补', confirmText: '确定退出' })
  })

  it('an offer shows its deadline; 确认报名 opens the new ticket', async () => {
    mineApi([OFFER], () => [201, { registration: registration({ id: 'r9' }) }])
    render(<MyRegistrationsView />)
    await waitFor(() => expect(has('wait-w2-offer')).toBe(true))
    expect(text('wait-w2-status')).toBe('候补到位')
    expect(text('wait-w2-offer')).toBe('候补名额已为您保留至3月10日（周日）22:00，请及时确认逾期未确认，名额将顺延给下一位候补。')
    await click('wait-w2-accept')
    await waitFor(() => expect(writes()).toEqual([{ method: 'POST', path: '/me/offers/w2/accept', body: undefined }]))
    await waitFor(() => expect((vi.mocked(Taro.navigateTo).mock.calls.at(-1)![0] as { url: string }).url).toBe('/pages/ticket/index?id=r9'))
  })

  it('放弃 asks first; a refused accept shows why', async () => {
    mineApi([OFFER], (path) =>
      path.endsWith('/accept') ? [409, { error: { code: 'INVALID_STATE', message: '确认时间已过，名额已顺延给下一位候补' } }] : [200, { entry: { ...OFFER, status: 'declined' } }],
    )
    render(<MyRegistrationsView />)
    await waitFor(() => expect(has('wait-w2-decline')).toBe(true))
    modalNo()
    await click('wait-w2-decline')
    expect(writes()).toEqual([])
    await click('wait-w2-accept')
    await waitFor(() => expect(text('wait-w2-error')).toBe('确认时间已过，名额已顺延给下一位候补'))
    await click('wait-w2-decline')
    await waitFor(() => expect(writes().map((w) => w.path)).toEqual(['/me/offers/w2/accept', '/me/offers/w2/decline']))
    expect(vi.mocked(Taro.showModal).mock.calls.at(-1)![0]).toMatchObject({ title: '放弃候补名额', confirmText: '确定放弃' })
  })

  it('a lapsed offer says so; a wait the event ended says that; with nothing at all, the empty state', async () => {
    const cancelled = { ...entry().event, status: 'cancelled' as const }
    mineApi([
      entry({ id: 'w3', status: 'expired', place: null, offerExpiresAt: '2030-03-10T14:00:00.000Z' }),
      entry({ id: 'w4', status: 'expired', place: null, offerExpiresAt: null }),
      entry({ id: 'w5', status: 'expired', place: null, offerExpiresAt: null, event: cancelled }),
      entry({ id: 'w6', status: 'expired', place: null, offerExpiresAt: '2030-03-10T14:00:00.000Z', event: cancelled }),
    ])
    const { unmount } = render(<MyRegistrationsView />)
    await waitFor(() => expect(has('wait-w3-expired')).toBe(true))
    expect(text('wait-w3-status')).toBe('候补已过期')
    expect(text('wait-w3-expired')).toBe('未在规定时间内确认，候补名额已顺延给下一位')
    expect(text('wait-w4-status')).toBe('候补已结束')
    expect(text('wait-w4-ended')).toBe('活动已开始，候补已结束。欢迎关注本单位的下一场活动')
    for (const w of ['w5', 'w6']) {
      expect(text(`wait-${w}-status`)).toBe('候补已结束')
      expect(text(`wait-${w}-cancelled`)).toBe('活动已取消')
      expect(has(`wait-${w}-expired`) || has(`wait-${w}-ended`) || has(`wait-${w}-leave`)).toBe(false)
    }
    unmount()
    mineApi([])
    render(<MyRegistrationsView />)
    await waitFor(() => expect(has('my-empty')).toBe(true))
  })
})

describe('候补名单 for organisers', () => {
  it('shows the counts and the list in order, masked; an empty list says what happens', async () => {
    const { WaitlistPanel } = await import('../../src/features/seats/WaitlistPanel')
    setStorage('openday.staff.token', 's')
    mockApi(() => [
      200,
      {
        waiting: 1,
        offered: 1,
        entries: [
          { id: 'w1', position: 1, nameMasked: '李**', phoneMasked: '138****5678', category: 'citizen', status: 'offered', offerExpiresAt: '2030-03-10T14:00:00.000Z', createdAt: '2030-03-01T02:00:00.000Z' },
          { id: 'w2', position: 2, nameMasked: '王*', phoneMasked: '139****0001', category: 'media', status: 'waiting', offerExpiresAt: null, createdAt: '2030-03-01T03:00:00.000Z' },
        ],
      },
    ])
    const { unmount } = render(<WaitlistPanel eventId="ev1" />)
    await waitFor(() => expect(has('waitlist-w1')).toBe(true))
    expect(text('waitlist-counts')).toBe('候补 1 人，待确认 1 人。有人取消报名时，名额自动按顺序为候补者保留12小时。')
    expect(text('waitlist-w1')).toBe('1. 李** · 138****5678待确认市民代表 · 保留至2030年3月10日（周日）22:00')
    expect(text('waitlist-w2')).toBe('2. 王* · 139****0001候补中新闻媒体')
    expect(requests.map((r) => r.path)).toEqual(['/events/ev1/waitlist'])
    unmount()
    mockApi(() => [200, { waiting: 0, offered: 0, entries: [] }])
    render(<WaitlistPanel eventId="ev1" />)
    await waitFor(() => expect(has('waitlist-empty')).toBe(true))
  })
})
