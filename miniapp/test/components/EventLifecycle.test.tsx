import { cleanup, render, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import type { EventDetail, MyRegistration } from '@openday/shared'
import { EventDetailBody } from '../../src/features/events/EventDetail'
import { MyRegistrationsView } from '../../src/features/registration/MyRegistrations'
import { TicketView } from '../../src/features/registration/TicketView'
import { changedFields, EventEditForm, shiftLocal } from '../../src/features/staff/EventEditForm'
import { StaffEventsView } from '../../src/features/staff/StaffEventsView'
import { CancelEventView } from '../../src/features/staff/CancelEventView'
import { click, text, type } from '../support/dom'
import { eventDetail, registration } from '../support/fixtures'
import { mockApi, requests, setStorage, type FakeRequest } from '../support/taro'

// Fixed dates, all in the future: 2030-03-04 09:30–11:30 Beijing time (a Monday).
const EVENT = eventDetail({
  id: 'ev1',
  title: '农产品检测开放日',
  venue: '检测实验室',
  startAt: '2030-03-04T01:30:00.000Z',
  endAt: '2030-03-04T03:30:00.000Z',
  registrationOpensAt: '2030-02-01T01:00:00.000Z',
  registrationClosesAt: '2030-03-03T09:00:00.000Z',
  capacity: 30,
  seatsLeft: 12, // 18 signed up
  status: 'published',
  publishedAt: '2030-01-20T01:00:00.000Z',
})
const CANCELLED: EventDetail = {
  ...EVENT,
  status: 'cancelled',
  cancelReason: '因场地检修，本次开放日取消',
  cancelledAt: '2030-02-25T02:00:00.000Z',
}

const ORGANIZER = { id: 's1', username: 'org', displayName: '李组织', role: 'organizer', agencyId: 'ag1', agencyName: '固原市农业农村局', mustChangePassword: false }
const CHECKER = { ...ORGANIZER, id: 's2', username: 'chk', displayName: '赵核验', role: 'checker' }

function loginAs(profile: object) {
  setStorage('openday.staff.token', 's')
  setStorage('openday.staff.profile', JSON.stringify(profile))
}

const writes = () => requests.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path, body: r.body as unknown }))
const has = (id: string) => document.getElementById(id) !== null
const modalNo = () => vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })

describe('取消活动', () => {
  function api(after: EventDetail = CANCELLED) {
    mockApi((req: FakeRequest) => {
      if (req.method === 'GET' && req.path === '/staff/events') return [200, { events: [EVENT] }]
      if (req.method === 'GET' && req.path === '/events/ev1') return [200, { event: EVENT }]
      if (req.method === 'POST' && req.path === '/events/ev1/cancel') return [200, { event: { ...after, cancelReason: (req.body as { reason: string }).reason } }]
      return [404, {}]
    })
  }

  it('is offered on 活动管理 to organisers only, and opens the edit page with the cancel panel', async () => {
    api()
    loginAs(CHECKER)
    const { unmount } = render(<StaffEventsView />)
    await waitFor(() => expect(has('staff-event-ev1')).toBe(true))
    expect(has('staff-cancel-ev1')).toBe(false)
    expect(has('staff-edit-ev1')).toBe(false)
    unmount()

    loginAs(ORGANIZER)
    render(<StaffEventsView />)
    await waitFor(() => expect(has('staff-cancel-ev1')).toBe(true))
    expect(text('staff-edit-ev1')).toBe('修改/延期')
    await click('staff-cancel-ev1')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff-event-cancel/index?id=ev1' })
  })

  it('a cancelled event on 活动管理: 已取消, neither edit nor cancel', async () => {
    loginAs(ORGANIZER)
    mockApi(() => [200, { events: [{ ...EVENT, status: 'cancelled' }] }])
    render(<StaffEventsView />)
    await waitFor(() => expect(has('staff-event-ev1')).toBe(true))
    expect(document.querySelector('#staff-event-ev1 .status')!.textContent).toBe('已取消')
    expect(has('staff-cancel-ev1')).toBe(false)
    expect(has('staff-edit-ev1')).toBe(false)
  })

  it('requires a reason of 2–200 characters, says who is told, confirms, sends exactly { reason } and shows the result', async () => {
    api()
    loginAs(ORGANIZER)
    render(<CancelEventView id="ev1" />)
    await waitFor(() => expect(has('cancel-ev1')).toBe(true))
    expect(text('cancel-ev1-told')).toContain('已报名 18 人，取消后会收到通知')
    expect(text('cancel-ev1-reason-counter')).toBe('0/200')

    await click('cancel-ev1-submit')
    expect(text('cancel-ev1-reason-error')).toBe('请填写取消原因，报名者会收到这条说明')
    await type('cancel-ev1-reason', '改')
    await click('cancel-ev1-submit')
    expect(text('cancel-ev1-reason-error')).toBe('取消原因至少2个字')
    expect(Taro.showModal).not.toHaveBeenCalled()

    await type('cancel-ev1-reason', '  因场地检修，本次开放日取消  ')
    expect(text('cancel-ev1-reason-counter')).toBe('17/200')
    modalNo()
    await click('cancel-ev1-submit')
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]).toMatchObject({ title: '确定取消活动？', confirmText: '确定取消' })
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]!.content).toContain('将通过短信或微信通知已报名的 18 人')
    expect(writes()).toEqual([]) // said no: nothing sent

    await click('cancel-ev1-submit')
    await waitFor(() => expect(has('ev-cancelled')).toBe(true))
    expect(writes()).toEqual([{ method: 'POST', path: '/events/ev1/cancel', body: { reason: '因场地检修，本次开放日取消' } }])
    expect(text('ev-cancelled-told')).toBe('已报名的 18 人将收到取消通知。')
    expect(text('ev-cancelled')).toContain('取消原因：因场地检修，本次开放日取消')
    expect(has('cancel-ev1')).toBe(false)
  })

  it('keeps the panel and the reason when the API refuses, and says what to do', async () => {
    loginAs(ORGANIZER)
    mockApi((req) =>
      req.method === 'GET' ? [200, { event: EVENT }] : [409, { error: { code: 'INVALID_STATE', message: '活动已结束，不能取消' } }],
    )
    render(<EventEditForm id="ev1" />)
    await waitFor(() => expect(has('ev-cancel')).toBe(true))
    expect(has('cancel-ev1')).toBe(false)
    await click('ev-cancel')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff-event-cancel/index?id=ev1' })
    cleanup()
    render(<CancelEventView id="ev1" />)
    await waitFor(() => expect(has('cancel-ev1')).toBe(true))
    await type('cancel-ev1-reason', '场地检修')
    await click('cancel-ev1-submit')
    await waitFor(() => expect(text('cancel-ev1-error')).toBe('活动已结束，不能取消。活动未取消，请稍后重试。'))
    expect(has('ev-cancelled')).toBe(false)
    expect((document.querySelector('#cancel-ev1-reason textarea') as HTMLTextAreaElement).value).toBe('场地检修')
    await click('cancel-ev1-close')
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/staff-event-edit/index?id=ev1' })
  })
})

describe('修改 a published event', () => {
  function editApi(onPatch: (req: FakeRequest) => [number, unknown]) {
    loginAs(ORGANIZER)
    mockApi((req) => {
      if (req.method === 'GET' && req.path === '/events/ev1') return [200, { event: EVENT }]
      if (req.method === 'PATCH' && req.path === '/events/ev1') return onPatch(req)
      return [404, {}]
    })
  }

  it('says registrants are told, sends only the changed venue after confirming, and shows the result', async () => {
    editApi((req) => [200, { event: { ...EVENT, ...(req.body as object), changedAt: '2030-02-25T02:00:00.000Z' } }])
    render(<EventEditForm id="ev1" />)
    await waitFor(() => expect(has('ev-live-note')).toBe(true))
    expect(text('ev-live-note')).toContain('本活动已发布，已报名 18 人')
    expect(text('ev-live-note')).toContain('报名者会收到变更通知')
    expect(has('ev-publish')).toBe(false)
    expect(text('ev-save')).toBe('没有未保存的修改')

    await type('ev-venue', '检测中心二楼会议室')
    modalNo()
    await click('ev-save')
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]!.content).toBe('活动时间或地点已修改，保存后将通知已报名的 18 人。确定保存吗？')
    expect(writes()).toEqual([])
    await click('ev-save')
    await waitFor(() => expect(has('ev-change-saved')).toBe(true))
    expect(writes()).toEqual([{ method: 'PATCH', path: '/events/ev1', body: { venue: '检测中心二楼会议室' } }])
    expect(text('ev-change-saved')).toContain('报名者将收到时间或地点的变更通知。')
  })

  it('延期1天 moves start and end; NOTICE_TOO_SHORT asks for the reason and sends it with the change', async () => {
    let n = 0
    editApi((req) => {
      n++
      if (n === 1) return [409, { error: { code: 'NOTICE_TOO_SHORT', message: '活动开始前须至少提前5个工作日发布预告；如确需发布，请填写说明理由', earliestStartDate: '2030-03-12' } }]
      return [200, { event: { ...EVENT, ...(req.body as object), previousStartAt: EVENT.startAt } }]
    })
    render(<EventEditForm id="ev1" />)
    await waitFor(() => expect(has('ev-postpone-7')).toBe(true))
    await click('ev-postpone-7')
    expect((document.querySelector('#ev-start input') as HTMLInputElement).value).toBe('2030-03-11 09:30')
    expect((document.querySelector('#ev-end input') as HTMLInputElement).value).toBe('2030-03-11 11:30')
    await click('ev-save')
    await waitFor(() => expect(has('ev-notice')).toBe(true))
    expect(text('ev-earliest')).toBe('按规定最早可改到 2030-03-12')
    expect(writes()[0].body).toEqual({ startAt: '2030-03-11T09:30:00+08:00', endAt: '2030-03-11T11:30:00+08:00' })

    await click('ev-save-override')
    expect(text('ev-override-reason-error')).toBe('请说明未提前5个工作日发布的理由（至少4个字）')
    await type('ev-override-reason', '场地检修，经批准顺延一天')
    await click('ev-save-override')
    await waitFor(() => expect(has('ev-change-saved')).toBe(true))
    expect(writes()[1].body).toEqual({
      startAt: '2030-03-11T09:30:00+08:00',
      endAt: '2030-03-11T11:30:00+08:00',
      overrideReason: '场地检修，经批准顺延一天',
    })
    expect(has('ev-notice')).toBe(false)
  })

  it('shows capacity below the seats taken on the capacity field', async () => {
    editApi(() => [409, { error: { code: 'INVALID_STATE', message: '名额不能少于已报名人数（18人）', field: 'capacity' } }])
    render(<EventEditForm id="ev1" />)
    await waitFor(() => expect(has('ev-capacity')).toBe(true))
    await type('ev-capacity', '10')
    await click('ev-save')
    await waitFor(() => expect(text('ev-capacity-error')).toBe('名额不能少于已报名人数（18人）'))
    expect(writes()[0].body).toEqual({ capacity: 10 }) // capacity only: no notice to registrants, no confirmation
    expect(Taro.showModal).not.toHaveBeenCalled()
  })

  it('opened on a cancelled event: goes to 取消活动, which shows 活动已取消 with the reason and no form', async () => {
    loginAs(ORGANIZER)
    mockApi(() => [200, { event: CANCELLED }])
    render(<EventEditForm id="ev1" />)
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/staff-event-cancel/index?id=ev1' }))
    expect(has('ev-save')).toBe(false)
    cleanup()
    render(<CancelEventView id="ev1" />)
    await waitFor(() => expect(has('ev-cancelled')).toBe(true))
    expect(text('ev-cancelled')).toContain('活动已取消')
    expect(text('ev-cancelled')).toContain('取消原因：因场地检修，本次开放日取消')
    expect(text('ev-cancelled')).toContain('取消时间：2030年2月25日（周一）10:00')
    expect(has('ev-cancelled-told')).toBe(false)
    expect(has('cancel-ev1')).toBe(false)
  })

  it('changedFields compares times as instants and leaves unchanged fields out', () => {
    const base = { title: 'A', hostUnit: 'B', venue: 'C', startAt: '2030-03-04T09:30:00+08:00', endAt: '2030-03-04T11:30:00+08:00', registrationOpensAt: '2030-02-01T09:00:00+08:00', registrationClosesAt: '2030-03-03T17:00:00+08:00', capacity: 30, agenda: [], targetGroups: [] }
    expect(changedFields(base, { ...base, startAt: '2030-03-04T01:30:00.000Z' })).toEqual({})
    expect(changedFields(base, { ...base, capacity: 40, targetGroups: ['citizen'] })).toEqual({ capacity: 40, targetGroups: ['citizen'] })
    expect(shiftLocal('2030-12-31 20:00', 1)).toBe('2031-01-01 20:00')
    expect(shiftLocal('明天', 1)).toBe('明天')
  })
})

describe('the public side of a cancelled or changed event', () => {
  it('EventDetail: 活动已取消 with the reason, no sign-up and no 加入日历', () => {
    render(<EventDetailBody event={CANCELLED} mine={[{ registrationId: 'r1', eventId: 'ev1', checkedIn: false } as never]} />)
    expect(text('event-cancelled')).toContain('活动已取消')
    expect(text('event-cancel-reason')).toBe('取消原因：因场地检修，本次开放日取消')
    expect(has('event-register')).toBe(false)
    expect(has('event-ticket')).toBe(false)
    expect(has('event-calendar')).toBe(false)
    expect(has('event-changed')).toBe(false)
  })

  it('EventDetail: 时间已变更, 原定 X，现改为 Y', () => {
    const moved = { ...EVENT, startAt: '2030-03-11T01:30:00.000Z', endAt: '2030-03-11T03:30:00.000Z', previousStartAt: EVENT.startAt, changedAt: '2030-02-25T02:00:00.000Z' }
    render(<EventDetailBody event={moved} />)
    expect(text('event-changed')).toContain('时间已变更')
    expect(text('event-changed-text')).toBe('原定 2030年3月4日（周一）09:30，现改为 2030年3月11日（周一）09:30')
    expect(has('event-register')).toBe(true)
    expect(has('event-calendar')).toBe(true)
  })

  it('EventDetail: a venue change without a new start says the information changed', () => {
    render(<EventDetailBody event={{ ...EVENT, changedAt: '2030-02-25T02:00:00.000Z' }} />)
    expect(text('event-changed')).toContain('活动信息已变更')
    expect(text('event-changed')).toContain('2030年2月25日（周一）10:00')
  })

  it('an unchanged event shows neither note', () => {
    render(<EventDetailBody event={EVENT} />)
    expect(has('event-changed')).toBe(false)
    expect(has('event-cancelled')).toBe(false)
  })

  const cancelledReg: MyRegistration = registration({
    id: 'r1',
    eventId: 'ev1',
    event: { title: EVENT.title, venue: EVENT.venue, startAt: EVENT.startAt, endAt: EVENT.endAt, status: 'cancelled', cancelReason: '因场地检修，本次开放日取消' },
    ticket: null,
  })

  it('我的报名: 活动已取消 and the reason on the card', async () => {
    setStorage('openday.participant.token', 'p')
    mockApi(() => [200, { registrations: [cancelledReg] }])
    render(<MyRegistrationsView />)
    await waitFor(() => expect(has('reg-r1')).toBe(true))
    expect(document.querySelector('#reg-r1 .status')!.textContent).toBe('活动已取消')
    expect(text('reg-r1-cancelled')).toBe('活动已取消：因场地检修，本次开放日取消')
    expect(text('reg-r1')).toContain('查看详情 ›')
    expect(has('my-notices')).toBe(true)
  })

  it('the ticket: 活动已取消 + reason instead of the QR code and the 签到码, nothing to cancel', async () => {
    setStorage('openday.participant.token', 'p')
    mockApi(() => [200, { registrations: [cancelledReg] }])
    render(<TicketView id="r1" />)
    await waitFor(() => expect(has('ticket-event-cancelled')).toBe(true))
    expect(text('ticket-status')).toBe('活动已取消')
    expect(text('ticket-cancel-reason')).toBe('取消原因：因场地检修，本次开放日取消')
    expect(has('ticket-qr')).toBe(false)
    expect(has('ticket-qr-box')).toBe(false)
    expect(has('ticket-short-code')).toBe(false)
    expect(has('ticket-cancel')).toBe(false)
  })
})
