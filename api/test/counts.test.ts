import { CATEGORY_CODES, type Category } from '@openday/shared'
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, runningNow, signUp } from './support/fixtures'

const CATEGORIES: Category[] = ['citizen', 'npc_deputy', 'media']

/** The stored counters next to what the rows say, for one event. */
async function countersAndTruth(eventId: string) {
  const [event, perCategory, truth, truthPerCategory] = await env.DB.batch<Record<string, number | string>>([
    env.DB.prepare('SELECT capacity, registered_count, checked_in_count, suggestion_count FROM events WHERE id = ?1').bind(eventId),
    env.DB.prepare('SELECT category, registered, checked_in FROM event_counts WHERE event_id = ?1 AND registered > 0 ORDER BY category').bind(eventId),
    env.DB.prepare(
      `SELECT (SELECT count(*) FROM registrations WHERE event_id = ?1 AND status = 'active') AS registered_count,
              (SELECT count(*) FROM checkins WHERE event_id = ?1) AS checked_in_count,
              (SELECT count(*) FROM suggestions WHERE event_id = ?1) AS suggestion_count`,
    ).bind(eventId),
    env.DB.prepare(
      `SELECT r.category, count(*) AS registered, count(c.registration_id) AS checked_in
       FROM registrations r LEFT JOIN checkins c ON c.registration_id = r.id
       WHERE r.event_id = ?1 AND r.status = 'active' GROUP BY r.category ORDER BY r.category`,
    ).bind(eventId),
  ])
  return { event: event.results[0], perCategory: perCategory.results, truth: truth.results[0], truthPerCategory: truthPerCategory.results }
}

describe('counts kept on the event', () => {
  it('equal count(*) of the rows after a mixed concurrent workload of sign-ups, cancellations, check-ins and suggestions', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'checker')
    const event = await createPublishedEvent(agency.id, runningNow({ capacity: 40 }))
    const people = await Promise.all(Array.from({ length: 20 }, () => createParticipant()))
    // 30 registrations to start from, spread over three categories and the 20 accounts.
    const initial: { id: string; ticket: string; token: string }[] = []
    for (let i = 0; i < 30; i++) {
      const p = people[i % people.length]
      const res = await signUp(event.id, p.token, { category: CATEGORIES[i % 3] })
      expect(res.status).toBe(201)
      initial.push({ id: res.json.registration.id, ticket: res.json.registration.ticket, token: p.token })
    }
    // Check in the first 5 before the storm, so some cancellations below are refused.
    for (const r of initial.slice(0, 5)) await api(`/events/${event.id}/checkins`, { body: { ticket: r.ticket }, token: staff.token })

    const work: Promise<{ status: number }>[] = []
    // 25 new sign-ups for the 10 free seats (plus the seats the cancellations free up).
    for (let i = 0; i < 25; i++) work.push(signUp(event.id, people[(i * 7) % people.length].token, { category: CATEGORIES[(i + 1) % 3] }))
    // 12 cancellations: 0–4 are checked in (refused), 5–16 go through, some cancelled twice.
    for (const r of [...initial.slice(0, 4), ...initial.slice(5, 13), initial[5], initial[6]])
      work.push(api(`/me/registrations/${r.id}`, { method: 'DELETE', token: r.token }))
    // 20 scans: some of tickets being cancelled at this moment, some twice from two doors.
    for (const r of [...initial.slice(8, 24), initial[20], initial[21], initial[0], initial[1]])
      work.push(api(`/events/${event.id}/checkins`, { body: { ticket: r.ticket }, token: staff.token }))
    // 12 suggestions from visitors at the same time.
    for (let i = 0; i < 12; i++)
      work.push(api(`/events/${event.id}/suggestions`, { body: { content: `现场建议${i}` }, headers: { 'cf-connecting-ip': `192.0.2.${i}` } }))
    const results = await Promise.all(work)
    expect(results.every((r) => r.status < 500)).toBe(true)

    const { event: stored, perCategory, truth, truthPerCategory } = await countersAndTruth(event.id)
    expect({
      registered_count: stored.registered_count,
      checked_in_count: stored.checked_in_count,
      suggestion_count: stored.suggestion_count,
    }).toEqual(truth)
    expect(truth.suggestion_count).toBe(12)
    expect(perCategory).toEqual(truthPerCategory)
    expect(stored.registered_count).toBeLessThanOrEqual(40)
    // The workload really mixed outcomes: seats were filled, some refused, some cancelled.
    expect(Number(truth.registered_count)).toBeGreaterThan(30)
    expect(results.some((r) => r.status === 409)).toBe(true)

    // And what the API reads is that same count.
    const detail = await api(`/events/${event.id}`, { token: staff.token })
    expect(detail.json.event.seatsLeft).toBe(40 - Number(truth.registered_count))
    const dashboard = await api(`/events/${event.id}/dashboard`, { token: staff.token })
    expect(dashboard.json.registered).toBe(truth.registered_count)
    expect(dashboard.json.checkedIn).toBe(truth.checked_in_count)
    expect(dashboard.json.suggestions).toBe(12)
    const inLabelOrder = [...truthPerCategory].sort(
      (a, b) => CATEGORY_CODES.indexOf(a.category as Category) - CATEGORY_CODES.indexOf(b.category as Category),
    )
    expect(dashboard.json.byCategory).toEqual(
      inLabelOrder.map((r) => ({ category: r.category, registered: r.registered, checkedIn: r.checked_in })),
    )
  })
})
