import { env } from 'cloudflare:test'
import type { Category, EventInput } from '@openday/shared'
import { DAY, api, createAgency, createParticipant, createPublishedEvent, createStaff, markPhoneVerified, registrationInput } from './fixtures'

/** A published event with quotas, its organiser, and a participant. */
export async function seatedEvent(overrides: Partial<EventInput> = {}) {
  const agency = await createAgency()
  const staff = await createStaff(agency.id, 'organizer')
  const event = await createPublishedEvent(agency.id, { quotas: { npc_deputy: 5 }, capacity: 10, ...overrides })
  const participant = await createParticipant()
  return { agency, staff, event, participant }
}

export async function invite(eventId: string, token: string, body: { category?: Category; maxUses?: number; expiresAt?: string; label?: string } = {}) {
  return api(`/events/${eventId}/invitations`, {
    body: { category: 'npc_deputy', maxUses: 1, expiresAt: new Date(Date.now() + 5 * DAY).toISOString(), ...body },
    token,
  })
}

/** The stored seat counters of an event, pool → taken. */
export async function seatCounts(eventId: string): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare('SELECT pool, taken FROM event_seats WHERE event_id = ?1 ORDER BY pool').bind(eventId).all<{ pool: string; taken: number }>()
  return Object.fromEntries(results.map((r) => [r.pool, r.taken]))
}

/** Active registrations per pool, counted from the rows themselves. */
export async function storedPools(eventId: string): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare(
    "SELECT seat_pool AS pool, count(*) AS n FROM registrations WHERE event_id = ?1 AND status = 'active' GROUP BY seat_pool ORDER BY seat_pool",
  )
    .bind(eventId)
    .all<{ pool: string; n: number }>()
  return Object.fromEntries(results.map((r) => [r.pool, r.n]))
}

/** Sign-up attempts with phones verified beforehand, so that only the sign-ups race. */
export async function preparedSignUps(n: number, extra: (i: number) => Record<string, unknown> = () => ({})) {
  const people = await Promise.all(Array.from({ length: Math.ceil(n / 5) }, () => createParticipant()))
  const attempts = Array.from({ length: n }, (_, i) => ({ token: people[i % people.length].token, body: { ...registrationInput(), ...extra(i) } }))
  await markPhoneVerified(attempts[0].token, attempts[0].body.phone, ...attempts.slice(1).map((a) => [a.token, a.body.phone] as [string, string]))
  return attempts
}
