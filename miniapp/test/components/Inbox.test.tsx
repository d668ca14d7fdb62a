// 待办: the counts of the caller's role, the items by deadline with the late ones marked, the
// reminders marked read (the unread count follows without a reload), empty and error states.
import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { InboxItem, InboxReminder, StaffInbox } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { InboxView } from '../../src/features/inbox/InboxView'
import { click, text } from '../support/dom'
import { STAFF_ADMIN, STAFF_HANDLER } from '../support/handling'
import { mockApi, requests, setStorage, type FakeRequest } from '../support/taro'

function loginAs(profile: object) {
  setStorage('openday.staff.token', 's')
  setStorage('openday.staff.profile', JSON.stringify(profile))
}
const has = (id: string) => document.getElementById(id) !== null

function item(id: string, category: InboxItem['category'], dueAt: string | null): InboxItem {
  return {
    id,
    trackingCode: `YJ${id.toUpperCase().padEnd(16, 'X')}`,
    category,
    status: category === 'reopened' ? 'reopened' : 'assigned',
    eventId: 'ev1',
    eventTitle: '农产品检测开放日',
    topic: null,
    content: `意见${id}：建议增加停车位`,
    contact: '138****5678',
    departmentId: 'd1',
    departmentName: '检测科',
    assigneeId: null,
    dueAt,
    overdueAt: category === 'overdue' ? dueAt : null,
    closeReason: null,
    closedAt: null,
    createdAt: '2026-03-02T02:00:00.000Z',
  }
}
const reminder = (id: string, kind: InboxReminder['kind']): InboxReminder => ({
  id,
  kind,
  suggestionId: 'a',
  trackingCode: 'YJAXXXXXXXXXXXXXXX',
  occasionAt: '2026-03-09T15:59:59.000Z',
  createdAt: '2026-03-10T00:30:00.000Z',
})

const INBOX: StaffInbox = {
  counts: { overdue: 1, due_soon: 1, reopened: 0, new: 1 },
  items: [item('a', 'overdue', '2026-03-09T15:59:59.000Z'), item('b', 'due_soon', '2026-03-11T15:59:59.000Z'), item('c', 'new', '2026-03-17T15:59:59.000Z')],
  reminders: [reminder('r1', 'overdue'), reminder('r2', 'due_soon')],
  unreadReminders: 2,
}

function api(inbox: StaffInbox = INBOX) {
  return (req: FakeRequest): [number, unknown] => {
    if (req.method === 'GET' && req.path === '/staff/inbox') return [200, inbox]
    if (req.method === 'POST' && req.path === '/staff/inbox/read') return [200, { read: (req.body as { ids: string[] }).ids.length }]
    return [404, { error: { code: 'NOT_FOUND', message: '未找到' } }]
  }
}

describe('待办', () => {
  it("shows the handler's counts and items in the API's deadline order, the late one in red, the next-day one in amber", async () => {
    loginAs(STAFF_HANDLER)
    mockApi(api())
    render(<InboxView />)
    await waitFor(() => expect(has('inbox-item-a')).toBe(true))
    expect(['overdue', 'due_soon', 'reopened', 'new'].map((c) => text(`inbox-count-${c}`))).toEqual(['1已超期', '1即将到期', '0重新办理', '1待答复'])
    expect(has('inbox-count-received')).toBe(false) // an organizer's category
    const order = [...document.querySelectorAll('.inbox-item')].map((e) => e.id)
    expect(order).toEqual(['inbox-item-a', 'inbox-item-b', 'inbox-item-c'])
    expect(document.getElementById('inbox-item-a')!.className).toContain('inbox-item--late')
    expect(document.getElementById('inbox-item-b')!.className).toContain('inbox-item--soon')
    expect(document.getElementById('inbox-item-c')!.className).not.toContain('inbox-item--')
    expect(text('inbox-item-a-due')).toBe('办理期限：2026-03-09 23:59')
    await click('inbox-item-b')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/staff-suggestion/index?id=b' })
  })

  it('marks every shown reminder read and updates the unread count without a reload', async () => {
    loginAs(STAFF_HANDLER)
    mockApi(api())
    render(<InboxView />)
    await waitFor(() => expect(has('inbox-reminder-r1')).toBe(true))
    expect(document.body.textContent).toContain('提醒（2条未读）')
    expect(text('inbox-reminder-r1')).toContain('【已超期】')
    await click('inbox-read-all')
    await waitFor(() => expect(has('inbox-reminders-empty')).toBe(true))
    const posts = requests.filter((r) => r.method === 'POST')
    expect(posts.map((r) => [r.path, r.body])).toEqual([['/staff/inbox/read', { ids: ['r1', 'r2'] }]])
    expect(requests.filter((r) => r.path === '/staff/inbox')).toHaveLength(1)
    expect(document.body.textContent).not.toContain('条未读')
  })

  it("shows an admin's own categories, and the empty state", async () => {
    loginAs(STAFF_ADMIN)
    mockApi(api({ counts: { overdue: 0, dissatisfied: 0 }, items: [], reminders: [], unreadReminders: 0 }))
    render(<InboxView />)
    await waitFor(() => expect(text('inbox-empty')).toContain('暂无待办'))
    expect(['overdue', 'dissatisfied'].map((c) => text(`inbox-count-${c}`))).toEqual(['0已超期', '0不满意办结'])
  })

  it('keeps the reminders when marking fails, saying why', async () => {
    loginAs(STAFF_HANDLER)
    mockApi((req) => (req.method === 'POST' ? 'network' : api()(req)))
    render(<InboxView />)
    await waitFor(() => expect(has('inbox-read-all')).toBe(true))
    await click('inbox-read-all')
    await waitFor(() => expect(has('inbox-read-error')).toBe(true))
    expect(has('inbox-reminder-r1')).toBe(true)
  })

  it('refuses a checker, and offers a retry when the inbox cannot load', async () => {
    loginAs({ ...STAFF_HANDLER, role: 'checker' })
    mockApi(api())
    const { unmount } = render(<InboxView />)
    expect(text('inbox-forbidden')).toContain('待办仅对管理员、活动组织者和承办人开放')
    expect(requests.filter((r) => r.path === '/staff/inbox')).toHaveLength(0)
    unmount()
    loginAs(STAFF_HANDLER)
    mockApi(() => 'network')
    render(<InboxView />)
    await waitFor(() => expect(has('inbox-error-retry')).toBe(true))
    mockApi(api())
    await click('inbox-error-retry')
    await waitFor(() => expect(has('inbox-item-a')).toBe(true))
  })
})
