import { env, SELF } from 'cloudflare:test'
import type { EventInput, RegistrationInput, StaffRole } from '@openday/shared'
import { hashPassword } from '../../src/auth/passwords'
import { issueParticipantToken, issueStaffToken } from '../../src/auth/tokens'
import { newId } from '../../src/lib/ids'

const BASE = 'http://openday.test/api/v1'

export async function api(
  path: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string>; noClientId?: boolean } = {},
) {
  // Each call is its own device unless a test says otherwise (rate limits count per device);
  // `noClientId` sends none, as the app's anonymous evaluation answer does.
  const headers: Record<string, string> = { ...(init.noClientId ? {} : { 'x-client-id': crypto.randomUUID() }), ...init.headers }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (init.token) headers.authorization = `Bearer ${init.token}`
  const res = await SELF.fetch(`${BASE}${path}`, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  })
  const text = await res.text()
  let json: any = null
  try {
    json = JSON.parse(text)
  } catch {
    json = text
  }
  return { status: res.status, json, roundTrips: Number(res.headers.get('x-d1-round-trips')), headers: res.headers }
}

export async function createAgency(name = `测试局${newId().slice(0, 4)}`) {
  const id = newId()
  await env.DB.prepare('INSERT INTO agencies (id, name) VALUES (?1, ?2)').bind(id, name).run()
  return { id, name }
}

export async function createStaff(agencyId: string, role: StaffRole = 'admin', password = 'secret-pass-1') {
  const id = newId()
  const username = `staff_${id.slice(0, 8)}`
  await env.DB.prepare(
    'INSERT INTO staff_users (id, agency_id, username, display_name, role, password_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)',
  )
    .bind(id, agencyId, username, `工作人员${id.slice(0, 2)}`, role, await hashPassword(password))
    .run()
  const token = await issueStaffToken(env.SESSION_SECRET, { id, role, agencyId, name: `工作人员${id.slice(0, 2)}` })
  return { id, username, password, role, agencyId, token }
}

export async function createParticipant() {
  const id = newId()
  await env.DB.prepare('INSERT INTO participants (id, created_at) VALUES (?1, ?2)').bind(id, new Date().toISOString()).run()
  return { id, token: await issueParticipantToken(env.SESSION_SECRET, id) }
}

const HOUR = 3600_000
const DAY = 24 * HOUR

export function eventInput(overrides: Partial<EventInput> = {}): EventInput {
  const now = Date.now()
  return {
    title: '掌稳农产品安全之舵 守护百姓“舌尖上的安全”',
    hostUnit: '农产品质量安全监管中心',
    venue: '固原市农产品质量安全监管中心检测实验室',
    description: '政府开放日活动',
    startAt: new Date(now + 20 * DAY).toISOString(),
    endAt: new Date(now + 20 * DAY + 3 * HOUR).toISOString(),
    registrationOpensAt: new Date(now - DAY).toISOString(),
    registrationClosesAt: new Date(now + 19 * DAY).toISOString(),
    capacity: 30,
    agenda: [{ title: '职能介绍' }, { title: '参观农产品检测实验室' }],
    targetGroups: ['citizen', 'npc_deputy'],
    contactPhone: '0954-1234567',
    ...overrides,
  }
}

/** Inserts a published event directly, so tests can place it at any time (even "now"). */
export async function createPublishedEvent(agencyId: string, overrides: Partial<EventInput> = {}) {
  const e = eventInput(overrides)
  const id = newId()
  await env.DB.prepare(
    `INSERT INTO events (id, agency_id, title, host_unit, venue, description, start_at, end_at, registration_opens_at,
       registration_closes_at, capacity, agenda, target_groups, contact_phone, status, published_at, created_at, quotas, requires_approval)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'published', ?15, ?15, ?16, ?17)`,
  )
    .bind(
      id,
      agencyId,
      e.title,
      e.hostUnit,
      e.venue,
      e.description ?? null,
      new Date(e.startAt).toISOString(),
      new Date(e.endAt).toISOString(),
      new Date(e.registrationOpensAt).toISOString(),
      new Date(e.registrationClosesAt).toISOString(),
      e.capacity,
      JSON.stringify(e.agenda),
      JSON.stringify(e.targetGroups),
      e.contactPhone ?? null,
      new Date().toISOString(),
      JSON.stringify(e.quotas ?? {}),
      e.requiresApproval ? 1 : 0,
    )
    .run()
  return { id, ...e }
}

/** An event happening now: registration open and check-in window open. */
export function runningNow(overrides: Partial<EventInput> = {}): Partial<EventInput> {
  const now = Date.now()
  return {
    startAt: new Date(now - HOUR).toISOString(),
    endAt: new Date(now + 2 * HOUR).toISOString(),
    registrationOpensAt: new Date(now - 2 * DAY).toISOString(),
    registrationClosesAt: new Date(now + HOUR).toISOString(),
    ...overrides,
  }
}

let phoneCounter = 0
/** Distinct valid mainland mobile numbers per call. */
export function nextPhone(): string {
  phoneCounter += 1
  return `139${String(Date.now() % 10000).padStart(4, '0')}${String(phoneCounter).padStart(4, '0')}`
}

export function registrationInput(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  return { name: '张三丰', phone: nextPhone(), category: 'citizen', consent: true, ...overrides }
}

/** The participant a token names (tokens are signed, not encrypted). */
export function participantIdOf(token: string): string {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')
  return JSON.parse(atob(payload)).sub
}

/** Records each phone as proved by SMS for its token's participant, as POST /me/phones would. */
export async function markPhoneVerified(token: string, phone: string, ...more: [token: string, phone: string][]) {
  const insert = 'INSERT OR IGNORE INTO verified_phones (participant_id, phone, verified_at) VALUES (?1, ?2, ?3)'
  const now = new Date().toISOString()
  await env.DB.batch([[token, phone] as const, ...more].map(([t, p]) => env.DB.prepare(insert).bind(participantIdOf(t), p, now)))
}

/** Signs up with a phone the account has verified (sign-ups require one). */
export async function signUp(eventId: string, token: string, overrides: Partial<RegistrationInput> = {}) {
  const input = registrationInput(overrides)
  await markPhoneVerified(token, input.phone)
  return api(`/events/${eventId}/registrations`, { body: input, token })
}

export { DAY, HOUR }
