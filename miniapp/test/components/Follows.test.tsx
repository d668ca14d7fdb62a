import { render, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import type { Follow } from '@openday/shared'
import { FollowButton } from '../../src/features/follows/FollowButton'
import { FollowsView, followUrl } from '../../src/features/follows/FollowsView'
import { forgetFollows } from '../../src/features/follows/followState'
import { click, text } from '../support/dom'
import { mockApi, requests, setStorage } from '../support/taro'

const AGENCY: Follow = { id: 'f1', kind: 'agency', targetId: 'ag1', title: '固原市农业农村局', trackingCode: null, createdAt: '2030-02-20T02:00:00.000Z' }
const SUGGESTION: Follow = {
  id: 'f2',
  kind: 'suggestion',
  targetId: 's1',
  title: '意见建议（查询码尾号7K2M）',
  trackingCode: 'QX4P-7K2M',
  createdAt: '2030-02-21T02:00:00.000Z',
}

const writes = () => requests.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path, body: r.body as unknown }))

/** A fake of /me/follows that keeps its list. */
function followsApi(start: Follow[] = []) {
  setStorage('openday.participant.token', 'p')
  let list = [...start]
  mockApi((req) => {
    if (req.method === 'GET' && req.path === '/me/follows') return [200, { follows: list }]
    if (req.method === 'POST' && req.path === '/me/follows') {
      const body = req.body as { kind: Follow['kind']; target: string }
      const f: Follow = { id: 'f9', kind: body.kind, targetId: body.target, title: '新关注', trackingCode: null, createdAt: '2030-02-22T02:00:00.000Z' }
      list = [f, ...list]
      return [201, { follow: f }]
    }
    const del = /^\/me\/follows\/(.+)$/.exec(req.path)
    if (req.method === 'DELETE' && del) {
      list = list.filter((f) => f.id !== del[1])
      return [204, null]
    }
    return [404, {}]
  })
}

beforeEach(() => forgetFollows())

describe('关注 button', () => {
  it('shows 已关注 for what is followed, unfollows and follows again with the exact requests', async () => {
    followsApi([AGENCY])
    render(<FollowButton kind="agency" target="ag1" returnTo="/pages/agency/index?id=ag1" />)
    await waitFor(() => expect(text('follow-agency')).toBe('已关注 ✓'))
    await click('follow-agency')
    await waitFor(() => expect(text('follow-agency')).toBe('＋ 关注单位'))
    await click('follow-agency')
    await waitFor(() => expect(text('follow-agency')).toBe('已关注 ✓'))
    expect(writes()).toEqual([
      { method: 'DELETE', path: '/me/follows/f1', body: undefined },
      { method: 'POST', path: '/me/follows', body: { kind: 'agency', target: 'ag1' } },
    ])
    expect(vi.mocked(Taro.showToast).mock.calls.map((c) => (c[0] as { title: string }).title)).toEqual(['已取消关注', '已关注该单位，有新动态会通知您'])
  })

  it('knows a followed suggestion by its tracking code', async () => {
    followsApi([SUGGESTION])
    render(<FollowButton kind="suggestion" target="qx4p-7k2m" returnTo="/pages/track/index" id="track-follow" />)
    await waitFor(() => expect(text('track-follow')).toBe('已关注 ✓'))
  })

  it('without a login goes to the login page and comes back, sending nothing', async () => {
    mockApi(() => [500, {}])
    render(<FollowButton kind="event" target="ev1" returnTo="/pages/event/index?id=ev1" />)
    expect(text('follow-event')).toBe('＋ 关注活动')
    await click('follow-event')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/login/index?redirect=${encodeURIComponent('/pages/event/index?id=ev1')}` })
    expect(requests).toHaveLength(0)
  })
})

describe('我的关注', () => {
  it('lists the follows, opens each, and removes one only after confirming', async () => {
    followsApi([AGENCY, SUGGESTION])
    render(<FollowsView />)
    await waitFor(() => expect(document.getElementById('follow-f1')).not.toBeNull())
    expect(text('follow-f1')).toContain('固原市农业农村局')
    expect(text('follow-f1')).toContain('单位')
    expect(text('follow-f2')).toContain('意见建议（查询码尾号7K2M）')
    expect(followUrl(SUGGESTION)).toBe('/pages/track/index?code=QX4P-7K2M')
    expect(followUrl(AGENCY)).toBe('/pages/agency/index?id=ag1')

    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    await click('follow-remove-f1')
    expect(writes()).toEqual([])
    expect(document.getElementById('follow-f1')).not.toBeNull()

    await click('follow-remove-f1')
    await waitFor(() => expect(document.getElementById('follow-f1')).toBeNull())
    expect(writes()).toEqual([{ method: 'DELETE', path: '/me/follows/f1', body: undefined }])
  })

  it('says what to do when nothing is followed, and asks to log in without a session', async () => {
    followsApi([])
    const { unmount } = render(<FollowsView />)
    await waitFor(() => expect(document.getElementById('follows-empty')).not.toBeNull())
    unmount()
    setStorage('openday.participant.token', '')
    render(<FollowsView />)
    expect(document.getElementById('follows-login-needed')).not.toBeNull()
  })
})
