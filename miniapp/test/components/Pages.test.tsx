import { act, render, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import { LoginView } from '../../src/features/auth/LoginView'
import { StaffLoginView } from '../../src/features/auth/StaffLoginView'
import { TicketView } from '../../src/features/registration/TicketView'
import { DashboardView, POLL_MS } from '../../src/features/staff/DashboardView'
import { click, text, type } from '../support/dom'
import { eventDetail, registration } from '../support/fixtures'
import { getStorage, mockApi, page, requests, setStorage } from '../support/taro'

describe('LoginView (SMS, as on H5)', () => {
  it('shows the dev code, counts down the resend button and returns to the page that asked', async () => {
    mockApi((req) => {
      if (req.path === '/auth/sms/send') return [200, { sent: true, expiresIn: 300, resendIn: 60, devCode: '123456' }]
      if (req.path === '/auth/sms/verify') return [200, { token: 'tok', participant: { id: 'p1', phoneMasked: '138****5678' } }]
      return [404, {}]
    })
    render(<LoginView mode="sms" redirect={encodeURIComponent('/pages/register/index?eventId=ev1')} />)
    await type('sms-phone', '13812345678')
    await click('sms-send')
    await waitFor(() => expect(text('sms-dev-code')).toBe('123456'))
    expect(text('sms-send')).toBe('60秒后可重新获取')
    expect(document.getElementById('sms-send')!.getAttribute('aria-disabled')).toBe('true')
    await type('sms-code', text('sms-dev-code'))
    await click('sms-submit')
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/register/index?eventId=ev1' }))
    expect(getStorage('openday.participant.token')).toBe('tok')
    expect(requests.find((r) => r.path === '/auth/sms/verify')!.body).toEqual({ phone: '13812345678', code: '123456' })
  })

  it('checks the phone before asking for a code', async () => {
    render(<LoginView mode="sms" />)
    await type('sms-phone', '1381234')
    await click('sms-send')
    await waitFor(() => expect(text('sms-phone-error')).toBe('请输入正确的11位手机号码'))
    expect(requests).toHaveLength(0)
  })
})

describe('StaffLoginView', () => {
  it.each([
    ['LOGIN_FAILED', 401, '用户名或密码错误'],
    ['LOGIN_THROTTLED', 429, '登录失败次数过多，请1分钟后再试'],
  ] as const)('shows %s and keeps what was typed', async (code, status, message) => {
    mockApi(() => [status, { error: { code, message } }])
    render(<StaffLoginView />)
    await type('staff-username', 'wang')
    await type('staff-password', 'secret')
    await click('staff-submit')
    await waitFor(() => expect(text('staff-error')).toBe(message))
    expect((document.querySelector('#staff-password input') as HTMLInputElement).value).toBe('secret')
  })

  it('stores the staff session apart from the participant one and opens the event list', async () => {
    setStorage('openday.participant.token', 'p')
    mockApi(() => [200, { token: 's', staff: { id: 's1', username: 'wang', displayName: '王', role: 'checker', agencyId: 'a', agencyName: 'A' } }])
    render(<StaffLoginView />)
    await type('staff-username', 'wang')
    await type('staff-password', 'secret')
    await click('staff-submit')
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/staff-events/index' }))
    expect(getStorage('openday.staff.token')).toBe('s')
    expect(getStorage('openday.participant.token')).toBe('p')
  })
})

describe('TicketView', () => {
  it('shows the QR and the short code, and cancels only after confirmation', async () => {
    setStorage('openday.participant.token', 'p')
    mockApi((req) =>
      req.method === 'DELETE'
        ? [200, { registration: registration({ status: 'cancelled', ticket: null }) }]
        : [200, { registrations: [registration()] }],
    )
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    render(<TicketView id="r1" />)
    await waitFor(() => expect(text('ticket-short-code')).toBe('ABCD2345'))
    const img = document.querySelector('#ticket-qr img') as HTMLImageElement | null
    expect((img?.getAttribute('src') ?? document.getElementById('ticket-qr')!.getAttribute('src'))!).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(document.getElementById('ticket-evaluate')).toBeNull()

    await click('ticket-cancel') // the person changes their mind in the dialog
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(0)
    await click('ticket-cancel')
    await waitFor(() => expect(text('ticket-status')).toBe('已取消'))
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/me/registrations/r1'])
    expect(document.getElementById('ticket-qr')).toBeNull()
  })

  it('after check-in shows 已签到 and no cancel button', async () => {
    setStorage('openday.participant.token', 'p')
    mockApi(() => [200, { registrations: [registration({ checkedInAt: new Date().toISOString() })] }])
    render(<TicketView id="r1" />)
    await waitFor(() => expect(text('ticket-status')).toBe('已签到'))
    expect(document.getElementById('ticket-cancel')).toBeNull()
  })
  // The evaluation entry on the ticket: EvaluationEntry.test.tsx.
})

describe('DashboardView', () => {
  it('refreshes every 10 s while shown, stops when hidden, and hides averages below 5 answers', async () => {
    vi.useFakeTimers()
    try {
      setStorage('openday.staff.token', 's')
      let calls = 0
      mockApi((req) => {
        if (req.path === '/events/ev1') return [200, { event: eventDetail() }]
        if (req.path === '/events/ev1/evaluation-comments') return [200, { comments: [] }]
        calls++
        return [
          200,
          {
            eventId: 'ev1',
            capacity: 30,
            registered: 18,
            checkedIn: 10 + calls,
            byCategory: [{ category: 'citizen', registered: 18, checkedIn: 10 }],
            suggestions: 2,
            evaluations: { count: 0, averages: null, overall: null, distribution: null },
            updatedAt: '2026-12-04T01:30:05.000Z',
          },
        ]
      })
      render(<DashboardView eventId="ev1" />)
      await act(async () => {
        await vi.advanceTimersByTimeAsync(0)
      })
      expect(text('dash-checked-in')).toBe('11')
      expect(text('dash-updated')).toBe('更新于 09:30:05')
      expect(text('dash-averages-hidden')).toContain('满5份后显示')

      await act(async () => {
        await vi.advanceTimersByTimeAsync(POLL_MS)
      })
      expect(text('dash-checked-in')).toBe('12')

      act(() => page.hide())
      await act(async () => {
        await vi.advanceTimersByTimeAsync(POLL_MS * 3)
      })
      expect(calls).toBe(2)

      act(() => page.show())
      await act(async () => {
        await vi.advanceTimersByTimeAsync(POLL_MS)
      })
      expect(calls).toBe(3)
    } finally {
      vi.useRealTimers()
    }
  })
})
