// The table of scans at a 签到点 and exits (shared/test/point-cases.ts) against the real route on
// a real D1, and for each case the device's offline decision (shared decidePointOffline) on the
// roster this route returns plus the device's own earlier scans: the same outcome, person and
// times on both sides, and what is stored.
import { env } from 'cloudflare:test'
import { ENTRANCE_ID, decidePointOffline, indexRoster, type OfflineVerdict, type Roster } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import {
  CASE_EVENT,
  CASE_PERSON,
  CASE_SIGN_UP_AT,
  CASE_UPLOAD_AT,
  OTHER_DOOR_AT,
  POINT_CASES,
  UNKNOWN_CODE,
  deviceScansFor,
  priorAt,
  type PointCase,
} from '../../shared/test/point-cases'
import { setNow } from './support/clock'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, signUp } from './support/fixtures'

async function runCase(c: PointCase) {
  setNow(CASE_SIGN_UP_AT)
  const agency = await createAgency()
  const organizer = await createStaff(agency.id, 'organizer')
  const event = await createPublishedEvent(agency.id, CASE_EVENT)
  const point = await api(`/events/${event.id}/checkpoints`, { token: organizer.token, body: { name: '气相色谱仪', kind: 'stop' } })
  expect(point.status).toBe(201)
  const pointId: string = point.json.point.id
  const person = (await signUp(event.id, (await createParticipant()).token, { name: CASE_PERSON.name, category: CASE_PERSON.category })).json.registration
  if (c.registration === 'cancelled') await env.DB.prepare("UPDATE registrations SET status = 'cancelled' WHERE id = ?1").bind(person.id).run()
  if (c.registration === 'pending') await env.DB.prepare("UPDATE registrations SET approval = 'pending' WHERE id = ?1").bind(person.id).run()

  setNow(CASE_UPLOAD_AT)
  const door = await createStaff(agency.id, 'checker')
  const otherDoor = await createStaff(agency.id, 'checker')
  const scan = (token: string, body: Record<string, unknown>) => api(`/events/${event.id}/checkins`, { token, body })
  if (c.otherDoor) expect((await scan(otherDoor.token, { ticket: person.shortCode, nonce: 'other-door', scannedAt: OTHER_DOOR_AT })).json.result).toBe('checked_in')
  const roster = (await api(`/events/${event.id}/roster`, { token: door.token })).json as Roster
  // This device's earlier scans, uploaded (after the roster was downloaded).
  for (const [i, p] of (c.prior ?? []).entries()) {
    const body = {
      ticket: person.shortCode,
      nonce: `prior-scan-${i}`,
      scannedAt: priorAt(i),
      ...(p.startsWith('point') ? { checkpointId: pointId } : {}),
      ...(p.endsWith('-out') ? { direction: 'out' } : {}),
    }
    const res = await scan(door.token, body)
    expect(res.json.result, JSON.stringify(res.json)).toBe(p.endsWith('-out') ? 'exited' : 'checked_in')
  }

  const ticket = c.unknown ? UNKNOWN_CODE : person.shortCode
  const checkpointId = c.where === 'entrance' ? ENTRANCE_ID : pointId
  const device = decidePointOffline(indexRoster(roster), { ticket, nonce: 'case-scan', now: new Date(c.at), checkpointId, direction: c.direction }, deviceScansFor(c, person.id), () => false)
  const server = await scan(door.token, { ticket, nonce: 'case-scan', scannedAt: c.at, checkpointId, ...(c.direction === 'out' ? { direction: 'out' } : {}) })
  expect(server.status).toBe(200)
  const stored = {
    entrance: (await env.DB.prepare('SELECT nonce, checked_in_at, exited_at FROM checkins WHERE registration_id = ?1').bind(person.id).all()).results,
    point: (await env.DB.prepare('SELECT nonce, checked_in_at, exited_at FROM checkpoint_scans WHERE registration_id = ?1').bind(person.id).all()).results,
  }
  return { device, server: server.json, stored, checkpointId }
}

/** The device's verdict in the server's words (the sign-up id and who checked in are the device's own). */
function asServer(v: OfflineVerdict, checkpointId: string, direction: string) {
  const { registrationId: _, checkedInBy: __, ...rest } = v
  return { ...rest, checkpointId, direction }
}

const iso = (at: string) => new Date(at).toISOString()

describe('one table of scans at a 签到点 and exits, decided on the device and by the server', () => {
  for (const c of POINT_CASES) {
    it(`${c.name}: ${c.expected}`, async () => {
      const { device, server, stored, checkpointId } = await runCase(c)
      expect(server.result).toBe(c.expected)
      expect(device.result).toBe(c.expected)
      expect(asServer(device, checkpointId, c.direction)).toEqual(server)
      // Stored: this scan's row only when it checked in or out.
      const here = c.where === 'entrance' ? stored.entrance : stored.point
      if (c.expected === 'checked_in') expect(here).toEqual([{ nonce: 'case-scan', checked_in_at: iso(c.at), exited_at: null }])
      if (c.expected === 'exited') expect(here.map((r) => r.exited_at)).toEqual([iso(c.at)])
      if (c.expected !== 'checked_in' && c.expected !== 'exited') {
        expect([...stored.entrance, ...stored.point].some((r) => r.nonce === 'case-scan' || r.exited_at === iso(c.at))).toBe(false)
      }
    })
  }
})
