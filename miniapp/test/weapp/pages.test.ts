/**
 * Every page of the BUILT mini-program renders its content from the API in miniprogram-simulate,
 * and the anonymous forms submit from the weapp runtime: a page that breaks only in the
 * mini-program (wxml, a browser-only API) fails here.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { eventDetail, registration } from '../support/fixtures'
import { callsOf, mockWxApi, renderPage, resetWx, setWxStorage, until, wxRequests, type SimComponent, type WxRequest } from './harness'

const API = 'http://127.0.0.1:8787/api/v1'
const HOUR = 3600000
const iso = (ms: number) => new Date(Date.now() + ms).toISOString()
const TITLE = '掌稳农产品安全之舵 守护百姓舌尖上的安全'

const event = eventDetail({
  id: 'e1',
  title: TITLE,
  venue: '检测实验室',
  startAt: iso(HOUR),
  endAt: iso(3 * HOUR),
  registrationOpensAt: iso(-24 * HOUR),
  registrationClosesAt: iso(0.5 * HOUR),
  agenda: [{ time: '09:30', title: '职能介绍' }, { time: '10:00', title: '参观农产品检测实验室' }],
})
const myRegistration = registration({
  eventId: 'e1',
  event: { title: TITLE, venue: event.venue, startAt: event.startAt, endAt: event.endAt, status: 'published', cancelReason: null },
  category: 'npc_deputy',
  checkedInAt: iso(-60000),
})
const dashboard = {
  eventId: 'e1',
  capacity: 30,
  registered: 18,
  checkedIn: 7,
  byCategory: [{ category: 'npc_deputy', registered: 18, checkedIn: 7 }],
  suggestions: 3,
  evaluations: {
    count: 5,
    averages: { measures: 4.6, results: 4.2, procedures: 4.8, service: 4.8, conduct: 4.6, integrity: 5 },
    overall: 4.67,
    distribution: {
      measures: [0, 0, 0, 2, 3],
      results: [0, 0, 1, 2, 2],
      procedures: [0, 0, 0, 1, 4],
      service: [0, 0, 0, 1, 4],
      conduct: [0, 0, 0, 2, 3],
      integrity: [0, 0, 0, 0, 5],
    },
  },
  updatedAt: iso(0),
}
const suggestion = {
  trackingCode: 'YJABCDEFGHJKLMNPQR',
  eventId: 'e1',
  eventTitle: TITLE,
  topic: null,
  content: '建议增加快检结果公示屏',
  status: 'received',
  statusLabel: '已受理',
  createdAt: iso(-HOUR),
  answer: null,
  answeredAt: null,
  departmentName: null,
  resultClass: null,
  resultClassLabel: null,
  plannedBy: null,
  timeline: [{ action: 'submit', label: '受理', at: iso(-HOUR), status: 'received', statusLabel: '已受理' }],
  awaitingRating: false,
  rating: null,
  closeReason: null,
}

const department = { id: 'd1', name: '法规科', active: true, openItems: 2, createdAt: iso(-HOUR) }
const staffUser = {
  id: 'u2',
  username: 'zhang.h',
  displayName: '张承办',
  role: 'handler',
  departmentId: 'd1',
  departmentName: '法规科',
  active: true,
  mustChangePassword: false,
}

function fakeApi(req: WxRequest) {
  const path = req.url.replace(API, '')
  const method = req.method ?? 'GET'
  if (method === 'GET' && path === '/events/e1') return { statusCode: 200, data: { event } }
  if (method === 'GET' && path === '/me/registrations') return { statusCode: 200, data: { registrations: [myRegistration] } }
  if (method === 'GET' && path === '/staff/events') return { statusCode: 200, data: { events: [event] } }
  if (method === 'GET' && path === '/events/e1/dashboard') return { statusCode: 200, data: dashboard }
  if (method === 'GET' && path === `/suggestions/${suggestion.trackingCode}`) return { statusCode: 200, data: { suggestion } }
  if (method === 'POST' && path === '/events/e1/suggestions') return { statusCode: 201, data: { trackingCode: suggestion.trackingCode, status: 'received' } }
  if (method === 'GET' && path === '/staff/departments') return { statusCode: 200, data: { departments: [department] } }
  if (method === 'GET' && path === '/staff/users') return { statusCode: 200, data: { users: [staffUser] } }
  if (method === 'POST' && path === '/staff/users/u2/reset-password') return { statusCode: 200, data: { user: staffUser, oneTimePassword: 'K7QM-3XHD-9RTW' } }
  if (method === 'GET' && path === '/me/suggestions')
    return { statusCode: 200, data: { suggestions: [{ ...suggestion, awaitingRating: false }].map(({ trackingCode, eventId, eventTitle, topic, content, status, statusLabel, createdAt, answeredAt, awaitingRating }) => ({ trackingCode, eventId, eventTitle, topic, content, status, statusLabel, createdAt, answeredAt, awaitingRating })) } }
  if (method === 'GET' && path === '/events/e1/evaluation-comments') return { statusCode: 200, data: { comments: [] } }
  if (method === 'GET' && path === '/staff/inbox') return { statusCode: 200, data: inbox }
  if (method === 'GET' && path === '/staff/evaluation-report')
    return { statusCode: 200, data: { period: { from: '2025-11-23', to: '2026-11-22' }, overall: dashboard.evaluations, events: [{ id: 'e1', title: TITLE, startAt: event.startAt, figures: dashboard.evaluations }] } }
  return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
}

const inbox = {
  counts: { overdue: 1, dissatisfied: 0 },
  items: [{ id: 's9', trackingCode: 'YJ9XXXXXXXXXXXXXXX', category: 'overdue', status: 'assigned', eventId: 'e1', eventTitle: TITLE, topic: '停车', content: '建议增加停车位', contact: null, departmentId: 'd1', departmentName: '法规科', assigneeId: null, dueAt: iso(-HOUR), overdueAt: iso(-HOUR), closeReason: null, closedAt: null, createdAt: iso(-48 * HOUR) }],
  reminders: [{ id: 'r1', kind: 'overdue', suggestionId: 's9', trackingCode: 'YJ9XXXXXXXXXXXXXXX', occasionAt: iso(-HOUR), createdAt: iso(-HOUR) }],
  unreadReminders: 1,
}

const text = (page: SimComponent) => page.dom.textContent ?? ''

function signedIn() {
  setWxStorage('openday.participant.token', 'p-token')
  setWxStorage('openday.staff.token', 's-token')
  setWxStorage(
    'openday.staff.profile',
    JSON.stringify({ id: 's1', username: 'demo', displayName: '演示管理员', role: 'admin', agencyId: 'ag1', agencyName: '固原市农业农村局' }),
  )
  mockWxApi(fakeApi)
}

describe('every weapp page renders in the mini-program runtime', () => {
  afterEach(() => resetWx())

  it.each([
    ['pages/event/index', { id: 'e1' }, ['职能介绍', '参观农产品检测实验室', '人大代表', '已报名', '查看电子票']],
    ['pages/login/index', {}, ['微信一键登录']],
    ['pages/my/index', {}, [TITLE, '已签到']],
    ['pages/ticket/index', { id: 'r1' }, ['ABCD2345', '测评将在活动开始后开放']],
    ['pages/evaluate/index', { registrationId: 'r1' }, ['无记名测评', '请在报名时使用的手机上参加测评']],
    ['pages/suggest/index', { eventId: 'e1' }, ['意见建议表', TITLE]],
    ['pages/track/index', { code: suggestion.trackingCode }, ['意见查询', '已受理', '建议增加快检结果公示屏']],
    ['pages/my-suggestions/index', {}, ['我的意见', '建议增加快检结果公示屏', '已受理']],
    ['pages/staff-login/index', {}, ['工作人员登录']],
    ['pages/staff-events/index', {}, [TITLE, '扫码签到', '实时数据', '现场二维码']],
    ['pages/staff-event-edit/index', {}, ['活动主题', '保存草稿']],
    ['pages/staff-dashboard/index', { eventId: 'e1' }, ['实时数据', '18', '7', '4.67', '廉政纪律', '每满5条']],
    ['pages/staff-venue-qr/index', { eventId: 'e1' }, ['扫码填写意见建议表，无需登录']],
    ['pages/staff-org/index', {}, ['机构管理', '承办部门', '法规科', '正在办理 2 条']],
    ['pages/staff-org/index', { tab: 'users' }, ['张承办', 'zhang.h', '承办人 · 法规科', '重置密码']],
    ['pages/staff-password/index', {}, ['修改密码', '当前密码', '再次输入新密码']],
    ['pages/staff-reports/index', {}, ['测评报告与导出', '监管措施', '廉政纪律', '4.67', '93.3', TITLE, '下载意见建议办理表（CSV）', '下载测评结果表（CSV）']],
    ['pages/staff-inbox/index', {}, ['待办', '已超期', '不满意办结', '停车', '法规科', '【已超期】', '全部标为已读']],
  ] as const)('%s', async (route, query, expected) => {
    signedIn()
    const page = renderPage(route, { ...query })
    await until(() => expected.every((t) => text(page).includes(t)), 8000).catch(() => undefined)
    for (const t of expected) expect(text(page), `${route} shows ${t}`).toContain(t)
  })

  it('加入日历 on the event page adds it with wx.addPhoneCalendar, reminding the day before', async () => {
    signedIn()
    const page = renderPage('pages/event/index', { id: 'e1' })
    await until(() => text(page).includes('加入日历'))
    page.querySelector('#event-calendar')!.dispatchEvent('tap', { detail: {} })
    await until(() => callsOf('showToast').length > 0)
    const [[options]] = callsOf('addPhoneCalendar') as [[Record<string, unknown>]]
    expect({ ...options, success: undefined, fail: undefined, complete: undefined }).toStrictEqual({
      title: TITLE,
      startTime: Math.floor(Date.parse(event.startAt) / 1000),
      endTime: Math.floor(Date.parse(event.endAt) / 1000),
      location: '检测实验室',
      description: `主办单位：${event.hostUnit}`,
      alarm: true,
      alarmOffset: 86400,
      success: undefined,
      fail: undefined,
      complete: undefined,
    })
    expect((callsOf('showToast')[0][0] as { title: string }).title).toBe('已加入手机日历，活动前一天会提醒您')
  })

  it('机构管理 resets a password after the confirmation and shows the one-time password once', async () => {
    signedIn()
    const page = renderPage('pages/staff-org/index', { tab: 'users' })
    await until(() => text(page).includes('张承办'))
    page.querySelector('#user-u2-reset')!.dispatchEvent('tap', { detail: {} })
    await until(() => text(page).includes('K7QM-3XHD-9RTW'))
    expect(text(page)).toContain('此密码只显示这一次')
    expect(wxRequests.find((r) => r.method === 'POST')!.url).toBe(`${API}/staff/users/u2/reset-password`)
    page.querySelector('#otp-done')!.dispatchEvent('tap', { detail: {} })
    await until(() => !text(page).includes('K7QM-3XHD-9RTW'))
  })

  it('the suggestion form submits without login and shows the tracking code', async () => {
    mockWxApi(fakeApi)
    const page = renderPage('pages/suggest/index', { eventId: 'e1' })
    await until(() => page.querySelector('#suggest-content') && text(page).includes(TITLE))
    const textarea = page.querySelector('#suggest-content')!.querySelector('.textarea') ?? page.querySelector('#suggest-content')!
    textarea.dispatchEvent('input', { detail: { value: '建议增加快检结果公示屏' } })
    await new Promise((r) => setTimeout(r, 100))
    page.querySelector('#suggest-submit')!.dispatchEvent('tap', { detail: {} })
    await until(() => text(page).includes(suggestion.trackingCode))
    const post = wxRequests.find((r) => r.method === 'POST')!
    expect(post.url).toBe(`${API}/events/e1/suggestions`)
    expect(JSON.parse(String(post.data))).toMatchObject({ content: '建议增加快检结果公示屏' })
    expect(post.header?.Authorization).toBeUndefined()
    expect(post.header?.['X-Client-Id']).toMatch(/^[0-9a-f]{32}$/)
  })
})
