// 签到名单 (GET /events/:id/roster) for the offline door, and the entrance check-in when two doors
// scanned one ticket offline: the first scan (by scan time) wins, whichever arrives first.
import { env } from 'cloudflare:test'
import type { Roster } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { newId, newShortCode } from '../src/lib/ids'
import { setNow } from './support/clock'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, signUp } from './support/fixtures'

const EVENT = {
  startAt: '2026-03-10T09:00:00+08:00',
  endAt: '2026-03-10T11:00:00+08:00',
  registrationOpensAt: '2026-03-01T09:00:00+08:00',
  registrationClosesAt: '2026-03-10T08:00:00+08:00',
}
const iso = (at: string) => new Date(at).toISOString()

async function setup() {
  setNow('2026-03-05T12:00:00+08:00')
  const agency = await createAgency()
  const event = await createPublishedEvent(agency.id, { ...EVENT, title: '农产品检测实验室开放日' })
  return { agency, event }
}

const roster = (eventId: string, token: string, headers?: Record<string, string>) => api(`/events/${eventId}/roster`, { token, headers })
const scan = (eventId: string, token: string, ticket: string, nonce: string, scannedAt: string) =>
  api(`/events/${eventId}/checkins`, { token, body: { ticket, nonce, scannedAt } })

async function storedCheckins(eventId: string) {
  const rows = await env.DB.prepare(
    'SELECT registration_id, staff_id, nonce, checked_in_at FROM checkins WHERE event_id = ?1 ORDER BY registration_id',
  )
    .bind(eventId)
    .all()
  const counts = await env.DB.prepare(
    "SELECT e.checked_in_count, (SELECT SUM(checked_in) FROM event_counts WHERE event_id = e.id) AS by_category FROM events e WHERE e.id = ?1",
  )
    .bind(eventId)
    .first()
  return { rows: rows.results, checkedIn: counts?.checked_in_count, byCategory: counts?.by_category }
}

describe('GET /events/:id/roster', () => {
  it('lists every sign-up masked, with cancellations and check-ins, and no phone numbers', async () => {
    const { agency, event } = await setup()
    const a = (await signUp(event.id, (await createParticipant()).token, { name: '张三丰', category: 'npc_deputy', phone: '13912345678' })).json.registration
    setNow('2026-03-05T12:01:00+08:00')
    const b = (await signUp(event.id, (await createParticipant()).token, { name: '欧阳娜娜', category: 'citizen', phone: '13812345678' })).json.registration
    setNow('2026-03-05T12:02:00+08:00')
    const c = (await signUp(event.id, (await createParticipant()).token, { name: '李四', category: 'media', phone: '13712345678' })).json.registration
    await env.DB.prepare("UPDATE registrations SET status = 'cancelled' WHERE id = ?1").bind(c.id).run()
    setNow('2026-03-10T09:10:00+08:00')
    const door = await createStaff(agency.id, 'checker')
    expect((await scan(event.id, door.token, b.ticket, 'roster-scan-b-01', '2026-03-10T09:05:00+08:00')).json.result).toBe('checked_in')

    const res = await roster(event.id, door.token)
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    const publicKey = (await api('/tickets/public-key')).json.publicKey
    const body = res.json as Roster
    expect(body).toEqual({
      v: 1,
      event: { id: event.id, title: '农产品检测实验室开放日', startAt: iso(EVENT.startAt), endAt: iso(EVENT.endAt), status: 'published' },
      publicKey,
      staff: [`工作人员${door.id.slice(0, 2)}`],
      ids: [a.id, b.id, c.id],
      codes: [a.shortCode, b.shortCode, c.shortCode],
      names: ['张**', '欧***', '李*'],
      categories: ['npc_deputy', 'citizen', 'media'],
      statuses: ['active', 'active', 'cancelled'],
      checkedInAt: [null, iso('2026-03-10T09:05:00+08:00'), null],
      checkedInBy: [null, 0, null],
      etag: body.etag,
    })
    expect(res.headers.get('etag')).toBe(`"${body.etag}"`)
    const text = JSON.stringify(body)
    for (const secret of ['13912345678', '5678', '张三丰', '欧阳娜娜', '李四', a.ticket, b.ticket]) expect(text).not.toContain(secret)
  })

  it('answers 304 with no body while nothing changed, and a new list after a check-in or a cancellation', async () => {
    const { agency, event } = await setup()
    const a = (await signUp(event.id, (await createParticipant()).token)).json.registration
    setNow('2026-03-10T09:10:00+08:00')
    const door = await createStaff(agency.id, 'checker')
    const first = await roster(event.id, door.token)
    const tag = first.headers.get('etag')!
    const same = await roster(event.id, door.token, { 'If-None-Match': tag })
    expect(same.status).toBe(304)
    expect(same.json).toBe('')
    expect(same.headers.get('etag')).toBe(tag)
    expect((await roster(event.id, door.token, { 'If-None-Match': `W/${tag}, "other"` })).status).toBe(304)

    await scan(event.id, door.token, a.ticket, 'roster-etag-a-001', '2026-03-10T09:09:00+08:00')
    const changed = await roster(event.id, door.token, { 'If-None-Match': tag })
    expect(changed.status).toBe(200)
    expect(changed.json.checkedInAt).toEqual([iso('2026-03-10T09:09:00+08:00')])
    expect(changed.headers.get('etag')).not.toBe(tag)

    const tag2 = changed.headers.get('etag')!
    await env.DB.prepare("UPDATE events SET status = 'cancelled' WHERE id = ?1").bind(event.id).run()
    const cancelled = await roster(event.id, door.token, { 'If-None-Match': tag2 })
    expect(cancelled.status).toBe(200)
    expect(cancelled.json.event.status).toBe('cancelled')
  })

  it('is for staff of the event’s agency only', async () => {
    const { agency, event } = await setup()
    for (const role of ['admin', 'organizer', 'handler', 'checker'] as const) {
      expect((await roster(event.id, (await createStaff(agency.id, role)).token)).status, role).toBe(200)
    }
    const otherAgency = await createAgency()
    const outsider = await roster(event.id, (await createStaff(otherAgency.id, 'admin')).token)
    expect(outsider.status).toBe(403)
    expect(outsider.json.error.code).toBe('FORBIDDEN')
    expect((await api(`/events/${event.id}/roster`)).status).toBe(401)
    expect((await roster(event.id, (await createParticipant()).token)).status).toBe(403)
    const missing = await roster('no-such-event', (await createStaff(agency.id, 'checker')).token)
    expect(missing.status).toBe(404)
  })

  it('for 2,000 people is at most 100 KB gzip, also when everyone is checked in', async () => {
    const { agency, event } = await setup()
    const participant = await createParticipant()
    const categories = ['citizen', 'citizen', 'citizen', 'npc_deputy', 'cppcc_member', 'media', 'enterprise']
    const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
    const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国'
    const ids: string[] = []
    const inserts = []
    for (let i = 0; i < 2000; i++) {
      const id = newId()
      ids.push(id)
      const name = surnames[i % surnames.length] + given[(i * 7) % given.length] + (i % 3 ? given[(i * 13) % given.length] : '')
      inserts.push(
        env.DB.prepare(
          "INSERT INTO registrations (id, event_id, participant_id, name, phone, category, status, short_code, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        ).bind(id, event.id, participant.id, name, `139${String(i).padStart(8, '0')}`, categories[i % categories.length], i % 25 === 0 ? 'cancelled' : 'active', newShortCode(), new Date(Date.parse('2026-03-02T00:00:00Z') + i * 60_000).toISOString()),
      )
    }
    await env.DB.batch(inserts)
    setNow('2026-03-10T10:30:00+08:00')
    const doors = [await createStaff(agency.id, 'checker'), await createStaff(agency.id, 'checker'), await createStaff(agency.id, 'checker')]
    const gzipSize = async (res: Awaited<ReturnType<typeof roster>>) => {
      const compressed = new Response(new Blob([JSON.stringify(res.json)]).stream().pipeThrough(new CompressionStream('gzip')))
      return (await compressed.arrayBuffer()).byteLength
    }
    const before = await roster(event.id, doors[0].token)
    expect(before.json.ids).toHaveLength(2000)
    const sizeBefore = await gzipSize(before)

    // Everyone checked in, by three doors, at times spread over the morning.
    await env.DB.batch(
      ids.map((id, i) =>
        env.DB.prepare('INSERT INTO checkins (registration_id, event_id, staff_id, nonce, checked_in_at, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)').bind(
          id,
          event.id,
          doors[i % 3].id,
          newId(),
          new Date(Date.parse('2026-03-10T07:00:00+08:00') + i * 5_317).toISOString(),
        ),
      ),
    )
    const after = await roster(event.id, doors[0].token)
    expect(after.roundTrips).toBe(1)
    const sizeAfter = await gzipSize(after)
    console.log(`[roster] 2,000 people: ${JSON.stringify(before.json).length} B → ${sizeBefore} B gzip before the doors open; ${JSON.stringify(after.json).length} B → ${sizeAfter} B gzip with everyone checked in`)
    expect(sizeBefore).toBeLessThanOrEqual(100 * 1024)
    expect(sizeAfter).toBeLessThanOrEqual(100 * 1024)
  })
})

describe('two doors that checked in one ticket offline', () => {
  async function twoDoors() {
    const { agency, event } = await setup()
    const reg = (await signUp(event.id, (await createParticipant()).token, { name: '王建国', category: 'citizen' })).json.registration
    setNow('2026-03-10T10:30:00+08:00')
    const a = await createStaff(agency.id, 'checker')
    const b = await createStaff(agency.id, 'checker')
    return { event, reg, a, b }
  }

  it('the earlier scan wins even when it arrives second; the later door learns who and when', async () => {
    const { event, reg, a, b } = await twoDoors()
    // Door B scanned at 09:31 and got its network back first.
    const late = await scan(event.id, b.token, reg.ticket, 'door-b-conflict-1', '2026-03-10T09:31:00+08:00')
    expect(late.json).toEqual({ result: 'checked_in', attendee: { nameMasked: '王**', category: 'citizen' }, checkedInAt: iso('2026-03-10T09:31:00+08:00') })
    // Door A scanned the same ticket at 09:30 and uploads now: its scan is the check-in.
    const early = await scan(event.id, a.token, reg.ticket, 'door-a-conflict-1', '2026-03-10T09:30:00+08:00')
    expect(early.json).toEqual({ result: 'checked_in', attendee: { nameMasked: '王**', category: 'citizen' }, checkedInAt: iso('2026-03-10T09:30:00+08:00') })
    expect(await storedCheckins(event.id)).toEqual({
      rows: [{ registration_id: reg.id, staff_id: a.id, nonce: 'door-a-conflict-1', checked_in_at: iso('2026-03-10T09:30:00+08:00') }],
      checkedIn: 1,
      byCategory: 1,
    })
    // Door B's retry of its scan, and its roster, now say who checked the person in and when.
    const retry = await scan(event.id, b.token, reg.ticket, 'door-b-conflict-1', '2026-03-10T09:31:00+08:00')
    expect(retry.json).toEqual({
      result: 'already_checked_in',
      attendee: { nameMasked: '王**', category: 'citizen' },
      checkedInAt: iso('2026-03-10T09:30:00+08:00'),
      checkedInBy: `工作人员${a.id.slice(0, 2)}`,
    })
    const list = (await roster(event.id, b.token)).json as Roster
    expect([list.checkedInAt[0], list.staff[list.checkedInBy[0]!]]).toEqual([iso('2026-03-10T09:30:00+08:00'), `工作人员${a.id.slice(0, 2)}`])
    // Door A's retry keeps its check-in.
    expect((await scan(event.id, a.token, reg.ticket, 'door-a-conflict-1', '2026-03-10T09:30:00+08:00')).json.result).toBe('checked_in')
    expect((await storedCheckins(event.id)).rows).toHaveLength(1)
  })

  it('in scan order, the later door is told at once', async () => {
    const { event, reg, a, b } = await twoDoors()
    expect((await scan(event.id, a.token, reg.ticket, 'door-a-inorder-1', '2026-03-10T09:30:00+08:00')).json.result).toBe('checked_in')
    const later = await scan(event.id, b.token, reg.ticket, 'door-b-inorder-1', '2026-03-10T09:31:00+08:00')
    expect(later.json).toEqual({
      result: 'already_checked_in',
      attendee: { nameMasked: '王**', category: 'citizen' },
      checkedInAt: iso('2026-03-10T09:30:00+08:00'),
      checkedInBy: `工作人员${a.id.slice(0, 2)}`,
    })
    expect(await storedCheckins(event.id)).toEqual({
      rows: [{ registration_id: reg.id, staff_id: a.id, nonce: 'door-a-inorder-1', checked_in_at: iso('2026-03-10T09:30:00+08:00') }],
      checkedIn: 1,
      byCategory: 1,
    })
  })

  it('uploaded at the same moment by two doors, with retries, the earliest scan of each ticket is stored and each counted once', async () => {
    const { agency, event } = await setup()
    const regs = []
    for (let i = 0; i < 6; i++) regs.push((await signUp(event.id, (await createParticipant()).token, { category: 'citizen' })).json.registration)
    setNow('2026-03-10T10:30:00+08:00')
    const a = await createStaff(agency.id, 'checker')
    const b = await createStaff(agency.id, 'checker')
    // Door A scanned the even ones first, door B the odd ones; each door scanned every ticket.
    const at = (minute: number) => `2026-03-10T09:${String(minute).padStart(2, '0')}:00+08:00`
    const uploads = regs.flatMap((r, i) => {
      const aFirst = i % 2 === 0
      const aScan = () => scan(event.id, a.token, r.ticket, `conc-a-${i}-0000000`, at(aFirst ? 10 + i : 20 + i))
      const bScan = () => scan(event.id, b.token, r.ticket, `conc-b-${i}-0000000`, at(aFirst ? 20 + i : 10 + i))
      return [aScan, bScan, aScan, bScan] // each door's upload and a retry of it
    })
    const results = await Promise.all(uploads.map((u) => u()))
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(await storedCheckins(event.id)).toEqual({
      rows: regs
        .map((r, i) => ({ registration_id: r.id, staff_id: i % 2 === 0 ? a.id : b.id, nonce: `conc-${i % 2 === 0 ? 'a' : 'b'}-${i}-0000000`, checked_in_at: iso(at(10 + i)) }))
        .sort((x, y) => (x.registration_id < y.registration_id ? -1 : 1)),
      checkedIn: 6,
      byCategory: 6,
    })
  })
})
