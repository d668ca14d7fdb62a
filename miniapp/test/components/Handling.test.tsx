import { render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import { HandlingDetailView } from '../../src/features/handling/HandlingDetailView'
import { HandlingListView } from '../../src/features/handling/HandlingListView'
import { StaffLoginView } from '../../src/features/auth/StaffLoginView'
import { StaffEventsView } from '../../src/features/staff/StaffEventsView'
import { click, text, type } from '../support/dom'
import { STAFF_ADMIN, STAFF_HANDLER, staffDetail, staffItem, staffList } from '../support/handling'
import { mockApi, requests, setStorage, type FakeRequest } from '../support/taro'

function loginAs(profile: object) {
  setStorage('openday.staff.token', 's')
  setStorage('openday.staff.profile', JSON.stringify(profile))
}

const gets = (prefix: string) => requests.filter((r) => r.method === 'GET' && r.path.startsWith(prefix)).map((r) => r.path)
const posts = () => requests.filter((r) => r.method === 'POST').map((r) => ({ path: r.path, body: r.body as unknown }))
const has = (id: string) => document.getElementById(id) !== null

const EVENTS = { events: [{ id: 'ev1', title: '农产品检测开放日' }, { id: 'ev2', title: '消防站开放日' }] }
const DEPARTMENTS = {
  departments: [
    { id: 'd1', name: '办公室', active: true, openItems: 1, createdAt: '2026-01-01T00:00:00.000Z' },
    { id: 'd2', name: '质监科', active: true, openItems: 0, createdAt: '2026-01-01T00:00:00.000Z' },
    { id: 'd3', name: '旧科室', active: false, openItems: 0, createdAt: '2026-01-01T00:00:00.000Z' },
  ],
}

function listApi(list = staffList([staffItem()])) {
  return (req: FakeRequest): [number, unknown] => {
    if (req.path.startsWith('/staff/suggestions')) return [200, list]
    if (req.path === '/staff/events') return [200, EVENTS]
    if (req.path === '/staff/departments') return [200, DEPARTMENTS]
    return [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
  }
}

describe('HandlingListView (意见办理)', () => {
  beforeEach(() => loginAs(STAFF_ADMIN))

  it('shows each line with topic, excerpt, state, department, deadline (red when overdue) and the masked contact', async () => {
    mockApi(
      listApi(
        staffList(
          [
            staffItem({ id: 's1', overdue: true, dueAt: '2026-03-06T15:59:59.000Z' }),
            staffItem({ id: 's2', topic: null, content: '讲解员声音太小', status: 'received', statusLabel: '已受理', departmentId: null, departmentName: null, dueAt: null, contactMasked: null, anonymous: true }),
          ],
          { total: 2, counts: { received: 1, assigned: 1, answered: 0, closed: 3, returned: 0, reopened: 0, merged: 0 } },
        ),
      ),
    )
    render(<HandlingListView />)
    await waitFor(() => expect(has('hd-item-s1')).toBe(true))
    expect(gets('/staff/suggestions')).toStrictEqual(['/staff/suggestions'])
    expect(text('hd-item-s1')).toBe(
      '停车办理中建议在活动当天开放东门停车场，方便老年人参加。活动：农产品检测开放日承办部门：办公室办理期限：2026-03-06 23:59（已逾期）联系方式：138****5678',
    )
    expect(document.getElementById('hd-item-s1-due')!.className).toContain('hd-overdue')
    expect(text('hd-item-s2')).toBe('讲解员声音太小已受理活动：农产品检测开放日承办部门：未转办联系方式：匿名')
    expect(text('hd-status-all')).toBe('✓全部 5')
    expect(text('hd-status-closed')).toBe('已办结 3')
    expect(text('hd-total')).toBe('共 2 条，按办理期限排序')
    await click('hd-item-s1')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff-suggestion/index?id=s1' })
  })

  it('asks the API with each filter picked, and pages', async () => {
    mockApi(listApi(staffList([staffItem()], { total: 45 })))
    render(<HandlingListView />)
    await waitFor(() => expect(has('hd-event-ev2')).toBe(true))
    await waitFor(() => expect(has('hd-dept-d2')).toBe(true))
    await click('hd-status-assigned')
    await click('hd-due-overdue')
    await click('hd-event-ev2')
    await click('hd-dept-d2')
    await type('hd-q', '停车 场')
    await click('hd-search')
    await waitFor(() => expect(text('hd-page')).toBe('第 1 / 3 页'))
    await click('hd-next')
    await click('hd-due-dueSoon')
    await waitFor(() =>
      expect(gets('/staff/suggestions')).toStrictEqual([
        '/staff/suggestions',
        '/staff/suggestions?status=assigned',
        '/staff/suggestions?status=assigned&overdue=1',
        '/staff/suggestions?eventId=ev2&status=assigned&overdue=1',
        '/staff/suggestions?eventId=ev2&status=assigned&departmentId=d2&overdue=1',
        '/staff/suggestions?eventId=ev2&status=assigned&departmentId=d2&overdue=1&q=%E5%81%9C%E8%BD%A6%20%E5%9C%BA',
        '/staff/suggestions?eventId=ev2&status=assigned&departmentId=d2&overdue=1&q=%E5%81%9C%E8%BD%A6%20%E5%9C%BA&page=2',
        '/staff/suggestions?eventId=ev2&status=assigned&departmentId=d2&dueSoon=1&q=%E5%81%9C%E8%BD%A6%20%E5%9C%BA',
      ]),
    )
    expect(requests.every((r) => r.header.Authorization === 'Bearer s')).toBe(true)
  })

  it('says when nothing matches, and offers a retry when loading failed', async () => {
    let online = false
    mockApi((req) => (!online && req.path.startsWith('/staff/suggestions') ? 'network' : listApi(staffList([]))(req)))
    render(<HandlingListView />)
    await waitFor(() => expect(has('hd-error')).toBe(true))
    expect(text('hd-error')).toContain('网络不太好')
    online = true
    await click('hd-error-retry')
    await waitFor(() => expect(text('hd-empty')).toBe('没有符合条件的意见建议'))
  })

  it('is closed to checkers, without asking the API', async () => {
    loginAs({ ...STAFF_ADMIN, role: 'checker' })
    mockApi(listApi())
    render(<HandlingListView />)
    await waitFor(() => expect(has('hd-forbidden')).toBe(true))
    expect(requests).toHaveLength(0)
  })
})

describe('HandlingDetailView (意见办理详情)', () => {
  beforeEach(() => {
    // answerDueAt() and the "today or later" check read the clock: Tuesday 2026-03-10 10:00 Beijing.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-10T02:00:00.000Z'))
    loginAs(STAFF_HANDLER)
  })
  afterEach(() => vi.useRealTimers())

  /** The detail page's API: GET answers `detail()` (which may change after a step), POSTs `step`. */
  function detailApi(detail: () => object, step: (req: FakeRequest) => [number, unknown] = () => [200, { suggestion: detail() }]) {
    mockApi((req) => {
      if (req.method === 'POST') return step(req)
      if (req.path === '/staff/suggestions/s1') return [200, { suggestion: detail() }]
      return listApi(staffList([staffItem({ id: 's1' }), staffItem({ id: 's7', topic: '停车位不足', status: 'received', statusLabel: '已受理' }), staffItem({ id: 's8', status: 'merged', statusLabel: '已合并' })]))(req)
    })
  }

  it('shows the content, masked contact, consent, the trail, and only the steps the API allows', async () => {
    detailApi(() => staffDetail())
    render(<HandlingDetailView id="s1" />)
    await waitFor(() => expect(has('hd-trail')).toBe(true))
    expect(text('hd-content')).toBe('建议在活动当天开放东门停车场，方便老年人参加。')
    expect(text('hd-contact')).toBe('138****5678')
    expect(text('hd-consent')).toBe('同意')
    expect(text('hd-due')).toBe('2026-03-16 23:59')
    expect(text('hd-trail-0')).toBe('受理 · 2026-03-09 09:00提出人：已受理')
    expect(text('hd-trail-1')).toBe('转办 · 2026-03-09 10:00李主任（活动组织者）：已受理 → 办理中请办公室答复')
    expect(['assign', 'answer', 'return', 'urge', 'merge'].filter((a) => has(`hd-do-${a}`))).toStrictEqual(['answer', 'return'])
  })

  it('答复 class B asks the planned date and sends exactly the form; 公开 only with consent', async () => {
    let answered = false
    detailApi(
      () => (answered ? staffDetail({ status: 'answered', statusLabel: '已答复', answer: '已协调东门停车场于活动当天开放。', resultClass: 'B', plannedBy: '2026-03-20', published: true, actions: [] }) : staffDetail()),
      () => {
        answered = true
        return [200, { suggestion: {} }]
      },
    )
    render(<HandlingDetailView id="s1" />)
    await waitFor(() => expect(has('hd-do-answer')).toBe(true))
    await click('hd-do-answer')
    expect(has('hd-answer-planned')).toBe(false)
    await click('hd-answer-class-B')
    expect(text('hd-answer-class-hint')).toBe('B类：正在解决或已列入工作计划，须填写计划完成日期')
    await type('hd-answer-text', '已协调东门停车场于活动当天开放。')
    await click('hd-answer-submit')
    await waitFor(() => expect(text('hd-answer-planned-error')).toBe('B类答复须填写计划完成日期'))
    await type('hd-answer-planned', '2026-03-09')
    await click('hd-answer-submit')
    await waitFor(() => expect(text('hd-answer-planned-error')).toBe('计划完成日期不能早于今天'))
    expect(posts()).toStrictEqual([])
    await type('hd-answer-planned', '2026-03-20')
    await click('hd-answer-publish')
    await click('hd-answer-submit')
    await waitFor(() => expect(text('hd-step-done')).toBe('已答复'))
    expect(posts()).toStrictEqual([
      { path: '/staff/suggestions/s1/answer', body: { answer: '已协调东门停车场于活动当天开放。', resultClass: 'B', plannedBy: '2026-03-20', publish: true } },
    ])
    await waitFor(() => expect(text('hd-status')).toBe('已答复'))
    expect(gets('/staff/suggestions/s1')).toHaveLength(2)
    expect(text('hd-answered')).toContain('计划完成日期：2026-03-20')
  })

  it('without the submitter’s consent there is no 公开 switch and publish is false; C needs a reason', async () => {
    detailApi(() => staffDetail({ publicConsent: false }))
    render(<HandlingDetailView id="s1" />)
    await waitFor(() => expect(has('hd-do-answer')).toBe(true))
    await click('hd-do-answer')
    expect(has('hd-answer-publish')).toBe(false)
    expect(text('hd-answer-private')).toBe('提出人未同意公开，答复仅告知本人。')
    await click('hd-answer-class-C')
    await type('hd-answer-text', '暂时无法开放。')
    await click('hd-answer-submit')
    await waitFor(() => expect(text('hd-answer-text-error')).toBe('C类答复须说明暂不能解决的原因（至少15个字）'))
    expect(posts()).toStrictEqual([])
    await type('hd-answer-text', '东门停车场正在施工，按安全要求活动当天不能开放。')
    await click('hd-answer-submit')
    await waitFor(() => expect(posts()).toHaveLength(1))
    expect(posts()[0]).toStrictEqual({
      path: '/staff/suggestions/s1/answer',
      body: { answer: '东门停车场正在施工，按安全要求活动当天不能开放。', resultClass: 'C', publish: false },
    })
  })

  it('an API refusal (409 INVALID_TRANSITION) is shown as it comes, then the detail reloads', async () => {
    let moved = false
    detailApi(
      () => (moved ? staffDetail({ status: 'returned', statusLabel: '已退回', actions: [] }) : staffDetail()),
      () => {
        moved = true
        return [409, { error: { code: 'INVALID_TRANSITION', message: '该意见建议当前为“已退回”，不能答复', status: 'returned' } }]
      },
    )
    render(<HandlingDetailView id="s1" />)
    await waitFor(() => expect(has('hd-do-answer')).toBe(true))
    await click('hd-do-answer')
    await click('hd-answer-class-A')
    await type('hd-answer-text', '已经安排开放停车场。')
    await click('hd-answer-submit')
    await waitFor(() => expect(text('hd-step-error')).toBe('该意见建议当前为“已退回”，不能答复'))
    await waitFor(() => expect(text('hd-status')).toBe('已退回'))
    expect(has('hd-do-answer')).toBe(false)
  })

  it('退回 asks for a reason and a confirmation before sending', async () => {
    detailApi(() => staffDetail(), () => [200, { id: 's1', status: 'returned' }])
    render(<HandlingDetailView id="s1" />)
    await waitFor(() => expect(has('hd-do-return')).toBe(true))
    await click('hd-do-return')
    await click('hd-return-submit')
    await waitFor(() => expect(text('hd-return-reason-error')).toBe('请说明退回理由（至少4个字）'))
    await type('hd-return-reason', '不属于本部门职责，请转质监科')
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    await click('hd-return-submit')
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(posts()).toStrictEqual([])
    await click('hd-return-submit')
    await waitFor(() => expect(posts()).toStrictEqual([{ path: '/staff/suggestions/s1/return', body: { reason: '不属于本部门职责，请转质监科' } }]))
  })

  it('转办 offers the active departments and the working days with the resulting deadline', async () => {
    loginAs(STAFF_ADMIN)
    mockApi((req) => {
      if (req.method === 'POST') return [200, { suggestion: {} }]
      if (req.path === '/staff/suggestions/s1') return [200, { suggestion: staffDetail({ status: 'received', statusLabel: '已受理', departmentId: null, departmentName: null, dueAt: null, actions: ['assign', 'merge'] }) }]
      return listApi()(req)
    })
    render(<HandlingDetailView id="s1" />)
    await waitFor(() => expect(has('hd-do-assign')).toBe(true))
    await click('hd-do-assign')
    await waitFor(() => expect(has('hd-assign-dept-d1')).toBe(true))
    expect(has('hd-assign-dept-d3')).toBe(false)
    // The exact date comes from the API after 转办 (the calendar stays off this page's first load).
    expect(text('hd-assign-due')).toBe('答复期限：自今日起第5个工作日24时前（节假日顺延），转办后显示具体日期')
    await type('hd-assign-days', '16')
    await waitFor(() => expect(has('hd-assign-due')).toBe(false))
    await type('hd-assign-days', '8')
    await waitFor(() => expect(text('hd-assign-due')).toBe('答复期限：自今日起第8个工作日24时前（节假日顺延），转办后显示具体日期'))
    await click('hd-assign-dept-d2')
    await click('hd-assign-submit')
    await waitFor(() => expect(posts()).toStrictEqual([{ path: '/staff/suggestions/s1/assign', body: { departmentId: 'd2', workingDays: 8 } }]))
  })

  it('转办 names a 承办人 of the picked department, or nobody; a new department clears the choice', async () => {
    loginAs(STAFF_ADMIN)
    mockApi((req) => {
      if (req.method === 'POST') return [200, { suggestion: {} }]
      if (req.path === '/staff/suggestions/s1') return [200, { suggestion: staffDetail({ status: 'received', statusLabel: '已受理', departmentId: null, departmentName: null, dueAt: null, actions: ['assign'] }) }]
      if (req.path === '/staff/departments/d1/handlers') return [200, { handlers: [{ id: 'u5', displayName: '王承办' }, { id: 'u6', displayName: '赵承办' }] }]
      if (req.path === '/staff/departments/d2/handlers') return [200, { handlers: [] }]
      return listApi()(req)
    })
    render(<HandlingDetailView id="s1" />)
    await waitFor(() => expect(has('hd-do-assign')).toBe(true))
    await click('hd-do-assign')
    await waitFor(() => expect(has('hd-assign-dept-d1')).toBe(true))
    expect(has('hd-assign-person')).toBe(false) // no department yet: nobody to name
    await click('hd-assign-dept-d1')
    await waitFor(() => expect(has('hd-assign-person-u6')).toBe(true))
    expect(document.getElementById('hd-assign-person-')!.getAttribute('aria-checked')).toBe('true')
    await click('hd-assign-person-u6')
    // Another department: its own handlers, and the choice is back to 不指定.
    await click('hd-assign-dept-d2')
    await waitFor(() => expect(has('hd-assign-person-u6')).toBe(false))
    await click('hd-assign-dept-d1')
    await waitFor(() => expect(has('hd-assign-person-u6')).toBe(true))
    expect(document.getElementById('hd-assign-person-u6')!.getAttribute('aria-checked')).toBe('false')
    await click('hd-assign-person-u6')
    await click('hd-assign-submit')
    await waitFor(() => expect(posts()).toStrictEqual([{ path: '/staff/suggestions/s1/assign', body: { departmentId: 'd1', workingDays: 5, assigneeId: 'u6' } }]))
  })

  it('合并 lists the event’s other open items and asks before merging', async () => {
    loginAs(STAFF_ADMIN)
    detailApi(() => staffDetail({ actions: ['urge', 'merge'] }))
    render(<HandlingDetailView id="s1" />)
    await waitFor(() => expect(has('hd-do-merge')).toBe(true))
    await click('hd-do-merge')
    await waitFor(() => expect(has('hd-merge-into-s7')).toBe(true))
    expect(gets('/staff/suggestions?')).toStrictEqual(['/staff/suggestions?eventId=ev1&pageSize=100'])
    expect(has('hd-merge-into-s1')).toBe(false)
    expect(has('hd-merge-into-s8')).toBe(false)
    await click('hd-merge-into-s7')
    await click('hd-merge-submit')
    await waitFor(() => expect(posts()).toStrictEqual([{ path: '/staff/suggestions/s1/merge', body: { intoId: 's7' } }]))
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]).toMatchObject({ title: '合并', confirmText: '合并' })
  })

  it('催办 sends the note', async () => {
    loginAs(STAFF_ADMIN)
    detailApi(() => staffDetail({ actions: ['urge', 'merge'] }))
    render(<HandlingDetailView id="s1" />)
    await waitFor(() => expect(has('hd-do-urge')).toBe(true))
    await click('hd-do-urge')
    await type('hd-urge-note', '请于周五前答复')
    await click('hd-urge-submit')
    await waitFor(() => expect(posts()).toStrictEqual([{ path: '/staff/suggestions/s1/urge', body: { note: '请于周五前答复' } }]))
    await waitFor(() => expect(text('hd-step-done')).toBe('已催办'))
  })
})

describe('the way in to 意见办理', () => {
  it('handlers land on it after login', async () => {
    mockApi(() => [200, { token: 's', staff: STAFF_HANDLER }])
    render(<StaffLoginView />)
    await type('staff-username', 'hd')
    await type('staff-password', 'secret')
    await click('staff-submit')
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/staff-suggestions/index' }))
  })

  it.each([
    ['admin', true],
    ['organizer', true],
    ['handler', true],
    ['checker', false],
  ] as const)('活动管理 links to it for %s: %s', async (role, shown) => {
    loginAs({ ...STAFF_ADMIN, role })
    mockApi(() => [200, { events: [] }])
    render(<StaffEventsView />)
    await waitFor(() => expect(document.body.textContent).toContain('本单位还没有活动'))
    expect(has('staff-suggestions')).toBe(shown)
    if (shown) {
      await click('staff-suggestions')
      expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff-suggestions/index' })
    }
  })
})
