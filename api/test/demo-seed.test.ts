import { env } from 'cloudflare:test'
import { EVALUATION_COUNTER_WIDTH, EVALUATION_STEP as SHARED_STEP, summarize, summaryDueAt, type EvaluationKeyResponse } from '@openday/shared'
import { blindTokenRequest, finalizeToken, newTokenMessage } from '@openday/shared/evaluation-token'
import { describe, expect, it } from 'vitest'
import {
  COMMENT_SLOT_BYTES,
  COUNTER_WIDTH,
  DEMO_ANSWERS_POST_ID,
  DEMO_CITIZEN_PHONE,
  DEMO_DISCLOSURE_CODES,
  DEMO_SUMMARY_POST_ID,
  DEMO_AGENCY_ID,
  DEMO_CHECKPOINTS,
  DEMO_EVENT_ID,
  DEMO_PAST_EVENT_ID,
  DEMO_SECOND_AGENCY,
  DEMO_STAFF,
  DEMO_TRACKING_CODE,
  DEMO_VENUE_POINTS,
  EVALUATION_STEP,
  PAST_EVALUATION,
  DEMO_INVITATIONS,
  demoSeedStatements,
} from '../../scripts/demo-data.mjs'
import { blindSign, publicKeyResponse, verifyToken } from '../src/evaluations/keys'
import { COMMENT_SLOT_BYTES as API_SLOT_BYTES, decodeComment } from '../src/evaluations/queries'
import { SHORT_CODE_PATTERN } from '../src/lib/ids'
import { makeDb } from '../src/lib/db'
import { buildFigures, figureQueries, summaryEvent, type FigureRows } from '../src/summaries/queries'
import { digestText } from '../src/summaries/routes'
import { FIXED_NOW, setNow } from './support/clock'
import { DAY, api } from './support/fixtures'
import { sendCode, verifyCode } from './support/sms'

// The demo that `npm start` seeds (scripts/demo-data.mjs), run here on a real local D1 with the
// migrations' triggers, exactly as scripts/seed.mjs runs it: two batches, two transactions.

const random = async (n: number) => crypto.getRandomValues(new Uint8Array(n))
const PERSON_TABLES = ['agencies', 'departments', 'staff_users', 'events', 'participants', 'verified_phones', 'registrations', 'checkins', 'suggestions', 'suggestion_trail', 'checkpoints', 'waitlist_entries', 'waitlist_events']
const EVALUATION_TABLES = ['evaluation_keys', 'evaluation_tallies', 'evaluation_spent_tokens', 'evaluation_comment_slots']
const ALL_TABLES = [...PERSON_TABLES, 'event_counts', ...EVALUATION_TABLES]

async function runSeed(now = new Date()) {
  const { people, evaluation } = await demoSeedStatements({ now, evaluationKeySecret: env.EVALUATION_KEY_SECRET })
  await env.DB.batch(people.map((s) => env.DB.prepare(s)))
  await env.DB.batch(evaluation.map((s) => env.DB.prepare(s)))
  return { people, evaluation }
}

async function tables() {
  const out: Record<string, unknown[]> = {}
  for (const t of ALL_TABLES) {
    const order = t === 'event_counts' ? 'event_id, category' : t === 'verified_phones' ? 'participant_id, phone' : 'rowid'
    out[t] = (await env.DB.prepare(`SELECT * FROM ${t} ORDER BY ${order}`).all()).results
  }
  return out
}

async function staffToken(username: string) {
  const s = [...DEMO_STAFF, DEMO_SECOND_AGENCY.staff].find((x) => x.username === username)!
  const res = await api('/auth/staff/login', { body: { username: s.username, password: s.password } })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return res.json.token as string
}

const rows = async <T>(sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).all<T>()).results

describe('the demo seed', () => {
  it('uses the formats of the API and shared code', () => {
    expect(COUNTER_WIDTH).toBe(EVALUATION_COUNTER_WIDTH)
    expect(COMMENT_SLOT_BYTES).toBe(API_SLOT_BYTES)
    expect(EVALUATION_STEP).toBe(SHARED_STEP)
  })

  it('keeps people and evaluation data in separate transactions', async () => {
    const { people, evaluation } = await demoSeedStatements({ evaluationKeySecret: 'any' })
    const tablesOf = (statements: string[]) =>
      new Set(statements.flatMap((s) => [...s.matchAll(/\b(?:INTO|FROM|UPDATE)\s+([a-z_]+)/g)].map((m) => m[1])))
    const personSide = [...tablesOf(people)]
    const evaluationSide = [...tablesOf(evaluation)]
    expect(personSide.filter((t) => t.startsWith('evaluation_'))).toStrictEqual([])
    expect(evaluationSide.filter((t) => !EVALUATION_TABLES.includes(t))).toStrictEqual([])
  })

  it('runs twice and the second run, a day later, adds and changes nothing', async () => {
    await runSeed()
    const first = await tables()
    setNow(new Date(Date.parse(FIXED_NOW) + DAY))
    await runSeed()
    expect(await tables()).toStrictEqual(first)
    expect(first.events.map((e: any) => e.id)).toStrictEqual([DEMO_EVENT_ID, DEMO_PAST_EVENT_ID, DEMO_SECOND_AGENCY.kitchenEventId, DEMO_SECOND_AGENCY.eventId])
    expect(first.staff_users.map((s: any) => [s.username, s.role, s.department_id, s.active])).toStrictEqual([
      ['demo', 'admin', null, 1],
      ['organizer', 'organizer', null, 1],
      ['checker', 'checker', null, 1],
      ['handler', 'handler', 'demo-dept-jiance', 1],
      ['scjg', 'admin', null, 1],
    ])
  })

  it('moves only an ended upcoming demo forward, keeping every id', async () => {
    await runSeed()
    const before = await tables()
    setNow(new Date(Date.parse(FIXED_NOW) + 30 * DAY))
    await runSeed()
    const after = await tables()
    const [upcomingBefore, pastBefore, kitchenBefore, secondBefore] = before.events as any[]
    const [upcomingAfter, pastAfter, kitchenAfter, secondAfter] = after.events as any[]
    expect(pastAfter).toStrictEqual(pastBefore)
    expect(secondAfter).toStrictEqual(secondBefore)
    for (const [b, a] of [[upcomingBefore, upcomingAfter], [kitchenBefore, kitchenAfter]]) {
      expect(Date.parse(a.start_at) - Date.parse(b.start_at), a.id).toBe(30 * DAY)
      expect(Date.parse(a.start_at), a.id).toBeGreaterThan(Date.now())
    }
    for (const t of ALL_TABLES.filter((t) => t !== 'events')) expect(after[t], t).toStrictEqual(before[t])
  })

  it('counts on the events match the rows, as the triggers keep them', async () => {
    await runSeed()
    const counted = await rows<Record<string, number | string>>(
      `SELECT e.id, e.registered_count, e.checked_in_count, e.suggestion_count,
              (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'active') AS registered,
              (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'cancelled') AS cancelled,
              (SELECT count(*) FROM checkins c WHERE c.event_id = e.id) AS checked_in,
              (SELECT count(*) FROM suggestions s WHERE s.event_id = e.id) AS suggestions
       FROM events e ORDER BY e.id`,
    )
    expect(counted).toStrictEqual([
      { id: DEMO_EVENT_ID, registered_count: 6, checked_in_count: 0, suggestion_count: 0, registered: 6, cancelled: 0, checked_in: 0, suggestions: 0 },
      { id: DEMO_PAST_EVENT_ID, registered_count: 26, checked_in_count: 23, suggestion_count: 7, registered: 26, cancelled: 4, checked_in: 23, suggestions: 7 },
      { id: DEMO_SECOND_AGENCY.eventId, registered_count: 0, checked_in_count: 0, suggestion_count: 6, registered: 0, cancelled: 0, checked_in: 0, suggestions: 6 },
      { id: DEMO_SECOND_AGENCY.kitchenEventId, registered_count: 8, checked_in_count: 0, suggestion_count: 0, registered: 8, cancelled: 0, checked_in: 0, suggestions: 0 },
    ])
    const byCategory = await rows(
      `SELECT r.event_id, r.category, count(*) AS registered, count(c.registration_id) AS checked_in
       FROM registrations r LEFT JOIN checkins c ON c.registration_id = r.id WHERE r.status = 'active'
       GROUP BY r.event_id, r.category ORDER BY r.event_id, r.category`,
    )
    expect(await rows('SELECT event_id, category, registered, checked_in FROM event_counts WHERE registered > 0 ORDER BY event_id, category')).toStrictEqual(
      byCategory,
    )
    // Every sign-up used a phone its account verified by SMS (a walk-in has no account: docs/door.md),
    // and short codes are real 签到码.
    expect(await rows(`SELECT r.id FROM registrations r LEFT JOIN verified_phones v ON v.participant_id = r.participant_id AND v.phone = r.phone WHERE v.phone IS NULL AND r.source = 'signup'`)).toStrictEqual([])
    // The door block: two walk-ins on the past open day, counted by trigger, and one manual check-in.
    expect(await rows(`SELECT id, walk_in_count FROM events WHERE walk_in_count > 0`)).toStrictEqual([{ id: DEMO_PAST_EVENT_ID, walk_in_count: 2 }])
    expect(await rows(`SELECT registration_id, manual_reason FROM checkins WHERE manual_reason IS NOT NULL`)).toStrictEqual([{ registration_id: 'demo-reg-past-15', manual_reason: '忘带手机' }])
    for (const r of await rows<{ short_code: string }>('SELECT short_code FROM registrations')) expect(r.short_code).toMatch(SHORT_CODE_PATTERN)
    // Check-ins inside the check-in window (2 h before the start until the end).
    expect(
      await rows(`SELECT c.registration_id FROM checkins c JOIN events e ON e.id = c.event_id
                  WHERE c.checked_in_at < strftime('%Y-%m-%dT%H:%M:%fZ', e.start_at, '-2 hours') OR c.checked_in_at > e.end_at`),
    ).toStrictEqual([])
  })

  it('shows the past open day on the dashboard: counts, categories, published evaluation, released comments', async () => {
    await runSeed()
    const token = await staffToken('demo')
    const dash = await api(`/events/${DEMO_PAST_EVENT_ID}/dashboard`, { token })
    expect(dash.status).toBe(200)
    // In the order of CATEGORY_CODES, as the dashboard lists them.
    const byCategory = [
      { category: 'citizen', registered: 9, checkedIn: 8 },
      { category: 'employee', registered: 4, checkedIn: 4 },
      { category: 'community_worker', registered: 5, checkedIn: 4 },
      { category: 'npc_deputy', registered: 3, checkedIn: 3 },
      { category: 'cppcc_member', registered: 3, checkedIn: 3 },
      { category: 'enterprise', registered: 1, checkedIn: 1 },
      { category: 'media', registered: 1, checkedIn: 0 },
    ]
    expect(dash.json).toStrictEqual({
      eventId: DEMO_PAST_EVENT_ID,
      capacity: 30,
      registered: 26,
      checkedIn: 23,
      walkIns: 2,
      byCategory,
      // 签到点: the past open day has only its entrance.
      points: [{ id: 'entrance', kind: 'entrance', name: '入口签到', checkedIn: 23, exited: 0, insideNow: 23 }],
      suggestions: 7,
      evaluations: {
        count: 20,
        averages: { measures: 4.6, results: 4.45, procedures: 4.35, service: 4.7, conduct: 4.65, integrity: 4.8 },
        overall: 4.59,
        distribution: PAST_EVALUATION.tallies,
      },
      updatedAt: new Date(FIXED_NOW).toISOString(),
    })
    const comments = await api(`/events/${DEMO_PAST_EVENT_ID}/evaluation-comments`, { token })
    expect(comments.status).toBe(200)
    expect([...comments.json.comments].sort()).toStrictEqual([...PAST_EVALUATION.comments].sort())
  })

  it('stores the evaluation as the API does, with nothing that points to a person', async () => {
    await runSeed()
    const tallies = await rows<{ live: string; published: string; dimension: string; level: number }>(
      'SELECT dimension, level, live, published FROM evaluation_tallies WHERE event_id = ?1',
      DEMO_PAST_EVENT_ID,
    )
    expect(tallies).toHaveLength(30)
    for (const t of tallies) {
      expect(t.live).toMatch(new RegExp(`^\\d{${EVALUATION_COUNTER_WIDTH}}$`))
      expect(t.published).toBe(t.live)
    }
    const spent = await rows<{ token_hash: string }>('SELECT * FROM evaluation_spent_tokens')
    expect(spent).toHaveLength(PAST_EVALUATION.answers)
    for (const s of spent) expect(Object.keys(s).sort()).toStrictEqual(['event_id', 'token_hash'])
    for (const s of spent) expect(s.token_hash).toMatch(/^[0-9a-f]{64}$/)
    const slots = await rows<{ batch: number; filled: number; size: number }>(
      'SELECT batch, filled, length(body) AS size FROM evaluation_comment_slots WHERE event_id = ?1 ORDER BY id',
      DEMO_PAST_EVENT_ID,
    )
    expect(slots.map((s) => [s.batch, s.filled, s.size])).toStrictEqual([
      ...Array.from({ length: 5 }, () => [0, 1, COMMENT_SLOT_BYTES]),
      ...Array.from({ length: 5 }, () => [1, 1, COMMENT_SLOT_BYTES]),
      ...Array.from({ length: 5 }, () => [2, 0, COMMENT_SLOT_BYTES]),
    ])
    // Comments sit in shuffled slots, not in the order of any list (1 chance in 10! to fail by luck).
    const inSlots = (await rows<{ body: ArrayBuffer }>('SELECT body FROM evaluation_comment_slots WHERE filled = 1 ORDER BY id')).map((r) =>
      decodeComment(r.body),
    )
    expect(inSlots).not.toStrictEqual(PAST_EVALUATION.comments)
    // No value of any sign-up (ids, names, phones, codes, blinded requests) in any evaluation row.
    const personValues = (await rows<Record<string, string | null>>('SELECT id, participant_id, name, phone, short_code, evaluation_request FROM registrations'))
      .flatMap((r) => Object.values(r))
      .filter((v): v is string => typeof v === 'string')
    const evaluationText = JSON.stringify(await rows('SELECT * FROM evaluation_tallies')) + JSON.stringify(spent) +
      (await rows<{ body: string }>('SELECT hex(body) AS body FROM evaluation_comment_slots')).map((r) => r.body).join('')
    expect(personValues.filter((v) => evaluationText.includes(v))).toStrictEqual([])
  })

  it('seals the evaluation key so the API opens it: blind-signs a real request and the token verifies', async () => {
    await runSeed()
    const [stored] = await rows<{ public_key: string; private_key: string }>('SELECT * FROM evaluation_keys WHERE event_id = ?1', DEMO_PAST_EVENT_ID)
    const key: EvaluationKeyResponse = publicKeyResponse(DEMO_PAST_EVENT_ID, stored.public_key)
    const request = await blindTokenRequest(key, await newTokenMessage(DEMO_PAST_EVENT_ID, random), random)
    const sealed = { publicKey: stored.public_key, privateKey: stored.private_key }
    const blind = await blindSign(env.EVALUATION_KEY_SECRET, DEMO_PAST_EVENT_ID, sealed, request.blindedMessage)
    expect(blind).not.toBeNull()
    expect(await verifyToken(stored.public_key, request.message, finalizeToken(key, request, blind!))).toBe(true)
    // The blinded requests stored with the sign-ups are numbers the key can sign.
    for (const r of await rows<{ evaluation_request: string }>(
      // Walk-ins have none: nobody's device sent one at the door (docs/door.md).
      "SELECT evaluation_request FROM registrations WHERE event_id = ?1 AND source = 'signup'",
      DEMO_PAST_EVENT_ID,
    )) {
      expect(await blindSign(env.EVALUATION_KEY_SECRET, DEMO_PAST_EVENT_ID, sealed, r.evaluation_request)).not.toBeNull()
    }
    // Bound to its event and its secret.
    await expect(blindSign(env.EVALUATION_KEY_SECRET, DEMO_EVENT_ID, sealed, request.blindedMessage)).rejects.toThrow()
    await expect(blindSign('another-secret', DEMO_PAST_EVENT_ID, sealed, request.blindedMessage)).rejects.toThrow()
  })

  it('lists the open days, answers the tracking code, and logs in every demo account', async () => {
    await runSeed()
    const list = await api('/events')
    // The upcoming days first (the 阳光厨房 day is full: 候补), then the past ones.
    expect(list.json.events.map((e: { id: string }) => e.id)).toStrictEqual([DEMO_EVENT_ID, DEMO_SECOND_AGENCY.kitchenEventId, DEMO_PAST_EVENT_ID, DEMO_SECOND_AGENCY.eventId])
    const tracked = await api(`/suggestions/${DEMO_TRACKING_CODE}`)
    expect(tracked.status).toBe(200)
    expect(tracked.json.suggestion.status).toBe('closed')
    expect(tracked.json.suggestion.answer).toMatch(/公示屏/)
    for (const s of DEMO_STAFF) await staffToken(s.username)
    await staffToken(DEMO_SECOND_AGENCY.staff.username)
    // The checker scans; it may not edit events.
    const checker = await staffToken('checker')
    expect((await api(`/events/${DEMO_EVENT_ID}`, { method: 'PATCH', body: { capacity: 40 }, token: checker })).status).toBe(403)
  })

  it('fills the second agency’s 阳光厨房 day and puts three people on its waiting list, as the API keeps them', async () => {
    await runSeed()
    const detail = (await api(`/events/${DEMO_SECOND_AGENCY.kitchenEventId}`)).json.event
    expect([detail.capacity, detail.seatsLeft, detail.status]).toStrictEqual([8, 0, 'published'])
    const list = await api(`/events/${DEMO_SECOND_AGENCY.kitchenEventId}/waitlist`, { token: await staffToken(DEMO_SECOND_AGENCY.staff.username) })
    expect(list.status).toBe(200)
    expect(list.json.waiting).toBe(3)
    expect(list.json.offered).toBe(0)
    expect(list.json.entries.map((e: any) => [e.id, e.position, e.nameMasked, e.phoneMasked, e.category, e.status])).toStrictEqual([
      ['demo-wait-kitchen-1', 1, '苏**', '139****0618', 'citizen', 'waiting'],
      ['demo-wait-kitchen-2', 2, '杨**', '139****1234', 'citizen', 'waiting'],
      ['demo-wait-kitchen-3', 3, '马*', '182****8853', 'citizen', 'waiting'],
    ])
    // Each joined with a phone its account verified, and the trail has each join.
    expect(
      await rows(`SELECT w.id FROM waitlist_entries w LEFT JOIN verified_phones v ON v.participant_id = w.participant_id AND v.phone = w.phone WHERE v.phone IS NULL`),
    ).toStrictEqual([])
    expect(await rows(`SELECT entry_id, from_status, to_status, by FROM waitlist_events ORDER BY entry_id`)).toStrictEqual(
      [1, 2, 3].map((i) => ({ entry_id: `demo-wait-kitchen-${i}`, from_status: null, to_status: 'waiting', by: 'participant' })),
    )
    // Another agency's organiser sees nothing of it.
    expect((await api(`/events/${DEMO_SECOND_AGENCY.kitchenEventId}/waitlist`, { token: await staffToken('demo') })).status).toBe(403)
  })

  it('gives the upcoming lab tour its 签到点, in order, as the door and the stop pages show them', async () => {
    await runSeed()
    const res = await api(`/events/${DEMO_EVENT_ID}/checkpoints`, { token: await staffToken('checker') })
    expect(res.status).toBe(200)
    expect(res.json.points.map((p: { name: string; kind: string; active: boolean }) => [p.name, p.kind, p.active])).toEqual([
      ['入口签到', 'entrance', true],
      ['情况介绍', 'talk', true],
      ['样品前处理室', 'stop', true],
      ['农药残留前处理', 'stop', true],
      ['气相色谱仪', 'stop', true],
      ['原子吸收分光光度计', 'stop', true],
      ['面对面座谈', 'talk', true],
    ])
    expect(res.json.points[4].description).toBe(DEMO_CHECKPOINTS[3].description)
    expect(res.json.points[4].description).toMatch(/色谱柱/)
  })

  it('puts every demo venue on the map in 固原 (GCJ-02), as the API validates and shows it', async () => {
    await runSeed()
    const points: Record<string, [number | null, number | null]> = {}
    for (const id of [DEMO_EVENT_ID, DEMO_PAST_EVENT_ID, DEMO_SECOND_AGENCY.eventId, DEMO_SECOND_AGENCY.kitchenEventId]) {
      const { json } = await api(`/events/${id}`)
      points[id] = [json.event.venueLat, json.event.venueLng]
      // Within a few kilometres of 固原市原州区 (about 36.0 N, 106.24 E).
      expect(Math.abs(json.event.venueLat - 36.0), id).toBeLessThan(0.05)
      expect(Math.abs(json.event.venueLng - 106.24), id).toBeLessThan(0.05)
    }
    expect(points).toStrictEqual({
      [DEMO_EVENT_ID]: DEMO_VENUE_POINTS.centre,
      [DEMO_PAST_EVENT_ID]: DEMO_VENUE_POINTS.centre,
      [DEMO_SECOND_AGENCY.eventId]: DEMO_VENUE_POINTS.market,
      [DEMO_SECOND_AGENCY.kitchenEventId]: DEMO_VENUE_POINTS.market,
    })
    const stored = await rows<{ venue_lat: number; venue_lng: number }>('SELECT venue_lat, venue_lng FROM events WHERE id = ?1', DEMO_EVENT_ID)
    expect(stored).toStrictEqual([{ venue_lat: DEMO_VENUE_POINTS.centre[0], venue_lng: DEMO_VENUE_POINTS.centre[1] }])
  })

  it('gives the demo citizen, after SMS login, a ticket for the upcoming day and a checked-in past day', async () => {
    await runSeed()
    const sent = await sendCode(DEMO_CITIZEN_PHONE)
    expect(sent.status).toBe(200)
    const login = await verifyCode(DEMO_CITIZEN_PHONE, sent.json.devCode)
    expect(login.status).toBe(200)
    const mine = await api('/me/registrations', { token: login.json.token })
    const summary = mine.json.registrations.map((r: any) => [r.eventId, r.status, r.phoneMasked, r.ticket !== null, r.checkedInAt !== null])
    expect(summary).toStrictEqual([
      [DEMO_EVENT_ID, 'active', '139****1234', true, false],
      [DEMO_PAST_EVENT_ID, 'active', '139****1234', true, true],
    ])
    // 候补: second in line for the second agency's full 阳光厨房 day.
    expect(mine.json.waitlist.map((w: any) => [w.id, w.eventId, w.status, w.place, w.offerExpiresAt, w.event.status])).toStrictEqual([
      ['demo-wait-kitchen-2', DEMO_SECOND_AGENCY.kitchenEventId, 'waiting', 2, null, 'published'],
    ])
    // 我的消息: the day-before reminder and the invitation to evaluate, both sent by SMS.
    const notices = (await api('/me/notifications', { token: login.json.token })).json.notifications
    expect(notices.map((n: any) => [n.kind, n.status, n.channel, n.eventId])).toStrictEqual([
      ['new_post', 'sent', 'sms', DEMO_EVENT_ID],
      ['evaluation_invite', 'sent', 'sms', DEMO_PAST_EVENT_ID],
      ['event_reminder', 'sent', 'sms', DEMO_PAST_EVENT_ID],
    ])
    expect(notices[0].page).toBe('pages/post/index?id=demo-post-preview-upcoming')
    expect(notices[1].title).toBe('请您评价：快检进市场 安全看得见——蔬菜肉品快速检测开放日')
    // 我的关注: both agencies and the upcoming open day.
    const follows = (await api('/me/follows', { token: login.json.token })).json.follows
    expect(follows.map((f: any) => [f.kind, f.targetId])).toStrictEqual([
      ['event', DEMO_EVENT_ID],
      ['agency', DEMO_SECOND_AGENCY.id],
      ['agency', DEMO_AGENCY_ID],
    ])
  })

  it('publishes the past open day’s 活动总结 with its 索引号 and figures from the data, and its 答复公开', async () => {
    await runSeed()
    const codes = await rows<{ id: string; code: string }>('SELECT id, disclosure_code AS code FROM agencies ORDER BY id')
    expect(Object.fromEntries(codes.map((c) => [c.id, c.code]))).toStrictEqual(DEMO_DISCLOSURE_CODES)

    const summaryPost = (await api(`/public/posts/${DEMO_SUMMARY_POST_ID}`)).json.post
    expect(summaryPost.kind).toBe('summary')
    expect(summaryPost.disclosure).toStrictEqual({
      indexNo: `640400017/${summaryPost.publishedAt.slice(0, 4)}-00001`,
      publisher: '固原市农业农村局',
      issuedAt: summaryPost.publishedAt,
      method: '主动公开',
      validity: '有效',
    })
    expect(summaryPost.body).toContain('\n\n六、下一步工作\n\n一是')
    expect(summaryPost.summary).toBe(summarize(summaryPost.body))
    // Within the 5 working days of the rule.
    const [event] = await rows<{ endAt: string }>('SELECT end_at AS endAt FROM events WHERE id = ?', DEMO_PAST_EVENT_ID)
    expect(summaryPost.publishedAt <= summaryDueAt(event.endAt)).toBe(true)

    // What staff see: the published draft, its figures as the API builds them from the same data
    // (who came and the evaluation have not changed since; the suggestions were counted as they stood then).
    const organizer = await staffToken('organizer')
    const mine = (await api(`/staff/events/${DEMO_PAST_EVENT_ID}/summary`, { token: organizer })).json.summary
    expect(mine).toMatchObject({ status: 'published', postId: DEMO_SUMMARY_POST_ID, indexNo: summaryPost.disclosure.indexNo, publishedAt: summaryPost.publishedAt })
    expect(`${mine.body}\n\n六、下一步工作\n\n${mine.nextSteps}`).toBe(summaryPost.body)
    const db = makeDb(env.DB)
    const [[row], ...figureRows] = await db.batch([summaryEvent(db, DEMO_PAST_EVENT_ID), ...figureQueries(db, DEMO_PAST_EVENT_ID)])
    const now = buildFigures(row, figureRows as FigureRows, mine.figures.builtAt)
    expect(mine.figures.event).toStrictEqual(now.event)
    expect(mine.figures.attendance).toStrictEqual(now.attendance)
    expect(mine.figures.evaluation).toStrictEqual(now.evaluation)
    expect(mine.figures.suggestions.received).toBe(now.suggestions.received)
    expect(mine.figures.suggestions.topics).toStrictEqual(now.suggestions.topics)
    expect(mine.figures.suggestions.answered).toBeLessThanOrEqual(now.suggestions.answered)

    // 答复公开: the answers public by then, written exactly as the API writes a digest; nothing new since.
    const digest = (await api(`/public/posts/${DEMO_ANSWERS_POST_ID}`)).json.post
    expect(digest.kind).toBe('answers')
    expect(digest.disclosure).toBeUndefined()
    const answers = (await api(`/public/events/${DEMO_PAST_EVENT_ID}/answers`)).json.answers.filter((a: any) => a.answeredAt < digest.publishedAt).reverse()
    expect(answers).toHaveLength(2)
    expect(digest.body).toBe(digestText({ title: row.title, hostUnit: row.hostUnit }, answers))
    const again = await api(`/staff/events/${DEMO_PAST_EVENT_ID}/answers-digest`, { method: 'POST', token: organizer })
    expect(again.json.error.code).toBe('NOTHING_TO_PUBLISH')

    // Both duties of the past open day are done, on time.
    const tasks = (await api('/staff/disclosure-tasks', { token: organizer })).json.tasks.filter((t: any) => t.eventId === DEMO_PAST_EVENT_ID)
    expect(tasks.map((t: any) => [t.kind, t.doneAt, t.overdue])).toStrictEqual([
      ['summary', summaryPost.publishedAt, false],
      ['answers', digest.publishedAt, false],
    ])
    // The print page of the summary.
    const print = await api(`/public/posts/${DEMO_SUMMARY_POST_ID}/print`)
    expect(print.status).toBe(200)
    expect(print.json).toContain(`<td>${summaryPost.disclosure.indexNo}</td>`)
  })

  it('fills 动态 with posts of every kind the events leave, for both agencies', async () => {
    await runSeed()
    const feed = (await api('/public/feed')).json.posts
    expect(feed.map((p: any) => p.kind).sort()).toStrictEqual(['answers', 'article', 'article', 'change', 'preview', 'preview', 'preview', 'summary'])
    const theirs = (await api(`/public/feed?agencyId=${DEMO_SECOND_AGENCY.id}`)).json.posts
    expect(theirs.map((p: any) => [p.kind, p.eventId ?? null])).toStrictEqual([
      ['preview', DEMO_SECOND_AGENCY.kitchenEventId],
      ['article', null],
    ])
    const mine = (await api(`/public/feed?agencyId=${DEMO_AGENCY_ID}`)).json.posts
    expect(mine).toHaveLength(6)
    expect(mine[0].title).toBe('活动预告｜掌稳农产品安全之舵 守护百姓‘舌尖上的安全’')
  })

  it('leaves suggestions in every state of their handling, each with its trail, for the staff, the citizen and the public pages', async () => {
    await runSeed()
    const states = await rows<{ id: string; status: string; department_id: string | null; close_reason: string | null; reopen_count: number; steps: number }>(
      `SELECT s.id, s.status, s.department_id, s.close_reason, s.reopen_count, (SELECT count(*) FROM suggestion_trail t WHERE t.suggestion_id = s.id) AS steps
       FROM suggestions s WHERE s.event_id = ? ORDER BY s.id`,
      DEMO_PAST_EVENT_ID,
    )
    expect(states).toStrictEqual([
      { id: 'demo-suggestion-1', status: 'closed', department_id: 'demo-dept-zhiliang', close_reason: 'satisfied', reopen_count: 0, steps: 4 },
      { id: 'demo-suggestion-2', status: 'answered', department_id: 'demo-dept-jiance', close_reason: null, reopen_count: 0, steps: 3 },
      { id: 'demo-suggestion-3', status: 'reopened', department_id: 'demo-dept-bangong', close_reason: null, reopen_count: 1, steps: 4 },
      { id: 'demo-suggestion-4', status: 'assigned', department_id: 'demo-dept-zhiliang', close_reason: null, reopen_count: 0, steps: 2 },
      { id: 'demo-suggestion-5', status: 'received', department_id: null, close_reason: null, reopen_count: 0, steps: 1 },
      { id: 'demo-suggestion-6', status: 'assigned', department_id: 'demo-dept-jiance', close_reason: null, reopen_count: 0, steps: 2 },
      { id: 'demo-suggestion-7', status: 'returned', department_id: null, close_reason: null, reopen_count: 0, steps: 3 },
    ])
    // One overdue (4), one due by the end of the next working day (6), one reopened with a deadline ahead (3).
    const due = Object.fromEntries(
      (await rows<{ id: string; due_at: string }>(`SELECT id, due_at FROM suggestions WHERE event_id = ? AND due_at IS NOT NULL`, DEMO_PAST_EVENT_ID)).map((r) => [r.id, r.due_at]),
    )
    const now = Date.now()
    expect(Date.parse(due['demo-suggestion-4'])).toBeLessThan(now)
    expect(Date.parse(due['demo-suggestion-6'])).toBeGreaterThan(now)
    expect(Date.parse(due['demo-suggestion-6'])).toBeLessThan(now + 4 * DAY)
    expect(Date.parse(due['demo-suggestion-3'])).toBeGreaterThan(now)
    // The handler of 检测科 sees only its department's items.
    const handler = await staffToken('handler')
    const mine = await api('/staff/suggestions', { token: handler })
    expect(mine.status).toBe(200)
    expect(mine.json.items.map((i: { id: string }) => i.id).sort()).toStrictEqual(['demo-suggestion-2', 'demo-suggestion-6'])
    // The citizen's view: the answer awaits a rating.
    const awaiting = await api('/suggestions/YJ8N3V6WC2GJ7PLS5E')
    expect([awaiting.json.suggestion.status, awaiting.json.suggestion.awaitingRating]).toStrictEqual(['answered', true])
    // Both agencies have public figures; the second agency's six items make it ranked.
    const ranking = await api('/public/rankings')
    expect(ranking.status).toBe(200)
    const ranked = Object.fromEntries(ranking.json.agencies.map((a: any) => [a.agency.id, [a.figures.received, a.rank !== null]]))
    expect(ranked).toStrictEqual({ 'demo-agency-guyuan-nyncj': [7, true], [DEMO_SECOND_AGENCY.id]: [6, true] })
  })
})

// Seats (docs/seats.md): the upcoming open day's reserved seats and its two group invitations.
describe('the demo seed: invited seats', () => {
  it('gives the upcoming open day quotas and invitations that work, and a second run changes nothing', async () => {
    await runSeed()
    const seats = async () => ({
      invitations: await rows('SELECT * FROM invitations ORDER BY id'),
      quotas: await rows('SELECT quotas FROM events WHERE id = ?1', DEMO_EVENT_ID),
      pools: await rows('SELECT pool, taken FROM event_seats WHERE event_id = ?1 ORDER BY pool', DEMO_EVENT_ID),
    })
    const first = await seats()
    expect(first.quotas).toStrictEqual([{ quotas: '{"npc_deputy":5,"cppcc_member":5}' }])
    expect(first.pools).toStrictEqual([{ pool: 'general', taken: 6 }])
    setNow(new Date(Date.parse(FIXED_NOW) + DAY))
    await runSeed()
    expect(await seats()).toStrictEqual(first)
    const [npc] = DEMO_INVITATIONS
    const check = await api(`/public/invitations/${npc.code.toLowerCase()}`)
    expect(check.json).toStrictEqual({
      eventId: DEMO_EVENT_ID,
      eventTitle: '掌稳农产品安全之舵 守护百姓‘舌尖上的安全’',
      category: 'npc_deputy',
      categoryLabel: '人大代表',
      valid: true,
    })
    const token = await staffToken('organizer')
    const list = await api(`/events/${DEMO_EVENT_ID}/invitations`, { token })
    const byCode = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]))
    expect(list.json.invitations.map((i: any) => [i.code, i.category, i.maxUses, i.usedCount]).sort(byCode)).toStrictEqual(
      DEMO_INVITATIONS.map((i) => [i.code, i.category, i.maxUses, 0]).sort(byCode),
    )
  })
})

