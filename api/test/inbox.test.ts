// GET /staff/inbox (待办) and POST /staff/inbox/read, at the frozen Tuesday 10 March 2026 10:00.
import { env } from 'cloudflare:test'
import type { InboxItem } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createParticipant, createPublishedEvent } from './support/fixtures'
import { answer, assign, createDepartment, createMember, rateDissatisfied, returnToOrganizer, runDailyCron, submitSuggestion } from './support/deadlines'

const NOW = '2026-03-10T02:00:00.000Z'

async function world() {
  const agency = await createAgency()
  const event = await createPublishedEvent(agency.id)
  const dept = await createDepartment(agency.id, '检测科')
  const otherDept = await createDepartment(agency.id, '办公室')
  const handler = await createMember(agency.id, 'handler', dept.id)
  const colleague = await createMember(agency.id, 'handler', dept.id)
  const otherHandler = await createMember(agency.id, 'handler', otherDept.id)
  const admin = await createMember(agency.id, 'admin')
  const organizer = await createMember(agency.id, 'organizer')
  const checker = await createMember(agency.id, 'checker')
  const by = organizer.id

  const item = async (created: string, contact: string | null = '13812345678') => ({ ...(await submitSuggestion(event.id, created, contact)), createdAt: created })
  // Due Tuesday 3 March: overdue.
  const overdue = await item('2026-03-02T01:00:00.000Z')
  const overdueDue = await assign(overdue.id, { at: '2026-03-02T02:00:00.000Z', departmentId: dept.id, assigneeId: handler.id, workingDays: 1, by })
  // Due tomorrow (Wednesday the 11th): due soon.
  const dueSoon = await item('2026-03-09T01:00:00.000Z', null)
  const dueSoonDue = await assign(dueSoon.id, { at: '2026-03-10T01:00:00.000Z', departmentId: dept.id, assigneeId: handler.id, workingDays: 1, by })
  // Due next Tuesday: new.
  const fresh = await item('2026-03-09T02:00:00.000Z')
  const freshDue = await assign(fresh.id, { at: '2026-03-10T01:00:00.000Z', departmentId: dept.id, workingDays: 5, by })
  // Reopened on Monday with 5 working days.
  const reopened = await item('2026-02-02T02:00:00.000Z')
  await assign(reopened.id, { at: '2026-02-02T02:00:00.000Z', departmentId: dept.id, assigneeId: colleague.id, workingDays: 5, by })
  await answer(reopened.id, { at: '2026-02-04T02:00:00.000Z', by: colleague.id })
  const reopenedDue = await rateDissatisfied(reopened.id, { at: '2026-03-09T02:00:00.000Z' })
  // Another department's work.
  const elsewhere = await item('2026-03-09T03:00:00.000Z')
  await assign(elsewhere.id, { at: '2026-03-09T03:00:00.000Z', departmentId: otherDept.id, workingDays: 1, by })
  // To assign: received, and returned by the department.
  const received = await item('2026-03-09T04:00:00.000Z')
  const returned = await item('2026-03-06T04:00:00.000Z')
  const returnedDue = await assign(returned.id, { at: '2026-03-06T05:00:00.000Z', departmentId: otherDept.id, workingDays: 5, by })
  await returnToOrganizer(returned.id, { at: '2026-03-09T05:00:00.000Z', by: otherHandler.id })
  // 不满意办结 on 5 March, and one in January (outside the 30 days).
  const dissatisfied = await item('2026-02-09T02:00:00.000Z')
  await assign(dissatisfied.id, { at: '2026-02-09T02:00:00.000Z', departmentId: dept.id, workingDays: 2, by })
  await answer(dissatisfied.id, { at: '2026-02-10T02:00:00.000Z', by: handler.id })
  const dissatisfiedDue = await rateDissatisfied(dissatisfied.id, { at: '2026-02-11T02:00:00.000Z', workingDays: 2 })
  await answer(dissatisfied.id, { at: '2026-02-12T02:00:00.000Z', by: handler.id })
  await rateDissatisfied(dissatisfied.id, { at: '2026-03-05T02:00:00.000Z' })
  const longAgo = await item('2025-12-01T02:00:00.000Z')
  await assign(longAgo.id, { at: '2025-12-01T02:00:00.000Z', departmentId: dept.id, workingDays: 2, by })
  await answer(longAgo.id, { at: '2025-12-02T02:00:00.000Z', by: handler.id })
  await rateDissatisfied(longAgo.id, { at: '2025-12-03T02:00:00.000Z', workingDays: 2 })
  await answer(longAgo.id, { at: '2025-12-04T02:00:00.000Z', by: handler.id })
  await rateDissatisfied(longAgo.id, { at: '2026-01-05T02:00:00.000Z' })
  // This morning's job: reminders and the overdue mark.
  await runDailyCron('2026-03-10T00:30:00.000Z')

  const view = (s: { id: string; trackingCode: string; createdAt: string }, v: Partial<InboxItem> & Pick<InboxItem, 'category' | 'status'>): InboxItem => ({
    id: s.id,
    trackingCode: s.trackingCode,
    eventId: event.id,
    eventTitle: event.title,
    topic: '入口指引',
    content: '建议在入口处设置指引牌。',
    contact: '138****5678',
    departmentId: dept.id,
    departmentName: '检测科',
    assigneeId: null,
    dueAt: null,
    overdueAt: null,
    closeReason: null,
    closedAt: null,
    createdAt: s.createdAt,
    ...v,
  })
  const views = {
    overdue: view(overdue, { category: 'overdue', status: 'assigned', assigneeId: handler.id, dueAt: overdueDue, overdueAt: '2026-03-10T00:30:00.000Z' }),
    dueSoon: view(dueSoon, { category: 'due_soon', status: 'assigned', assigneeId: handler.id, dueAt: dueSoonDue, contact: null }),
    reopened: view(reopened, { category: 'reopened', status: 'reopened', assigneeId: colleague.id, dueAt: reopenedDue }),
    fresh: view(fresh, { category: 'new', status: 'assigned', dueAt: freshDue }),
    received: view(received, { category: 'received', status: 'received', departmentId: null, departmentName: null }),
    returned: view(returned, { category: 'returned', status: 'returned', departmentId: otherDept.id, departmentName: '办公室', dueAt: returnedDue }),
    dissatisfied: view(dissatisfied, {
      category: 'dissatisfied',
      status: 'closed',
      dueAt: dissatisfiedDue,
      closeReason: 'dissatisfied',
      closedAt: '2026-03-05T02:00:00.000Z',
    }),
  }
  const reminderIds = async (staffId: string) =>
    (await env.DB.prepare('SELECT id, kind, suggestion_id FROM staff_reminders WHERE staff_id = ?1 ORDER BY kind').bind(staffId).all<{ id: string; kind: string; suggestion_id: string }>())
      .results
  return { agency, event, handler, colleague, otherHandler, admin, organizer, checker, overdue, dueSoon, dissatisfied, views, reminderIds }
}

describe('GET /staff/inbox', () => {
  it('shows a handler their department’s open items by deadline, with counts, masked contacts and their reminders', async () => {
    const w = await world()
    const [reminder] = await w.reminderIds(w.handler.id)
    const res = await api('/staff/inbox', { token: w.handler.token })
    expect(res.status).toBe(200)
    // The session check, then one batch for items, counts and reminders.
    expect(res.roundTrips).toBe(2)
    expect(res.json).toStrictEqual({
      counts: { overdue: 1, due_soon: 1, reopened: 1, new: 1 },
      items: [w.views.overdue, w.views.dueSoon, w.views.reopened, w.views.fresh],
      reminders: [
        { id: reminder.id, kind: 'due_soon', suggestionId: w.dueSoon.id, trackingCode: w.dueSoon.trackingCode, occasionAt: w.views.dueSoon.dueAt, createdAt: '2026-03-10T00:30:00.000Z' },
      ],
      unreadReminders: 1,
    })
    // The other department's handler sees only its own item.
    const other = await api('/staff/inbox', { token: w.otherHandler.token })
    expect(other.json.counts).toStrictEqual({ overdue: 0, due_soon: 1, reopened: 0, new: 0 })
    expect(other.json.items.map((i: InboxItem) => i.departmentName)).toEqual(['办公室'])
  })

  it('shows admins overdue escalations and 不满意办结 of the last 30 days; organizers what to assign', async () => {
    const w = await world()
    const adminReminders = await w.reminderIds(w.admin.id)
    const admin = await api('/staff/inbox', { token: w.admin.token })
    expect(admin.status).toBe(200)
    expect(admin.json).toStrictEqual({
      counts: { overdue: 1, dissatisfied: 1 },
      items: [w.views.dissatisfied, w.views.overdue],
      reminders: [
        {
          id: adminReminders.find((r) => r.kind === 'dissatisfied')!.id,
          kind: 'dissatisfied',
          suggestionId: w.dissatisfied.id,
          trackingCode: w.dissatisfied.trackingCode,
          occasionAt: '2026-03-05T02:00:00.000Z',
          createdAt: '2026-03-10T00:30:00.000Z',
        },
        {
          id: adminReminders.find((r) => r.kind === 'overdue')!.id,
          kind: 'overdue',
          suggestionId: w.overdue.id,
          trackingCode: w.overdue.trackingCode,
          occasionAt: w.views.overdue.dueAt,
          createdAt: '2026-03-10T00:30:00.000Z',
        },
      ],
      unreadReminders: 2,
    })
    const organizer = await api('/staff/inbox', { token: w.organizer.token })
    expect(organizer.json).toStrictEqual({
      counts: { received: 1, returned: 1 },
      items: [w.views.returned, w.views.received],
      reminders: [],
      unreadReminders: 0,
    })
  })

  it('is staff only, agency-scoped, and refused to checkers', async () => {
    const w = await world()
    expect((await api('/staff/inbox', { token: w.checker.token })).status).toBe(403)
    expect((await api('/staff/inbox')).status).toBe(401)
    const participant = await createParticipant()
    expect((await api('/staff/inbox', { token: participant.token })).status).toBe(403)
    // Another agency's admin and organizer see none of it.
    const elsewhere = await createAgency()
    const strangerAdmin = await createMember(elsewhere.id, 'admin')
    const strangerOrganizer = await createMember(elsewhere.id, 'organizer')
    expect((await api('/staff/inbox', { token: strangerAdmin.token })).json).toStrictEqual({ counts: { overdue: 0, dissatisfied: 0 }, items: [], reminders: [], unreadReminders: 0 })
    expect((await api('/staff/inbox', { token: strangerOrganizer.token })).json).toStrictEqual({ counts: { received: 0, returned: 0 }, items: [], reminders: [], unreadReminders: 0 })
    // A handler without a department has nothing to do.
    const loose = await createMember(w.agency.id, 'handler')
    expect((await api('/staff/inbox', { token: loose.token })).json).toStrictEqual({ counts: { overdue: 0, due_soon: 0, reopened: 0, new: 0 }, items: [], reminders: [], unreadReminders: 0 })
  })
})

describe('POST /staff/inbox/read', () => {
  it('marks only the caller’s own reminders read, once', async () => {
    const w = await world()
    const [mine] = await w.reminderIds(w.handler.id)
    const theirs = await w.reminderIds(w.admin.id)
    const res = await api('/staff/inbox/read', { token: w.handler.token, body: { ids: [mine.id, ...theirs.map((r) => r.id), 'no-such-id'] } })
    expect(res.status).toBe(200)
    expect(res.json).toStrictEqual({ read: 1 })
    const stored = await env.DB.prepare('SELECT staff_id, read_at FROM staff_reminders WHERE id IN (?1, ?2, ?3)').bind(mine.id, theirs[0].id, theirs[1].id).all()
    expect(stored.results).toEqual(
      expect.arrayContaining([
        { staff_id: w.handler.id, read_at: NOW },
        { staff_id: w.admin.id, read_at: null },
        { staff_id: w.admin.id, read_at: null },
      ]),
    )
    // Again: nothing more to mark, and the first read time stays.
    expect((await api('/staff/inbox/read', { token: w.handler.token, body: { ids: [mine.id] } })).json).toStrictEqual({ read: 0 })
    const inbox = await api('/staff/inbox', { token: w.handler.token })
    expect([inbox.json.reminders, inbox.json.unreadReminders]).toStrictEqual([[], 0])
    // The items themselves stay until they are dealt with.
    expect(inbox.json.counts).toStrictEqual({ overdue: 1, due_soon: 1, reopened: 1, new: 1 })
  })

  it('validates the ids and refuses checkers', async () => {
    const w = await world()
    const empty = await api('/staff/inbox/read', { token: w.handler.token, body: { ids: [] } })
    expect(empty.status).toBe(400)
    expect(empty.json.error.code).toBe('VALIDATION_FAILED')
    expect((await api('/staff/inbox/read', { token: w.handler.token, body: {} })).status).toBe(400)
    expect((await api('/staff/inbox/read', { token: w.checker.token, body: { ids: ['x'] } })).status).toBe(403)
    const read = await env.DB.prepare('SELECT count(*) AS n FROM staff_reminders WHERE staff_id IN (?1, ?2) AND read_at IS NOT NULL').bind(w.handler.id, w.checker.id).first()
    expect(read).toEqual({ n: 0 })
  })
})
