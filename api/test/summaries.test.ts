// 活动总结 and the disclosure duties (docs/summary.md): the draft's figures against seeded data
// (registrations by category, check-ins, suggestions answered on time and late, the evaluation
// under and over 5 answers), publication with the agency's next 索引号 in one batch (also under
// real concurrency), the 政府信息公开 header, 答复公开, the print and embed pages, the 待办 tasks
// and the agency's public figures, and who may do what on every new route.
// Fixed clock: Tue 2026-03-10 10:00 Shanghai.
import { env } from 'cloudflare:test'
import { draftSummary, maskPersonalInfo, SCORE_DIMENSION_CODES, SCORE_DIMENSIONS, summarize, type SummaryFigures } from '@openday/shared'
import { describe, expect, it, vi } from 'vitest'
import { makeDb } from '../src/lib/db'
import { newId } from '../src/lib/ids'
import { recentEndedEvents } from '../src/summaries/queries'
import { setNow } from './support/clock'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff } from './support/fixtures'
import { createDepartment, queryPlan, seedPublishedEvaluation, seedSuggestion } from './support/metrics'

const ORIGIN = 'http://openday.test/api/v1'
const NOW_ISO = '2026-03-10T02:00:00.000Z'

/** An event of Tue 3 March 2026, 09:00–11:30 Beijing: ended a week before the fixed clock. */
const ended = (over: Record<string, unknown> = {}) => ({
  title: '掌稳农产品安全之舵',
  hostUnit: '固原市农业农村局',
  venue: '农产品质量安全检测中心',
  startAt: '2026-03-03T01:00:00.000Z',
  endAt: '2026-03-03T03:30:00.000Z',
  registrationOpensAt: '2026-02-01T00:00:00.000Z',
  registrationClosesAt: '2026-03-02T00:00:00.000Z',
  agenda: [{ time: '09:00', title: '职能介绍' }, { title: '参观检测实验室' }],
  ...over,
})

async function setCode(agencyId: string, code: string | null) {
  await env.DB.prepare('UPDATE agencies SET disclosure_code = ?1 WHERE id = ?2').bind(code, agencyId).run()
}

/** Registrations (and check-ins) straight into D1: the triggers keep the counts as sign-ups do. */
async function seedAttendance(eventId: string, staffId: string, rows: { category: string; checkedIn: boolean; cancelled?: boolean }[]) {
  const p = await createParticipant()
  const participantId = JSON.parse(atob(p.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub
  const statements = rows.flatMap((r, i) => {
    const id = newId()
    const list = [
      env.DB.prepare(
        `INSERT INTO registrations (id, event_id, participant_id, name, phone, category, status, short_code, created_at)
         VALUES (?1, ?2, ?3, '张三', ?4, ?5, 'active', ?6, '2026-02-10T00:00:00.000Z')`,
      ).bind(id, eventId, participantId, `1390000${String(i).padStart(4, '0')}`, r.category, `SC${id.slice(0, 6)}`),
    ]
    if (r.checkedIn)
      list.push(
        env.DB.prepare(`INSERT INTO checkins (registration_id, event_id, staff_id, nonce, checked_in_at) VALUES (?1, ?2, ?3, ?4, '2026-03-03T00:50:00.000Z')`).bind(
          id,
          eventId,
          staffId,
          newId(),
        ),
      )
    if (r.cancelled) list.push(env.DB.prepare(`UPDATE registrations SET status = 'cancelled' WHERE id = ?1`).bind(id))
    return list
  })
  await env.DB.batch(statements)
}

let codes = 0
/** A 机构代码 of its own per test (the tests share one database, and the sequence is per code). */
const nextCode = () => `6404${String(++codes).padStart(5, '0')}`

/** An agency with its staff of every role, another agency's admin, a participant and an ended event with data. */
async function setup(code: string | null = nextCode()) {
  const agency = await createAgency('固原市农业农村局')
  await setCode(agency.id, code)
  const [admin, organizer, handler, checker] = await Promise.all(
    (['admin', 'organizer', 'handler', 'checker'] as const).map((r) => createStaff(agency.id, r)),
  )
  const other = await createAgency('别的局')
  const otherAdmin = await createStaff(other.id, 'admin')
  const participant = await createParticipant()
  const event = await createPublishedEvent(agency.id, ended())
  return { agency, admin, organizer, handler, checker, other, otherAdmin, participant, event, code: code ?? '' }
}

/** Staff tokens last 12 hours: after moving the clock, a fresh one. */
const freshAdmin = (agencyId: string) => createStaff(agencyId, 'admin')

/** Suggestions of the event on Tue 3 March: 4 counted (2 answered, 1 of them on time), 1 merged. */
async function seedSuggestions(eventId: string, agencyId: string) {
  const lab = await createDepartment(agencyId, '检测科')
  const office = await createDepartment(agencyId, '办公室')
  const at = '2026-03-03T02:00:00.000Z'
  const onTime = await seedSuggestion(eventId, {
    createdAt: at,
    topic: '食品安全',
    content: '建议公开抽检结果，联系电话13812345678。',
    publicConsent: true,
    steps: [
      { action: 'assign', at, departmentId: lab.id },
      { action: 'answer', at: '2026-03-05T02:00:00.000Z', answer: '抽检结果每月在门户网站公开，可致电13912345678咨询。', resultClass: 'A', published: true },
    ],
  })
  // Due the next working day (4 March), answered on 5 March: late, and not public.
  await seedSuggestion(eventId, {
    createdAt: at,
    topic: '食品安全',
    content: '农贸市场快检点太少。',
    publicConsent: true,
    steps: [
      { action: 'assign', at, departmentId: lab.id, workingDays: 1 },
      { action: 'answer', at: '2026-03-05T03:00:00.000Z', answer: '年内增设两个快检点。', resultClass: 'B', plannedBy: '2026-12-31', published: false },
    ],
  })
  await seedSuggestion(eventId, { createdAt: at, topic: '检测收费', steps: [{ action: 'assign', at, departmentId: office.id }] })
  await seedSuggestion(eventId, { createdAt: at })
  // Merged into the first: counted there, not again.
  await seedSuggestion(eventId, { createdAt: at, topic: '检测收费', steps: [{ action: 'merge', at, intoId: onTime.id }] })
  return { lab, office }
}

/**
 * Runs two requests so that both have read (each route's first D1 batch, of `readSize`
 * statements) before either writes (its later batch): the interleaving a real race may give,
 * made certain. A gate on the batches, not a sleep.
 */
async function bothReadFirst<T>(readSize: number, run: () => Promise<T>): Promise<T> {
  const original = env.DB.batch.bind(env.DB)
  let release!: () => void
  const bothRead = new Promise<void>((resolve) => (release = resolve))
  let reads = 0
  const spy = vi.spyOn(env.DB, 'batch').mockImplementation(async (statements) => {
    if (statements.length === readSize && reads < 2) {
      const out = await original(statements)
      if (++reads === 2) release()
      return out
    }
    await bothRead
    return original(statements)
  })
  try {
    return await run()
  } finally {
    spy.mockRestore()
  }
}

const summaryRow = (eventId: string) => env.DB.prepare('SELECT * FROM event_summaries WHERE event_id = ?1').bind(eventId).first<Record<string, unknown>>()
const postsOf = (eventId: string) =>
  env.DB.prepare('SELECT * FROM posts WHERE event_id = ?1 ORDER BY published_at, id').bind(eventId).all<Record<string, unknown>>().then((r) => r.results)

describe('POST /staff/events/:id/summary: the draft from the data', () => {
  it('counts registrations by category, check-ins, suggestions answered on time and late, and hides an evaluation of 4 answers', async () => {
    const { admin, event, agency } = await setup()
    await seedAttendance(event.id, admin.id, [
      { category: 'citizen', checkedIn: true },
      { category: 'citizen', checkedIn: true },
      { category: 'citizen', checkedIn: false },
      { category: 'citizen', checkedIn: false, cancelled: true },
      { category: 'npc_deputy', checkedIn: true },
      { category: 'npc_deputy', checkedIn: true },
      { category: 'media', checkedIn: false },
    ])
    await seedSuggestions(event.id, agency.id)
    // 4 live answers: nothing published.
    await seedPublishedEvaluation(event.id, [0, 0, 0, 0, 0], [0, 0, 0, 4, 0])

    const res = await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: admin.token })
    expect(res.status).toBe(201)
    expect(res.roundTrips).toBe(3)
    const figures: SummaryFigures = {
      event: {
        id: event.id,
        title: '掌稳农产品安全之舵',
        hostUnit: '固原市农业农村局',
        venue: '农产品质量安全检测中心',
        startAt: '2026-03-03T01:00:00.000Z',
        endAt: '2026-03-03T03:30:00.000Z',
        agenda: [{ time: '09:00', title: '职能介绍' }, { title: '参观检测实验室' }],
      },
      units: ['固原市农业农村局', '办公室', '检测科'],
      attendance: {
        registered: 6,
        checkedIn: 4,
        checkinRate: 66.7,
        byCategory: [
          { category: 'citizen', registered: 3, checkedIn: 2 },
          { category: 'npc_deputy', registered: 2, checkedIn: 2 },
          { category: 'media', registered: 1, checkedIn: 0 },
        ],
      },
      suggestions: { received: 4, answered: 2, answeredOnTime: 1, topics: [{ topic: '食品安全', count: 2 }, { topic: '检测收费', count: 1 }] },
      evaluation: { responses: 0, index: null, aspects: null },
      builtAt: NOW_ISO,
    }
    const draft = draftSummary(figures)
    expect(res.json).toStrictEqual({
      summary: {
        eventId: event.id,
        status: 'draft',
        title: '“掌稳农产品安全之舵”政府开放日活动总结',
        body: draft.body,
        nextSteps: '',
        figures,
        createdAt: NOW_ISO,
        updatedAt: NOW_ISO,
        publishedAt: null,
        postId: null,
        indexNo: null,
        // 5 working days after Tue 3 March: Tue 10 March, 23:59:59 Beijing.
        dueAt: '2026-03-10T15:59:59.000Z',
      },
    })
    expect(draft.body).toContain('本次活动共报名6人，实际签到4人，签到率66.7%。其中，市民代表报名3人、签到2人；人大代表报名2人、签到2人；新闻媒体报名1人、签到0人。')
    expect(draft.body).toContain('活动中共收到意见建议4条，主要涉及食品安全（2条）、检测收费（1条）等方面。截至2026年3月10日，已答复2条，其中按期答复1条，按期答复率50%；其余2条正在办理中。')
    expect(draft.body).toContain('五、满意度测评\n\n测评人数不足5人，不公布测评结果。')
    const row = await summaryRow(event.id)
    expect(row).toMatchObject({ agency_id: agency.id, status: 'draft', title: draft.title, body: draft.body, next_steps: '', author_staff_id: admin.id })
    expect(JSON.parse(row!.figures as string)).toStrictEqual(figures)
  })

  it('gives the 百分制 index and each aspect from 10 published answers (not the 2 live ones since)', async () => {
    const { organizer, event } = await setup()
    // Five 4s and five 5s published; two more 1s live only.
    await seedPublishedEvaluation(event.id, [0, 0, 0, 5, 5], [2, 0, 0, 5, 5])
    const res = await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: organizer.token })
    expect(res.status).toBe(201)
    expect(res.json.summary.figures.evaluation).toStrictEqual({
      responses: 10,
      index: 90,
      aspects: SCORE_DIMENSION_CODES.map((d) => ({ dimension: d, label: SCORE_DIMENSIONS[d], index: 90 })),
    })
    expect(res.json.summary.body).toContain('共有10人参加无记名满意度测评，综合满意度指数为90（百分制）。各测评项目指数：监管措施90，监管成效90，办事程序90，服务质量90，工作作风90，廉政纪律90。')
    expect(res.json.summary.figures.attendance).toStrictEqual({ registered: 0, checkedIn: 0, checkinRate: null, byCategory: [] })
  })

  it('answers the existing draft (200); ?rebuild=1 re-reads the figures and keeps the title and 下一步', async () => {
    const { admin, event: e, agency } = await setup()
    const event = { ...e, agencyId: agency.id }
    expect((await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: admin.token })).status).toBe(201)
    const edit = { title: '农业农村局开放日总结', body: '改过的正文', nextSteps: '一是继续公开抽检结果。' }
    expect((await api(`/staff/events/${event.id}/summary`, { method: 'PUT', body: edit, token: admin.token })).status).toBe(200)
    const again = await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: admin.token })
    expect(again.status).toBe(200)
    expect(again.json.summary.body).toBe('改过的正文')

    await seedAttendance(event.id, admin.id, [{ category: 'student', checkedIn: true }])
    setNow('2026-03-11T10:00:00+08:00')
    const rebuilt = await api(`/staff/events/${event.id}/summary?rebuild=1`, { method: 'POST', token: (await freshAdmin(event.agencyId)).token })
    expect(rebuilt.status).toBe(200)
    expect(rebuilt.json.summary.title).toBe(edit.title)
    expect(rebuilt.json.summary.nextSteps).toBe(edit.nextSteps)
    expect(rebuilt.json.summary.figures.attendance.byCategory).toStrictEqual([{ category: 'student', registered: 1, checkedIn: 1 }])
    expect(rebuilt.json.summary.figures.builtAt).toBe('2026-03-11T02:00:00.000Z')
    expect(rebuilt.json.summary.body).toBe(draftSummary(rebuilt.json.summary.figures).body)
    expect(rebuilt.json.summary.createdAt).toBe(NOW_ISO)
  })

  it('refuses before the end (EVENT_NOT_ENDED) and for a cancelled or draft event, writing nothing', async () => {
    const { admin, agency } = await setup()
    const running = await createPublishedEvent(agency.id, ended({ startAt: '2026-03-10T01:00:00.000Z', endAt: '2026-03-10T03:00:00.000Z' }))
    const res = await api(`/staff/events/${running.id}/summary`, { method: 'POST', token: admin.token })
    expect(res.status).toBe(409)
    expect(res.json.error).toStrictEqual({ code: 'EVENT_NOT_ENDED', message: '活动结束后才能撰写活动总结' })
    const cancelled = await createPublishedEvent(agency.id, ended())
    await env.DB.prepare(`UPDATE events SET status = 'cancelled', cancelled_at = ?2 WHERE id = ?1`).bind(cancelled.id, '2026-03-01T00:00:00.000Z').run()
    const draft = await createPublishedEvent(agency.id, ended())
    await env.DB.prepare(`UPDATE events SET status = 'draft' WHERE id = ?1`).bind(draft.id).run()
    for (const id of [cancelled.id, draft.id]) {
      const r = await api(`/staff/events/${id}/summary`, { method: 'POST', token: admin.token })
      expect(r.status).toBe(409)
      expect(r.json.error.code).toBe('INVALID_STATE')
    }
    for (const id of [running.id, cancelled.id, draft.id]) expect(await summaryRow(id)).toBeNull()
  })
})

describe('PUT /staff/events/:id/summary', () => {
  it('saves the edit; bad input is 400 in Chinese and writes nothing', async () => {
    const { organizer, event } = await setup()
    const none = await api(`/staff/events/${event.id}/summary`, { method: 'PUT', body: { title: '总结标题', body: '正文', nextSteps: '' }, token: organizer.token })
    expect(none.status).toBe(404)
    expect(none.json.error.message).toBe('请先生成活动总结草稿')
    await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: organizer.token })
    const before = await summaryRow(event.id)
    for (const [body, message] of [
      [{ title: '总', body: '正文', nextSteps: '' }, '标题至少2个字'],
      [{ title: '总结标题', body: '', nextSteps: '' }, '请输入总结正文'],
      [{ title: '总结标题', body: '正', nextSteps: '下'.repeat(2001) }, '“下一步”不能超过2000字'],
    ] as const) {
      const res = await api(`/staff/events/${event.id}/summary`, { method: 'PUT', body, token: organizer.token })
      expect(res.status).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
      expect(res.json.error.message).toBe(message)
    }
    const broken = await api(`/staff/events/${event.id}/summary`, { method: 'PUT', body: '{"title":', token: organizer.token })
    expect(broken.status).toBe(400)
    expect(await summaryRow(event.id)).toStrictEqual(before)

    setNow('2026-03-10T11:00:00+08:00')
    const ok = await api(`/staff/events/${event.id}/summary`, {
      method: 'PUT',
      body: { title: ' 总结标题 ', body: '第一段\r\n\r\n\r\n第二段  ', nextSteps: '下一步' },
      token: organizer.token,
    })
    expect(ok.status).toBe(200)
    expect(ok.json.summary).toMatchObject({ title: '总结标题', body: '第一段\n\n第二段', nextSteps: '下一步', updatedAt: '2026-03-10T03:00:00.000Z' })
  })
})

async function publish(eventId: string, token: string) {
  return api(`/staff/events/${eventId}/summary/publish`, { method: 'POST', token })
}

describe('POST /staff/events/:id/summary/publish', () => {
  it('publishes one post with the next 索引号 of the year and the 政府信息公开 header; twice is 409 and writes nothing', async () => {
    const { admin, agency, event } = await setup('640400017')
    // Last year's numbers and another code's do not count.
    const old = await createPublishedEvent(agency.id, ended())
    await env.DB.prepare(
      `INSERT INTO posts (id, agency_id, kind, event_id, title, summary, body, published_at, created_at, updated_at, status, index_no)
       VALUES (?1, ?2, 'summary', ?3, '去年的总结', '摘要', '正文', '2025-12-30T00:00:00.000Z', '2025-12-30T00:00:00.000Z', '2025-12-30T00:00:00.000Z', 'published', '640400017/2025-00041'),
              (?4, ?2, 'summary', ?3, '另一代码', '摘要', '正文', '2026-01-30T00:00:00.000Z', '2026-01-30T00:00:00.000Z', '2026-01-30T00:00:00.000Z', 'published', '640400018/2026-00009')`,
    )
      .bind(newId(), agency.id, old.id, newId())
      .run()
    await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: admin.token })
    const edit = { title: '“掌稳农产品安全之舵”政府开放日活动总结', body: '首段：<b>活动</b>顺利举办。\n\n一、基本情况\n\n略', nextSteps: '一是持续公开抽检结果。\n二是增设快检点。' }
    await api(`/staff/events/${event.id}/summary`, { method: 'PUT', body: edit, token: admin.token })

    const res = await publish(event.id, admin.token)
    expect(res.status).toBe(201)
    expect(res.json.summary).toMatchObject({ status: 'published', publishedAt: NOW_ISO, indexNo: '640400017/2026-00001' })
    const [post] = (await postsOf(event.id)).filter((p) => p.kind === 'summary')
    const body = `${edit.body}\n\n六、下一步工作\n\n${edit.nextSteps}`
    expect(post).toStrictEqual({
      id: res.json.summary.postId,
      agency_id: agency.id,
      kind: 'summary',
      event_id: event.id,
      title: edit.title,
      summary: summarize(body),
      body,
      published_at: NOW_ISO,
      created_at: NOW_ISO,
      updated_at: NOW_ISO,
      author_staff_id: admin.id,
      status: 'published',
      index_no: '640400017/2026-00001',
    })
    expect(await summaryRow(event.id)).toMatchObject({ status: 'published', post_id: post.id, published_at: NOW_ISO })

    const pub = await api(`/public/posts/${post.id}`)
    expect(pub.status).toBe(200)
    expect(pub.json.post).toStrictEqual({
      id: post.id,
      kind: 'summary',
      agencyId: agency.id,
      agencyName: '固原市农业农村局',
      eventId: event.id,
      title: edit.title,
      summary: summarize(body),
      publishedAt: NOW_ISO,
      body,
      updatedAt: NOW_ISO,
      disclosure: { indexNo: '640400017/2026-00001', publisher: '固原市农业农村局', issuedAt: NOW_ISO, method: '主动公开', validity: '有效' },
    })
    // The publish answer carries the post as the public reads it.
    expect(res.json.post).toStrictEqual(pub.json.post)

    const again = await publish(event.id, admin.token)
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('SUMMARY_PUBLISHED')
    expect(await postsOf(event.id)).toHaveLength(1)
    // A published summary is no longer edited or rebuilt.
    expect((await api(`/staff/events/${event.id}/summary`, { method: 'PUT', body: edit, token: admin.token })).json.error.code).toBe('SUMMARY_PUBLISHED')
    expect((await api(`/staff/events/${event.id}/summary?rebuild=1`, { method: 'POST', token: admin.token })).json.error.code).toBe('SUMMARY_PUBLISHED')

    // The next summary of the agency takes the next number.
    const second = await createPublishedEvent(agency.id, ended({ title: '第二场' }))
    await api(`/staff/events/${second.id}/summary`, { method: 'POST', token: admin.token })
    expect((await publish(second.id, admin.token)).json.summary.indexNo).toBe('640400017/2026-00002')
  })

  it('starts the 索引号 with the agency id’s first 9 characters when no 机构代码 is set', async () => {
    const { admin, agency, event } = await setup(null)
    await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: admin.token })
    const res = await publish(event.id, admin.token)
    expect(res.json.summary.indexNo).toBe(`${agency.id.slice(0, 9)}/2026-00001`)
  })

  it('needs a draft first, and does not publish an event’s summary for another agency', async () => {
    const { admin, otherAdmin, event } = await setup()
    const res = await publish(event.id, admin.token)
    expect(res.status).toBe(404)
    await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: admin.token })
    expect((await publish(event.id, otherAdmin.token)).status).toBe(404)
    expect(await postsOf(event.id)).toHaveLength(0)
  })

  it('under concurrency: two summaries at once get consecutive numbers; one summary twice at once gives one post', async () => {
    const { admin, organizer, agency } = await setup('640400099')
    const a = await createPublishedEvent(agency.id, ended({ title: '甲' }))
    const b = await createPublishedEvent(agency.id, ended({ title: '乙' }))
    const c = await createPublishedEvent(agency.id, ended({ title: '丙' }))
    for (const e of [a, b, c]) await api(`/staff/events/${e.id}/summary`, { method: 'POST', token: admin.token })

    const [ra, rb] = await bothReadFirst(2, () => Promise.all([publish(a.id, admin.token), publish(b.id, organizer.token)]))
    expect([ra.status, rb.status]).toStrictEqual([201, 201])
    expect([ra.json.summary.indexNo, rb.json.summary.indexNo].sort()).toStrictEqual(['640400099/2026-00001', '640400099/2026-00002'])

    // Both read the draft before either writes (the writes are what decides).
    const both = await bothReadFirst(2, () => Promise.all([publish(c.id, admin.token), publish(c.id, organizer.token)]))
    expect(both.map((r) => r.status).sort()).toStrictEqual([201, 409])
    expect(both.find((r) => r.status === 409)!.json.error.code).toBe('SUMMARY_PUBLISHED')
    const posts = await postsOf(c.id)
    expect(posts).toHaveLength(1)
    expect(posts[0].index_no).toBe('640400099/2026-00003')
  })
})

describe('POST /staff/events/:id/answers-digest (答复公开)', () => {
  it('lists the answers published since the previous digest, masked as the public answers page masks them', async () => {
    const { organizer, agency, event } = await setup()
    const { lab } = await seedSuggestions(event.id, agency.id)
    const none = await createPublishedEvent(agency.id, ended())
    const empty = await api(`/staff/events/${none.id}/answers-digest`, { method: 'POST', token: organizer.token })
    expect(empty.status).toBe(409)
    expect(empty.json.error).toStrictEqual({ code: 'NOTHING_TO_PUBLISH', message: '没有新公开的答复可以发布' })

    const res = await api(`/staff/events/${event.id}/answers-digest`, { method: 'POST', token: organizer.token })
    expect(res.status).toBe(201)
    expect(res.json.answers).toBe(1)
    const pub = (await api(`/public/events/${event.id}/answers`)).json.answers
    expect(pub).toHaveLength(1)
    expect(res.json.post.body).toBe(
      [
        '现将固原市农业农村局“掌稳农产品安全之舵”政府开放日活动中收到的意见建议的1条答复公开如下（已隐去个人信息）。',
        `1. 【食品安全】${pub[0].content}\n答复（检测科）：${pub[0].answer}\n办理结果：已解决或采纳`,
        '完整的答复内容可在“开放日”的公开答复中查看。',
      ].join('\n\n'),
    )
    expect(res.json.post.body).toContain(maskPersonalInfo('联系电话13812345678'))
    expect(res.json.post.body).not.toContain('13812345678')
    expect(res.json.post).toMatchObject({ kind: 'answers', title: '答复公开｜掌稳农产品安全之舵', eventId: event.id })
    expect(res.json.post.disclosure).toBeUndefined()

    const again = await api(`/staff/events/${event.id}/answers-digest`, { method: 'POST', token: organizer.token })
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('NOTHING_TO_PUBLISH')

    // A later public answer goes in the next digest, alone.
    setNow('2026-03-11T10:00:00+08:00')
    await seedSuggestion(event.id, {
      createdAt: '2026-03-03T02:00:00.000Z',
      content: '停车难',
      publicConsent: true,
      steps: [
        { action: 'assign', at: '2026-03-03T02:00:00.000Z', departmentId: lab.id },
        { action: 'answer', at: '2026-03-11T01:00:00.000Z', answer: '已协调临时停车场。', resultClass: 'A', published: true },
      ],
    })
    const next = await api(`/staff/events/${event.id}/answers-digest`, { method: 'POST', token: (await freshAdmin(agency.id)).token })
    expect(next.status).toBe(201)
    expect(next.json.answers).toBe(1)
    expect(next.json.post.body).toContain('1. 停车难\n答复（检测科）：已协调临时停车场。')
    expect(next.json.post.body).not.toContain('食品安全')
    expect((await postsOf(event.id)).map((p) => p.kind)).toStrictEqual(['answers', 'answers'])
  })

  it('publishes one digest when asked twice at once', async () => {
    const { organizer, admin, agency, event } = await setup()
    await seedSuggestions(event.id, agency.id)
    const both = await bothReadFirst(3, () =>
      Promise.all([
        api(`/staff/events/${event.id}/answers-digest`, { method: 'POST', token: organizer.token }),
        api(`/staff/events/${event.id}/answers-digest`, { method: 'POST', token: admin.token }),
      ]),
    )
    expect(both.map((r) => r.status).sort()).toStrictEqual([201, 409])
    expect(await postsOf(event.id)).toHaveLength(1)
  })
})

describe('GET /public/posts/:id/print and /embed', () => {
  async function published() {
    const { admin, agency, event } = await setup()
    await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: admin.token })
    await api(`/staff/events/${event.id}/summary`, {
      method: 'PUT',
      body: { title: '总结 <script>alert(1)</script> & “引号”', body: '第一段 <img src=x onerror=alert(1)>\n第二行\n\n第二段 "a" \'b\'', nextSteps: '' },
      token: admin.token,
    })
    const res = await publish(event.id, admin.token)
    return { admin, agency, postId: res.json.summary.postId as string, indexNo: res.json.summary.indexNo as string }
  }

  it('prints an A4 page with the 政府信息公开 table, every text escaped, the 打印 button hidden in print', async () => {
    const { postId, indexNo } = await published()
    expect(indexNo).toMatch(/^6404\d{5}\/2026-00001$/)
    const res = await api(`/public/posts/${postId}/print`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = res.json as string
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">')).toBe(true)
    expect(html).toContain('@page { size: A4; margin: 20mm }')
    expect(html).toContain('@media print { .toolbar { display: none }')
    expect(html).toContain('<div class="toolbar"><button id="print" type="button">打印</button></div>')
    expect(html).toContain(
      `<tr><th scope="row">索引号</th><td>${indexNo}</td>` +
        '<th scope="row">发布机构</th><td>固原市农业农村局</td></tr>\n' +
        '<tr><th scope="row">发文时间</th><td>2026年3月10日</td><th scope="row">公开方式</th><td>主动公开</td></tr>\n' +
        '<tr><th scope="row">有效性</th><td>有效</td><th scope="row">标题</th><td>总结 &lt;script&gt;alert(1)&lt;/script&gt; &amp; “引号”</td></tr>',
    )
    expect(html).toContain('<h1>总结 &lt;script&gt;alert(1)&lt;/script&gt; &amp; “引号”</h1>')
    expect(html).toContain('<p>第一段 &lt;img src=x onerror=alert(1)&gt;<br>第二行</p>\n<p>第二段 &quot;a&quot; &#39;b&#39;</p>')
    expect(html).not.toContain('<img')
    // The only script is the button's, allowed by its hash; the page may not be framed.
    const script = /<script>([^<]*)<\/script>/.exec(html)![1]
    const hash = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(script)))))
    expect(res.headers.get('content-security-policy')).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    )
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(html.match(/<script/g)).toHaveLength(1)
  })

  it('embeds: framable by any site on this route only, escaped, with a link to the full post', async () => {
    const { postId, indexNo } = await published()
    const res = await api(`/public/posts/${postId}/embed`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *")
    expect(res.headers.has('x-frame-options')).toBe(false)
    const html = res.json as string
    expect(html).toContain(`<p class="meta">索引号：${indexNo}　发布机构：固原市农业农村局　发文时间：2026年3月10日</p>`)
    expect(html).toContain('&lt;script&gt;')
    expect(html).not.toContain('<script')
    expect(html).toContain(`<a href="http://openday.test/#/pages/post/index?id=${postId}" target="_blank" rel="noopener">在“开放日”查看原文</a>`)
    // Every other route keeps refusing frames, the post's JSON included.
    for (const path of [`/public/posts/${postId}`, `/public/posts/${postId}/print`, '/public/feed', `/public/posts/${postId}/embed/x`]) {
      const other = await api(path)
      expect(other.headers.get('x-frame-options'), path).toBe('DENY')
      expect(other.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'")
    }
  })

  it('is edge-cached like the post and purged with it: withdrawn, both pages are 404', async () => {
    const { admin, postId } = await published()
    for (const page of ['print', 'embed']) {
      expect((await api(`/public/posts/${postId}/${page}`)).headers.get('cache-control')).toBe('public, max-age=0, s-maxage=300')
      expect(await caches.default.match(`${ORIGIN}/public/posts/${postId}/${page}`)).toBeDefined()
    }
    expect((await api(`/staff/posts/${postId}/withdraw`, { method: 'POST', token: admin.token })).status).toBe(200)
    for (const page of ['print', 'embed']) {
      const res = await api(`/public/posts/${postId}/${page}`)
      expect(res.status).toBe(404)
      expect(res.json.error.code).toBe('NOT_FOUND')
    }
    expect((await api('/public/posts/nope/print')).status).toBe(404)
  })
})

describe('GET /staff/disclosure-tasks', () => {
  it('lists the summary and answers duties of events ended in the last 60 days, with deadlines and overdue', async () => {
    const { admin, organizer, agency, event } = await setup()
    // Ended Tue 3 March: summary due Tue 10 March (still open today), answers due Tue 17 March.
    await seedSuggestions(event.id, agency.id)
    // Ended Mon 2 Feb: summary due Mon 9 Feb (published 9 Feb, on time); no public answer: no answers task.
    const feb = await createPublishedEvent(agency.id, ended({ title: '二月', startAt: '2026-02-02T01:00:00.000Z', endAt: '2026-02-02T03:00:00.000Z' }))
    // Ended Thu 22 Jan: summary due Thu 29 Jan, not published: overdue.
    const jan = await createPublishedEvent(agency.id, ended({ title: '一月', startAt: '2026-01-22T01:00:00.000Z', endAt: '2026-01-22T03:00:00.000Z' }))
    // Ended 61 days ago, cancelled, not ended, another agency's: no tasks.
    await createPublishedEvent(agency.id, ended({ title: '太早', startAt: '2026-01-08T01:00:00.000Z', endAt: '2026-01-08T03:00:00.000Z' }))
    const cancelled = await createPublishedEvent(agency.id, ended({ title: '取消' }))
    await env.DB.prepare(`UPDATE events SET status = 'cancelled' WHERE id = ?1`).bind(cancelled.id).run()
    await createPublishedEvent(agency.id, ended({ title: '未结束', startAt: '2026-03-10T01:00:00.000Z', endAt: '2026-03-10T04:00:00.000Z' }))
    await createPublishedEvent((await createAgency()).id, ended({ title: '他单位' }))

    setNow('2026-02-09T10:00:00+08:00')
    const febAdmin = await freshAdmin(agency.id)
    await api(`/staff/events/${feb.id}/summary`, { method: 'POST', token: febAdmin.token })
    expect((await publish(feb.id, febAdmin.token)).status).toBe(201)
    setNow('2026-03-10T10:00:00+08:00')

    const res = await api('/staff/disclosure-tasks', { token: organizer.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.json).toStrictEqual({
      tasks: [
        { kind: 'summary', eventId: jan.id, eventTitle: '一月', dueAt: '2026-01-29T15:59:59.000Z', doneAt: null, overdue: true },
        { kind: 'summary', eventId: event.id, eventTitle: '掌稳农产品安全之舵', dueAt: '2026-03-10T15:59:59.000Z', doneAt: null, overdue: false },
        { kind: 'answers', eventId: event.id, eventTitle: '掌稳农产品安全之舵', dueAt: '2026-03-17T15:59:59.000Z', doneAt: null, overdue: false },
        { kind: 'summary', eventId: feb.id, eventTitle: '二月', dueAt: '2026-02-09T15:59:59.000Z', doneAt: '2026-02-09T02:00:00.000Z', overdue: false },
      ],
    })

    // The digest closes the answers task.
    setNow('2026-03-11T10:00:00+08:00')
    const nextDay = await freshAdmin(agency.id)
    expect((await api(`/staff/events/${event.id}/answers-digest`, { method: 'POST', token: nextDay.token })).status).toBe(201)
    const after = await api('/staff/disclosure-tasks', { token: nextDay.token })
    expect(after.json.tasks.find((t: { kind: string; eventId: string }) => t.kind === 'answers' && t.eventId === event.id)).toStrictEqual({
      kind: 'answers',
      eventId: event.id,
      eventTitle: '掌稳农产品安全之舵',
      dueAt: '2026-03-17T15:59:59.000Z',
      doneAt: '2026-03-11T02:00:00.000Z',
      overdue: false,
    })
    // The summary of 3 March is now past its deadline.
    expect(after.json.tasks.find((t: { kind: string; eventId: string }) => t.kind === 'summary' && t.eventId === event.id).overdue).toBe(true)
  })
})

describe('the tasks query', () => {
  it('reads the window through events_status_end, and each event’s duties through their own indexes', async () => {
    const db = makeDb(env.DB)
    const { sql: text } = recentEndedEvents(db, 'agency', '2026-01-09T02:00:00.000Z', NOW_ISO).toSQL()
    const plan = (await queryPlan(text)).join('\n')
    expect(plan).toMatch(/SEARCH events USING INDEX events_status_end \(status=\? AND end_at>\? AND end_at<\?\)/)
    expect(plan).toMatch(/SEARCH event_summaries USING INDEX sqlite_autoindex_event_summaries_1 \(event_id=\?\)/)
    expect(plan).toMatch(/SEARCH posts USING INDEX posts_event \(event_id=\?\)/)
    expect(plan).toMatch(/SEARCH suggestions USING (COVERING )?INDEX suggestions_event_published_answers \(event_id=\?\)/)
    expect(plan).not.toMatch(/SCAN/)
  })
})

describe('GET /public/agencies/:id: disclosure figures', () => {
  it('counts the duties of events ended in the period that fell due or were done, and those on time', async () => {
    const { admin, agency, event } = await setup()
    await seedSuggestions(event.id, agency.id)
    // Summary published late (due 29 Jan, published 2 Feb); no public answers.
    const jan = await createPublishedEvent(agency.id, ended({ title: '一月', startAt: '2026-01-22T01:00:00.000Z', endAt: '2026-01-22T03:00:00.000Z' }))
    setNow('2026-02-02T10:00:00+08:00')
    const febAdmin = await freshAdmin(agency.id)
    await api(`/staff/events/${jan.id}/summary`, { method: 'POST', token: febAdmin.token })
    expect((await publish(jan.id, febAdmin.token)).status).toBe(201)
    // Ended in 2025 (another period), and one that is not yet due: neither counted.
    await createPublishedEvent(agency.id, ended({ title: '去年', startAt: '2025-12-01T01:00:00.000Z', endAt: '2025-12-01T03:00:00.000Z' }))
    setNow('2026-03-10T10:00:00+08:00')
    // 3 March: summary published today (on time); answers not due before 17 March.
    await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: admin.token })
    expect((await publish(event.id, admin.token)).status).toBe(201)

    const res = await api(`/public/agencies/${agency.id}?from=2026-01-01&to=2026-03-31`)
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    expect(res.json.disclosure).toStrictEqual({ summariesDue: 2, summariesOnTime: 1, answersDue: 0, answersOnTime: 0 })

    // After 17 March the undisclosed answers count as due and late.
    setNow('2026-03-18T10:00:00+08:00')
    const later = await api(`/public/agencies/${agency.id}?from=2026-01-01&to=2026-03-31`, { headers: { authorization: 'Bearer none' } })
    expect(later.json.disclosure).toStrictEqual({ summariesDue: 2, summariesOnTime: 1, answersDue: 1, answersOnTime: 0 })
  })
})

describe('who may use the summary routes', () => {
  it('admins and organizers of the event’s agency; other roles 403, anonymous 401, another agency 404, nothing written', async () => {
    const s = await setup()
    await seedSuggestions(s.event.id, s.agency.id)
    const edit = { title: '总结标题', body: '正文', nextSteps: '' }
    const routes: [string, string, unknown?][] = [
      ['GET', `/staff/events/${s.event.id}/summary`],
      ['POST', `/staff/events/${s.event.id}/summary`],
      ['PUT', `/staff/events/${s.event.id}/summary`, edit],
      ['POST', `/staff/events/${s.event.id}/summary/publish`],
      ['POST', `/staff/events/${s.event.id}/answers-digest`],
      ['GET', '/staff/disclosure-tasks'],
    ]
    const call = (method: string, path: string, body: unknown, token?: string) => api(path, { method, body, token })
    const refused: [string, string | undefined, number][] = [
      ['handler', s.handler.token, 403],
      ['checker', s.checker.token, 403],
      ['participant', s.participant.token, 403],
      ['anonymous', undefined, 401],
    ]
    for (const [method, path, body] of routes) {
      for (const [who, token, status] of refused) expect((await call(method, path, body, token)).status, `${who} ${method} ${path}`).toBe(status)
      if (!path.startsWith('/staff/disclosure-tasks')) {
        expect((await call(method, path, body, s.otherAdmin.token)).status, `other agency ${method} ${path}`).toBe(404)
      }
    }
    expect(await summaryRow(s.event.id)).toBeNull()
    expect(await postsOf(s.event.id)).toHaveLength(0)
    // Another agency's admin sees its own (empty) tasks, never these.
    expect((await api('/staff/disclosure-tasks', { token: s.otherAdmin.token })).json).toStrictEqual({ tasks: [] })

    // Both roles of the agency may do each step.
    const expected = [200, 201, 200, 201, 201, 200]
    for (const [i, [method, path, body]] of routes.entries()) {
      const token = i % 2 ? s.organizer.token : s.admin.token
      expect((await call(method, path, body, token)).status, `${method} ${path}`).toBe(expected[i])
    }
  })
})

describe('followers hear of a published summary and 答复公开', () => {
  it('writes one 关注动态 message per follower of the agency or the event, in the batch that publishes', async () => {
    const { admin, organizer, agency, event } = await setup()
    await seedSuggestions(event.id, agency.id)
    const [agencyFan, eventFan] = await Promise.all([createParticipant(), createParticipant()])
    await env.DB.batch([
      env.DB.prepare("INSERT INTO follows (id, participant_id, target_kind, target_id, created_at) VALUES (?1, ?2, 'agency', ?3, ?4)").bind(newId(), agencyFan.id, agency.id, NOW_ISO),
      env.DB.prepare("INSERT INTO follows (id, participant_id, target_kind, target_id, created_at) VALUES (?1, ?2, 'event', ?3, ?4)").bind(newId(), eventFan.id, event.id, NOW_ISO),
    ])
    const told = (postId: string) =>
      env.DB.prepare("SELECT participant_id, post_id, event_id FROM outbox WHERE kind = 'new_post' AND post_id = ?1 ORDER BY participant_id")
        .bind(postId)
        .all()
        .then((r) => r.results)
    const expected = (postId: string) =>
      [agencyFan.id, eventFan.id].sort().map((participant_id) => ({ participant_id, post_id: postId, event_id: event.id }))

    await api(`/staff/events/${event.id}/summary`, { method: 'POST', token: admin.token })
    const published = await publish(event.id, admin.token)
    expect(published.status).toBe(201)
    expect(await told(published.json.summary.postId)).toStrictEqual(expected(published.json.summary.postId))
    // A refused second publish tells nobody again.
    expect((await publish(event.id, admin.token)).status).toBe(409)
    expect(await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'new_post' AND event_id = ?1").bind(event.id).first()).toStrictEqual({ n: 2 })

    const digest = await api(`/staff/events/${event.id}/answers-digest`, { method: 'POST', token: organizer.token })
    expect(digest.status).toBe(201)
    expect(await told(digest.json.post.id)).toStrictEqual(expected(digest.json.post.id))
  })
})
