import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { advance } from './support/clock'
import { DAY, HOUR, api, createAgency, createParticipant, createPublishedEvent, createStaff, runningNow, signUp } from './support/fixtures'

// Check-in points (签到点, docs/checkpoints.md). The clock is frozen at FIXED_NOW (02:00:00Z),
// the first second of a 30-second code window.

async function setup(overrides = runningNow()) {
  const agency = await createAgency()
  const organizer = await createStaff(agency.id, 'organizer')
  const checker = await createStaff(agency.id, 'checker')
  const event = await createPublishedEvent(agency.id, overrides)
  return { agency, organizer, checker, event }
}

const addPoint = (eventId: string, token: string, body: Record<string, unknown>) =>
  api(`/events/${eventId}/checkpoints`, { body, token })

async function withPoint(overrides = runningNow()) {
  const s = await setup(overrides)
  const res = await addPoint(s.event.id, s.organizer.token, { name: '气相色谱仪', kind: 'stop', description: '分离并测定农药残留', images: ['/assets/gc.jpg'] })
  expect(res.status).toBe(201)
  return { ...s, point: res.json.point as { id: string } }
}

const scan = (eventId: string, token: string, body: Record<string, unknown>) => api(`/events/${eventId}/checkins`, { body, token })

async function person(eventId: string, name = '李四光') {
  const p = await createParticipant()
  const reg = (await signUp(eventId, p.token, { name, category: 'citizen' })).json.registration as { id: string; ticket: string }
  return { ...p, reg }
}

const pointRow = (id: string) =>
  env.DB.prepare('SELECT checked_in_count AS checkedIn, exited_count AS exited FROM checkpoints WHERE id = ?1').bind(id).first()

describe('managing points', () => {
  it('organisers add and edit points; the list puts the entrance first with its counts, in one round trip', async () => {
    const { event, organizer, checker } = await setup()
    const talk = await addPoint(event.id, organizer.token, { name: '情况介绍', kind: 'talk' })
    expect(talk.status).toBe(201)
    expect(talk.json).toEqual({
      point: { id: talk.json.point.id, kind: 'talk', name: '情况介绍', description: '', images: [], position: 1, active: true, checkedIn: 0, exited: 0, insideNow: 0 },
    })
    const gc = await addPoint(event.id, organizer.token, {
      name: '  气相色谱仪 ',
      description: '气相色谱仪把样品中的农药分离开来逐一测定。',
      images: ['https://example.org/gc.jpg', '/assets/demo/gc.png'],
    })
    expect(gc.json.point).toMatchObject({ name: '气相色谱仪', kind: 'stop', position: 2 })
    const stored = await env.DB.prepare('SELECT name, kind, images, position, active FROM checkpoints WHERE id = ?1').bind(gc.json.point.id).first()
    expect(stored).toEqual({ name: '气相色谱仪', kind: 'stop', images: '["https://example.org/gc.jpg","/assets/demo/gc.png"]', position: 2, active: 1 })

    const off = await api(`/events/${event.id}/checkpoints/${talk.json.point.id}`, { method: 'PATCH', body: { active: false, name: '情况介绍会' }, token: organizer.token })
    expect(off.status).toBe(200)
    expect(off.json.point).toMatchObject({ active: false, name: '情况介绍会' })

    const list = await api(`/events/${event.id}/checkpoints`, { token: checker.token })
    expect(list.status).toBe(200)
    expect(list.roundTrips).toBe(1)
    expect(list.json.points.map((p: { id: string; active: boolean }) => [p.id, p.active])).toEqual([
      ['entrance', true],
      [gc.json.point.id, true],
      [talk.json.point.id, false],
    ])
    expect(list.json.points[0]).toEqual({ id: 'entrance', kind: 'entrance', name: '入口签到', description: '', images: [], position: -1, active: true, checkedIn: 0, exited: 0, insideNow: 0 })
  })

  it('refuses bad input with 400 and a 21st point with 409', async () => {
    const { event, organizer } = await setup()
    const bad = [
      {},
      { name: '' },
      { name: '名'.repeat(31) },
      { name: '点', kind: 'lab' },
      { name: '点', description: '字'.repeat(501) },
      { name: '点', images: ['http://insecure.example/a.jpg'] },
      { name: '点', images: ['javascript:alert(1)'] },
      { name: '点', images: Array.from({ length: 7 }, (_, i) => `/assets/${i}.jpg`) },
      { name: '点', position: -1 },
      { name: '点', position: 1.5 },
    ]
    for (const body of bad) {
      const res = await addPoint(event.id, organizer.token, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
    }
    const malformed = await api(`/events/${event.id}/checkpoints`, { body: '{not json', token: organizer.token })
    expect(malformed.status).toBe(400)
    const points = await Promise.all(Array.from({ length: 22 }, (_, i) => addPoint(event.id, organizer.token, { name: `点${i}` })))
    expect(points.filter((r) => r.status === 201)).toHaveLength(20)
    expect(points.filter((r) => r.status === 409).map((r) => r.json.error.code)).toEqual(['CHECKPOINT_LIMIT', 'CHECKPOINT_LIMIT'])
    expect(await env.DB.prepare('SELECT count(*) AS n FROM checkpoints WHERE event_id = ?1').bind(event.id).first()).toEqual({ n: 20 })
    const emptyPatch = await api(`/events/${event.id}/checkpoints/${points.find((r) => r.status === 201)!.json.point.id}`, { method: 'PATCH', body: {}, token: organizer.token })
    expect(emptyPatch.status).toBe(400)
  })

  it('authorisation: organisers of the agency manage, any staff of the agency reads, nobody else', async () => {
    const { event, organizer, checker, point } = await withPoint()
    const handler = await createStaff(organizer.agencyId, 'handler')
    const outsider = await createStaff((await createAgency()).id, 'admin')
    const participant = await createParticipant()
    const patch = (token?: string) => api(`/events/${event.id}/checkpoints/${point.id}`, { method: 'PATCH', body: { name: '改名' }, token })
    const add = (token?: string) => addPoint(event.id, token!, { name: '新点' })
    expect((await add(checker.token)).status).toBe(403)
    expect((await add(handler.token)).status).toBe(403)
    expect((await add(outsider.token)).status).toBe(403)
    expect((await add(participant.token)).status).toBe(403)
    expect((await add(undefined)).status).toBe(401)
    expect((await patch(checker.token)).status).toBe(403)
    expect((await patch(outsider.token)).status).toBe(403)
    expect((await patch(participant.token)).status).toBe(403)
    expect((await patch()).status).toBe(401)
    expect((await env.DB.prepare('SELECT name FROM checkpoints WHERE event_id = ?1').bind(event.id).all()).results).toEqual([{ name: '气相色谱仪' }])
    expect((await api(`/events/${event.id}/checkpoints`, { token: outsider.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/checkpoints`, { token: participant.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/checkpoints`)).status).toBe(401)
    expect((await api(`/events/${event.id}/checkpoints/${point.id}/code`, { token: outsider.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/checkpoints/${point.id}/code`, { token: participant.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/checkpoints/${point.id}/code`, { token: checker.token })).status).toBe(200)
    expect((await api(`/events/${event.id}/checkpoints/${point.id}/code`, { token: organizer.token })).status).toBe(200)
    // A point of another event is not this event's.
    const other = await createPublishedEvent(organizer.agencyId, runningNow())
    expect((await api(`/events/${other.id}/checkpoints/${point.id}`, { method: 'PATCH', body: { name: 'x' }, token: organizer.token })).status).toBe(404)
    expect((await api(`/events/${other.id}/checkpoints/${point.id}/code`, { token: organizer.token })).status).toBe(404)
    // Staff tokens cannot self-scan.
    const code = (await api(`/events/${event.id}/checkpoints/${point.id}/code`, { token: checker.token })).json.code
    expect((await api('/checkpoints/scan', { body: { code }, token: checker.token })).status).toBe(403)
    expect((await api('/checkpoints/scan', { body: { code } })).status).toBe(401)
  })
})

describe('staff scans at a point', () => {
  it('several devices scanning the same tickets concurrently count each person once per point', async () => {
    const { event, checker, organizer, point } = await withPoint()
    const other = await createStaff(organizer.agencyId, 'checker')
    const people = await Promise.all([person(event.id, '王五一'), person(event.id, '赵六二'), person(event.id, '钱七三')])
    const scans = people.flatMap((p) => [checker, other, organizer, checker].map((s) => scan(event.id, s.token, { ticket: p.reg.ticket, checkpointId: point.id })))
    const results = await Promise.all(scans)
    expect(results.every((r) => r.status === 200 && r.roundTrips === 1)).toBe(true)
    const counts = results.map((r) => r.json.result).sort()
    expect(counts.filter((r) => r === 'checked_in')).toHaveLength(3)
    expect(counts.filter((r) => r === 'already_checked_in')).toHaveLength(9)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM checkpoint_scans WHERE checkpoint_id = ?1').bind(point.id).first()).toEqual({ n: 3 })
    expect(await pointRow(point.id)).toEqual({ checkedIn: 3, exited: 0 })
    // The entrance is untouched: a stop is not the door.
    expect(await env.DB.prepare('SELECT count(*) AS n FROM checkins WHERE event_id = ?1').bind(event.id).first()).toEqual({ n: 0 })
    const first = results.find((r) => r.json.result === 'checked_in')!
    expect(first.json).toEqual({
      result: 'checked_in',
      checkpointId: point.id,
      direction: 'in',
      attendee: { nameMasked: first.json.attendee.nameMasked, category: 'citizen' },
      checkedInAt: '2026-03-10T02:00:00.000Z',
    })
    const stored = await env.DB.prepare('SELECT source, staff_id IS NOT NULL AS byStaff, event_id FROM checkpoint_scans WHERE checkpoint_id = ?1 LIMIT 1').bind(point.id).first()
    expect(stored).toEqual({ source: 'staff', byStaff: 1, event_id: event.id })
    // Staff of another agency: refused, and nothing written.
    const outsider = await createStaff((await createAgency()).id, 'checker')
    const late = await person(event.id, '卫十六')
    expect((await scan(event.id, outsider.token, { ticket: late.reg.ticket, checkpointId: point.id })).status).toBe(403)
    expect(await pointRow(point.id)).toEqual({ checkedIn: 3, exited: 0 })
  })

  it('exit scans: at a point and at the entrance, once, and only after a check-in there; insideNow follows', async () => {
    const { event, checker, point } = await withPoint()
    const a = await person(event.id, '孙八')
    const b = await person(event.id, '周九')
    const out = (ticket: string, checkpointId?: string) => scan(event.id, checker.token, { ticket, direction: 'out', ...(checkpointId ? { checkpointId } : {}) })
    expect((await out(a.reg.ticket, point.id)).json.result).toBe('not_checked_in')
    expect((await out(a.reg.ticket)).json.result).toBe('not_checked_in')
    await scan(event.id, checker.token, { ticket: a.reg.ticket })
    await scan(event.id, checker.token, { ticket: b.reg.ticket })
    await scan(event.id, checker.token, { ticket: a.reg.ticket, checkpointId: point.id })
    await scan(event.id, checker.token, { ticket: b.reg.ticket, checkpointId: point.id, direction: 'in' })
    advance(10 * 60_000)
    const exits = await Promise.all([out(a.reg.ticket, point.id), out(a.reg.ticket, point.id), out(a.reg.ticket, point.id)])
    expect(exits.map((r) => r.json.result).sort()).toEqual(['already_exited', 'already_exited', 'exited'])
    expect(exits.find((r) => r.json.result === 'exited')!.json).toEqual({
      result: 'exited',
      checkpointId: point.id,
      direction: 'out',
      attendee: { nameMasked: '孙*', category: 'citizen' },
      checkedInAt: '2026-03-10T02:00:00.000Z',
      exitedAt: '2026-03-10T02:10:00.000Z',
    })
    expect(await pointRow(point.id)).toEqual({ checkedIn: 2, exited: 1 })
    const entranceOut = await Promise.all([out(b.reg.ticket), out(b.reg.ticket)])
    expect(entranceOut.map((r) => r.json.result).sort()).toEqual(['already_exited', 'exited'])
    expect(await env.DB.prepare('SELECT exited_at FROM checkins WHERE registration_id = ?1').bind(b.reg.id).first()).toEqual({ exited_at: '2026-03-10T02:10:00.000Z' })
    expect(await env.DB.prepare('SELECT checked_in_count AS c, exited_count AS x FROM events WHERE id = ?1').bind(event.id).first()).toEqual({ c: 2, x: 1 })

    const list = await api(`/events/${event.id}/checkpoints`, { token: checker.token })
    expect(list.json.points.map((p: { checkedIn: number; exited: number; insideNow: number }) => [p.checkedIn, p.exited, p.insideNow])).toEqual([
      [2, 1, 1],
      [2, 1, 1],
    ])
    const dash = await api(`/events/${event.id}/dashboard`, { token: checker.token })
    expect(dash.roundTrips).toBe(1)
    expect(dash.json.points).toEqual([
      { id: 'entrance', kind: 'entrance', name: '入口签到', checkedIn: 2, exited: 1, insideNow: 1 },
      { id: point.id, kind: 'stop', name: '气相色谱仪', checkedIn: 2, exited: 1, insideNow: 1 },
    ])
  })

  it('applies the entrance rules at a point: other event, cancelled, outside the window, inactive or unknown point', async () => {
    const { event, checker, organizer, point } = await withPoint()
    const a = await person(event.id)
    const other = await createPublishedEvent(organizer.agencyId, runningNow())
    const stranger = await person(other.id)
    expect((await scan(event.id, checker.token, { ticket: stranger.reg.ticket, checkpointId: point.id })).json).toEqual({
      result: 'wrong_event',
      checkpointId: point.id,
      direction: 'in',
    })
    await api(`/me/registrations/${a.reg.id}`, { method: 'DELETE', token: a.token })
    expect((await scan(event.id, checker.token, { ticket: a.reg.ticket, checkpointId: point.id })).json.result).toBe('cancelled')
    expect((await scan(event.id, checker.token, { ticket: 'ZZZZZZZZ', checkpointId: point.id })).json.result).toBe('invalid')
    const unknown = await scan(event.id, checker.token, { ticket: a.reg.ticket, checkpointId: 'no-such-point-0000' })
    expect(unknown.status).toBe(404)
    // A point of another event cannot be scanned at from this event.
    const otherPoint = (await addPoint(other.id, organizer.token, { name: '别处' })).json.point
    expect((await scan(event.id, checker.token, { ticket: a.reg.ticket, checkpointId: otherPoint.id })).status).toBe(404)
    expect(await pointRow(otherPoint.id)).toEqual({ checkedIn: 0, exited: 0 })
    const b = await person(event.id)
    await api(`/events/${event.id}/checkpoints/${point.id}`, { method: 'PATCH', body: { active: false }, token: organizer.token })
    const inactive = await scan(event.id, checker.token, { ticket: b.reg.ticket, checkpointId: point.id })
    expect(inactive.status).toBe(409)
    expect(inactive.json.error.code).toBe('CHECKPOINT_INACTIVE')
    expect(await pointRow(point.id)).toEqual({ checkedIn: 0, exited: 0 })
    // Outside the window: an event that ended.
    const later = await withPoint(runningNow())
    const c = await person(later.event.id)
    advance(3 * HOUR)
    expect((await scan(later.event.id, later.checker.token, { ticket: c.reg.ticket, checkpointId: later.point.id })).json.result).toBe('ended')
    expect(await pointRow(later.point.id)).toEqual({ checkedIn: 0, exited: 0 })
    // Another agency's staff cannot scan here.
    const outsider = await createStaff((await createAgency()).id, 'checker')
    expect((await scan(later.event.id, outsider.token, { ticket: c.reg.ticket, checkpointId: later.point.id })).status).toBe(403)
    expect((await scan(event.id, checker.token, { ticket: c.reg.ticket, direction: 'sideways' })).status).toBe(400)
  })

  it('a point scan before the window opens is not_open and writes nothing', async () => {
    const { event, checker, point } = await withPoint({
      ...runningNow(),
      startAt: new Date(Date.now() + DAY).toISOString(),
      endAt: new Date(Date.now() + DAY + HOUR).toISOString(),
    })
    const a = await person(event.id)
    expect((await scan(event.id, checker.token, { ticket: a.reg.ticket, checkpointId: point.id })).json.result).toBe('not_open')
    expect(await pointRow(point.id)).toEqual({ checkedIn: 0, exited: 0 })
  })
})

describe('participants scanning a point’s code', () => {
  async function ready() {
    const s = await withPoint()
    const a = await person(s.event.id, '吴十一')
    await scan(s.event.id, s.checker.token, { ticket: a.reg.ticket })
    const code = await api(`/events/${s.event.id}/checkpoints/${s.point.id}/code`, { token: s.checker.token })
    return { ...s, a, code: code.json as { code: string; url: string; validUntil: string; windowSeconds: number } }
  }
  const selfScan = (token: string, code: string) => api('/checkpoints/scan', { body: { code }, token })

  it('the staff screen gets a compact code, its stop URL and when it changes', async () => {
    const { code, point, event, checker } = await ready()
    expect(code.windowSeconds).toBe(30)
    expect(code.validUntil).toBe('2026-03-10T02:00:30.000Z')
    expect(code.code.length).toBeLessThanOrEqual(50)
    expect(code.code.startsWith(`${point.id}.`)).toBe(true)
    expect(code.url).toBe(`http://openday.test/#/pages/stop/index?c=${encodeURIComponent(code.code)}`)
    advance(30_000)
    const next = (await api(`/events/${event.id}/checkpoints/${point.id}/code`, { token: checker.token })).json
    expect(next.code).not.toBe(code.code)
    expect(next.validUntil).toBe('2026-03-10T02:01:00.000Z')
  })

  it('the current code checks the person in once, with source self, and answers the stop page', async () => {
    const { a, code, point, event, checker } = await ready()
    // Someone else checked in at the door who does not scan: not checked in here.
    const other = await person(event.id, '蒋十七')
    await scan(event.id, checker.token, { ticket: other.reg.ticket })
    const res = await selfScan(a.token, code.code)
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    expect(res.json).toEqual({
      eventId: event.id,
      eventTitle: event.title,
      point: { id: point.id, name: '气相色谱仪', kind: 'stop', description: '分离并测定农药残留', images: ['/assets/gc.jpg'] },
      newlyCheckedIn: true,
      checkedInAt: '2026-03-10T02:00:00.000Z',
    })
    const twice = await Promise.all([selfScan(a.token, code.code), selfScan(a.token, code.url)])
    expect(twice.map((r) => r.json.newlyCheckedIn)).toEqual([false, false])
    expect((await env.DB.prepare('SELECT source, staff_id, registration_id FROM checkpoint_scans WHERE checkpoint_id = ?1').bind(point.id).all()).results).toEqual([
      { source: 'self', staff_id: null, registration_id: a.reg.id },
    ])
    expect(await pointRow(point.id)).toEqual({ checkedIn: 1, exited: 0 })
  })

  it('accepts the previous window’s code (shown at second 29) and refuses older ones', async () => {
    const { a, code, point, event, checker } = await ready()
    advance(30_000)
    expect((await selfScan(a.token, code.code)).status).toBe(200)
    const b = await person(event.id, '郑十二')
    await scan(event.id, checker.token, { ticket: b.reg.ticket })
    advance(30_000)
    const old = await selfScan(b.token, code.code)
    expect(old.status).toBe(410)
    expect(old.json).toEqual({ error: { code: 'CHECKPOINT_CODE_EXPIRED', message: '二维码已过期，请扫描工作人员屏幕上的最新二维码' } })
    expect(await pointRow(point.id)).toEqual({ checkedIn: 1, exited: 0 })
  })

  it('refuses forged and altered codes, and codes of a point of another event', async () => {
    const { a, code, point, organizer } = await ready()
    const [id, win, mac] = code.code.split('.')
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
    const forged = [
      `${id}.${win}.${flip(mac, 0)}`,
      `${id}.${win}.${flip(mac, 15)}`,
      `${id}.${(parseInt(win, 36) + 1).toString(36)}.${mac}`,
      `${flip(id, 3)}.${win}.${mac}`,
      'not a code',
      `${id}.${win}`,
    ]
    for (const f of forged) {
      const res = await selfScan(a.token, f)
      expect(res.status, f).toBe(400)
      expect(res.json.error.code, f).toBe('CHECKPOINT_CODE_INVALID')
    }
    expect((await selfScan(a.token, '')).status).toBe(400)
    // A genuine code of a point of another event the person did not sign up to.
    const other = await createPublishedEvent(organizer.agencyId, runningNow())
    const otherPoint = (await addPoint(other.id, organizer.token, { name: '别处的点' })).json.point
    const otherCode = (await api(`/events/${other.id}/checkpoints/${otherPoint.id}/code`, { token: organizer.token })).json.code
    const res = await selfScan(a.token, otherCode)
    expect(res.status).toBe(403)
    expect(res.json).toEqual({ error: { code: 'NOT_SIGNED_UP', message: '您没有报名本场活动，或报名已取消，不能在此签到' } })
    expect(await env.DB.prepare('SELECT count(*) AS n FROM checkpoint_scans WHERE checkpoint_id IN (?1, ?2)').bind(point.id, otherPoint.id).first()).toEqual({ n: 0 })
  })

  it('refuses a cancelled sign-up, someone not checked in at the entrance, and an inactive point', async () => {
    const { code, point, event, organizer, checker } = await ready()
    const notIn = await person(event.id, '冯十三')
    const res = await selfScan(notIn.token, code.code)
    expect(res.status).toBe(409)
    expect(res.json).toEqual({ error: { code: 'NOT_CHECKED_IN', message: '请先在入口出示电子票签到，再扫描签到点的二维码' } })
    // A sign-up cancelled (before the door: a checked-in one cannot be cancelled).
    const gone = await person(event.id, '褚十五')
    expect((await api(`/me/registrations/${gone.reg.id}`, { method: 'DELETE', token: gone.token })).status).toBe(200)
    const cancelled = await selfScan(gone.token, code.code)
    expect(cancelled.status).toBe(403)
    expect(cancelled.json.error.code).toBe('NOT_SIGNED_UP')
    const c = await person(event.id, '陈十四')
    await scan(event.id, checker.token, { ticket: c.reg.ticket })
    await api(`/events/${event.id}/checkpoints/${point.id}`, { method: 'PATCH', body: { active: false }, token: organizer.token })
    const inactive = await selfScan(c.token, code.code)
    expect(inactive.status).toBe(409)
    expect(inactive.json.error.code).toBe('CHECKPOINT_INACTIVE')
    expect((await api(`/events/${event.id}/checkpoints/${point.id}/code`, { token: organizer.token })).status).toBe(409)
    expect(await pointRow(point.id)).toEqual({ checkedIn: 0, exited: 0 })
  })

  it('refuses after the event and with a revoked session, writing nothing', async () => {
    const { a, point, event, checker } = await ready()
    const code = async () => (await api(`/events/${event.id}/checkpoints/${point.id}/code`, { token: checker.token })).json.code as string
    await env.DB.prepare('UPDATE participants SET token_version = token_version + 1 WHERE id = ?1').bind(a.id).run()
    expect((await selfScan(a.token, await code())).status).toBe(401)
    expect(await pointRow(point.id)).toEqual({ checkedIn: 0, exited: 0 })
    const b = await person(event.id, '沈十八')
    await scan(event.id, checker.token, { ticket: b.reg.ticket })
    advance(2 * HOUR + 60_000)
    const ended = await selfScan(b.token, await code())
    expect(ended.status).toBe(409)
    expect(ended.json).toEqual({ error: { code: 'INVALID_STATE', message: '活动已结束，不能再签到' } })
    expect(await pointRow(point.id)).toEqual({ checkedIn: 0, exited: 0 })
  })
})
