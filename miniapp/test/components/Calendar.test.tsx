// 加入日历 on the event page: the weapp build adds the event to the phone's calendar with
// wx.addPhoneCalendar (times in seconds, a reminder the day before); a closed dialog says
// nothing, a refused permission says what to do; ended or cancelled events offer no button.
// (H5 downloads GET /events/:id/calendar.ics instead: calendar.h5.ts, tested in the API.)
import { render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventDetailBody } from '../../src/features/events/EventDetail'
import { click } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { mockApi } from '../support/taro'

const event = eventDetail({
  id: 'ev1',
  title: '走进农产品检测实验室',
  hostUnit: '固原市农产品质量安全检测中心',
  venue: '原州区检测中心三楼',
  startAt: '2026-03-20T01:00:00.000Z',
  endAt: '2026-03-20T03:30:00.000Z',
  status: 'published',
})
const settle = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-03-10T02:00:00.000Z'))
  mockApi(() => [200, { answers: [], page: 1, pageSize: 20, hasMore: false }])
})
afterEach(() => {
  vi.useRealTimers()
  vi.mocked(Taro.addPhoneCalendar).mockClear()
  vi.mocked(Taro.showToast).mockClear()
})
const failWith = (errMsg: string) => (opts: { fail?: (r: unknown) => void }) => void opts.fail?.({ errMsg })

describe('加入日历', () => {
  it('adds the event to the phone calendar with a reminder the day before, and says so', async () => {
    render(<EventDetailBody event={event} />)
    click('event-calendar')
    await settle()
    expect(vi.mocked(Taro.addPhoneCalendar).mock.calls).toStrictEqual([
      [
        {
          title: '走进农产品检测实验室',
          startTime: 1773968400,
          endTime: 1773977400,
          location: '原州区检测中心三楼',
          description: '主办单位：固原市农产品质量安全检测中心',
          alarm: true,
          alarmOffset: 86400,
          success: expect.any(Function),
          fail: expect.any(Function),
        },
      ],
    ])
    expect(vi.mocked(Taro.showToast).mock.calls).toStrictEqual([[{ title: '已加入手机日历，活动前一天会提醒您', icon: 'none', duration: 3000 }]])
  })

  it('says nothing when the dialog is closed, and what to do when the calendar is not allowed', async () => {
    vi.mocked(Taro.addPhoneCalendar).mockImplementationOnce(failWith('addPhoneCalendar:fail cancel') as never)
    render(<EventDetailBody event={event} />)
    click('event-calendar')
    await settle()
    expect(Taro.showToast).not.toHaveBeenCalled()
    vi.mocked(Taro.addPhoneCalendar).mockImplementationOnce(failWith('addPhoneCalendar:fail auth deny') as never)
    click('event-calendar')
    await settle()
    expect(vi.mocked(Taro.showToast).mock.calls).toStrictEqual([[{ title: '未能加入日历：请在微信设置中允许使用日历后重试', icon: 'none', duration: 3000 }]])
  })

  it('is not offered once the event has ended, or for a cancelled event', () => {
    const { unmount } = render(<EventDetailBody event={{ ...event, endAt: '2026-03-09T03:30:00.000Z' }} />)
    expect(document.getElementById('event-calendar')).toBeNull()
    unmount()
    render(<EventDetailBody event={{ ...event, status: 'cancelled' }} />)
    expect(document.getElementById('event-calendar')).toBeNull()
  })
})
