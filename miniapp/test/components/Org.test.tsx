import { render, waitFor } from '@testing-library/react'
import type { Department, StaffAccount, StaffProfile } from '@openday/shared'
import Taro from '@tarojs/taro'
import { describe, expect, it, vi } from 'vitest'
import { StaffLoginView } from '../../src/features/auth/StaffLoginView'
import { ChangePasswordView } from '../../src/features/org/ChangePasswordView'
import { OrgView } from '../../src/features/org/OrgView'
import { StaffEventsView } from '../../src/features/staff/StaffEventsView'
import { click, field, text, type } from '../support/dom'
import { getStorage, mockApi, requests, setStorage, type FakeAnswer, type FakeRequest } from '../support/taro'

const admin: StaffProfile = {
  id: 'u1',
  username: 'admin',
  displayName: '王管理',
  role: 'admin',
  agencyId: 'ag1',
  agencyName: '固原市农业农村局',
  mustChangePassword: false,
}
const dept = (over: Partial<Department> = {}): Department => ({ id: 'd1', name: '办公室', active: true, openItems: 0, createdAt: '2026-03-01T00:00:00.000Z', ...over })
const account = (over: Partial<StaffAccount> = {}): StaffAccount => ({
  id: 'u1',
  username: 'admin',
  displayName: '王管理',
  role: 'admin',
  departmentId: null,
  departmentName: null,
  active: true,
  mustChangePassword: false,
  ...over,
})

function loggedIn(profile: StaffProfile = admin) {
  setStorage('openday.staff.token', 's-token')
  setStorage('openday.staff.profile', JSON.stringify(profile))
}

const notFound: FakeAnswer = [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
function orgApi(extra: (req: FakeRequest) => FakeAnswer | undefined = () => undefined) {
  const departments = [dept(), dept({ id: 'd2', name: '法规科', openItems: 2 }), dept({ id: 'd3', name: '旧科室', active: false })]
  const users = [account(), account({ id: 'u2', username: 'zhang.h', displayName: '张承办', role: 'handler', departmentId: 'd2', departmentName: '法规科' })]
  mockApi((req) => {
    const answer = extra(req)
    if (answer) return answer
    if (req.method === 'GET' && req.path === '/staff/departments') return [200, { departments }]
    if (req.method === 'GET' && req.path === '/staff/users') return [200, { users }]
    return notFound
  })
}

describe('机构管理', () => {
  it('lists departments with their state and open items, creates one, and shows the 409 of a department with open items', async () => {
    loggedIn()
    orgApi((req) => {
      if (req.method === 'POST' && req.path === '/staff/departments') return [201, { department: dept({ id: 'd4', name: (req.body as { name: string }).name }) }]
      if (req.method === 'PATCH' && req.path === '/staff/departments/d2')
        return [409, { error: { code: 'DEPARTMENT_HAS_OPEN_ITEMS', message: '该部门还有2条正在办理的意见，办结或转办后才能停用', openItems: 2 } }]
      return undefined
    })
    render(<OrgView />)
    await waitFor(() => expect(text('dept-list')).toContain('法规科'))
    expect(text('dept-d2')).toContain('正在办理 2 条')
    expect(text('dept-d3')).toContain('已停用')
    expect(text('dept-d3-toggle')).toBe('启用')

    await type('dept-new-name', '  执法大队 ')
    await click('dept-create')
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true))
    expect(requests.find((r) => r.method === 'POST')!.body).toStrictEqual({ name: '执法大队' })

    await click('dept-d2-toggle')
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '停用部门', confirmText: '停用' }))
    await waitFor(() => expect(text('dept-d2-error')).toBe('该部门还有2条正在办理的意见，办结或转办后才能停用'))
    expect(requests.find((r) => r.method === 'PATCH')!.body).toStrictEqual({ active: false })
  })

  it('asks before deactivating and sends nothing when cancelled', async () => {
    loggedIn()
    orgApi()
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    render(<OrgView />)
    await waitFor(() => expect(text('dept-list')).toContain('办公室'))
    await click('dept-d1-toggle')
    await new Promise((r) => setTimeout(r, 20))
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([])
  })

  it('creates a handler with a department and shows the one-time password once, with 复制', async () => {
    loggedIn()
    const created = account({ id: 'u3', username: 'li.s', displayName: '李四', role: 'handler', departmentId: 'd1', departmentName: '办公室', mustChangePassword: true })
    orgApi((req) => (req.method === 'POST' && req.path === '/staff/users' ? [201, { user: created, oneTimePassword: 'K7QM-3XHD-9RTW' }] : undefined))
    render(<OrgView tab="users" />)
    await waitFor(() => expect(text('user-list')).toContain('张承办'))
    expect(text('user-u2')).toContain('zhang.h')
    expect(text('user-u2')).toContain('承办人 · 法规科')
    expect(text('user-u1')).toContain('（本人）')

    await click('user-new')
    await type('user-new-username', 'li.s')
    await type('user-new-name', '李四')
    await click('user-new-role-handler')
    // A handler without a department is refused before anything is sent.
    await click('user-create')
    expect(text('org-users')).toContain('承办人须属于一个承办部门')
    expect(requests.filter((r) => r.method === 'POST')).toEqual([])
    // Only active departments are offered.
    expect(document.getElementById('user-new-dept-d3')).toBeNull()
    await click('user-new-dept-d1')
    await click('user-create')

    await waitFor(() => expect(text('otp-code')).toBe('K7QM-3XHD-9RTW'))
    expect(requests.find((r) => r.method === 'POST')!.body).toStrictEqual({ username: 'li.s', displayName: '李四', role: 'handler', departmentId: 'd1' })
    expect(text('otp-box')).toContain('李四（用户名 li.s）')
    expect(text('otp-box')).toContain('只显示这一次')
    await click('otp-copy')
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'K7QM-3XHD-9RTW' })
    await click('otp-done')
    expect(document.getElementById('otp-box')).toBeNull()
    expect(document.body.textContent).not.toContain('K7QM-3XHD-9RTW')
    // Nothing of it is kept on the device.
    expect(JSON.stringify(vi.mocked(Taro.setStorageSync).mock.calls)).not.toContain('K7QM')
  })

  it('shows the API message of USERNAME_TAKEN at the field and LAST_ADMIN as it comes', async () => {
    loggedIn()
    orgApi((req) => {
      if (req.method === 'POST' && req.path === '/staff/users') return [409, { error: { code: 'USERNAME_TAKEN', message: '该用户名已被使用', field: 'username' } }]
      if (req.method === 'PATCH' && req.path === '/staff/users/u1') return [409, { error: { code: 'LAST_ADMIN', message: '本单位至少要保留一名启用的管理员' } }]
      return undefined
    })
    render(<OrgView tab="users" />)
    await waitFor(() => expect(text('user-list')).toContain('王管理'))
    await click('user-new')
    await type('user-new-username', 'admin')
    await type('user-new-name', '重名')
    await click('user-new-role-checker')
    await click('user-create')
    await waitFor(() => expect(text('user-new-username-error')).toBe('该用户名已被使用'))

    await click('user-u1-toggle')
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '停用账号' }))
    await waitFor(() => expect(text('user-u1-error')).toBe('本单位至少要保留一名启用的管理员'))
    expect(requests.find((r) => r.method === 'PATCH')!.body).toStrictEqual({ active: false })
  })

  it('changes a role (only what changed) and resets a password after confirming, showing the new one-time password', async () => {
    loggedIn()
    orgApi((req) => {
      if (req.method === 'PATCH' && req.path === '/staff/users/u2') return [200, { user: account({ id: 'u2', role: 'checker' }) }]
      if (req.method === 'POST' && req.path === '/staff/users/u2/reset-password')
        return [200, { user: account({ id: 'u2', username: 'zhang.h', displayName: '张承办', mustChangePassword: true }), oneTimePassword: 'ABCD-EFGH-JKLM' }]
      return undefined
    })
    render(<OrgView tab="users" />)
    await waitFor(() => expect(text('user-list')).toContain('张承办'))
    await click('user-u2-edit')
    await click('user-u2-edit-role-checker')
    await click('user-u2-save')
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true))
    expect(requests.find((r) => r.method === 'PATCH')!.body).toStrictEqual({ role: 'checker', departmentId: null })

    await click('user-u2-reset')
    expect(Taro.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '重置密码', confirmText: '重置' }))
    await waitFor(() => expect(text('otp-code')).toBe('ABCD-EFGH-JKLM'))
    expect(text('otp-box')).toContain('密码已重置')
  })

  it('is for admins only: an organizer is told so and nothing is requested', async () => {
    loggedIn({ ...admin, role: 'organizer' })
    orgApi()
    render(<OrgView />)
    await waitFor(() => expect(document.getElementById('org-admin-only')).not.toBeNull())
    expect(requests).toEqual([])
  })

  it('offline: the list says so and offers 重试', async () => {
    loggedIn()
    mockApi(() => 'network')
    render(<OrgView />)
    await waitFor(() => expect(text('dept-load-error')).toContain('网络不太好'))
    expect(document.getElementById('dept-load-error-retry')).not.toBeNull()
  })

  it('a 403 PASSWORD_CHANGE_REQUIRED leads to the password page', async () => {
    loggedIn()
    mockApi(() => [403, { error: { code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改初始密码' } }])
    render(<OrgView />)
    await waitFor(() =>
      expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/staff-password/index?redirect=${encodeURIComponent('/pages/staff-org/index?tab=departments')}` }),
    )
  })

  it('活动管理 links to 机构管理 for admins only, and to 修改密码 for everyone', async () => {
    loggedIn({ ...admin, role: 'checker' })
    mockApi((req) => (req.path === '/staff/events' ? [200, { events: [] }] : notFound))
    const { unmount } = render(<StaffEventsView />)
    await waitFor(() => expect(document.getElementById('staff-change-password')).not.toBeNull())
    expect(document.getElementById('staff-org')).toBeNull()
    unmount()
    loggedIn()
    render(<StaffEventsView />)
    await waitFor(() => expect(document.getElementById('staff-org')).not.toBeNull())
    await click('staff-org')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff-org/index' })
  })
})

describe('修改初始密码', () => {
  const oneTime: StaffProfile = { ...admin, username: 'li.s', displayName: '李四', role: 'handler', mustChangePassword: true }

  it('a login with a one-time password goes to the change page with the password filled in, then to 活动管理 with the fresh token', async () => {
    mockApi((req) => {
      if (req.path === '/auth/staff/login') return [200, { token: 'otp-token', staff: oneTime }]
      if (req.path === '/auth/staff/password') return [200, { token: 'fresh-token', staff: { ...oneTime, mustChangePassword: false } }]
      return notFound
    })
    const login = render(<StaffLoginView />)
    await type('staff-username', 'li.s')
    await type('staff-password', 'K7QM-3XHD-9RTW')
    await click('staff-submit')
    // A handler goes on to 意见办理 afterwards (other roles to 活动管理).
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/staff-password/index?redirect=${encodeURIComponent('/pages/staff-suggestions/index')}` }))
    login.unmount()

    render(<ChangePasswordView redirect="/pages/staff-events/index" />)
    expect(text('pw-one-time')).toContain('一次性密码')
    await waitFor(() => expect(field('pw-current').value).toBe('K7QM-3XHD-9RTW'))
    // Not the username, at least 8, typed twice alike: refused before anything is sent.
    await type('pw-new', 'li.s')
    await type('pw-again', 'li.s')
    await click('pw-submit')
    expect(text('pw-new-error')).toBe('新密码至少8位')
    await type('pw-new', 'LI.S')
    await click('pw-submit')
    await type('pw-new', 'new-pass-2026')
    await type('pw-again', 'new-pass-2025')
    await click('pw-submit')
    expect(text('pw-again-error')).toBe('两次输入的新密码不一致')
    expect(requests.filter((r) => r.path === '/auth/staff/password')).toEqual([])

    await type('pw-again', 'new-pass-2026')
    await click('pw-submit')
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenLastCalledWith({ url: '/pages/staff-events/index' }))
    const sent = requests.find((r) => r.path === '/auth/staff/password')!
    expect(sent.body).toStrictEqual({ currentPassword: 'K7QM-3XHD-9RTW', newPassword: 'new-pass-2026' })
    expect(sent.header.Authorization).toBe('Bearer otp-token')
    expect(getStorage('openday.staff.token')).toBe('fresh-token')
    expect(JSON.parse(String(getStorage('openday.staff.profile'))).mustChangePassword).toBe(false)
  })

  it('refuses the username as the new password', async () => {
    loggedIn({ ...oneTime, username: 'li.shuang' })
    render(<ChangePasswordView />)
    await type('pw-current', 'K7QM-3XHD-9RTW')
    await type('pw-new', 'Li.Shuang')
    await type('pw-again', 'Li.Shuang')
    await click('pw-submit')
    expect(text('pw-new-error')).toBe('新密码不能与用户名相同')
    expect(requests).toEqual([])
  })

  it('shows a wrong current password at its field (voluntary change)', async () => {
    loggedIn()
    mockApi(() => [400, { error: { code: 'VALIDATION_FAILED', message: '当前密码不正确', field: 'currentPassword' } }])
    render(<ChangePasswordView />)
    expect(document.getElementById('pw-one-time')).toBeNull()
    await type('pw-current', 'wrong-one')
    await type('pw-new', 'new-pass-2026')
    await type('pw-again', 'new-pass-2026')
    await click('pw-submit')
    await waitFor(() => expect(text('pw-current-error')).toBe('当前密码不正确'))
  })

  it('on a one-time password the way out is 退出登录, not 取消', async () => {
    loggedIn(oneTime)
    mockApi(() => [200, { ok: true }])
    render(<ChangePasswordView />)
    expect(document.getElementById('pw-cancel')).toBeNull()
    await click('pw-logout')
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/staff-login/index' }))
    expect(requests.map((r) => r.path)).toStrictEqual(['/auth/logout'])
    expect(getStorage('openday.staff.token')).toBeUndefined()
  })

  it('other staff pages send a one-time-password session to the change page first', async () => {
    loggedIn(oneTime)
    render(<StaffEventsView />)
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/staff-password/index?redirect=${encodeURIComponent('/pages/staff-events/index')}` }))
    expect(requests).toEqual([])
  })
})
