import { render, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import Taro from '@tarojs/taro'
import { RegisterForm } from '../../src/features/registration/RegisterForm'
import { click, text, type } from '../support/dom'
import { eventDetail, registration } from '../support/fixtures'
import { mockApi, requests, setStorage } from '../support/taro'

function loggedIn() {
  setStorage('openday.participant.token', 'p-token')
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
    loggedIn()
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
