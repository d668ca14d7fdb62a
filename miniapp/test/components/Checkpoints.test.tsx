import { render, waitFor } from '@testing-library/react'
import type { CheckpointView, DashboardResponse } from '@openday/shared'
import Taro from '@tarojs/taro'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CheckinView } from '../../src/features/checkins/CheckinView'
import { resetScanQueue } from '../../src/features/checkins/useScanQueue'
import { CheckpointsView } from '../../src/features/checkpoints/CheckpointsView'
import { PointQrView } from '../../src/features/checkpoints/PointQrView'
import { StopView } from '../../src/features/checkpoints/StopView'
import { DashboardBody } from '../../src/features/staff/DashboardView'
import { click, text, type } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { STAFF_ADMIN } from '../support/handling'
import { mockApi, requests, setRouterParams, setStorage, type FakeAnswer, type FakeRequest } from '../support/taro'
import StaffCheckpointsPage from '../../src/pages/staff-checkpoints/index'
import StaffPointQrPage from '../../src/pages/staff-point-qr/index'
import StopPage from '../../src/pages/stop/index'

afterEach(() => resetScanQueue())

const point = (over: Partial<CheckpointView>): CheckpointView => ({
  id: 'cp1',
  kind: 'stop',
  name: '气相色谱仪',
  description: '把样品中的农药分离开来逐一测定',
  images: [],
  position: 1,
  active: true,
  checkedIn: 12,
  exited: 3,
  insideNow: 9,
  ...over,
})
const ENTRANCE = point({ id: 'entrance', kind: 'entrance', name: '入口签到', description: '', position: -1, checkedIn: 20, exited: 2, insideNow: 18 })

function staff(role: 'admin' | 'checker' = 'admin') {
  setStorage('openday.staff.token', 's-token')
  setStorage('openday.staff.profile', JSON.stringify({ ...STAFF_ADMIN, role }))
}

function staffApi(extra: (req: FakeRequest) => FakeAnswer | undefined = () => undefined) {
  let points = [ENTRANCE, point({}), point({ id: 'cp2', kind: 'talk', name: '面对面座谈', description: '', position: 2, active: false, checkedIn: 0, exited: 0, insideNow: 0 })]
  mockApi((req) => {
    const own = extra(req)
    if (own) return own
    if (req.path === '/events/ev1/checkpoints' && req.method === 'GET') return [200, { points }]
    if (req.path === '/events/ev1/checkpoints' && req.method === 'POST') {
      const p = point({ id: 'cp3', ...(req.body as object), checkedIn: 0, exited: 0, insideNow: 0 })
      points = [...points, p]
      return [201, { point: p }]
    }
    if (req.path === '/events/ev1/checkpoints/cp1' && req.method === 'PATCH') {
      points = points.map((p) => (p.id === 'cp1' ? { ...p, ...(req.body as object) } : p))
      return [200, { point: points[1] }]
    }
    if (req.path === '/events/ev1') return [200, { event: eventDetail() }]
    return [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
  })
}

describe('签到点管理', () => {
  it('lists the entrance and the points with their counts; an organiser adds one', async () => {
    staff()
    staffApi()
    render(<CheckpointsView eventId="ev1" />)
    await waitFor(() => expect(text('cp-entrance-counts')).toBe('已签到 20　已离开 2　现在场内 18'))
    expect(text('cp-cp1-counts')).toBe('已签到 12　已离开 3　现在场内 9')
    expect(text('cp-cp2')).toContain('已停用')
    await click('cp-new')
    await type('cp-name', '原子吸收分光光度计')
    await type('cp-description', '测定样品中的重金属')
    await click('cp-save')
    await waitFor(() => expect(document.getElementById('cp-cp3')).not.toBeNull())
    const post = requests.find((r) => r.method === 'POST')!
    expect(post.body).toEqual({ name: '原子吸收分光光度计', kind: 'stop', description: '测定样品中的重金属', images: [] })
  })

  it('a point’s A4 poster is fetched with the staff token and forwarded to a chat from a second tap', async () => {
    staff()
    staffApi()
    render(<CheckpointsView eventId="ev1" />)
    await waitFor(() => expect(document.getElementById('cp-cp1-poster')).not.toBeNull())
    expect(document.getElementById('cp-cp2-poster')).toBeNull()
    await click('cp-cp1-poster')
    await waitFor(() => expect(document.getElementById('cp-cp1-poster-save')).not.toBeNull())
    const call = (Taro.downloadFile as unknown as { mock: { calls: [{ url: string; header: Record<string, string> }][] } }).mock.calls.at(-1)![0]
    expect(call.url.endsWith('/staff/events/ev1/checkpoints/cp1/poster')).toBe(true)
    expect(call.header.Authorization).toMatch(/^Bearer .+/)
    await click('cp-cp1-poster-save')
    expect((Taro.shareFileMessage as unknown as { mock: { calls: [{ fileName: string }][] } }).mock.calls.at(-1)![0].fileName).toBe('海报-气相色谱仪.html')
  })

  it('refuses a bad picture address before sending', async () => {
    staff()
    staffApi()
    render(<CheckpointsView eventId="ev1" />)
    await waitFor(() => expect(document.getElementById('cp-new')).not.toBeNull())
    await click('cp-new')
    await type('cp-name', '样品前处理室')
    await type('cp-images', 'http://example.com/a.jpg')
    await click('cp-save')
    expect(text('cp-form-error')).toBe('图片须为 https 地址或 /assets/ 下的图片')
    expect(requests.filter((r) => r.method === 'POST')).toEqual([])
  })

  it('deactivating asks first; cancelling the question changes nothing', async () => {
    staff()
    staffApi()
    render(<CheckpointsView eventId="ev1" />)
    await waitFor(() => expect(document.getElementById('cp-cp1-toggle')).not.toBeNull())
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    await click('cp-cp1-toggle')
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([])
    await click('cp-cp1-toggle')
    await waitFor(() => expect(text('cp-cp1')).toContain('已停用'))
    expect(requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ active: false }])
    expect(Taro.showModal).toHaveBeenCalledTimes(2)
  })

  it('a checker sees the points and codes, but no editing', async () => {
    staff('checker')
    staffApi()
    render(<CheckpointsView eventId="ev1" />)
    await waitFor(() => expect(document.getElementById('cp-cp1-qr')).not.toBeNull())
    expect(document.getElementById('cp-cp1-edit')).toBeNull()
    expect(document.getElementById('cp-cp1-toggle')).toBeNull()
    expect(document.getElementById('cp-new')).toBeNull()
  })
})

describe('the door’s point picker', () => {
  it('sends the chosen point and 出 with each scan; 入口/进 sends neither', async () => {
    staff('checker')
    staffApi((req) => {
      if (req.path === '/events/ev1/checkins') return [200, { result: (req.body as { direction?: string }).direction === 'out' ? 'exited' : 'checked_in' }]
      if (req.path === '/events/ev1/dashboard') return [200, { eventId: 'ev1', capacity: 30, registered: 1, checkedIn: 0, byCategory: [], suggestions: 0, evaluations: { count: 0, averages: null, overall: null }, updatedAt: new Date().toISOString() }]
      if (req.path === '/tickets/public-key') return 'network'
      return undefined
    })
    render(<CheckinView eventId="ev1" scanner="none" />)
    await waitFor(() => expect(document.getElementById('cp-point-cp1')).not.toBeNull())
    // Only active points are offered.
    expect(document.getElementById('cp-point-cp2')).toBeNull()
    await type('checkin-code', 'ABCD2345')
    await click('checkin-submit')
    await click('cp-point-cp1')
    await click('cp-direction-out')
    await type('checkin-code', 'EFGH2345')
    await click('checkin-submit')
    await waitFor(() => expect(document.getElementById('checkin-result')?.getAttribute('data-outcome')).toBe('exited'))
    expect(text('checkin-result-label')).toBe('已登记离开')
    const sent = requests.filter((r) => r.path === '/events/ev1/checkins').map((r) => r.body as Record<string, unknown>)
    expect(sent.map(({ ticket, checkpointId, direction }) => ({ ticket, checkpointId, direction }))).toEqual([
      { ticket: 'ABCD2345', checkpointId: undefined, direction: undefined },
      { ticket: 'EFGH2345', checkpointId: 'cp1', direction: 'out' },
    ])
  })
})

describe('签到点二维码', () => {
  it('shows the point’s code as a QR with its counts', async () => {
    staff('checker')
    mockApi((req) =>
      req.path === '/events/ev1/checkpoints/cp1/code'
        ? [200, { code: 'abc.def.ghi', url: 'http://h5.test/#/pages/stop/index?c=abc.def.ghi', windowSeconds: 30, validUntil: '2026-03-10T02:00:30.000Z', point: { id: 'cp1', name: '气相色谱仪', checkedIn: 7, exited: 1, insideNow: 6 } }]
        : [404, {}],
    )
    render(<PointQrView eventId="ev1" cpId="cp1" />)
    await waitFor(() => expect(text('pq-name')).toBe('气相色谱仪'))
    expect(document.querySelector('#pq-qr')).not.toBeNull()
    expect([text('pq-checked-in'), text('pq-exited'), text('pq-inside')]).toEqual(['7', '1', '6'])
  })
})

describe('the participant’s stop page', () => {
  const STOP = {
    eventId: 'ev1',
    eventTitle: '食品安全开放日',
    point: { id: 'cp1', name: '气相色谱仪', kind: 'stop', description: '把样品中的农药分离开来逐一测定', images: ['/assets/gc.png'] },
    newlyCheckedIn: true,
    checkedInAt: '2026-03-10T02:00:00.000Z',
  }

  it('posts the code and shows the stop', async () => {
    setStorage('openday.participant.token', 'p')
    mockApi((req) => (req.path === '/checkpoints/scan' ? [200, STOP] : [404, {}]))
    render(<StopView code="cp1.abc.AAAAAAAAAAAAAAAA" />)
    await waitFor(() => expect(text('stop-done')).toContain('签到成功'))
    expect(text('stop-description')).toBe('把样品中的农药分离开来逐一测定')
    expect(document.getElementById('stop-image-0')).not.toBeNull()
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/checkpoints/scan', { code: 'cp1.abc.AAAAAAAAAAAAAAAA' }]])
  })

  it('says 已在此签到 the second time', async () => {
    setStorage('openday.participant.token', 'p')
    mockApi(() => [200, { ...STOP, newlyCheckedIn: false }])
    render(<StopView code="x" />)
    await waitFor(() => expect(text('stop-done')).toContain('已在此签到'))
  })

  it('an old code says to scan the newest one', async () => {
    setStorage('openday.participant.token', 'p')
    mockApi(() => [410, { error: { code: 'CHECKPOINT_CODE_EXPIRED', message: '二维码已过期，请扫描工作人员屏幕上的最新二维码' } }])
    render(<StopView code="x" />)
    await waitFor(() => expect(text('stop-error')).toBe('二维码已过期，请扫描工作人员屏幕上的最新二维码'))
    expect(text('stop-my')).toBe('查看我的报名')
  })

  it('logs in first and comes back to the stop', async () => {
    mockApi(() => [404, {}])
    render(<StopView code="cp1.abc.AAAAAAAAAAAAAAAA" />)
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalled())
    const url = (vi.mocked(Taro.redirectTo).mock.calls[0][0] as { url: string }).url
    expect(decodeURIComponent(url)).toBe('/pages/login/index?redirect=/pages/stop/index?c=cp1.abc.AAAAAAAAAAAAAAAA')
    expect(requests).toEqual([])
  })
})

describe('实时数据 per point', () => {
  it('shows 入口 and each point: 已签到, 已离开, 现在场内', () => {
    const d: DashboardResponse = {
      eventId: 'ev1',
      capacity: 30,
      registered: 20,
      checkedIn: 20,
      walkIns: 0,
      byCategory: [],
      points: [
        { id: 'entrance', kind: 'entrance', name: '入口签到', checkedIn: 20, exited: 2, insideNow: 18 },
        { id: 'cp1', kind: 'stop', name: '气相色谱仪', checkedIn: 12, exited: 3, insideNow: 9 },
      ],
      suggestions: 0,
      evaluations: { count: 0, averages: null, overall: null, distribution: null },
      updatedAt: '2026-03-10T02:00:00.000Z',
    }
    render(<DashboardBody d={d} />)
    const row = (id: string) => document.getElementById(id)!.parentElement!.textContent
    expect(row('dash-point-entrance')).toBe('入口已签到 20　已离开 2　现在场内 18')
    expect(row('dash-point-cp1')).toBe('气相色谱仪已签到 12　已离开 3　现在场内 9')
  })
})

describe('a link without its id', () => {
  it.each([
    ['签到点', StaffCheckpointsPage, { eventId: '' }, '活动'],
    ['签到点二维码', StaffPointQrPage, { eventId: 'ev1', cpId: '' }, '签到点'],
    ['参观点签到', StopPage, { c: '' }, '签到点'],
  ] as const)('%s says the link is incomplete and asks the API nothing', async (_, Page, params, what) => {
    setStorage('openday.participant.token', 'p')
    setStorage('openday.staff.token', 's')
    setRouterParams(params)
    render(<Page />)
    await waitFor(() => expect(document.getElementById('missing-link')).not.toBeNull())
    expect(text('missing-link')).toContain(`链接中缺少${what}编号`)
    expect(requests).toEqual([])
  })
})
