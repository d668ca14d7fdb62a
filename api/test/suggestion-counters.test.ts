// The public figures' counters (migration 0009, a Fenwick tree over the submission day) always
// equal a recomputation from `suggestions`: after submissions, simultaneous assignments and
// answers, ratings that reopen and close, a return, a merge and the daily job's marks and
// closures. A counter that forgets to take away an item's old contribution, counts a merged one,
// or adds to a node off the day's update path shows up here as a difference.
import { counterDayIndex, counterUpdatePath } from '@openday/shared'
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { setNow } from './support/clock'
import { runDailyCron } from './support/deadlines'
import { api } from './support/fixtures'
import { agencySetup, post, refreshTokens, submit } from './support/handling'
import { queryPlan, statementsOf } from './support/metrics'

const ANSWERED = `s.status IN ('answered', 'closed')`
const MEASURES = [
  'received',
  'answered',
  'timed_answers',
  'answer_working_days',
  'answered_on_time',
  'overdue_marked',
  'ever_answered',
  'rated',
  'satisfied',
  'reopened',
  'class_a',
  'class_b',
  'class_c',
  'class_d',
]

/**
 * The counters straight from the suggestions: each item added to every node of its day's update
 * path, walked here by a recursive query (n + lowbit(n)) rather than the triggers' bit formula.
 */
async function recomputed(agencyId: string) {
  const { results } = await env.DB.prepare(
    `WITH RECURSIVE path(id, node) AS (
       SELECT id, CAST(julianday(date(created_at, '+8 hours')) - julianday('2000-01-01') AS INTEGER) + 1 FROM suggestions
       UNION ALL SELECT id, node + (node & -node) FROM path WHERE node + (node & -node) <= 65536
     )
     SELECT e.agency_id, p.node, coalesce(s.department_id, '') AS department_id,
       count(*) AS received,
       sum(CASE WHEN ${ANSWERED} THEN 1 ELSE 0 END) AS answered,
       sum(CASE WHEN ${ANSWERED} AND s.answer_working_days IS NOT NULL THEN 1 ELSE 0 END) AS timed_answers,
       sum(CASE WHEN ${ANSWERED} THEN coalesce(s.answer_working_days, 0) ELSE 0 END) AS answer_working_days,
       sum(CASE WHEN ${ANSWERED} AND s.due_at IS NOT NULL AND s.answered_at <= s.due_at THEN 1 ELSE 0 END) AS answered_on_time,
       sum(CASE WHEN NOT (${ANSWERED}) AND s.overdue_at > s.due_at THEN 1 ELSE 0 END) AS overdue_marked,
       sum(CASE WHEN ${ANSWERED} OR s.reopen_count > 0 THEN 1 ELSE 0 END) AS ever_answered,
       sum(CASE WHEN s.rating IS NOT NULL THEN 1 ELSE 0 END) AS rated,
       sum(CASE WHEN s.rating >= 3 THEN 1 ELSE 0 END) AS satisfied,
       sum(CASE WHEN s.reopen_count > 0 THEN 1 ELSE 0 END) AS reopened,
       ${['A', 'B', 'C', 'D'].map((k) => `sum(CASE WHEN ${ANSWERED} AND s.result_class = '${k}' THEN 1 ELSE 0 END) AS class_${k.toLowerCase()}`).join(', ')}
     FROM path p JOIN suggestions s ON s.id = p.id JOIN events e ON e.id = s.event_id
     WHERE s.status <> 'merged' AND e.agency_id = ?
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  )
    .bind(agencyId)
    .all()
  return results
}

/** The counters kept by the triggers, without the keys whose items have all moved on (all 0). */
async function kept(agencyId: string) {
  const { results } = await env.DB.prepare(
    `SELECT agency_id, node, department_id, ${MEASURES.join(', ')}
     FROM suggestion_counters WHERE agency_id = ? AND NOT (${MEASURES.map((m) => `${m} = 0`).join(' AND ')})
     ORDER BY 1, 2, 3`,
  )
    .bind(agencyId)
    .all()
  return results
}

/** The counter of a day's own node (the first of its update path), summed over departments. */
async function dayNode(agencyId: string, day: string) {
  return env.DB.prepare(`SELECT ${MEASURES.map((m) => `sum(${m}) AS ${m}`).join(', ')} FROM suggestion_counters WHERE agency_id = ? AND node = ?`)
    .bind(agencyId, counterDayIndex(day))
    .first()
}

async function expectInStep(agencyId: string) {
  const want = await recomputed(agencyId)
  expect(want.length).toBeGreaterThan(0)
  expect(await kept(agencyId)).toStrictEqual(want)
}

describe('suggestion_counters', () => {
  it('equal a recomputation from the suggestions after every kind of step, also simultaneous ones', async () => {
    const s = await agencySetup()
    const items = []
    for (let i = 0; i < 8; i++) items.push(await submit(s.event.id, { content: `第${i + 1}条意见：建议增加停车位。`, publicConsent: i % 2 === 0 }))
    await expectInStep(s.agency.id)

    // Six assigned at once, to two departments; one returned.
    const assigned = await Promise.all(
      items.slice(0, 6).map((it, i) => post(`/staff/suggestions/${it.id}/assign`, s.organizer.token, { departmentId: i % 2 ? s.otherDept.id : s.dept.id })),
    )
    expect(assigned.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect((await post(`/staff/suggestions/${items[5].id}/return`, s.otherHandler.token, { reason: '不属于本科职责，请转交检测科。' })).status).toBe(200)
    await expectInStep(s.agency.id)

    // Answers at once (A, B, C, D), a merge.
    const answers = await Promise.all([
      post(`/staff/suggestions/${items[0].id}/answer`, s.handler.token, { answer: '已增设停车位二十个。', resultClass: 'A', publish: true }),
      post(`/staff/suggestions/${items[1].id}/answer`, s.otherHandler.token, { answer: '已列入明年计划。', resultClass: 'B', plannedBy: '2026-12-31', publish: false }),
      post(`/staff/suggestions/${items[2].id}/answer`, s.handler.token, { answer: '受场地所限暂不能增设，已协调周边停车场错峰开放。', resultClass: 'C', publish: true }),
      post(`/staff/suggestions/${items[3].id}/answer`, s.otherHandler.token, { answer: '感谢建议，留作参考。', resultClass: 'D', publish: false }),
    ])
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect((await post(`/staff/suggestions/${items[7].id}/merge`, s.admin.token, { intoId: items[6].id })).status).toBe(200)
    await expectInStep(s.agency.id)

    // Ratings: 满意 closes, 不满意 reopens (then answered again and closed 不满意办结).
    const rate = (code: string, rating: number) => api(`/suggestions/${code}/rating`, { body: { rating } })
    expect((await Promise.all([rate(items[0].code, 5), rate(items[1].code, 1), rate(items[2].code, 3)])).map((r) => r.status)).toEqual([200, 200, 200])
    await expectInStep(s.agency.id)
    expect((await post(`/staff/suggestions/${items[1].id}/answer`, s.otherHandler.token, { answer: '已提前至今年实施。', resultClass: 'A', publish: false })).status).toBe(200)
    expect((await rate(items[1].code, 2)).status).toBe(200)
    await expectInStep(s.agency.id)

    // Weeks later the daily job marks the open ones overdue and closes the unrated answer.
    setNow('2026-04-20T09:00:00+08:00')
    await refreshTokens(s.admin)
    await runDailyCron('2026-04-20T08:30:00+08:00')
    const closed = await env.DB.prepare('SELECT status, close_reason FROM suggestions WHERE id = ?').bind(items[3].id).first()
    expect(closed).toStrictEqual({ status: 'closed', close_reason: 'unrated' })
    await expectInStep(s.agency.id)
  })

  it('add up the working days the answer step stores, on the shared calendar (春节 2026)', async () => {
    // Submitted Fri 13 Feb 2026; Sat 14 Feb is a 调休 working day, 15–23 Feb are 春节 holidays;
    // answered Tue 24 Feb: 2 working days (14 and 24 Feb). Reopened, answered again on Wed 25 Feb: 3.
    setNow('2026-02-13T10:00:00+08:00')
    const s = await agencySetup()
    const item = await submit(s.event.id)
    expect((await post(`/staff/suggestions/${item.id}/assign`, s.organizer.token, { departmentId: s.dept.id })).status).toBe(200)
    setNow('2026-02-24T16:00:00+08:00')
    await refreshTokens(s.handler)
    expect((await post(`/staff/suggestions/${item.id}/answer`, s.handler.token, { answer: '已增设指引牌。', resultClass: 'A', publish: false })).status).toBe(200)
    const stored = () => env.DB.prepare('SELECT answer_working_days FROM suggestions WHERE id = ?').bind(item.id).first()
    expect(await stored()).toStrictEqual({ answer_working_days: 2 })
    await expectInStep(s.agency.id)

    expect((await api(`/suggestions/${item.code}/rating`, { body: { rating: 1 } })).status).toBe(200)
    setNow('2026-02-25T09:00:00+08:00')
    await refreshTokens(s.handler)
    expect((await post(`/staff/suggestions/${item.id}/answer`, s.handler.token, { answer: '指引牌已改为双语。', resultClass: 'A', publish: false })).status).toBe(200)
    expect(await stored()).toStrictEqual({ answer_working_days: 3 })
    await expectInStep(s.agency.id)
    const row = await dayNode(s.agency.id, '2026-02-13')
    expect([row?.answered, row?.timed_answers, row?.answer_working_days]).toStrictEqual([1, 1, 3])
    const page = await api(`/public/agencies/${s.agency.id}?from=2026-02-01&to=2026-02-28`)
    expect(page.json.figures.avgWorkingDaysToAnswer).toBe(3)
  })

  it('never refuse a row: one stored as answered without an answer time or working days is answered but not timed', async () => {
    const s = await agencySetup()
    // As a hand-made or legacy row could be; the API always sets answered_at.
    await env.DB.prepare(
      `INSERT INTO suggestions (id, event_id, tracking_code, content, anonymous, status, created_at, result_class) VALUES ('legacy-1', ?1, 'YJLEGACY000000000A', '旧数据', 1, 'answered', '2026-03-02T02:00:00.000Z', 'A')`,
    )
      .bind(s.event.id)
      .run()
    await expectInStep(s.agency.id)
    const row = await dayNode(s.agency.id, '2026-03-02')
    expect([row?.received, row?.answered, row?.timed_answers, row?.answer_working_days, row?.class_a]).toStrictEqual([1, 1, 0, 0, 1])
  })

  it("add each item to the nodes of its day's update path only: 9 nodes for 2026-03-10", async () => {
    setNow('2026-03-10T10:00:00+08:00')
    const s = await agencySetup()
    await submit(s.event.id)
    const { results } = await env.DB.prepare('SELECT node FROM suggestion_counters WHERE agency_id = ? AND received = 1 ORDER BY node').bind(s.agency.id).all()
    expect(results.map((r) => r.node)).toStrictEqual(counterUpdatePath(9566))
    expect(counterUpdatePath(9566)).toStrictEqual([9566, 9568, 9600, 9728, 10240, 12288, 16384, 32768, 65536])
  })

  it('count an open item overdue now the same before and after the daily job marks it', async () => {
    // Submitted and assigned Mon 2 Mar 2026 with 1 working day (due Tue 3 Mar 23:59:59); another
    // answered on time. On Wed 4 Mar at 08:00 it is overdue but not marked; the 08:30 job marks it.
    setNow('2026-03-02T10:00:00+08:00')
    const s = await agencySetup()
    const [late, onTime] = [await submit(s.event.id), await submit(s.event.id)]
    for (const item of [late, onTime]) {
      expect((await post(`/staff/suggestions/${item.id}/assign`, s.organizer.token, { departmentId: s.dept.id, workingDays: 1 })).status).toBe(200)
    }
    expect((await post(`/staff/suggestions/${onTime.id}/answer`, s.handler.token, { answer: '已增设指引牌。', resultClass: 'A', publish: false })).status).toBe(200)
    const figures = async () => (await api('/public/agencies/' + s.agency.id + '?from=2026-03-01&to=2026-03-31', { token: s.admin.token })).json.figures
    expect((await figures()).onTimeRate).toBe(100)

    setNow('2026-03-04T08:00:00+08:00')
    await refreshTokens(s.admin)
    expect(await dayNode(s.agency.id, '2026-03-02')).toMatchObject({ received: 2, overdue_marked: 0 })
    expect((await figures()).onTimeRate).toBe(50) // 1 on time of 1 answered + 1 overdue (not marked yet)

    await runDailyCron('2026-03-04T08:30:00+08:00')
    setNow('2026-03-04T09:00:00+08:00')
    await refreshTokens(s.admin)
    expect(await dayNode(s.agency.id, '2026-03-02')).toMatchObject({ received: 2, overdue_marked: 1 })
    await expectInStep(s.agency.id)
    expect((await figures()).onTimeRate).toBe(50) // the same item, now counted as marked

    // Answered late: neither marked nor unmarked any more.
    await refreshTokens(s.handler)
    expect((await post(`/staff/suggestions/${late.id}/answer`, s.handler.token, { answer: '已在入口增设指引牌。', resultClass: 'A', publish: false })).status).toBe(200)
    expect(await dayNode(s.agency.id, '2026-03-02')).toMatchObject({ answered: 2, answered_on_time: 1, overdue_marked: 0 })
    expect((await figures()).onTimeRate).toBe(50) // 1 of 2 answered on time
  })

  it('are read by key: at most 34 nodes per department, and the unmarked overdue off their partial index', async () => {
    const s = await agencySetup()
    await submit(s.event.id)
    // Each distinct statement once (drizzle may prepare a batch's statement more than once).
    const statements = await statementsOf(async () => {
      expect((await api(`/public/agencies/${s.agency.id}?from=2024-01-01&to=2026-03-31`, { token: s.admin.token })).status).toBe(200)
      expect((await api('/public/rankings?from=2024-01-01&to=2026-03-31', { token: s.admin.token })).status).toBe(200)
    })
    const counters = statements.filter((q) => /from "suggestion_counters"/.test(q))
    const unmarked = statements.filter((q) => /from "suggestions"/.test(q) && /"overdue_at"/.test(q))
    expect([counters.length, unmarked.length]).toStrictEqual([2, 2])
    // Grouping sorts the rows read: at most 34 per department (agency page) or agency × department.
    expect(await Promise.all(counters.map(queryPlan))).toStrictEqual([
      [expect.stringMatching(/^SEARCH suggestion_counters USING INDEX sqlite_autoindex_suggestion_counters_1 \(agency_id=\? AND node=\?\)/), 'USE TEMP B-TREE FOR GROUP BY'],
      [expect.stringMatching(/^SEARCH suggestion_counters USING INDEX suggestion_counters_node \(node=\?\)/), 'USE TEMP B-TREE FOR GROUP BY'],
    ])
    for (const steps of await Promise.all(unmarked.map(queryPlan))) {
      expect(steps[0]).toMatch(/^SEARCH suggestions USING INDEX suggestions_overdue_unmarked \(due_at<\?\)/)
    }
  })
})
