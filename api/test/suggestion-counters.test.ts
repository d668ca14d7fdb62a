// The public figures' counters (migration 0006) always equal a recomputation from `suggestions`:
// after submissions, simultaneous assignments and answers, ratings that reopen and close, a
// return, a merge and the daily job's closures. A counter that forgets to take
// away an item's old contribution, or counts a merged one, shows up here as a difference.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { setNow } from './support/clock'
import { runDailyCron } from './support/deadlines'
import { api } from './support/fixtures'
import { agencySetup, post, refreshTokens, submit } from './support/handling'

const ANSWERED = `s.status IN ('answered', 'closed')`
const MEASURES = ['received', 'answered', 'timed_answers', 'answer_working_days', 'answered_on_time', 'ever_answered', 'rated', 'satisfied', 'reopened', 'class_a', 'class_b', 'class_c', 'class_d']

/** The counters as the old per-item query computed them, straight from the suggestions. */
async function recomputed(agencyId: string) {
  const { results } = await env.DB.prepare(
    `SELECT e.agency_id, date(s.created_at, '+8 hours') AS submitted_day, coalesce(s.department_id, '') AS department_id,
       CASE WHEN NOT (${ANSWERED}) AND s.due_at IS NOT NULL THEN s.due_at ELSE '' END AS open_due_at,
       count(*) AS received,
       sum(CASE WHEN ${ANSWERED} THEN 1 ELSE 0 END) AS answered,
       sum(CASE WHEN ${ANSWERED} AND s.answer_working_days IS NOT NULL THEN 1 ELSE 0 END) AS timed_answers,
       sum(CASE WHEN ${ANSWERED} THEN coalesce(s.answer_working_days, 0) ELSE 0 END) AS answer_working_days,
       sum(CASE WHEN ${ANSWERED} AND s.due_at IS NOT NULL AND s.answered_at <= s.due_at THEN 1 ELSE 0 END) AS answered_on_time,
       sum(CASE WHEN ${ANSWERED} OR s.reopen_count > 0 THEN 1 ELSE 0 END) AS ever_answered,
       sum(CASE WHEN s.rating IS NOT NULL THEN 1 ELSE 0 END) AS rated,
       sum(CASE WHEN s.rating >= 3 THEN 1 ELSE 0 END) AS satisfied,
       sum(CASE WHEN s.reopen_count > 0 THEN 1 ELSE 0 END) AS reopened,
       ${['A', 'B', 'C', 'D'].map((k) => `sum(CASE WHEN ${ANSWERED} AND s.result_class = '${k}' THEN 1 ELSE 0 END) AS class_${k.toLowerCase()}`).join(', ')}
     FROM suggestions s JOIN events e ON e.id = s.event_id
     WHERE s.status <> 'merged' AND e.agency_id = ?
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  )
    .bind(agencyId)
    .all()
  return results
}

/** The counters kept by the triggers, without the keys whose items have all moved on (all 0). */
async function kept(agencyId: string) {
  const { results } = await env.DB.prepare(
    `SELECT agency_id, submitted_day, department_id, open_due_at, ${MEASURES.join(', ')}
     FROM suggestion_counters WHERE agency_id = ? AND NOT (${MEASURES.map((m) => `${m} = 0`).join(' AND ')})
     ORDER BY 1, 2, 3, 4`,
  )
    .bind(agencyId)
    .all()
  return results
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
    const [row] = await kept(s.agency.id)
    expect([row.submitted_day, row.answered, row.timed_answers, row.answer_working_days]).toStrictEqual(['2026-02-13', 1, 1, 3])
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
    const [row] = await kept(s.agency.id)
    expect([row.submitted_day, row.received, row.answered, row.timed_answers, row.answer_working_days, row.class_a]).toStrictEqual(['2026-03-02', 1, 1, 0, 0, 1])
  })
})
