// 意见办理 list: filters, deadline order, pages, counts per state, masked contacts.
import { describe, expect, it } from 'vitest'
import { api, createPublishedEvent } from './support/fixtures'
import { setNow } from './support/clock'
import { agencySetup, post, refreshTokens, submit } from './support/handling'

async function seeded() {
  const t = await agencySetup()
  const event2 = await createPublishedEvent(t.agency.id, { title: '第二场开放日' })
  const assign = (id: string, departmentId: string, workingDays: number) =>
    post(`/staff/suggestions/${id}/assign`, t.organizer.token, { departmentId, workingDays, assigneeId: departmentId === t.dept.id ? t.handler.id : undefined })
  // Tuesday 10 March: due Wednesday, Tuesday 17th, Thursday; two not assigned.
  const a = await submit(t.event.id, { topic: '送检', contact: '13812345678', publicConsent: true })
  await assign(a.id, t.dept.id, 1)
  const b = await submit(t.event.id, { topic: '停车' })
  await assign(b.id, t.otherDept.id, 5)
  setNow('2026-03-10T10:01:00+08:00')
  const c = await submit(t.event.id, { topic: '满意度100%', content: '希望满意度达到100%。' })
  const d = await submit(t.event.id, { topic: '预约' })
  await assign(d.id, t.dept.id, 2)
  setNow('2026-03-10T10:02:00+08:00')
  const e = await submit(event2.id, { topic: '办证费用1000元', content: '费用1000元太高。' })
  // Thursday 12 March, 09:00: a is overdue, d is due today (within the next working day), b is not.
  setNow('2026-03-12T09:00:00+08:00')
  await refreshTokens(t.admin, t.organizer, t.handler, t.otherHandler, t.checker)
  return { ...t, event2, a, b, c, d, e }
}

const ids = (res: { json: { items: { id: string }[] } }) => res.json.items.map((i) => i.id)

describe('GET /staff/suggestions', () => {
  it('sorts by deadline, counts per state, masks contacts, and answers in two round trips', async () => {
    const t = await seeded()
    const res = await api('/staff/suggestions', { token: t.admin.token })
    expect(res.status).toBe(200)
    expect(ids(res)).toStrictEqual([t.a.id, t.d.id, t.b.id, t.c.id, t.e.id])
    expect(res.json.total).toBe(5)
    expect(res.json.counts).toStrictEqual({ received: 2, assigned: 3, answered: 0, closed: 0, returned: 0, reopened: 0, merged: 0 })
    expect(res.json.items[0]).toStrictEqual({
      id: t.a.id,
      eventId: t.event.id,
      eventTitle: t.event.title,
      topic: '送检',
      content: '建议在检测实验室门口增设指引牌，方便群众找到送检窗口。',
      contactMasked: '138****5678',
      anonymous: false,
      publicConsent: true,
      status: 'assigned',
      statusLabel: '办理中',
      departmentId: t.dept.id,
      departmentName: '检测科',
      assigneeId: t.handler.id,
      assigneeName: t.handler.name,
      assignedAt: '2026-03-10T02:00:00.000Z',
      dueAt: '2026-03-11T15:59:59.000Z',
      overdue: true,
      createdAt: '2026-03-10T02:00:00.000Z',
      answeredAt: null,
      resultClass: null,
      rating: null,
      reopenCount: 0,
      urgeCount: 0,
      closeReason: null,
      mergedIntoId: null,
    })
    expect(JSON.stringify(res.json)).not.toContain('13812345678')
    // Staff never get the tracking code (with it they could rate in the citizen's place).
    expect(JSON.stringify(res.json)).not.toContain(t.a.code)
    expect(res.roundTrips).toBe(2)
  })

  it('filters by state, event, department, overdue, due within the next working day and text', async () => {
    const t = await seeded()
    const list = (qs: string) => api(`/staff/suggestions?${qs}`, { token: t.admin.token })
    const status = await list('status=received')
    expect(ids(status)).toStrictEqual([t.c.id, t.e.id])
    // The counts ignore the state filter (the tabs show every state's count).
    expect(status.json.counts).toMatchObject({ received: 2, assigned: 3 })
    expect(ids(await list(`eventId=${t.event2.id}`))).toStrictEqual([t.e.id])
    expect(ids(await list(`departmentId=${t.dept.id}`))).toStrictEqual([t.a.id, t.d.id])
    expect(ids(await list('overdue=1'))).toStrictEqual([t.a.id])
    expect(ids(await list('dueSoon=1'))).toStrictEqual([t.d.id])
    // LIKE's wildcards are taken literally: "100%" does not find "1000元".
    expect(ids(await list(`q=${encodeURIComponent('100%')}`))).toStrictEqual([t.c.id])
    expect(ids(await list(`q=${encodeURIComponent('停车')}`))).toStrictEqual([t.b.id])
    expect(ids(await list(`q=${encodeURIComponent('费用')}&eventId=${t.event2.id}`))).toStrictEqual([t.e.id])
    const page = await list('pageSize=2&page=2')
    expect([ids(page), page.json.total, page.json.page, page.json.pageSize]).toStrictEqual([[t.b.id, t.c.id], 5, 2, 2])
    for (const bad of ['status=done', 'overdue=2', 'pageSize=101', 'page=0', 'status=received&status=assigned']) {
      const res = await list(bad)
      expect([bad, res.status, res.json.error.code]).toStrictEqual([bad, 400, 'VALIDATION_FAILED'])
    }
  })

  it('a handler lists and counts only their department’s items', async () => {
    const t = await seeded()
    const mine = await api('/staff/suggestions', { token: t.handler.token })
    expect(ids(mine)).toStrictEqual([t.a.id, t.d.id])
    expect(mine.json.counts).toMatchObject({ received: 0, assigned: 2 })
    // Asking for another department's items gives nothing rather than them.
    expect(ids(await api(`/staff/suggestions?departmentId=${t.otherDept.id}`, { token: t.handler.token }))).toStrictEqual([])
  })
})

describe('GET /staff/suggestions/:id', () => {
  it('has the trail with staff names, and the steps the role may take', async () => {
    const t = await seeded()
    await post(`/staff/suggestions/${t.a.id}/urge`, t.admin.token, { note: '已超期，请今日答复' })
    const res = await api(`/staff/suggestions/${t.a.id}`, { token: t.handler.token })
    expect(res.json.suggestion.trail).toStrictEqual([
      { seq: 0, at: '2026-03-10T02:00:00.000Z', action: 'submit', actionLabel: '受理', fromState: null, toState: 'received', actorKind: 'citizen', actorName: null, actorRole: null, note: null },
      { seq: 1, at: '2026-03-10T02:00:00.000Z', action: 'assign', actionLabel: '转办', fromState: 'received', toState: 'assigned', actorKind: 'staff', actorName: t.organizer.name, actorRole: 'organizer', note: '办理时限1个工作日' },
      { seq: 2, at: '2026-03-12T01:00:00.000Z', action: 'urge', actionLabel: '催办', fromState: 'assigned', toState: 'assigned', actorKind: 'staff', actorName: t.admin.name, actorRole: 'admin', note: '已超期，请今日答复' },
    ])
    expect(res.json.suggestion.actions).toStrictEqual(['return', 'answer'])
    expect(res.json.suggestion).toMatchObject({ overdue: true, urgeCount: 1, contactMasked: '138****5678', answer: null, published: false })
    expect((await api(`/staff/suggestions/${t.a.id}`, { token: t.admin.token })).json.suggestion.actions).toStrictEqual(['answer', 'urge', 'merge'])
    expect((await api(`/staff/suggestions/${t.c.id}`, { token: t.organizer.token })).json.suggestion.actions).toStrictEqual(['assign', 'merge'])
  })
})
