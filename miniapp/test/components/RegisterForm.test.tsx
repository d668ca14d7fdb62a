import { render, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import Taro from '@tarojs/taro'
import { LoginView } from '../../src/features/auth/LoginView'
import { RegisterForm } from '../../src/features/registration/RegisterForm'
import { click, text, type } from '../support/dom'
import { eventDetail, registration } from '../support/fixtures'
import { getStorage, mockApi, requests, setStorage } from '../support/taro'

/** Logged in, with the phones this device verified for the account (newest first). */
function loggedIn(verified: string[] = ['13812345678']) {
  setStorage('openday.participant.token', 'p-token')
  setStorage('openday.participant.profile', JSON.stringify({ id: 'p1', phoneMasked: null }))
  setStorage('openday.verifiedPhones', JSON.stringify({ participantId: 'p1', phones: verified }))
}

const registrationsPosted = () => requests.filter((r) => r.method === 'POST' && r.path === '/events/ev1/registrations')

async function fillValid() {
  await type('reg-name', '张三')
  await type('reg-phone', '13812345678')
  await click('reg-category-npc_deputy')
  await click('reg-consent')
}

describe('RegisterForm', () => {
  it('rejects a bad phone with the Chinese message beside the field and does not call the API', async () => {
    loggedIn()
    mockApi((req) => (req.method === 'GET' ? [200, { event: eventDetail() }] : [500, {}]))
    render(<RegisterForm eventId="ev1" />)
    await waitFor(() => expect(document.querySelector('#reg-phone input')).not.toBeNull())
    await fillValid()
    await type('reg-phone', '12345')
    await click('reg-submit')
    await waitFor(() => expect(text('reg-phone-error')).toBe('请输入正确的11位手机号码'))
    expect(registrationsPosted()).toHaveLength(0)
    // Nothing typed is lost.
    expect((document.querySelector('#reg-name input') as HTMLInputElement).value).toBe('张三')
  })

  it('shows each missing field beside it', async () => {
    loggedIn([]) // nothing verified on this device: no phone to prefill
    mockApi(() => [200, { event: eventDetail() }])
    render(<RegisterForm eventId="ev1" />)
    await waitFor(() => expect(document.querySelector('#reg-name input')).not.toBeNull())
    await click('reg-submit')
    await waitFor(() => expect(text('reg-name-error')).toBe('请输入真实姓名（至少2个字）'))
    expect(text('reg-phone-error')).toBe('请输入正确的11位手机号码')
    expect(text('reg-category-error')).toBe('请选择身份类别')
    expect(text('reg-consent-error')).toBe('请阅读并同意个人信息收集说明')
    expect(registrationsPosted()).toHaveLength(0)
    // The first invalid field is scrolled into view.
    expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#reg-name' }))
  })

  it('sends the form with an Idempotency-Key, reuses it on retry, then opens the ticket', async () => {
    loggedIn()
    let attempt = 0
    mockApi((req) => {
      if (req.method === 'GET') return [200, { event: eventDetail() }]
      attempt++
      return attempt === 1 ? 'network' : [201, { registration: registration({ id: 'r9' }) }]
    })
    render(<RegisterForm eventId="ev1" />)
    await waitFor(() => expect(document.querySelector('#reg-name input')).not.toBeNull())
    await fillValid()
    await click('reg-submit')
    await waitFor(() => expect(text('reg-error')).toContain('网络不太好，请检查网络后重试'))
    await click('reg-submit')
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/ticket/index?id=r9' }))

    const posts = registrationsPosted()
    expect(posts).toHaveLength(2)
    const key = posts[0].header['Idempotency-Key']
    expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(posts[1].header['Idempotency-Key']).toBe(key)
    expect(posts[0].header.Authorization).toBe('Bearer p-token')
    expect(posts[0].body).toEqual({ name: '张三', phone: '13812345678', category: 'npc_deputy', consent: true })
  })

  it.each([
    ['EVENT_FULL', '名额已满，感谢关注'],
    ['ALREADY_REGISTERED', '该手机号已报名本场活动'],
    ['REGISTRATION_CLOSED', '不在报名时间内'],
    ['REGISTRATION_LIMIT', '每个账号最多为5人报名同一场活动'],
  ])('maps a 409 %s to its message and keeps the form', async (code, message) => {
    loggedIn()
    mockApi((req) =>
      req.method === 'GET'
        ? [200, { event: eventDetail() }]
        : [409, { error: { code, message: 'server wording' } }],
    )
    render(<RegisterForm eventId="ev1" />)
    await waitFor(() => expect(document.querySelector('#reg-name input')).not.toBeNull())
    await fillValid()
    await click('reg-submit')
    await waitFor(() => expect(text('reg-error')).toContain(message))
    expect((document.querySelector('#reg-phone input') as HTMLInputElement).value).toBe('13812345678')
    expect(Taro.redirectTo).not.toHaveBeenCalled()
  })

  it('prefills the phone this device verified last', async () => {
    loggedIn(['13900001111', '13812345678'])
    mockApi(() => [200, { event: eventDetail() }])
    render(<RegisterForm eventId="ev1" />)
    await waitFor(() => expect((document.querySelector('#reg-phone input') as HTMLInputElement)?.value).toBe('13900001111'))
    expect(document.body.textContent).toContain('已验证的号码，用于入场核验和活动通知')
  })

  it('asks for an SMS code inline for a new number, then verifies it and signs up without losing anything', async () => {
    loggedIn(['13812345678'])
    mockApi((req) => {
      if (req.method === 'GET') return [200, { event: eventDetail() }]
      if (req.path === '/auth/sms/send') return [200, { sent: true, expiresIn: 300, resendIn: 60, devCode: '246810' }]
      if (req.path === '/me/phones') return [201, { phone: { phoneMasked: '139****2222', verifiedAt: '2026-03-10T02:00:00.000Z' } }]
      if (req.path === '/events/ev1/registrations') return [201, { registration: registration({ id: 'r7' }) }]
      return [404, {}]
    })
    render(<RegisterForm eventId="ev1" />)
    await waitFor(() => expect(document.querySelector('#reg-phone input')).not.toBeNull())
    await fillValid()
    await type('reg-phone', '13911112222') // the mother's number, not verified yet
    await click('reg-submit')
    await waitFor(() => expect(text('reg-verify')).toContain('13911112222'))
    expect(registrationsPosted()).toHaveLength(0)

    await click('reg-verify-send')
    await waitFor(() => expect(text('reg-verify-dev-code')).toBe('246810'))
    expect(text('reg-verify-send')).toBe('60秒后可重新获取')
    await type('reg-verify-code', '246810')
    await click('reg-verify-submit')
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/ticket/index?id=r7' }))

    expect(requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.body])).toEqual([
      ['/auth/sms/send', { phone: '13911112222' }],
      ['/me/phones', { phone: '13911112222', code: '246810' }],
      ['/events/ev1/registrations', { name: '张三', phone: '13911112222', category: 'npc_deputy', consent: true }],
    ])
    expect(JSON.parse(getStorage('openday.verifiedPhones') as string)).toEqual({ participantId: 'p1', phones: ['13911112222', '13812345678'] })
  })

  it('shows a wrong code in the SMS step and keeps the form', async () => {
    loggedIn([])
    mockApi((req) => {
      if (req.method === 'GET') return [200, { event: eventDetail() }]
      if (req.path === '/auth/sms/send') return [200, { sent: true, expiresIn: 300, resendIn: 60 }]
      if (req.path === '/me/phones') return [400, { error: { code: 'SMS_CODE_INVALID', message: '验证码错误，还可以再试4次', field: 'code' } }]
      return [500, {}]
    })
    render(<RegisterForm eventId="ev1" />)
    await waitFor(() => expect(document.querySelector('#reg-phone input')).not.toBeNull())
    await fillValid()
    await click('reg-submit')
    await waitFor(() => expect(document.getElementById('reg-verify')).not.toBeNull())
    await click('reg-verify-send')
    await type('reg-verify-code', '000000')
    await click('reg-verify-submit')
    await waitFor(() => expect(text('reg-verify-error')).toBe('验证码错误，还可以再试4次'))
    expect(registrationsPosted()).toHaveLength(0)
    expect((document.querySelector('#reg-name input') as HTMLInputElement).value).toBe('张三')
    expect((document.querySelector('#reg-verify-code input') as HTMLInputElement).value).toBe('000000')
  })

  it('opens the SMS step when the server says the number is not verified for this account', async () => {
    loggedIn(['13812345678'])
    mockApi((req) =>
      req.method === 'GET'
        ? [200, { event: eventDetail() }]
        : [400, { error: { code: 'PHONE_NOT_VERIFIED', message: '该手机号尚未验证，请先获取短信验证码完成验证', field: 'phone' } }],
    )
    render(<RegisterForm eventId="ev1" />)
    await waitFor(() => expect(document.querySelector('#reg-phone input')).not.toBeNull())
    await fillValid()
    await click('reg-submit')
    await waitFor(() => expect(text('reg-verify-error')).toBe('该手机号尚未验证，请先获取短信验证码完成验证'))
    expect(text('reg-verify')).toContain('13812345678')
  })

  it('keeps the draft when the session has expired and says why on the login page', async () => {
    loggedIn(['13812345678'])
    mockApi((req) =>
      req.method === 'GET' ? [200, { event: eventDetail() }] : [401, { error: { code: 'UNAUTHENTICATED', message: '请先登录' } }],
    )
    const form = render(<RegisterForm eventId="ev1" />)
    await waitFor(() => expect(document.querySelector('#reg-phone input')).not.toBeNull())
    await fillValid()
    await click('reg-submit')
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalled())
    expect(getStorage('openday.participant.token')).toBeUndefined()
    expect(JSON.parse(getStorage('openday.registerDraft.ev1') as string)).toMatchObject({ name: '张三', phone: '13812345678', category: 'npc_deputy' })
    form.unmount()

    render(<LoginView mode="sms" />)
    expect(text('login-ended')).toBe('登录已过期，请重新登录，您填写的报名信息已保留。')
  })

  it('sends people without a participant token to the login page first', async () => {
    mockApi(() => [200, { event: eventDetail() }])
    render(<RegisterForm eventId="ev1" />)
    await waitFor(() =>
      expect(Taro.redirectTo).toHaveBeenCalledWith({
        url: '/pages/login/index?redirect=' + encodeURIComponent('/pages/register/index?eventId=ev1'),
      }),
    )
  })
})
