import { render, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import { DEFAULT_NOTICE_SETTINGS, type NoticeSettings } from '@openday/shared'
import type { MyNotification, NoticeSettingsResponse } from '../../src/api/notifications'
import { NoticeSettingsView, templatesToRequest } from '../../src/features/notifications/NoticeSettingsView'
import { click, text } from '../support/dom'
import { mockApi, requests, setStorage, type FakeAnswer, type FakeRequest } from '../support/taro'

const TEMPLATES: NoticeSettingsResponse['wechatTemplates'] = [
  { kind: 'new_post', templateId: 'T-POST' },
  { kind: 'event_reminder', templateId: 'T-REMIND' },
  { kind: 'event_changed', templateId: 'T-CHANGE' },
  { kind: 'event_cancelled', templateId: 'T-CANCEL' },
]
const answer = (settings: NoticeSettings): NoticeSettingsResponse => ({ settings, phoneMasked: '139****1234', wechatTemplates: TEMPLATES })

const MESSAGE: MyNotification = {
  id: 'n1',
  kind: 'event_cancelled',
  title: '活动取消通知',
  body: '您报名的“农产品检测开放日”已取消：因场地检修，本次开放日取消',
  eventId: 'ev1',
  suggestionId: null,
  page: 'pages/event/index?id=ev1',
  createdAt: '2030-02-25T02:00:00.000Z',
  channel: 'sms',
  status: 'sent',
}

const writes = () => requests.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path, body: r.body as unknown }))
const has = (id: string) => document.getElementById(id) !== null
const checked = (id: string) => document.getElementById(id)!.getAttribute('aria-checked')

/** A fake of the settings API that keeps what was PUT; `put` may answer otherwise. */
function settingsApi(opts: { start?: NoticeSettings; messages?: FakeAnswer; put?: (req: FakeRequest) => FakeAnswer | undefined } = {}) {
  setStorage('openday.participant.token', 'p')
  let current = opts.start ?? DEFAULT_NOTICE_SETTINGS
  mockApi((req) => {
    if (req.method === 'GET' && req.path === '/me/notification-settings') return [200, answer(current)]
    if (req.method === 'PUT' && req.path === '/me/notification-settings') {
      const other = opts.put?.(req)
      if (other) return other
      current = req.body as NoticeSettings
      return [200, answer(current)]
    }
    if (req.method === 'POST' && req.path === '/me/notification-settings/stop') {
      current = { ...current, stopped: true }
      return [200, answer(current)]
    }
    if (req.method === 'GET' && req.path === '/me/notifications') return opts.messages ?? [200, { notifications: [MESSAGE] }]
    return [404, {}]
  })
}

describe('通知设置', () => {
  it('shows the masked phone and each switch; a switch sends the whole settings as the exact PUT body', async () => {
    settingsApi()
    render(<NoticeSettingsView />)
    await waitFor(() => expect(has('notice-sms')).toBe(true))
    expect(text('notice-phone')).toBe('发送至 139****1234；晚上9点至早上8点不发送')
    expect(checked('notice-sms')).toBe('true')
    expect(checked('notice-wechat')).toBe('true')
    expect(text('notice-kinds')).toContain('活动变更')
    expect(text('notice-kinds')).toContain('意见答复')
    // 报名审核通过 / 报名审核未通过 (issue 8's 审核) are kinds of their own too.
    expect(text('notice-kinds')).toContain('报名审核通过')
    // 候补名额待确认 (the waiting list's offer) too.
    expect(text('notice-kinds')).toContain('候补名额待确认')
    expect(document.querySelectorAll('#notice-kinds .toggle')).toHaveLength(9)

    await click('notice-sms')
    await waitFor(() => expect(writes()).toHaveLength(1))
    expect(writes()[0]).toEqual({
      method: 'PUT',
      path: '/me/notification-settings',
      body: { sms: false, wechat: true, mutedKinds: [], stopped: false },
    })
    await waitFor(() => expect(checked('notice-sms')).toBe('false'))

    await click('notice-kind-event_reminder')
    await waitFor(() => expect(writes()).toHaveLength(2))
    expect(writes()[1].body).toEqual({ sms: false, wechat: true, mutedKinds: ['event_reminder'], stopped: false })
    await waitFor(() => expect(checked('notice-kind-event_reminder')).toBe('false'))

    await click('notice-kind-evaluation_invite')
    await waitFor(() => expect(writes()).toHaveLength(3))
    // Kinds in their fixed order, whatever the order they were turned off in.
    expect(writes()[2].body).toEqual({ sms: false, wechat: true, mutedKinds: ['event_reminder', 'evaluation_invite'], stopped: false })

    await click('notice-kind-event_reminder')
    await waitFor(() => expect(writes()).toHaveLength(4))
    expect(writes()[3].body).toEqual({ sms: false, wechat: true, mutedKinds: ['evaluation_invite'], stopped: false })
    expect(writes().every((w) => w.method === 'PUT')).toBe(true)
  })

  it('a failed save puts the switch back and says what to do', async () => {
    settingsApi({ put: () => 'network' })
    render(<NoticeSettingsView />)
    await waitFor(() => expect(has('notice-wechat')).toBe(true))
    await click('notice-wechat')
    await waitFor(() => expect(text('notice-save-error')).toBe('网络不太好，请检查网络后重试。设置未保存，请稍后再试。'))
    expect(checked('notice-wechat')).toBe('true')
  })

  it('全部停止接收 asks first, then stops in one step; 恢复接收 turns it back on', async () => {
    settingsApi()
    render(<NoticeSettingsView />)
    await waitFor(() => expect(has('notice-stop')).toBe(true))
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    await click('notice-stop')
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]).toMatchObject({ title: '全部停止接收？', confirmText: '全部停止' })
    expect(writes()).toEqual([])
    expect(has('notice-stopped')).toBe(false)

    await click('notice-stop')
    await waitFor(() => expect(has('notice-stopped')).toBe(true))
    expect(writes()).toEqual([{ method: 'POST', path: '/me/notification-settings/stop', body: undefined }])
    expect(text('notice-stopped')).toContain('已全部停止接收')
    expect(has('notice-sms')).toBe(false)
    expect(has('notice-stop')).toBe(false)

    await click('notice-resume')
    await waitFor(() => expect(has('notice-sms')).toBe(true))
    expect(writes()[1]).toEqual({ method: 'PUT', path: '/me/notification-settings', body: { sms: true, wechat: true, mutedKinds: [], stopped: false } })
    expect(has('notice-stopped')).toBe(false)
  })

  it('H5 has no 订阅活动通知 button, even with WeChat templates', async () => {
    settingsApi()
    render(<NoticeSettingsView />)
    await waitFor(() => expect(has('notice-stop')).toBe(true))
    expect(has('notice-subscribe')).toBe(false)
    expect(document.body.textContent).not.toContain('订阅活动通知')
  })

  it('picks at most 3 templates, the kinds about a visit first, muted kinds left out', () => {
    expect(templatesToRequest(answer(DEFAULT_NOTICE_SETTINGS))).toEqual(['T-CANCEL', 'T-CHANGE', 'T-REMIND'])
    expect(templatesToRequest(answer({ ...DEFAULT_NOTICE_SETTINGS, mutedKinds: ['event_changed'] }))).toEqual(['T-CANCEL', 'T-REMIND', 'T-POST'])
  })

  it('asks to log in without a session', () => {
    render(<NoticeSettingsView />)
    expect(has('notice-login-needed')).toBe(true)
    expect(requests).toEqual([])
  })

  it('offline: the settings say so with 重试, which loads them', async () => {
    let online = false
    setStorage('openday.participant.token', 'p')
    mockApi((req) => (!online ? 'network' : req.path === '/me/notifications' ? [200, { notifications: [] }] : [200, answer(DEFAULT_NOTICE_SETTINGS)]))
    render(<NoticeSettingsView />)
    await waitFor(() => expect(text('notice-error')).toContain('网络不太好，请检查网络后重试'))
    online = true
    await click('notice-error-retry')
    await waitFor(() => expect(has('notice-sms')).toBe(true))
  })
})

describe('我的消息', () => {
  it('lists the messages with kind, time and how they were sent; a message about an event opens it', async () => {
    settingsApi()
    render(<NoticeSettingsView />)
    await waitFor(() => expect(has('notice-msg-n1')).toBe(true))
    const card = text('notice-msg-n1')
    expect(card).toContain('活动取消通知')
    expect(card).toContain('活动取消')
    expect(card).toContain('因场地检修，本次开放日取消')
    expect(card).toContain('2030年2月25日（周一）10:00 · 短信 · 已发送')
    await click('notice-msg-n1')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/event/index?id=ev1' })
  })

  it('a 关注动态 message opens the post it names', async () => {
    const post: MyNotification = { ...MESSAGE, id: 'n2', kind: 'new_post', title: '关注动态：活动预告', page: 'pages/post/index?id=p1' }
    settingsApi({ messages: [200, { notifications: [post] }] })
    render(<NoticeSettingsView />)
    await waitFor(() => expect(has('notice-msg-n2')).toBe(true))
    expect(text('notice-msg-n2')).toContain('查看动态 ›')
    await click('notice-msg-n2')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/post/index?id=p1' })
  })

  it('empty', async () => {
    settingsApi({ messages: [200, { notifications: [] }] })
    render(<NoticeSettingsView />)
    await waitFor(() => expect(has('notice-messages-empty')).toBe(true))
    expect(text('notice-messages-empty')).toContain('暂时没有消息')
  })

  it('an error with 重试, the settings still usable', async () => {
    let fail = true
    setStorage('openday.participant.token', 'p')
    mockApi((req) => {
      if (req.path === '/me/notifications') return fail ? [500, {}] : [200, { notifications: [MESSAGE] }]
      return [200, answer(DEFAULT_NOTICE_SETTINGS)]
    })
    render(<NoticeSettingsView />)
    await waitFor(() => expect(has('notice-messages-error')).toBe(true))
    expect(has('notice-sms')).toBe(true)
    fail = false
    await click('notice-messages-error-retry')
    await waitFor(() => expect(has('notice-msg-n1')).toBe(true))
    expect(requests.filter((r) => r.path === '/me/notifications')).toHaveLength(2)
  })
})
