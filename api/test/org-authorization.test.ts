import { describe, expect, it } from 'vitest'
import { api } from './support/fixtures'
import { orgSnapshot, orgWorld } from './support/org'

// Every route of the agency's organisation, for everyone who may or may not use it. Refused
// requests change nothing; another agency's admin acts on their own agency only and finds
// nothing of this one (404).

type World = Awaited<ReturnType<typeof orgWorld>>

const routes = (w: World) => {
  const unique = crypto.randomUUID().slice(0, 8)
  return [
    ['GET /staff/departments', () => ({ path: '/staff/departments' })],
    ['POST /staff/departments', () => ({ path: '/staff/departments', body: { name: `新部门${unique}` } })],
    ['PATCH /staff/departments/:id', () => ({ path: `/staff/departments/${w.department.id}`, method: 'PATCH', body: { name: '检测二科' } })],
    ['GET /staff/users', () => ({ path: '/staff/users' })],
    ['POST /staff/users', () => ({ path: '/staff/users', body: { username: `m.${unique}`, displayName: '新人', role: 'checker' } })],
    ['PATCH /staff/users/:id', () => ({ path: `/staff/users/${w.organizer.id}`, method: 'PATCH', body: { displayName: '改名' } })],
    ['POST /staff/users/:id/reset-password', () => ({ path: `/staff/users/${w.organizer.id}/reset-password`, method: 'POST' })],
  ] as const
}

const roundTrips: Record<string, number> = {}

async function callAll(w: World, token: string | undefined) {
  const out: Record<string, { status: number; code: string | null }> = {}
  for (const [name, request] of routes(w)) {
    const { path, ...init } = request() as { path: string; method?: string; body?: unknown }
    const res = await api(path, { ...init, token })
    out[name] = { status: res.status, code: res.json?.error?.code ?? null }
    roundTrips[name] = res.roundTrips
  }
  return out
}

const ok = (status: number) => ({ status, code: null })
const all = (status: number, code: string) => Object.fromEntries(routes({} as World).map(([name]) => [name, { status, code }]))
const readOnly = {
  ...all(403, 'FORBIDDEN'),
  'GET /staff/departments': ok(200),
}

const refused: [string, (w: World) => string | undefined, Record<string, { status: number; code: string | null }>][] = [
  ['an organizer', (w) => w.organizer.token, readOnly],
  ['a handler', (w) => w.handler.token, readOnly],
  ['a checker', (w) => w.checker.token, all(403, 'FORBIDDEN')],
  ['a participant', (w) => w.participant.token, all(403, 'FORBIDDEN')],
  ['anonymous', () => undefined, all(401, 'UNAUTHENTICATED')],
  ['a disabled admin', (w) => w.disabledAdmin.token, all(401, 'UNAUTHENTICATED')],
  ['an admin on a one-time password', (w) => w.newAdmin.token, all(403, 'PASSWORD_CHANGE_REQUIRED')],
]

describe('who may manage the organisation', () => {
  it("the agency's admin: every route", async () => {
    const w = await orgWorld()
    expect(await callAll(w, w.admin.token)).toStrictEqual({
      'GET /staff/departments': ok(200),
      'POST /staff/departments': ok(201),
      'PATCH /staff/departments/:id': ok(200),
      'GET /staff/users': ok(200),
      'POST /staff/users': ok(201),
      'PATCH /staff/users/:id': ok(200),
      'POST /staff/users/:id/reset-password': ok(200),
    })
    // The guard's read, then one batch that writes and reads back (or says why not).
    expect(Object.values(roundTrips)).toStrictEqual(Array(7).fill(2))
  })

  it.each(refused)('%s: only what the role may read, and nothing is changed', async (_, tokenOf, expected) => {
    const w = await orgWorld()
    const before = await orgSnapshot()
    expect(await callAll(w, tokenOf(w))).toStrictEqual(expected)
    expect(await orgSnapshot()).toStrictEqual(before)
  })

  it("another agency's admin: sees and changes only their own agency; this one's ids are 404", async () => {
    const w = await orgWorld()
    const before = await orgSnapshot()
    expect(await callAll(w, w.otherAdmin.token)).toStrictEqual({
      'GET /staff/departments': ok(200),
      'POST /staff/departments': ok(201),
      'PATCH /staff/departments/:id': { status: 404, code: 'NOT_FOUND' },
      'GET /staff/users': ok(200),
      'POST /staff/users': ok(201),
      'PATCH /staff/users/:id': { status: 404, code: 'NOT_FOUND' },
      'POST /staff/users/:id/reset-password': { status: 404, code: 'NOT_FOUND' },
    })
    const after = await orgSnapshot()
    const ofThisAgency = (s: typeof before) => ({
      departments: s.departments.filter((d) => d.agency_id === w.agency.id),
      staff: s.staff.filter((u) => u.agency_id === w.agency.id),
    })
    expect(ofThisAgency(after)).toStrictEqual(ofThisAgency(before))
    const lists = [await api('/staff/departments', { token: w.otherAdmin.token }), await api('/staff/users', { token: w.otherAdmin.token })]
    expect(lists[0].json.departments.map((d: { id: string }) => d.id)).toContain(w.otherDepartment.id)
    expect(JSON.stringify(lists)).not.toContain(w.department.id)
    expect(JSON.stringify(lists)).not.toContain(w.admin.id)
  })
})
