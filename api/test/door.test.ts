// At the door (issue 8 part 5, docs/door.md): search by name or the phone's last four (masked,
// compared exactly), manual check-in with a reason (stored, same rules as a scan, counted once),
// walk-ins (registration + check-in in one batch, never past capacity under real concurrency,
// counted separately), and who may do any of it.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { DAY, HOUR, api, createAgency, createParticipant, createPublishedEvent, createStaff, runningNow, signUp } from './support/fixtures'

async function setup(overrides = runningNow(), capacity = 30) {
  const agency = await createAgency()
  const checker = await createStaff(agency.id, 'checker')
  const event = await createPublishedEvent(agency.id, { ...overrides, capacity })
  return { agency, checker, event }
}

async function register(eventId: string, name: string, phone: string, category: any = 'citizen') {
  const p = await createParticipant()
  const res = await signUp(eventId, p.token, { name, phone, category })
  expect(res.status).toBe(201)
  return { ...res.json.registration, token: p.token }
}

const search = (eventId: string, token: string | undefined, q: string) =>
  api(`/events/${eventId}/door/search?q=${encodeURIComponent(q)}`, { token })
const manual = (eventId: string, token: string | undefined, body: unknown) => api(`/events/${eventId}/checkins/manual`, { body, token })
const walkIn = (eventId: string, token: string | undefined, body: unknown) => api(`/events/${eventId}/walk-ins`, { body, token })

const stored = (sql: string, ...binds: unknown[]) => env.DB.prepare(sql).bind(...binds).all().then((r) => r.results)

describe('door search (GET /events/:id/door/search)', () => {
  it('finds by part of the name and by the last four digits, masked, in one round trip', async () => {
    const { checker, event } = await setup()
    const a = await register(event.id, '欧阳娜娜', '13800001234', 'npc_deputy')
    const b = await register(event.id, '张三丰', '13911115678', 'media')
    await register(event.id, '李四', '13922221234')
    await api(`/me/registrations/${b.id}`, { method: 'DELETE', token: b.token })
    await env.DB.prepare(`INSERT INTO checkins (registration_id, event_id, staff_id, nonce, checked_in_at) VALUES (?1, ?2, ?3, 'n-1', '2026-03-10T01:30:00.000Z')`)
      .bind(a.id, event.id, checker.id)
      .run()

    const byName = await search(event.id, checker.token, '阳娜')
    expect(byName.status).toBe(200)
    expect(byName.roundTrips).toBe(1)
    expect(byName.json).toEqual({
      people: [
        {
          registrationId: a.id,
          nameMasked: '欧***',
          phoneMasked: '****1234',
          category: 'npc_deputy',
          status: 'active',
          source: 'signup',
          checkedIn: true,
          checkedInAt: '2026-03-10T01:30:00.000Z',
        },
      ],
      more: false,
    })
    const byPhone = await search(event.id, checker.token, '1234')
    expect(byPhone.json.people.map((p: any) => p.nameMasked).sort()).toEqual(['李*', '欧***'])
    const cancelled = await search(event.id, checker.token, ' 张三 ')
    expect(cancelled.json).toEqual({
      people: [
        { registrationId: b.id, nameMasked: '张**', phoneMasked: '****5678', category: 'media', status: 'cancelled', source: 'signup', checkedIn: false, checkedInAt: null },
      ],
      more: false,
    })
    // Nothing of the full name or phone in any answer.
    expect(JSON.stringify([byName.json, byPhone.json, cancelled.json])).not.toMatch(/娜娜|13800001234|三丰/)
  })

  it('the last four digits are read through the index on (event_id, substr(phone, -4))', async () => {
    const plan = await stored(`EXPLAIN QUERY PLAN SELECT r.id FROM registrations r WHERE r.event_id = ?1 AND substr(r.phone, -4) = ?2`, 'e', '1234')
    expect(JSON.stringify(plan)).toContain('registrations_event_phone4')
  })

  it('only this event’s registrations, at most 20, and says when there are more', async () => {
    const { agency, checker, event } = await setup()
    const other = await createPublishedEvent(agency.id, runningNow())
    await register(other.id, '王小明', '13700009999')
    for (let i = 0; i < 21; i++) await register(event.id, `王小${'甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌'[i]}`, `1370000${String(1000 + i)}`)
    const res = await search(event.id, checker.token, '王小')
    expect(res.json.people).toHaveLength(20)
    expect(res.json.more).toBe(true)
    expect((await search(event.id, checker.token, '9999')).json).toEqual({ people: [], more: false })
  })

  it.each([
    ['', '请输入姓名或手机号后4位'],
    ['12', '按手机号查找请输入后4位数字'],
    ['123456', '按手机号查找请输入后4位数字'],
    ['张', '姓名请至少输入2个字'],
    ["张'; --", '请输入姓名（汉字或字母）或手机号后4位'],
    ['%%', '请输入姓名（汉字或字母）或手机号后4位'],
  ])('q=%j is a 400 with a hint', async (q, message) => {
    const { checker, event } = await setup()
    const res = await search(event.id, checker.token, q)
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ error: { code: 'VALIDATION_FAILED', message, field: 'q' } })
  })

  it('staff of the event’s agency only', async () => {
    const { event } = await setup()
    await register(event.id, '欧阳娜娜', '13800001234')
    const stranger = await createStaff((await createAgency()).id, 'admin')
    const participant = await createParticipant()
    expect((await search(event.id, undefined, '1234')).status).toBe(401)
    expect((await search(event.id, participant.token, '1234')).status).toBe(403)
    const foreign = await search(event.id, stranger.token, '1234')
    expect(foreign.status).toBe(403)
    expect(JSON.stringify(foreign.json)).not.toContain('欧')
    expect((await search('no-such-event', stranger.token, '1234')).status).toBe(404)
  })
})

describe('manual check-in (POST /events/:id/checkins/manual)', () => {
  it('checks in with the reason stored, once, in one round trip', async () => {
    const { checker, event } = await setup()
    const reg = await register(event.id, '张三丰', '13811112222')
    const res = await manual(event.id, checker.token, { registrationId: reg.id, reason: '忘带手机' })
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    expect(res.json).toEqual({ result: 'checked_in', nameMasked: '张**', checkedInAt: '2026-03-10T02:00:00.000Z', manualReason: '忘带手机' })
    const again = await manual(event.id, checker.token, { registrationId: reg.id, reason: '票据无法显示' })
    expect(again.json).toEqual({ result: 'already_checked_in', nameMasked: '张**', checkedInAt: '2026-03-10T02:00:00.000Z', manualReason: '忘带手机' })
    // A scan afterwards is a duplicate too.
    expect((await api(`/events/${event.id}/checkins`, { body: { ticket: reg.ticket }, token: checker.token })).json.result).toBe('already_checked_in')
    expect(await stored('SELECT registration_id, staff_id, manual_reason, checked_in_at FROM checkins WHERE event_id = ?1', event.id)).toEqual([
      { registration_id: reg.id, staff_id: checker.id, manual_reason: '忘带手机', checked_in_at: '2026-03-10T02:00:00.000Z' },
    ])
    expect(await stored('SELECT checked_in_count FROM events WHERE id = ?1', event.id)).toEqual([{ checked_in_count: 1 }])
  })

  it('refuses a cancelled sign-up, another event’s, and outside the window; nothing stored', async () => {
    const { agency, checker, event } = await setup()
    const cancelled = await register(event.id, '张三丰', '13811112222')
    await api(`/me/registrations/${cancelled.id}`, { method: 'DELETE', token: cancelled.token })
    const other = await createPublishedEvent(agency.id, runningNow())
    const elsewhere = await register(other.id, '李四', '13811113333')
    const later = await createPublishedEvent(agency.id, { startAt: new Date(Date.now() + 3 * HOUR).toISOString(), endAt: new Date(Date.now() + 5 * HOUR).toISOString(), registrationClosesAt: new Date(Date.now() + HOUR).toISOString() })
    const early = await register(later.id, '王五', '13811114444')
    const ended = await createPublishedEvent(agency.id, { startAt: new Date(Date.now() - 5 * HOUR).toISOString(), endAt: new Date(Date.now() - HOUR).toISOString(), registrationOpensAt: new Date(Date.now() - 2 * DAY).toISOString(), registrationClosesAt: new Date(Date.now() - 6 * HOUR).toISOString() })
    const ok = await register(event.id, '赵六', '13811115555')
    await env.DB.prepare(`UPDATE registrations SET event_id = ?1 WHERE id = ?2`).bind(ended.id, ok.id).run()
    const cases: [string, string, number, string][] = [
      [event.id, cancelled.id, 409, '该报名已取消，不能签到；如本人到场，可为其现场登记'],
      [event.id, elsewhere.id, 404, '本场活动没有这条报名，请重新查找'],
      [later.id, early.id, 409, '签到尚未开始（活动开始前2小时开放）'],
      [ended.id, ok.id, 409, '活动已结束，不能再签到'],
    ]
    for (const [eventId, registrationId, status, message] of cases) {
      const res = await manual(eventId, checker.token, { registrationId, reason: '忘带手机' })
      expect(res.status, message).toBe(status)
      expect(res.json.error.message).toBe(message)
    }
    expect(await stored('SELECT count(*) AS n FROM checkins WHERE manual_reason IS NOT NULL AND staff_id = ?1', checker.id)).toEqual([{ n: 0 }])
  })

  it('refuses a sign-up still waiting for approval (审核); nothing stored', async () => {
    const { checker, event } = await setup(runningNow({ requiresApproval: true }))
    const pending = await register(event.id, '欧阳娜娜', '13811116666')
    expect(await stored('SELECT approval FROM registrations WHERE id = ?1', pending.id)).toEqual([{ approval: 'pending' }])
    const res = await manual(event.id, checker.token, { registrationId: pending.id, reason: '忘带手机' })
    expect(res.status).toBe(409)
    expect(res.json).toEqual({ error: { code: 'INVALID_STATE', message: '该报名尚在审核中，请先在“名额与审核”中通过后再签到' } })
    expect(await stored('SELECT count(*) AS n FROM checkins WHERE registration_id = ?1', pending.id)).toEqual([{ n: 0 }])
  })

  it('needs a reason and staff of the agency', async () => {
    const { checker, event } = await setup()
    const reg = await register(event.id, '张三丰', '13811112222')
    const stranger = await createStaff((await createAgency()).id, 'admin')
    const noReason = await manual(event.id, checker.token, { registrationId: reg.id })
    expect(noReason.status).toBe(400)
    expect(noReason.json.error.message).toBe('请选择或填写手动签到的原因')
    expect((await manual(event.id, checker.token, { registrationId: reg.id, reason: ' ' })).status).toBe(400)
    expect((await manual(event.id, checker.token, 'not json')).status).toBe(400)
    expect((await manual(event.id, undefined, { registrationId: reg.id, reason: '忘带手机' })).status).toBe(401)
    expect((await manual(event.id, (await createParticipant()).token, { registrationId: reg.id, reason: '忘带手机' })).status).toBe(403)
    expect((await manual(event.id, stranger.token, { registrationId: reg.id, reason: '忘带手机' })).status).toBe(403)
    expect(await stored('SELECT count(*) AS n FROM checkins WHERE registration_id = ?1', reg.id)).toEqual([{ n: 0 }])
  })
})

describe('walk-ins (POST /events/:id/walk-ins)', () => {
  const person = (i: number) => ({ name: `现场${'一二三四五六七八九十'[i % 10]}${i}`, phone: `1360000${String(1000 + i)}`, category: 'citizen' })

  it('registers and checks in at once, marked walk_in, with its own participant; counted separately', async () => {
    const { checker, event } = await setup()
    await register(event.id, '张三丰', '13811112222')
    const res = await walkIn(event.id, checker.token, { name: '刘备', phone: '13512345678', category: 'community_worker', organization: '东关街道' })
    expect(res.status).toBe(201)
    expect(res.roundTrips).toBe(1)
    const id = res.json.walkIn.registrationId
    expect(res.json).toEqual({
      walkIn: { registrationId: id, nameMasked: '刘*', phoneMasked: '****5678', category: 'community_worker', checkedInAt: '2026-03-10T02:00:00.000Z' },
      seatsLeft: 28,
      walkInCount: 1,
    })
    const [reg] = await stored('SELECT participant_id, name, phone, category, organization, status, source FROM registrations WHERE id = ?1', id)
    expect(reg).toEqual({ participant_id: (reg as any).participant_id, name: '刘备', phone: '13512345678', category: 'community_worker', organization: '东关街道', status: 'active', source: 'walk_in' })
    // A participant nobody can log in as: no phone, no openid.
    expect(await stored('SELECT phone, wechat_openid FROM participants WHERE id = ?1', (reg as any).participant_id)).toEqual([{ phone: null, wechat_openid: null }])
    expect(await stored('SELECT staff_id, manual_reason FROM checkins WHERE registration_id = ?1', id)).toEqual([{ staff_id: checker.id, manual_reason: null }])
    expect(await stored('SELECT registered_count, checked_in_count, walk_in_count FROM events WHERE id = ?1', event.id)).toEqual([
      { registered_count: 2, checked_in_count: 1, walk_in_count: 1 },
    ])
    const dash = await api(`/events/${event.id}/dashboard`, { token: checker.token })
    expect([dash.json.registered, dash.json.checkedIn, dash.json.walkIns]).toEqual([2, 1, 1])
  })

  it('never more people than seats, under real concurrency', async () => {
    const { checker, event } = await setup(runningNow(), 5)
    await register(event.id, '张三丰', '13811112222')
    const orphans = () => stored(`SELECT count(*) AS n FROM participants p WHERE NOT EXISTS (SELECT 1 FROM registrations r WHERE r.participant_id = p.id)`)
    const before = await orphans()
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => walkIn(event.id, checker.token, person(i))))
    expect(results.filter((r) => r.status === 201)).toHaveLength(4)
    const refused = results.filter((r) => r.status !== 201)
    expect(refused.map((r) => r.json)).toEqual(refused.map(() => ({ error: { code: 'EVENT_FULL', message: '名额已满，不能再现场登记' } })))
    expect(await stored(`SELECT count(*) AS n, sum(source = 'walk_in') AS walk_ins FROM registrations WHERE event_id = ?1 AND status = 'active'`, event.id)).toEqual([{ n: 5, walk_ins: 4 }])
    expect(await stored('SELECT registered_count, checked_in_count, walk_in_count FROM events WHERE id = ?1', event.id)).toEqual([
      { registered_count: 5, checked_in_count: 4, walk_in_count: 4 },
    ])
    // The refused ones left no participant behind.
    expect(await orphans()).toEqual(before)
  })

  it('take seats of the general pool only, never those reserved for invited representatives', async () => {
    const { checker, event } = await setup(runningNow({ quotas: { npc_deputy: 3 } }), 5)
    await register(event.id, '张三丰', '13811112222')
    const first = await walkIn(event.id, checker.token, { name: '刘备', phone: '13512345678', category: 'npc_deputy' })
    expect(first.status).toBe(201)
    const second = await walkIn(event.id, checker.token, { name: '关羽', phone: '13533334444', category: 'citizen' })
    expect(second.status).toBe(409)
    expect(second.json).toEqual({ error: { code: 'EVENT_FULL', message: '名额已满，不能再现场登记' } })
    expect(await stored('SELECT pool, taken FROM event_seats WHERE event_id = ?1 ORDER BY pool', event.id)).toEqual([{ pool: 'general', taken: 2 }])
    expect(await stored(`SELECT count(*) AS n FROM registrations WHERE event_id = ?1 AND source = 'walk_in'`, event.id)).toEqual([{ n: 1 }])
  })

  it('the same phone once per event, even at the same moment', async () => {
    const { checker, event } = await setup()
    const already = await register(event.id, '张三丰', '13811112222')
    const dup = await walkIn(event.id, checker.token, { name: '张三丰', phone: '13811112222', category: 'citizen' })
    expect(dup.status).toBe(409)
    expect(dup.json).toEqual({ error: { code: 'ALREADY_REGISTERED', message: '该手机号已报名本场活动，请用“查找”为其签到', field: 'phone' } })
    const same = await Promise.all(Array.from({ length: 5 }, () => walkIn(event.id, checker.token, { name: '关羽', phone: '13533334444', category: 'citizen' })))
    expect(same.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409])
    expect(await stored(`SELECT count(*) AS n FROM registrations WHERE event_id = ?1 AND phone IN ('13533334444', '13811112222')`, event.id)).toEqual([{ n: 2 }])
    expect(already.id).toBeTruthy()
  })

  it('a walk-in whose registration insert is skipped (as a collision of random codes would) leaves no participant behind', async () => {
    const { checker, event } = await setup()
    const orphans = () => stored(`SELECT count(*) AS n FROM participants p WHERE NOT EXISTS (SELECT 1 FROM registrations r WHERE r.participant_id = p.id)`)
    const before = await orphans()
    // What ON CONFLICT DO NOTHING does to the insert when two random 签到码 collide: nothing, silently.
    await env.DB.prepare(`CREATE TRIGGER test_skip_walk_in BEFORE INSERT ON registrations WHEN NEW.name = '撞码人' BEGIN SELECT RAISE(IGNORE); END`).run()
    try {
      const res = await walkIn(event.id, checker.token, { ...person(1), name: '撞码人' })
      expect(res.json).toEqual({ error: { code: 'INVALID_STATE', message: '登记未成功，请重新提交' } })
    } finally {
      await env.DB.prepare(`DROP TRIGGER test_skip_walk_in`).run()
    }
    expect(await orphans()).toEqual(before)
    expect(await stored('SELECT registered_count, walk_in_count FROM events WHERE id = ?1', event.id)).toEqual([{ registered_count: 0, walk_in_count: 0 }])
  })

  it('a cancelled walk-in leaves the walk-in count', async () => {
    const { checker, event } = await setup()
    const res = await walkIn(event.id, checker.token, person(1))
    await env.DB.prepare(`UPDATE registrations SET status = 'cancelled' WHERE id = ?1`).bind(res.json.walkIn.registrationId).run()
    expect(await stored('SELECT registered_count, walk_in_count FROM events WHERE id = ?1', event.id)).toEqual([{ registered_count: 0, walk_in_count: 0 }])
  })

  it('refused outside the check-in window, for a cancelled event, and for bad input; nothing stored', async () => {
    const { agency, checker } = await setup()
    const later = await createPublishedEvent(agency.id, { startAt: new Date(Date.now() + 3 * HOUR).toISOString(), endAt: new Date(Date.now() + 5 * HOUR).toISOString(), registrationClosesAt: new Date(Date.now() + HOUR).toISOString() })
    const cancelled = await createPublishedEvent(agency.id, runningNow())
    await env.DB.prepare(`UPDATE events SET status = 'cancelled' WHERE id = ?1`).bind(cancelled.id).run()
    const early = await walkIn(later.id, checker.token, person(1))
    expect(early.json).toEqual({ error: { code: 'INVALID_STATE', message: '现场登记尚未开始（活动开始前2小时开放）' } })
    expect((await walkIn(cancelled.id, checker.token, person(2))).json).toEqual({ error: { code: 'INVALID_STATE', message: '活动已取消，不能现场登记' } })
    const { event } = await setup()
    const bad = [{ ...person(3), phone: '12345' }, { ...person(3), name: '刘' }, { ...person(3), category: 'alien' }, {}]
    for (const body of bad) expect((await walkIn(event.id, checker.token, body)).status).toBe(400)
    expect(await stored(`SELECT count(*) AS n FROM registrations WHERE event_id IN (?1, ?2, ?3)`, later.id, cancelled.id, event.id)).toEqual([{ n: 0 }])
  })

  it('staff of the event’s agency only', async () => {
    const { event } = await setup()
    const stranger = await createStaff((await createAgency()).id, 'admin')
    expect((await walkIn(event.id, undefined, person(1))).status).toBe(401)
    expect((await walkIn(event.id, (await createParticipant()).token, person(1))).status).toBe(403)
    expect((await walkIn(event.id, stranger.token, person(1))).status).toBe(403)
    expect(await stored('SELECT walk_in_count FROM events WHERE id = ?1', event.id)).toEqual([{ walk_in_count: 0 }])
  })
})
