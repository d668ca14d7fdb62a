/**
 * 活动总结 in the BUILT mini-program (dist/weapp): an organiser opens the draft, adds 下一步 and
 * publishes (WeChat's confirm dialog answers yes): the edit is saved first, then published; the
 * 政府信息公开 header shows the 索引号, and 打印版 / 嵌入代码 are copied with the configured API base.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { callsOf, mockWxApi, renderPage, resetWx, setWxStorage, until, wxRequests, type SimComponent, type WxRequest, tap } from './harness'

const API = 'http://127.0.0.1:8787/api/v1' // TARO_APP_API_BASE's default, baked into the build
const text = (page: SimComponent) => page.dom.textContent ?? ''
const settle = () => new Promise((r) => setTimeout(r, 100))

const ORGANIZER = { id: 's1', username: 'org', displayName: '李组织', role: 'organizer', agencyId: 'ag1', agencyName: '固原市农业农村局', mustChangePassword: false }
// Fixed dates: the event was on 2026-03-04 09:30–11:30 Beijing time, the summary due by 2026-03-11.
const EVENT = {
  id: 'ev1',
  title: '农产品检测开放日',
  agencyId: 'ag1',
  agencyName: '固原市农业农村局',
  hostUnit: '农产品质量安全监管中心',
  venue: '检测实验室',
  description: null,
  startAt: '2026-03-04T01:30:00.000Z',
  endAt: '2026-03-04T03:30:00.000Z',
  registrationOpensAt: '2026-02-01T01:00:00.000Z',
  registrationClosesAt: '2026-03-03T09:00:00.000Z',
  capacity: 30,
  seatsLeft: 2,
  status: 'published',
  agenda: [],
  targetGroups: ['citizen'],
  contactPhone: null,
  publishedAt: '2026-01-20T01:00:00.000Z',
  noticeOverrideReason: null,
  cancelReason: null,
  cancelledAt: null,
  changedAt: null,
  previousStartAt: null,
}
const DRAFT = {
  eventId: 'ev1',
  status: 'draft',
  title: '农产品检测开放日活动总结',
  body: '共28人报名，21人签到。',
  nextSteps: '',
  figures: {
    event: { id: 'ev1', title: EVENT.title, hostUnit: EVENT.hostUnit, venue: EVENT.venue, startAt: EVENT.startAt, endAt: EVENT.endAt, agenda: [] },
    units: [EVENT.hostUnit],
    attendance: { registered: 28, checkedIn: 21, checkinRate: 75, byCategory: [{ category: 'citizen', registered: 28, checkedIn: 21 }] },
    suggestions: { received: 7, answered: 3, answeredOnTime: 2, topics: [] },
    evaluation: { responses: 3, index: null, aspects: null },
    builtAt: '2026-03-09T08:00:00.000Z',
  },
  createdAt: '2026-03-09T08:00:00.000Z',
  updatedAt: '2026-03-09T08:00:00.000Z',
  publishedAt: null,
  postId: null,
  indexNo: null,
  dueAt: '2026-03-11T15:59:59.000Z',
}
const DISCLOSURE = { indexNo: '640400017/2026-00003', publisher: '固原市农业农村局', issuedAt: '2026-03-10T02:00:00.000Z', method: '主动公开', validity: '有效' }

function fakeApi() {
  let stored: Record<string, unknown> = { ...DRAFT }
  mockWxApi((req: WxRequest) => {
    const path = req.url.replace(API, '')
    const method = req.method ?? 'GET'
    if (method === 'GET' && path === '/events/ev1') return { statusCode: 200, data: { event: EVENT } }
    if (method === 'GET' && path === '/staff/events/ev1/summary') return { statusCode: 200, data: { summary: stored, dueAt: DRAFT.dueAt } }
    if (method === 'PUT' && path === '/staff/events/ev1/summary') {
      stored = { ...stored, ...JSON.parse(String(req.data)) }
      return { statusCode: 200, data: { summary: stored } }
    }
    if (method === 'POST' && path === '/staff/events/ev1/summary/publish') {
      stored = { ...stored, status: 'published', publishedAt: DISCLOSURE.issuedAt, postId: 'p1', indexNo: DISCLOSURE.indexNo }
      const post = { id: 'p1', kind: 'summary', agencyId: 'ag1', agencyName: '固原市农业农村局', eventId: 'ev1', title: stored.title, summary: '', body: stored.body, publishedAt: DISCLOSURE.issuedAt, updatedAt: DISCLOSURE.issuedAt, disclosure: DISCLOSURE }
      return { statusCode: 200, data: { summary: stored, post } }
    }
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
  })
}

describe('weapp 活动总结', () => {
  afterEach(() => resetWx())

  it('shows the figures and the draft, saves 下一步 and publishes after the confirmation, then the header with 索引号', async () => {
    setWxStorage('openday.staff.token', 's-token')
    setWxStorage('openday.staff.profile', JSON.stringify(ORGANIZER))
    fakeApi()
    const page = renderPage('pages/staff-event-summary/index', { id: 'ev1' })
    await until(() => page.querySelector('#sum-publish'), 8000)
    for (const t of ['活动总结', '应于 2026年3月11日（周三）23:59 前发布', '已超期', '75%', '测评人数不足5人', '生成', '发布']) expect(text(page), t).toContain(t)

    const box = page.querySelector('#sum-next')!
    ;(box.querySelector('.textarea') ?? box).dispatchEvent('input', { detail: { value: '逐条办理意见建议' } })
    await settle()
    tap(page, '#sum-publish')
    await until(() => page.querySelector('#sum-published'), 8000)

    const modal = callsOf('showModal')[0][0] as { title: string; content: string }
    expect(modal.title).toBe('发布活动总结？')
    expect(modal.content).toContain('发布后不能修改')
    const writes = wxRequests.filter((r) => r.method !== 'GET')
    expect(writes.map((r) => `${r.method} ${r.url.replace(API, '')}`)).toEqual(['PUT /staff/events/ev1/summary', 'POST /staff/events/ev1/summary/publish'])
    expect(JSON.parse(String(writes[0].data))).toStrictEqual({ title: DRAFT.title, body: DRAFT.body, nextSteps: '逐条办理意见建议' })
    expect(writes[1].header?.Authorization).toBe('Bearer s-token')
    await until(() => text(page).includes('640400017/2026-00003'))
    for (const t of ['政府信息公开', '索引号', '发布机构', '固原市农业农村局', '主动公开', '有效', '逐条办理意见建议']) expect(text(page), t).toContain(t)

    tap(page, '#sum-print')
    await until(() => callsOf('setClipboardData').length === 1)
    expect((callsOf('setClipboardData')[0][0] as { data: string }).data).toBe(`${API}/public/posts/p1/print`)
    await until(() => text(page).includes('打印版链接已复制'))
    tap(page, '#sum-embed')
    await until(() => callsOf('setClipboardData').length === 2)
    expect((callsOf('setClipboardData')[1][0] as { data: string }).data).toBe(
      `<iframe src="${API}/public/posts/p1/embed" title="${DRAFT.title}" width="100%" height="800" style="border:0" loading="lazy"></iframe>`,
    )
  })
})
