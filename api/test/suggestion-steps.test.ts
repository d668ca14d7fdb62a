// Every step of a suggestion through the API, with the stored row and the trail it leaves.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createPublishedEvent } from './support/fixtures'
import { setNow } from './support/clock'
import { agencySetup as setup, createDepartment, createMember, post, refreshTokens, submit, trailOf, workflowOf } from './support/handling'

/** The agency, with staff tokens re-issued whenever the test moves the clock. */
async function agencySetup() {
  const t = await setup()
  const members = [t.admin, t.organizer, t.checker, t.handler, t.otherHandler]
  return { ...t, at: async (iso: string) => (setNow(iso), refreshTokens(...members)) }
}

const S = (id: string, step: string) => `/staff/suggestions/${id}/${step}`

const baseRow = {
  status: 'received',
  department_id: null,
  assignee_id: null,
  assigned_at: null,
  due_at: null,
  answer: null,
  answered_at: null,
  answered_by: null,
  result_class: null,
  planned_by: null,
  published: 0,
  rating: null,
  rating_comment: null,
  rated_at: null,
  reopen_count: 0,
  close_reason: null,
  closed_at: null,
  merged_into_id: null,
  urge_count: 0,
  trail_seq: 0,
}

describe('the life of a suggestion', () => {
  it('assign → answer B → 不满意 reopens → answer again → second 不满意 closes as dissatisfied', async () => {
    const t = await agencySetup()
    const s = await submit(t.event.id, { publicConsent: true, contact: '13812345678' })
    const submittedAt = '2026-03-10T02:00:00.000Z'

    const assigned = await post(S(s.id, 'assign'), t.organizer.token, { departmentId: t.dept.id, assigneeId: t.handler.id })
    expect(assigned.status).toBe(200)
    // Tuesday 10 March + 5 working days → Tuesday 17 March, 23:59:59 in Shanghai.
    expect(assigned.json.suggestion).toMatchObject({ status: 'assigned', dueAt: '2026-03-17T15:59:59.000Z', departmentName: '检测科' })

    await t.at('2026-03-12T09:00:00+08:00')
    const answered = await post(S(s.id, 'answer'), t.handler.token, {
      answer: '已将指引牌列入本季度改造计划，预计6月底前安装完毕。',
      resultClass: 'B',
      plannedBy: '2026-06-30',
      publish: true,
    })
    expect(answered.status).toBe(200)

    await t.at('2026-03-13T09:00:00+08:00')
    const rated = await post(`/suggestions/${s.code}/rating`, undefined, { rating: 2, comment: '时间太久了' })
    expect(rated.status).toBe(200)
    expect(rated.json.status).toBe('reopened')
    expect(await workflowOf(s.id)).toStrictEqual({
      ...baseRow,
      status: 'reopened',
      department_id: t.dept.id,
      assignee_id: t.handler.id,
      assigned_at: submittedAt,
      // A new deadline of 5 working days from the rating (Friday 13 March → Friday 20 March).
      due_at: '2026-03-20T15:59:59.000Z',
      answer: '已将指引牌列入本季度改造计划，预计6月底前安装完毕。',
      answered_at: '2026-03-12T01:00:00.000Z',
      answered_by: t.handler.id,
      result_class: 'B',
      planned_by: '2026-06-30',
      published: 1,
      rating: 2,
      rating_comment: '时间太久了',
      rated_at: '2026-03-13T01:00:00.000Z',
      reopen_count: 1,
      trail_seq: 3,
    })

    await t.at('2026-03-16T09:00:00+08:00')
    const again = await post(S(s.id, 'answer'), t.admin.token, { answer: '指引牌已于3月16日安装完毕，欢迎监督。', resultClass: 'A', publish: false })
    expect(again.status).toBe(200)
    // A new answer waits for its own rating.
    expect(again.json.suggestion).toMatchObject({ status: 'answered', rating: null, resultClass: 'A', plannedBy: null, published: false })

    await t.at('2026-03-17T09:00:00+08:00')
    const second = await post(`/suggestions/${s.code}/rating`, undefined, { rating: 1 })
    expect(second.json.status).toBe('closed')
    expect(await workflowOf(s.id)).toStrictEqual({
      ...baseRow,
      status: 'closed',
      department_id: t.dept.id,
      assignee_id: t.handler.id,
      assigned_at: submittedAt,
      due_at: '2026-03-20T15:59:59.000Z',
      answer: '指引牌已于3月16日安装完毕，欢迎监督。',
      answered_at: '2026-03-16T01:00:00.000Z',
      answered_by: t.admin.id,
      result_class: 'A',
      rating: 1,
      rated_at: '2026-03-17T01:00:00.000Z',
      reopen_count: 1,
      close_reason: 'dissatisfied',
      closed_at: '2026-03-17T01:00:00.000Z',
      trail_seq: 5,
    })
    expect(await trailOf(s.id)).toStrictEqual([
      { seq: 0, at: submittedAt, action: 'submit', from_state: null, to_state: 'received', actor_kind: 'citizen', actor_id: null, actor_role: null, note: null },
      { seq: 1, at: submittedAt, action: 'assign', from_state: 'received', to_state: 'assigned', actor_kind: 'staff', actor_id: t.organizer.id, actor_role: 'organizer', note: '办理时限5个工作日' },
      { seq: 2, at: '2026-03-12T01:00:00.000Z', action: 'answer', from_state: 'assigned', to_state: 'answered', actor_kind: 'staff', actor_id: t.handler.id, actor_role: 'handler', note: null },
      { seq: 3, at: '2026-03-13T01:00:00.000Z', action: 'rate_dissatisfied', from_state: 'answered', to_state: 'reopened', actor_kind: 'citizen', actor_id: null, actor_role: null, note: '2分（不满意）：时间太久了' },
      { seq: 4, at: '2026-03-16T01:00:00.000Z', action: 'answer', from_state: 'reopened', to_state: 'answered', actor_kind: 'staff', actor_id: t.admin.id, actor_role: 'admin', note: null },
      { seq: 5, at: '2026-03-17T01:00:00.000Z', action: 'rate_dissatisfied', from_state: 'answered', to_state: 'closed', actor_kind: 'citizen', actor_id: null, actor_role: null, note: '1分（非常不满意）' },
    ])
  })

  it('return → reassign with workingDays → urge → answer D → 满意 closes as satisfied', async () => {
    const t = await agencySetup()
    const s = await submit(t.event.id)
    expect((await post(S(s.id, 'assign'), t.admin.token, { departmentId: t.otherDept.id })).status).toBe(200)
    await t.at('2026-03-10T11:00:00+08:00')
    const returned = await post(S(s.id, 'return'), t.otherHandler.token, { reason: '不属于本部门职责，应由检测科办理' })
    expect(returned.status).toBe(200)
    expect(returned.json).toStrictEqual({ id: s.id, status: 'returned' })
    expect(await workflowOf(s.id)).toStrictEqual({ ...baseRow, status: 'returned', assigned_at: '2026-03-10T02:00:00.000Z', trail_seq: 2 })

    await t.at('2026-03-10T14:00:00+08:00')
    expect((await post(S(s.id, 'assign'), t.organizer.token, { departmentId: t.dept.id, workingDays: 2 })).status).toBe(200)
    await t.at('2026-03-11T16:00:00+08:00')
    const urged = await post(S(s.id, 'urge'), t.admin.token, { note: '请于明日前答复' })
    expect(urged.status).toBe(200)
    expect(urged.json.suggestion).toMatchObject({ status: 'assigned', urgeCount: 1 })
    await t.at('2026-03-12T10:00:00+08:00')
    expect((await post(S(s.id, 'answer'), t.handler.token, { answer: '感谢建议，留作今后改进参考。', resultClass: 'D', publish: false })).status).toBe(200)
    await t.at('2026-03-12T12:00:00+08:00')
    expect((await post(`/suggestions/${s.code}/rating`, undefined, { rating: 4, comment: '答复及时' })).json.status).toBe('closed')

    expect(await workflowOf(s.id)).toStrictEqual({
      ...baseRow,
      status: 'closed',
      department_id: t.dept.id,
      assigned_at: '2026-03-10T06:00:00.000Z',
      // Tuesday afternoon + 2 working days → Thursday 12 March.
      due_at: '2026-03-12T15:59:59.000Z',
      answer: '感谢建议，留作今后改进参考。',
      answered_at: '2026-03-12T02:00:00.000Z',
      answered_by: t.handler.id,
      result_class: 'D',
      rating: 4,
      rating_comment: '答复及时',
      rated_at: '2026-03-12T04:00:00.000Z',
      close_reason: 'satisfied',
      closed_at: '2026-03-12T04:00:00.000Z',
      urge_count: 1,
      trail_seq: 6,
    })
    expect((await trailOf(s.id)).slice(1)).toStrictEqual([
      { seq: 1, at: '2026-03-10T02:00:00.000Z', action: 'assign', from_state: 'received', to_state: 'assigned', actor_kind: 'staff', actor_id: t.admin.id, actor_role: 'admin', note: '办理时限5个工作日' },
      { seq: 2, at: '2026-03-10T03:00:00.000Z', action: 'return', from_state: 'assigned', to_state: 'returned', actor_kind: 'staff', actor_id: t.otherHandler.id, actor_role: 'handler', note: '不属于本部门职责，应由检测科办理' },
      { seq: 3, at: '2026-03-10T06:00:00.000Z', action: 'assign', from_state: 'returned', to_state: 'assigned', actor_kind: 'staff', actor_id: t.organizer.id, actor_role: 'organizer', note: '办理时限2个工作日' },
      { seq: 4, at: '2026-03-11T08:00:00.000Z', action: 'urge', from_state: 'assigned', to_state: 'assigned', actor_kind: 'staff', actor_id: t.admin.id, actor_role: 'admin', note: '请于明日前答复' },
      { seq: 5, at: '2026-03-12T02:00:00.000Z', action: 'answer', from_state: 'assigned', to_state: 'answered', actor_kind: 'staff', actor_id: t.handler.id, actor_role: 'handler', note: null },
      { seq: 6, at: '2026-03-12T04:00:00.000Z', action: 'rate_satisfied', from_state: 'answered', to_state: 'closed', actor_kind: 'citizen', actor_id: null, actor_role: null, note: '4分（满意）：答复及时' },
    ])
  })

  it('merges a duplicate, which then shows the other one’s answer to its submitter', async () => {
    const t = await agencySetup()
    const main = await submit(t.event.id, { content: '建议增设送检指引。' })
    const dup = await submit(t.event.id, { content: '希望有送检的指示牌。' })
    await post(S(main.id, 'assign'), t.organizer.token, { departmentId: t.dept.id })
    await post(S(dup.id, 'assign'), t.organizer.token, { departmentId: t.dept.id })
    const merged = await post(S(dup.id, 'merge'), t.organizer.token, { intoId: main.id })
    expect(merged.status).toBe(200)
    expect(await workflowOf(dup.id)).toStrictEqual({
      ...baseRow,
      status: 'merged',
      department_id: t.dept.id,
      assigned_at: '2026-03-10T02:00:00.000Z',
      merged_into_id: main.id,
      trail_seq: 2,
    })
    expect((await trailOf(dup.id))[2]).toStrictEqual({
      seq: 2, at: '2026-03-10T02:00:00.000Z', action: 'merge', from_state: 'assigned', to_state: 'merged', actor_kind: 'staff', actor_id: t.organizer.id, actor_role: 'organizer', note: null,
    })
    await post(S(main.id, 'answer'), t.handler.token, { answer: '已在大厅设置送检指引牌。', resultClass: 'A', publish: false })
    const view = (await api(`/suggestions/${dup.code}`)).json.suggestion
    expect(view).toMatchObject({ status: 'merged', statusLabel: '已合并', answer: '已在大厅设置送检指引牌。', resultClass: 'A', resultClassLabel: '已解决或采纳', awaitingRating: false })
    // Its own submitter cannot rate the other's answer.
    expect((await post(`/suggestions/${dup.code}/rating`, undefined, { rating: 5 })).status).toBe(409)

    // Not into itself, not into a merged item, not across agencies; nothing changes.
    const third = await submit(t.event.id)
    expect((await post(S(third.id, 'merge'), t.admin.token, { intoId: third.id })).json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'intoId' })
    expect((await post(S(third.id, 'merge'), t.admin.token, { intoId: dup.id })).json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'intoId' })
    const elsewhere = await createAgency()
    const foreign = await submit((await createPublishedEvent(elsewhere.id)).id)
    expect((await post(S(third.id, 'merge'), t.admin.token, { intoId: foreign.id })).json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'intoId' })
    expect(await workflowOf(third.id)).toStrictEqual(baseRow)
    // No chains: the item others were merged into is not merged itself (its duplicates would lose the answer).
    const [x, y, z] = [await submit(t.event.id), await submit(t.event.id), await submit(t.event.id)]
    expect((await post(S(y.id, 'merge'), t.admin.token, { intoId: x.id })).status).toBe(200)
    const chained = await post(S(x.id, 'merge'), t.admin.token, { intoId: z.id })
    expect([chained.status, chained.json.error.field]).toStrictEqual([400, 'intoId'])
    expect(await workflowOf(x.id)).toStrictEqual(baseRow)
  })
})

describe('deadlines in working days', () => {
  it('Friday 2025-09-26 + 5 working days → 2025-10-10 23:59:59 in Shanghai (调休 Sunday 28 Sep, 国庆 1–8 Oct)', async () => {
    setNow('2025-09-26T15:00:00+08:00')
    const t = await agencySetup()
    const s = await submit(t.event.id)
    const res = await post(S(s.id, 'assign'), t.organizer.token, { departmentId: t.dept.id, workingDays: 5 })
    expect(res.json.suggestion.dueAt).toBe('2025-10-10T15:59:59.000Z')
    expect((await workflowOf(s.id))!.due_at).toBe('2025-10-10T15:59:59.000Z')
  })

  it('春节 2026: Friday 13 Feb + 5 → Friday 27 Feb (Saturday 14 Feb worked, 15–23 Feb off)', async () => {
    setNow('2026-02-13T09:00:00+08:00')
    const t = await agencySetup()
    const s = await submit(t.event.id)
    // The agency's own default applies when the assignment names none.
    await env.DB.prepare('UPDATE agencies SET answer_working_days = 5 WHERE id = ?').bind(t.agency.id).run()
    const res = await post(S(s.id, 'assign'), t.organizer.token, { departmentId: t.dept.id })
    expect(res.json.suggestion.dueAt).toBe('2026-02-27T15:59:59.000Z')
    // Late on the evening of Thursday 12 Feb (Shanghai) counts from that day: 3 → Tuesday 24 Feb.
    await t.at('2026-02-12T23:30:00+08:00')
    const s2 = await submit(t.event.id)
    expect((await post(S(s2.id, 'assign'), t.organizer.token, { departmentId: t.dept.id, workingDays: 3 })).json.suggestion.dueAt).toBe('2026-02-24T15:59:59.000Z')
  })

  it('takes the agency’s default number of working days', async () => {
    const t = await agencySetup()
    await env.DB.prepare('UPDATE agencies SET answer_working_days = 3 WHERE id = ?').bind(t.agency.id).run()
    const s = await submit(t.event.id)
    const res = await post(S(s.id, 'assign'), t.organizer.token, { departmentId: t.dept.id })
    // Tuesday 10 March + 3 → Friday 13 March.
    expect(res.json.suggestion.dueAt).toBe('2026-03-13T15:59:59.000Z')
  })
})

describe('what a step needs', () => {
  it('assign: 1–15 working days, an active department of the agency, an active handler of it', async () => {
    const t = await agencySetup()
    const s = await submit(t.event.id)
    const inactive = await createDepartment(t.agency.id, '已撤销科', false)
    const foreignDept = await createDepartment((await createAgency()).id, '外单位科')
    const organizerInDept = await createMember(t.agency.id, 'organizer', t.dept.id)
    const bad = [
      [{ departmentId: t.dept.id, workingDays: 0 }, 'workingDays'],
      [{ departmentId: t.dept.id, workingDays: 16 }, 'workingDays'],
      [{ departmentId: t.dept.id, workingDays: 2.5 }, 'workingDays'],
      [{ departmentId: inactive.id }, 'departmentId'],
      [{ departmentId: foreignDept.id }, 'departmentId'],
      [{ departmentId: 'nope' }, 'departmentId'],
      [{ departmentId: t.dept.id, assigneeId: t.otherHandler.id }, 'assigneeId'],
      [{ departmentId: t.dept.id, assigneeId: organizerInDept.id }, 'assigneeId'],
    ] as const
    for (const [body, field] of bad) {
      const res = await post(S(s.id, 'assign'), t.organizer.token, body)
      expect([res.status, res.json.error.code, res.json.error.field]).toStrictEqual([400, 'VALIDATION_FAILED', field])
    }
    await env.DB.prepare('UPDATE staff_users SET active = 0 WHERE id = ?').bind(t.handler.id).run()
    expect((await post(S(s.id, 'assign'), t.organizer.token, { departmentId: t.dept.id, assigneeId: t.handler.id })).json.error.field).toBe('assigneeId')
    expect(await workflowOf(s.id)).toStrictEqual(baseRow)
    expect(await trailOf(s.id)).toHaveLength(1)
    const ok = await post(S(s.id, 'assign'), t.organizer.token, { departmentId: t.dept.id, workingDays: 15 })
    expect(ok.status).toBe(200)
  })

  it('answer: B needs a date not in the past, C must explain, publish needs the submitter’s consent', async () => {
    const t = await agencySetup()
    const noConsent = await submit(t.event.id)
    const consent = await submit(t.event.id, { publicConsent: true })
    for (const s of [noConsent, consent]) await post(S(s.id, 'assign'), t.organizer.token, { departmentId: t.dept.id })
    const bad = [
      [{ answer: '正在研究解决方案。', resultClass: 'B', publish: false }, 'plannedBy'],
      [{ answer: '正在研究解决方案。', resultClass: 'B', plannedBy: '2026-03-09', publish: false }, 'plannedBy'],
      [{ answer: '正在研究解决方案。', resultClass: 'B', plannedBy: '2026-13-01', publish: false }, 'plannedBy'],
      [{ answer: '条件不具备。', resultClass: 'C', publish: false }, 'answer'],
      [{ answer: '好', resultClass: 'A', publish: false }, 'answer'],
      [{ answer: '已经解决了这个问题。', resultClass: 'E', publish: false }, 'resultClass'],
      [{ answer: '已经解决了这个问题。', resultClass: 'A' }, 'publish'],
      [{ answer: '已经解决了这个问题。', resultClass: 'A', publish: true }, 'publish'],
    ] as const
    for (const [body, field] of bad) {
      const res = await post(S(noConsent.id, 'answer'), t.handler.token, body)
      expect([res.status, res.json.error.code, res.json.error.field]).toStrictEqual([400, 'VALIDATION_FAILED', field])
    }
    expect((await workflowOf(noConsent.id))!.status).toBe('assigned')
    expect(await trailOf(noConsent.id)).toHaveLength(2)
    // Today is a valid plan date; a C answer of 15 characters explains enough; consent allows publishing.
    expect((await post(S(noConsent.id, 'answer'), t.handler.token, { answer: '正在研究解决方案。', resultClass: 'B', plannedBy: '2026-03-10', publish: false })).status).toBe(200)
    expect((await post(S(consent.id, 'answer'), t.handler.token, { answer: '受场地面积所限，暂无法增设第二个送检窗口。', resultClass: 'C', publish: true })).status).toBe(200)
    expect((await workflowOf(consent.id))!.published).toBe(1)
  })

  it('urge needs a note, return a reason', async () => {
    const t = await agencySetup()
    const s = await submit(t.event.id)
    await post(S(s.id, 'assign'), t.organizer.token, { departmentId: t.dept.id })
    expect((await post(S(s.id, 'urge'), t.admin.token, {})).json.error.field).toBe('note')
    expect((await post(S(s.id, 'return'), t.handler.token, { reason: '不对' })).json.error.field).toBe('reason')
    expect(await trailOf(s.id)).toHaveLength(2)
  })
})
