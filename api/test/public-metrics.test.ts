// The public figures, answers and ranking (docs/metrics.md), on seeded data with fixed dates,
// checked against numbers computed by hand. The clock stands at Tue 2026-03-10 10:00 Shanghai
// (02:00Z), so the default period is 2025-03-11 … 2026-03-10.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createPublishedEvent, createStaff } from './support/fixtures'
import { createDepartment, queryPlan, seedPublishedEvaluation, seedSuggestion, statementsOf } from './support/metrics'

const at = (iso: string) => ({ startAt: iso, endAt: new Date(Date.parse(iso) + 3 * 3600_000).toISOString(), registrationOpensAt: '2024-01-01T00:00:00.000Z', registrationClosesAt: iso })

/** The agency of the worked example below, with every kind of item. */
async function seedAgency() {
  const agency = await createAgency('固原市农业农村局')
  const testing = await createDepartment(agency.id, '检测科')
  const office = await createDepartment(agency.id, '办公室')
  const old = await createDepartment(agency.id, '旧科室', false)
  const past = await createPublishedEvent(agency.id, { title: '二月开放日', ...at('2026-02-02T02:00:00.000Z') })
  const older = await createPublishedEvent(agency.id, { title: '前年开放日', ...at('2024-06-03T02:00:00.000Z') })
  const next = await createPublishedEvent(agency.id, { title: '四月开放日', ...at('2026-04-01T02:00:00.000Z') })
  // 5 answers, each 3 on every aspect once, 4 once, 5 three times: (3 + 4 + 15) / 5 = 4.4 → 88.
  // 3 more live answers since (all 1) are not published yet and must not count.
  await seedPublishedEvaluation(past.id, [0, 0, 1, 1, 3], [3, 0, 1, 1, 3])
  // Outside the period: would pull the index down if counted.
  await seedPublishedEvaluation(older.id, [5, 0, 0, 0, 0])

  const e = past.id
  // s1 检测科: Mon 2 Mar → Thu 5 Mar (3 working days), due 9 Mar: on time; 非常满意 → closed; A; published.
  const s1 = await seedSuggestion(e, {
    createdAt: '2026-03-02T02:00:00.000Z',
    topic: '停车',
    content: '我的电话13812345678，身份证640402199001011234，希望增加停车位。',
    contact: '13812345678',
    publicConsent: true,
    steps: [
      { action: 'assign', at: '2026-03-02T03:00:00.000Z', departmentId: testing.id },
      { action: 'answer', at: '2026-03-05T02:00:00.000Z', answer: '已增设停车位20个，如有问题请联系13912345678。', resultClass: 'A', published: true },
      { action: 'rate', at: '2026-03-05T06:00:00.000Z', rating: 5 },
    ],
  })
  // s2 检测科: Tue 24 Feb, due Mon 2 Mar (28 Feb is a 调休 workday); answered late on 4 Mar (C), rated
  // 不满意 → reopened (due 11 Mar), answered again on Fri 6 Mar (B): on time against the reopen
  // deadline, 9 working days from submission; its latest rating stays 2. Published without consent.
  const s2 = await seedSuggestion(e, {
    createdAt: '2026-02-24T02:00:00.000Z',
    content: '建议延长开放时间。',
    publicConsent: false,
    steps: [
      { action: 'assign', at: '2026-02-24T02:00:00.000Z', departmentId: testing.id },
      { action: 'answer', at: '2026-03-04T02:00:00.000Z', answer: '暂不具备条件。', resultClass: 'C', published: true },
      { action: 'rate', at: '2026-03-04T03:00:00.000Z', rating: 2 },
      { action: 'answer', at: '2026-03-06T02:00:00.000Z', answer: '已列入计划，6月底前延长。', resultClass: 'B', plannedBy: '2026-06-30', published: true },
    ],
  })
  // s3 检测科: 1 working day from Wed 25 Feb → due 26 Feb, never answered: overdue.
  await seedSuggestion(e, { createdAt: '2026-02-25T02:00:00.000Z', steps: [{ action: 'assign', at: '2026-02-25T02:00:00.000Z', departmentId: testing.id, workingDays: 1 }] })
  // s4 办公室: answered the same day (0 working days), D, not rated; published with consent.
  const s4 = await seedSuggestion(e, {
    createdAt: '2026-03-03T02:00:00.000Z',
    content: '讲解很好，建议多办。',
    publicConsent: true,
    steps: [
      { action: 'assign', at: '2026-03-03T02:00:00.000Z', departmentId: office.id },
      { action: 'answer', at: '2026-03-03T08:00:00.000Z', answer: '感谢建议，留作参考。', resultClass: 'D', published: true },
    ],
  })
  // s5 办公室: answered (A), rated 不满意 → reopened, new deadline 10 Mar 23:59:59: not yet due.
  // Published with consent, but its answer is not in force: not shown.
  await seedSuggestion(e, {
    createdAt: '2026-03-02T02:00:00.000Z',
    publicConsent: true,
    steps: [
      { action: 'assign', at: '2026-03-02T02:00:00.000Z', departmentId: office.id },
      { action: 'answer', at: '2026-03-03T02:00:00.000Z', answer: '已处理。', resultClass: 'A', published: true },
      { action: 'rate', at: '2026-03-03T03:00:00.000Z', rating: 2 },
    ],
  })
  // s6: received, not assigned. s7: merged into s6, never counted.
  const s6 = await seedSuggestion(e, { createdAt: '2026-03-09T02:00:00.000Z' })
  await seedSuggestion(e, { createdAt: '2026-03-09T03:00:00.000Z', steps: [{ action: 'merge', at: '2026-03-09T04:00:00.000Z', intoId: s6.id }] })
  // s8 in the now inactive 旧科室: Mon 5 Jan → Tue 6 Jan (1 working day), A, closed unrated.
  await seedSuggestion(e, {
    createdAt: '2026-01-05T02:00:00.000Z',
    steps: [
      { action: 'assign', at: '2026-01-05T02:00:00.000Z', departmentId: old.id },
      { action: 'answer', at: '2026-01-06T02:00:00.000Z', answer: '已处理。', resultClass: 'A' },
      { action: 'close_unrated', at: '2026-01-20T02:00:00.000Z' },
    ],
  })
  // The period's first instant is 2025-03-11 00:00 Shanghai = 2025-03-10T16:00Z.
  await seedSuggestion(e, {
    createdAt: '2025-03-10T15:59:59.999Z',
    steps: [
      { action: 'assign', at: '2025-03-11T02:00:00.000Z', departmentId: testing.id },
      { action: 'answer', at: '2025-03-11T03:00:00.000Z', answer: '期间外', resultClass: 'A' },
    ],
  })
  await seedSuggestion(e, { createdAt: '2025-03-10T16:00:00.000Z' })
  // s2 was "published" without consent by a slip in SQL: still never shown.
  await env.DB.prepare('UPDATE suggestions SET published = 1 WHERE id = ?').bind(s2.id).run()
  return { agency, testing, office, past, next, s1, s4 }
}

const summary = (e: { id: string; title: string; hostUnit: string; venue: string; startAt: string; endAt: string }) => ({
  id: e.id,
  title: e.title,
  hostUnit: e.hostUnit,
  venue: e.venue,
  startAt: e.startAt,
  endAt: e.endAt,
})

describe('GET /public/agencies/:id', () => {
  it('has the hand-computed figures overall and per active department (by name), in one D1 round trip', async () => {
    const { agency, testing, office, past, next } = await seedAgency()
    const res = await api(`/public/agencies/${agency.id}`)
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    expect(res.json).toStrictEqual({
      agency: { id: agency.id, name: '固原市农业农村局' },
      period: { from: '2025-03-11', to: '2026-03-10' },
      figures: {
        received: 8, // s1–s6, s8 and the one at the period's first instant; not the merged s7, not the one before
        answered: 4, // s1, s2, s4, s8 (s5 is being answered again)
        answeredOnTime: 4,
        onTimeRate: 80, // 4 / (4 answered + s3 overdue)
        responseRate: 50, // 4 / 8
        satisfactionRate: 33.3, // s1 (5) of s1, s2, s5 rated (5, 2, 2)
        reopenRate: 40, // s2, s5 of the 5 answered at least once
        classCounts: { A: 2, B: 1, C: 0, D: 1 }, // s1, s8 A; s2 B (its answer in force); s4 D
        avgWorkingDaysToAnswer: 3.3, // (3 + 9 + 0 + 1) / 4 = 3.25
        evaluationIndex: 88,
      },
      departments: [
        {
          id: office.id,
          name: '办公室',
          figures: {
            received: 2,
            answered: 1,
            answeredOnTime: 1,
            onTimeRate: 100,
            responseRate: 50,
            satisfactionRate: 0,
            reopenRate: 50,
            classCounts: { A: 0, B: 0, C: 0, D: 1 },
            avgWorkingDaysToAnswer: 0,
            evaluationIndex: null,
          },
        },
        {
          id: testing.id,
          name: '检测科',
          figures: {
            received: 3,
            answered: 2,
            answeredOnTime: 2,
            onTimeRate: 66.7,
            responseRate: 66.7,
            satisfactionRate: 50,
            reopenRate: 50,
            classCounts: { A: 1, B: 1, C: 0, D: 0 },
            avgWorkingDaysToAnswer: 6,
            evaluationIndex: null,
          },
        },
      ],
      events: { upcoming: [summary(next)], past: [summary(past), summary(await pastOlder(agency.id))] },
      // 二月开放日 ended Mon 2 Feb: no summary by Mon 9 Feb, no 答复公开 of its public answers by Sat 14 Feb (调休).
      disclosure: { summariesDue: 1, summariesOnTime: 0, answersDue: 1, answersOnTime: 0 },
    })
  })

  it('takes a period: only items submitted in it, the evaluation of events starting in it', async () => {
    const { agency } = await seedAgency()
    const res = await api(`/public/agencies/${agency.id}?from=2026-03-01&to=2026-03-05`)
    expect(res.status).toBe(200)
    // s1, s4, s5 (submitted 2–3 Mar); no event starts in the period.
    expect(res.json.period).toStrictEqual({ from: '2026-03-01', to: '2026-03-05' })
    expect(res.json.figures).toStrictEqual({
      received: 3,
      answered: 2,
      answeredOnTime: 2,
      onTimeRate: 100,
      responseRate: 66.7,
      satisfactionRate: 50,
      reopenRate: 33.3,
      classCounts: { A: 1, B: 0, C: 0, D: 1 },
      avgWorkingDaysToAnswer: 1.5,
      evaluationIndex: null,
    })
  })

  it('includes the whole of `to` in Shanghai time, and nothing after it', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    await seedSuggestion(event.id, { createdAt: '2026-02-28T16:00:00.000Z' }) // 1 Mar 00:00 Shanghai: in
    await seedSuggestion(event.id, { createdAt: '2026-03-05T15:59:59.999Z' }) // 5 Mar 23:59:59.999: in
    await seedSuggestion(event.id, { createdAt: '2026-03-05T16:00:00.000Z' }) // 6 Mar 00:00: out
    await seedSuggestion(event.id, { createdAt: '2026-02-28T15:59:59.999Z' }) // 28 Feb 23:59:59.999: out
    const res = await api(`/public/agencies/${agency.id}?from=2026-03-01&to=2026-03-05`)
    expect(res.json.figures.received).toBe(2)
  })

  it('gives staff the same page, not cached and private', async () => {
    const { agency } = await seedAgency()
    const anonymous = await api(`/public/agencies/${agency.id}`)
    const staff = await createStaff(agency.id, 'admin')
    const asStaff = await api(`/public/agencies/${agency.id}`, { token: staff.token })
    expect(asStaff.status).toBe(200)
    expect(asStaff.headers.get('cf-cache-status')).toBeNull()
    expect(asStaff.headers.get('cache-control')).toBe('private, no-store')
    expect(asStaff.roundTrips).toBe(1)
    expect(asStaff.json).toStrictEqual(anonymous.json)
  })

  it('refuses bad periods with 400 VALIDATION_FAILED, and an unknown agency with 404', async () => {
    const { agency } = await seedAgency()
    for (const [query, field] of [
      ['from=2026-03-10&to=2026-03-01', 'to'],
      ['from=1999-12-31&to=2000-01-31', 'from'],
      ['from=2100-12-01&to=2101-01-01', 'to'],
      ['from=2022-01-01&to=2025-01-01', 'to'],
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
    ]) {
      const res = await api(`/public/agencies/${agency.id}?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
      expect(res.json.error.field, query).toBe(field)
    }
    const unknown = await api('/public/agencies/no-such-agency')
    expect(unknown.status).toBe(404)
    expect(unknown.json.error.code).toBe('NOT_FOUND')
  })

  it('is served from the edge cache per period; other query parameters cannot skip it', async () => {
    const { agency } = await seedAgency()
    const first = await api(`/public/agencies/${agency.id}?from=2026-01-01&to=2026-03-10`)
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=300')
    const again = await api(`/public/agencies/${agency.id}?to=2026-03-10&utm=x&from=2026-01-01`)
    expect(again.headers.get('cf-cache-status')).toBe('HIT')
    expect(again.roundTrips).toBe(0)
    expect(again.json).toStrictEqual(first.json)
    const other = await api(`/public/agencies/${agency.id}?from=2026-03-01&to=2026-03-10`)
    expect(other.headers.get('cf-cache-status')).toBeNull()
    expect(other.json.period).toStrictEqual({ from: '2026-03-01', to: '2026-03-10' })
    // An error is never kept.
    await api(`/public/agencies/${agency.id}?from=2026-03-10&to=2026-03-01`)
    expect((await api(`/public/agencies/${agency.id}?from=2026-03-10&to=2026-03-01`)).status).toBe(400)
  })
})

async function pastOlder(agencyId: string) {
  const row = await env.DB.prepare(`SELECT id, title, host_unit AS hostUnit, venue, start_at AS startAt, end_at AS endAt FROM events WHERE agency_id = ? AND title = '前年开放日'`)
    .bind(agencyId)
    .first<{ id: string; title: string; hostUnit: string; venue: string; startAt: string; endAt: string }>()
  return row!
}

describe('GET /public/agencies/:id/answers', () => {
  it('lists only published answers in force with consent, masked, without contact or names', async () => {
    const { agency, testing, office, past, s1, s4 } = await seedAgency()
    // Another agency's published answer is not listed.
    const other = await createAgency()
    const otherEvent = await createPublishedEvent(other.id)
    const otherDept = await createDepartment(other.id, '检测科')
    await seedSuggestion(otherEvent.id, {
      createdAt: '2026-03-02T02:00:00.000Z',
      publicConsent: true,
      steps: [
        { action: 'assign', at: '2026-03-02T02:00:00.000Z', departmentId: otherDept.id },
        { action: 'answer', at: '2026-03-09T02:00:00.000Z', answer: '他局答复', resultClass: 'A', published: true },
      ],
    })
    const res = await api(`/public/agencies/${agency.id}/answers`)
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    expect(res.json).toStrictEqual({
      answers: [
        {
          id: s1.id,
          event: { id: past.id, title: '二月开放日' },
          department: testing.name,
          topic: '停车',
          content: '我的电话138****5678，身份证640***********1234，希望增加停车位。',
          answer: '已增设停车位20个，如有问题请联系139****5678。',
          resultClass: 'A',
          plannedBy: null,
          submittedAt: '2026-03-02T02:00:00.000Z',
          answeredAt: '2026-03-05T02:00:00.000Z',
        },
        {
          id: s4.id,
          event: { id: past.id, title: '二月开放日' },
          department: office.name,
          topic: null,
          content: '讲解很好，建议多办。',
          answer: '感谢建议，留作参考。',
          resultClass: 'D',
          plannedBy: null,
          submittedAt: '2026-03-03T02:00:00.000Z',
          answeredAt: '2026-03-03T08:00:00.000Z',
        },
      ],
      page: 1,
      pageSize: 20,
      hasMore: false,
    })
    expect(JSON.stringify(res.json)).not.toContain('13812345678')
    const page2 = await api(`/public/agencies/${agency.id}/answers?page=2`)
    expect(page2.json).toStrictEqual({ answers: [], page: 2, pageSize: 20, hasMore: false })
    for (const bad of ['0', 'abc', '1001', '1.5']) {
      const res = await api(`/public/agencies/${agency.id}/answers?page=${bad}`)
      expect(res.status, bad).toBe(400)
      expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'page' })
    }
  })

  it('pages 20 at a time newest first, tells whether more follow, and reads each page off its index', async () => {
    const agency = await createAgency('分页测试局')
    const other = await createAgency('另一局')
    const dept = await createDepartment(agency.id, '检测科')
    const [e1, e2] = [await createPublishedEvent(agency.id, { title: '一月开放日' }), await createPublishedEvent(agency.id, { title: '二月开放日' })]
    const theirs = await createPublishedEvent(other.id, { title: '别家开放日' })
    const answered = (eventId: string, day: number, minute: number, departmentId: string | null) =>
      seedSuggestion(eventId, {
        createdAt: `2026-02-${String(day).padStart(2, '0')}T01:00:00.000Z`,
        publicConsent: true,
        steps: [
          ...(departmentId ? [{ action: 'assign' as const, at: `2026-02-${String(day).padStart(2, '0')}T01:30:00.000Z`, departmentId }] : []),
          { action: 'answer', at: `2026-02-${String(day).padStart(2, '0')}T02:${String(minute).padStart(2, '0')}:00.000Z`, answer: `答复${day}-${minute}`, resultClass: 'A', published: true },
        ],
      })
    const ours: { id: string; answeredAt: string }[] = []
    for (let i = 0; i < 23; i++) {
      const day = 1 + (i % 20)
      const { id } = await answered(i % 2 ? e1.id : e2.id, day, i, dept.id)
      ours.push({ id, answeredAt: `2026-02-${String(day).padStart(2, '0')}T02:${String(i).padStart(2, '0')}:00.000Z` })
    }
    const otherDept = await createDepartment(other.id, '办公室')
    // Exactly one full page at the other agency: 20 answers and nothing after them.
    for (let minute = 0; minute < 20; minute++) await answered(theirs.id, 25, minute, otherDept.id)
    const newestFirst = [...ours].sort((a, b) => (a.answeredAt === b.answeredAt ? b.id.localeCompare(a.id) : b.answeredAt.localeCompare(a.answeredAt))).map((a) => a.id)

    const page1 = await api(`/public/agencies/${agency.id}/answers`)
    const page2 = await api(`/public/agencies/${agency.id}/answers?page=2`)
    expect([page1.json.hasMore, page2.json.hasMore]).toStrictEqual([true, false])
    const full = await api(`/public/agencies/${other.id}/answers`)
    expect([full.json.answers.length, full.json.hasMore]).toStrictEqual([20, false])
    expect([...page1.json.answers, ...page2.json.answers].map((a: { id: string }) => a.id)).toStrictEqual(newestFirst)
    const event1 = await api(`/public/events/${e1.id}/answers`)
    expect(event1.json.hasMore).toBe(false)
    expect(event1.json.answers.map((a: { id: string }) => a.id)).toStrictEqual(newestFirst.filter((id) => ours.findIndex((o) => o.id === id) % 2 === 1))

    // The statements both routes run: each walks its partial index in answer order and stops
    // after 21 rows; no scan of the answers and no sort over them.
    const statements = await statementsOf(async () => {
      expect((await api(`/public/agencies/${agency.id}/answers?page=3`)).status).toBe(200)
      expect((await api(`/public/events/${e2.id}/answers?page=3`)).status).toBe(200)
    })
    const plans = await Promise.all(statements.filter((q) => /"answered_at" desc/.test(q)).map(queryPlan))
    expect(plans.map((steps) => steps.find((d) => d.includes('suggestions_')))).toStrictEqual([
      expect.stringMatching(/^SEARCH suggestions USING INDEX suggestions_published_answers \(agency_id=\?\)/),
      expect.stringMatching(/^SEARCH suggestions USING INDEX suggestions_event_published_answers \(event_id=\?\)/),
    ])
    for (const steps of plans) {
      expect(steps.filter((d) => /\bSCAN\b/.test(d))).toEqual([])
      expect(steps.filter((d) => /TEMP B-TREE/.test(d))).toEqual([])
    }
  })
})

describe('GET /public/rankings', () => {
  async function item(eventId: string, departmentId: string, opts: { late?: boolean; rating?: 1 | 2 | 3 | 4 | 5; reanswer?: boolean; open?: boolean; day?: string }) {
    const day = opts.day ?? '2024-05-06'
    const steps: Parameters<typeof seedSuggestion>[1]['steps'] = [{ action: 'assign', at: `${day}T02:00:00.000Z`, departmentId, workingDays: 1 }]
    if (!opts.open) steps.push({ action: 'answer', at: opts.late ? '2024-05-10T02:00:00.000Z' : `${day}T03:00:00.000Z`, answer: '已办理', resultClass: 'A' })
    if (opts.rating) steps.push({ action: 'rate', at: `${day}T04:00:00.000Z`, rating: opts.rating })
    if (opts.reanswer) steps.push({ action: 'answer', at: `${day}T05:00:00.000Z`, answer: '再次答复', resultClass: 'B', plannedBy: '2024-12-31' })
    return seedSuggestion(eventId, { createdAt: `${day}T01:00:00.000Z`, steps })
  }

  it('ranks by the composite score; fewer than 5 items are listed without a rank; one D1 round trip', async () => {
    // R1: 4 of 5 on time (80), 4 of 4 rated satisfied (100), evaluation all 4 (80):
    //     0.3 × 80 + 0.4 × 100 + 0.3 × 80 = 88.
    const r1 = await createAgency('甲局')
    const r1Dept = await createDepartment(r1.id, '一科')
    const r1Event = await createPublishedEvent(r1.id, at('2024-05-06T02:00:00.000Z'))
    await seedPublishedEvaluation(r1Event.id, [0, 0, 0, 5, 0])
    for (const rating of [5, 4, 3, 3] as const) await item(r1Event.id, r1Dept.id, { rating })
    await item(r1Event.id, r1Dept.id, { late: true })
    // R2: 5 of 6 on time (one never answered: 83.3), rated 5, 4 and 2 (re-answered, latest rating
    //     2): 66.7; no evaluation, so its weight is spread: (0.3 × 83.3 + 0.4 × 66.7) / 0.7 = 73.8.
    const r2 = await createAgency('乙局')
    const r2Dept = await createDepartment(r2.id, '一科')
    const r2Event = await createPublishedEvent(r2.id, at('2024-05-06T02:00:00.000Z'))
    await item(r2Event.id, r2Dept.id, { rating: 5 })
    await item(r2Event.id, r2Dept.id, { rating: 4 })
    await item(r2Event.id, r2Dept.id, { rating: 2, reanswer: true })
    await item(r2Event.id, r2Dept.id, {})
    await item(r2Event.id, r2Dept.id, {})
    await item(r2Event.id, r2Dept.id, { open: true })
    // R3: only 2 items: listed, not ranked.
    const r3 = await createAgency('丙局')
    const r3Dept = await createDepartment(r3.id, '一科')
    const r3Event = await createPublishedEvent(r3.id, at('2024-05-06T02:00:00.000Z'))
    await item(r3Event.id, r3Dept.id, { rating: 5 })
    await item(r3Event.id, r3Dept.id, { rating: 5 })

    const res = await api('/public/rankings?from=2024-01-01&to=2024-12-31')
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    expect(res.json.period).toStrictEqual({ from: '2024-01-01', to: '2024-12-31' })
    expect(res.json.weights).toStrictEqual({ onTimeRate: 0.3, satisfactionRate: 0.4, evaluationIndex: 0.3 })
    expect(res.json.minItems).toBe(5)
    const mine = res.json.agencies.filter((e: { agency: { id: string } }) => [r1.id, r2.id, r3.id].includes(e.agency.id))
    expect(mine.map((e: { agency: { name: string }; rank: number | null; score: number | null }) => [e.agency.name, e.rank, e.score])).toStrictEqual([
      ['甲局', 1, 88],
      ['乙局', 2, 73.8],
      ['丙局', null, null],
    ])
    expect(mine[0].figures).toStrictEqual({
      received: 5,
      answered: 5,
      answeredOnTime: 4,
      onTimeRate: 80,
      responseRate: 100,
      satisfactionRate: 100,
      reopenRate: 0,
      classCounts: { A: 5, B: 0, C: 0, D: 0 },
      avgWorkingDaysToAnswer: 0.8, // four the same day, one 4 working days later (Mon → Fri)
      evaluationIndex: 80,
    })
    expect(mine[2].figures.received).toBe(2)
    // The unranked come after every ranked agency.
    const ranks = res.json.agencies.map((e: { rank: number | null }) => e.rank)
    expect(ranks.indexOf(null) === -1 || ranks.slice(ranks.indexOf(null)).every((r: number | null) => r === null)).toBe(true)
  })

  it('refuses a bad period', async () => {
    const res = await api('/public/rankings?from=2026-03-10&to=2026-01-01')
    expect(res.status).toBe(400)
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'to' })
  })
})

describe('GET /public/agencies', () => {
  it('lists agencies by name, from the edge cache for anonymous callers', async () => {
    const agency = await createAgency('固原市市场监督管理局')
    const res = await api('/public/agencies')
    expect(res.status).toBe(200)
    expect(res.json.agencies).toContainEqual({ id: agency.id, name: '固原市市场监督管理局' })
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=300')
  })
})
