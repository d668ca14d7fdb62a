// The daily deadline job (Cron 30 0 * * *, 08:30 Shanghai), run through worker.scheduled() on a
// real D1 at fixed dates around 国庆 2025 and 春节 2026.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../src/index'
import { createAgency, createPublishedEvent } from './support/fixtures'
import {
  answer,
  assign,
  createDepartment,
  createMember,
  deactivate,
  rateDissatisfied,
  remindersOf,
  rowOf,
  runDailyCron,
  snapshot,
  submitSuggestion,
  trailOf,
} from './support/deadlines'

// In SQLite's order (binary), as remindersOf returns them.
const sorted = <T extends { staff_id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.staff_id < b.staff_id ? -1 : 1))

async function agencySetup() {
  const agency = await createAgency()
  const event = await createPublishedEvent(agency.id)
  const dept = await createDepartment(agency.id, '检测科')
  const otherDept = await createDepartment(agency.id, '办公室')
  const organizer = await createMember(agency.id, 'organizer')
  const handler1 = await createMember(agency.id, 'handler', dept.id)
  const handler2 = await createMember(agency.id, 'handler', dept.id)
  const formerHandler = await createMember(agency.id, 'handler', dept.id)
  await deactivate(formerHandler.id)
  const otherHandler = await createMember(agency.id, 'handler', otherDept.id)
  const admin = await createMember(agency.id, 'admin')
  const formerAdmin = await createMember(agency.id, 'admin')
  await deactivate(formerAdmin.id)
  // Another agency's admin must never hear of these items.
  const stranger = await createMember((await createAgency()).id, 'admin')
  return { agency, event, dept, otherDept, organizer, handler1, handler2, formerHandler, otherHandler, admin, formerAdmin, stranger }
}

describe('the daily deadline job around 国庆 2025', () => {
  it('reminds, escalates and closes unrated answers once, across the holiday', async () => {
    const t = await agencySetup()
    const by = t.organizer.id
    const item = async (opts: { assignAt: string; workingDays: number; assigneeId?: string | null }) => {
      const s = await submitSuggestion(t.event.id, '2025-09-01T02:00:00.000Z')
      const dueAt = await assign(s.id, { at: opts.assignAt, departmentId: t.dept.id, assigneeId: opts.assigneeId, workingDays: opts.workingDays, by })
      return { ...s, dueAt }
    }
    // Monday 29 September: 2 working days are the 30th and 9 October (1–8 October are rest days).
    const toAssignee = await item({ assignAt: '2025-09-29T02:00:00.000Z', workingDays: 2, assigneeId: t.handler1.id })
    const toDepartment = await item({ assignAt: '2025-09-29T02:00:00.000Z', workingDays: 2 })
    const toFormerAssignee = await item({ assignAt: '2025-09-29T02:00:00.000Z', workingDays: 2, assigneeId: t.formerHandler.id })
    const laterDue = await item({ assignAt: '2025-09-29T02:00:00.000Z', workingDays: 3, assigneeId: t.handler1.id })
    // Friday 26 September with 1 working day: Sunday the 28th (调休) is the deadline.
    const overdue = await item({ assignAt: '2025-09-26T02:00:00.000Z', workingDays: 1, assigneeId: t.handler1.id })
    expect([toAssignee.dueAt, laterDue.dueAt, overdue.dueAt]).toEqual(['2025-10-09T15:59:59.000Z', '2025-10-10T15:59:59.000Z', '2025-09-28T15:59:59.000Z'])
    // Answered on the 16th: 10 working days end on the 29th; answered on the 17th: on the 30th.
    const answeredLong = await item({ assignAt: '2025-09-15T02:00:00.000Z', workingDays: 5 })
    await answer(answeredLong.id, { at: '2025-09-16T08:00:00.000Z', by: t.handler1.id })
    const answeredRecently = await item({ assignAt: '2025-09-15T02:00:00.000Z', workingDays: 5 })
    await answer(answeredRecently.id, { at: '2025-09-17T08:00:00.000Z', by: t.handler1.id })
    const waiting = await submitSuggestion(t.event.id, '2025-09-29T02:00:00.000Z')

    // Tuesday 30 September, 08:30 Shanghai: the last working day before the holiday.
    const run1 = '2025-09-30T00:30:00.000Z'
    await runDailyCron(run1)

    const dueSoon = (staffId: string, occasion: string) => ({ staff_id: staffId, kind: 'due_soon', occasion_at: occasion, created_at: run1, read_at: null, sent_at: null })
    expect(await remindersOf(toAssignee.id)).toStrictEqual([dueSoon(t.handler1.id, toAssignee.dueAt)])
    // Nobody (active) assigned: every active handler of the department, not the other department's.
    expect(await remindersOf(toDepartment.id)).toStrictEqual(sorted([dueSoon(t.handler1.id, toDepartment.dueAt), dueSoon(t.handler2.id, toDepartment.dueAt)]))
    expect(await remindersOf(toFormerAssignee.id)).toStrictEqual(
      sorted([dueSoon(t.handler1.id, toFormerAssignee.dueAt), dueSoon(t.handler2.id, toFormerAssignee.dueAt)]),
    )
    expect(await remindersOf(laterDue.id)).toStrictEqual([])
    // Overdue: one reminder per active admin of this agency, and a step without a state change.
    expect(await remindersOf(overdue.id)).toStrictEqual([
      { staff_id: t.admin.id, kind: 'overdue', occasion_at: overdue.dueAt, created_at: run1, read_at: null, sent_at: null },
    ])
    expect((await trailOf(overdue.id)).at(-1)).toStrictEqual({
      seq: 2,
      at: run1,
      action: 'mark_overdue',
      from_state: 'assigned',
      to_state: 'assigned',
      actor_kind: 'system',
      actor_id: null,
      actor_role: null,
      note: '已超过答复期限，已提醒本单位管理员',
    })
    expect(await rowOf(overdue.id)).toStrictEqual({ status: 'assigned', reminded_at: null, overdue_at: run1, close_reason: null, closed_at: null, trail_seq: 2 })
    expect(await rowOf(toAssignee.id)).toStrictEqual({ status: 'assigned', reminded_at: run1, overdue_at: null, close_reason: null, closed_at: null, trail_seq: 1 })
    expect(await rowOf(laterDue.id)).toStrictEqual({ status: 'assigned', reminded_at: null, overdue_at: null, close_reason: null, closed_at: null, trail_seq: 1 })
    // Unrated for 10 working days: closed by the system; one day less: still waiting.
    expect(await rowOf(answeredLong.id)).toStrictEqual({ status: 'closed', reminded_at: null, overdue_at: null, close_reason: 'unrated', closed_at: run1, trail_seq: 3 })
    expect((await trailOf(answeredLong.id)).at(-1)).toStrictEqual({
      seq: 3,
      at: run1,
      action: 'close_unrated',
      from_state: 'answered',
      to_state: 'closed',
      actor_kind: 'system',
      actor_id: null,
      actor_role: null,
      note: '答复后10个工作日内未评价，自动办结',
    })
    expect(await rowOf(answeredRecently.id)).toMatchObject({ status: 'answered', trail_seq: 2 })
    expect(await rowOf(waiting.id)).toStrictEqual({ status: 'received', reminded_at: null, overdue_at: null, close_reason: null, closed_at: null, trail_seq: 0 })

    // Again at the same time and later that day (a retried or late trigger): nothing changes.
    const after = await snapshot()
    await runDailyCron(run1)
    await runDailyCron('2025-09-30T09:00:00.000Z')
    expect(await snapshot()).toStrictEqual(after)

    // Wednesday 1 October (a rest day): the 17th's answer has had its 10 working days.
    await runDailyCron('2025-10-01T00:30:00.000Z')
    expect(await rowOf(answeredRecently.id)).toMatchObject({ status: 'closed', close_reason: 'unrated', closed_at: '2025-10-01T00:30:00.000Z' })
    // Thursday 9 October, the first day back: the item due on the 10th is now due soon.
    const run3 = '2025-10-09T00:30:00.000Z'
    await runDailyCron(run3)
    expect(await remindersOf(laterDue.id)).toStrictEqual([dueSoon(t.handler1.id, laterDue.dueAt)].map((r) => ({ ...r, created_at: run3 })))
    // The items due on the 9th were reminded before the holiday, not again.
    expect(await remindersOf(toAssignee.id)).toHaveLength(1)
    // Friday 10 October: those are overdue now, the one marked before is not marked twice.
    await runDailyCron('2025-10-10T00:30:00.000Z')
    expect(await rowOf(toAssignee.id)).toMatchObject({ overdue_at: '2025-10-10T00:30:00.000Z', trail_seq: 2 })
    expect(await rowOf(overdue.id)).toMatchObject({ overdue_at: run1, trail_seq: 2 })
    expect((await trailOf(overdue.id)).filter((s) => s.action === 'mark_overdue')).toHaveLength(1)
    // No other agency's admin heard of any of it.
    const strangers = await env.DB.prepare('SELECT count(*) AS n FROM staff_reminders WHERE staff_id IN (?1, ?2, ?3, ?4)')
      .bind(t.stranger.id, t.formerAdmin.id, t.formerHandler.id, t.otherHandler.id)
      .first()
    expect(strangers).toEqual({ n: 0 })
  })
})

describe('the daily deadline job around 春节 2026', () => {
  it('treats the 调休 Saturday as the next working day and closes unrated answers after the holiday', async () => {
    const t = await agencySetup()
    const by = t.organizer.id
    const s1 = await submitSuggestion(t.event.id, '2026-02-09T02:00:00.000Z')
    const s2 = await submitSuggestion(t.event.id, '2026-02-09T02:00:00.000Z')
    const s3 = await submitSuggestion(t.event.id, '2026-02-09T02:00:00.000Z')
    // Thursday 12 February: 2 working days end on Saturday the 14th (调休), 3 on Tuesday the 24th.
    const dueSat = await assign(s1.id, { at: '2026-02-12T02:00:00.000Z', departmentId: t.dept.id, assigneeId: t.handler2.id, workingDays: 2, by })
    const dueAfter = await assign(s2.id, { at: '2026-02-12T02:00:00.000Z', departmentId: t.dept.id, assigneeId: t.handler2.id, workingDays: 3, by })
    expect([dueSat, dueAfter]).toEqual(['2026-02-14T15:59:59.000Z', '2026-02-24T15:59:59.000Z'])
    await assign(s3.id, { at: '2026-02-09T02:00:00.000Z', departmentId: t.dept.id, workingDays: 1, by })
    await answer(s3.id, { at: '2026-02-10T03:00:00.000Z', by: t.handler1.id })

    // Friday the 13th: tomorrow (Saturday) is a working day, so only the item due then.
    await runDailyCron('2026-02-13T00:30:00.000Z')
    expect((await remindersOf(s1.id)).map((r) => r.created_at)).toEqual(['2026-02-13T00:30:00.000Z'])
    expect(await remindersOf(s2.id)).toStrictEqual([])
    // Saturday the 14th: the next working day is the 24th.
    await runDailyCron('2026-02-14T00:30:00.000Z')
    expect((await remindersOf(s2.id)).map((r) => [r.kind, r.created_at])).toEqual([['due_soon', '2026-02-14T00:30:00.000Z']])
    // Sunday the 15th (a rest day): Saturday's deadline has passed.
    await runDailyCron('2026-02-15T00:30:00.000Z')
    expect(await rowOf(s1.id)).toMatchObject({ status: 'assigned', overdue_at: '2026-02-15T00:30:00.000Z' })
    expect(await rowOf(s2.id)).toMatchObject({ overdue_at: null, reminded_at: '2026-02-14T00:30:00.000Z' })
    // Answered Tuesday the 10th: 11, 12, 13, 14 (调休), 24–27, 28 (调休) February and 2 March.
    await runDailyCron('2026-03-02T00:30:00.000Z')
    expect(await rowOf(s3.id)).toMatchObject({ status: 'answered' })
    await runDailyCron('2026-03-03T00:30:00.000Z')
    expect(await rowOf(s3.id)).toMatchObject({ status: 'closed', close_reason: 'unrated', closed_at: '2026-03-03T00:30:00.000Z' })
  })
})

describe('a reopened item', () => {
  it('is reminded and escalated again for its new deadline, and its 不满意办结 reaches the admins once', async () => {
    const t = await agencySetup()
    const s = await submitSuggestion(t.event.id, '2026-02-02T02:00:00.000Z')
    const firstDue = await assign(s.id, { at: '2026-02-02T02:00:00.000Z', departmentId: t.dept.id, assigneeId: t.handler1.id, workingDays: 1, by: t.organizer.id })
    await runDailyCron('2026-02-04T00:30:00.000Z')
    await answer(s.id, { at: '2026-02-04T03:00:00.000Z', by: t.handler1.id })
    // Rated 非常不满意 on Thursday 5 March: reopened with 1 working day, due Friday the 6th.
    const secondDue = await rateDissatisfied(s.id, { at: '2026-03-05T02:00:00.000Z', workingDays: 1 })
    await runDailyCron('2026-03-06T00:30:00.000Z')
    await runDailyCron('2026-03-09T00:30:00.000Z')
    expect(await remindersOf(s.id)).toStrictEqual([
      { staff_id: t.handler1.id, kind: 'due_soon', occasion_at: secondDue, created_at: '2026-03-06T00:30:00.000Z', read_at: null, sent_at: null },
      { staff_id: t.admin.id, kind: 'overdue', occasion_at: firstDue, created_at: '2026-02-04T00:30:00.000Z', read_at: null, sent_at: null },
      { staff_id: t.admin.id, kind: 'overdue', occasion_at: secondDue, created_at: '2026-03-09T00:30:00.000Z', read_at: null, sent_at: null },
    ])
    expect((await trailOf(s.id)).map((x) => `${x.action}: ${x.from_state} → ${x.to_state}`)).toEqual([
      'submit: null → received',
      'assign: received → assigned',
      'mark_overdue: assigned → assigned',
      'answer: assigned → answered',
      'rate_dissatisfied: answered → reopened',
      'mark_overdue: reopened → reopened',
    ])
    // The second answer is rated 不满意 again: 不满意办结, reminded to the active admin once.
    await answer(s.id, { at: '2026-03-09T03:00:00.000Z', by: t.handler1.id })
    await rateDissatisfied(s.id, { at: '2026-03-09T05:00:00.000Z' })
    await runDailyCron('2026-03-10T00:30:00.000Z')
    await runDailyCron('2026-03-11T00:30:00.000Z')
    const dissatisfied = (await remindersOf(s.id)).filter((r) => r.kind === 'dissatisfied')
    expect(dissatisfied).toStrictEqual([
      { staff_id: t.admin.id, kind: 'dissatisfied', occasion_at: '2026-03-09T05:00:00.000Z', created_at: '2026-03-10T00:30:00.000Z', read_at: null, sent_at: null },
    ])
    expect(await rowOf(s.id)).toMatchObject({ status: 'closed', close_reason: 'dissatisfied' })
  })
})

describe('the two Cron Triggers', () => {
  it('the hourly purge does not run the deadline job', async () => {
    const t = await agencySetup()
    const s = await submitSuggestion(t.event.id, '2026-03-02T02:00:00.000Z')
    await assign(s.id, { at: '2026-03-02T02:00:00.000Z', departmentId: t.dept.id, workingDays: 1, by: t.organizer.id })
    const ctx = createExecutionContext()
    await worker.scheduled(createScheduledController({ cron: '17 * * * *', scheduledTime: new Date('2026-03-10T00:17:00.000Z') }), env, ctx)
    await waitOnExecutionContext(ctx)
    expect(await rowOf(s.id)).toMatchObject({ overdue_at: null, trail_seq: 1 })
    await runDailyCron('2026-03-10T00:30:00.000Z')
    expect(await rowOf(s.id)).toMatchObject({ overdue_at: '2026-03-10T00:30:00.000Z', trail_seq: 2 })
  })
})
