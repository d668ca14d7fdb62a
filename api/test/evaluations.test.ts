import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, runningNow, signUp } from './support/fixtures'

const SCORES = { measures: 5, results: 4, procedures: 5, service: 5, conduct: 4, integrity: 5 }

async function checkedInParticipant(eventId: string, staffToken: string) {
  const participant = await createParticipant()
  const reg = (await signUp(eventId, participant.token)).json.registration
  const scan = await api(`/events/${eventId}/checkins`, { body: { ticket: reg.ticket }, token: staffToken })
  expect(scan.json.result).toBe('checked_in')
  return { ...participant, registrationId: reg.id as string }
}

async function setup() {
  const agency = await createAgency()
  const staff = await createStaff(agency.id)
  const event = await createPublishedEvent(agency.id, runningNow())
  return { agency, staff, event }
}

describe('anonymous evaluation', () => {
  it('accepts one evaluation per checked-in registration', async () => {
    const { staff, event } = await setup()
    const p = await checkedInParticipant(event.id, staff.token)
    const res = await api(`/events/${event.id}/evaluations`, { body: { scores: SCORES, comment: '讲解很清楚' }, token: p.token })
    expect(res.status).toBe(201)
    const again = await api(`/events/${event.id}/evaluations`, { body: { scores: SCORES }, token: p.token })
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('ALREADY_EVALUATED')
    const counts = await env.DB.prepare(
      'SELECT (SELECT count(*) FROM evaluations WHERE event_id = ?1) AS answers, (SELECT count(*) FROM evaluation_ballots WHERE event_id = ?1) AS ballots',
    )
      .bind(event.id)
      .first()
    expect(counts).toEqual({ answers: 1, ballots: 1 })
    const mine = await api('/me/registrations', { token: p.token })
    expect(mine.json.registrations[0].evaluated).toBe(true)
  })

  it('refuses participants who are not checked in, and staff', async () => {
    const { staff, event } = await setup()
    const p = await createParticipant()
    await signUp(event.id, p.token)
    const res = await api(`/events/${event.id}/evaluations`, { body: { scores: SCORES }, token: p.token })
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('NOT_CHECKED_IN')
    expect((await api(`/events/${event.id}/evaluations`, { body: { scores: SCORES }, token: staff.token })).status).toBe(403)
    const n = await env.DB.prepare('SELECT count(*) AS n FROM evaluations WHERE event_id = ?').bind(event.id).first()
    expect(n).toEqual({ n: 0 })
  })

  it('validates every score as 1 to 5', async () => {
    const { staff, event } = await setup()
    const p = await checkedInParticipant(event.id, staff.token)
    const missing = await api(`/events/${event.id}/evaluations`, { body: { scores: { ...SCORES, integrity: undefined } }, token: p.token })
    expect(missing.status).toBe(400)
    expect(missing.json.error.field).toBe('scores.integrity')
    const tooHigh = await api(`/events/${event.id}/evaluations`, { body: { scores: { ...SCORES, service: 6 } }, token: p.token })
    expect(tooHigh.json.error).toMatchObject({ field: 'scores.service', message: '评分为1到5分' })
    const ballots = await env.DB.prepare('SELECT count(*) AS n FROM evaluation_ballots WHERE event_id = ?').bind(event.id).first()
    expect(ballots).toEqual({ n: 0 })
  })

  it('stores answers so that nobody with the database can link one to a person', async () => {
    const { staff, event } = await setup()
    // Six people vote in a known order with scores that identify them.
    const voters = []
    for (let i = 1; i <= 5; i++) {
      const p = await checkedInParticipant(event.id, staff.token)
      const scores = { ...SCORES, measures: i }
      expect((await api(`/events/${event.id}/evaluations`, { body: { scores }, token: p.token })).status).toBe(201)
      voters.push({ registrationId: p.registrationId, participantId: p.id, measures: i })
    }
    // 1. The answer table has no column that names a person, a registration or a time.
    const { results: columns } = await env.DB.prepare('PRAGMA table_info(evaluations)').all<{ name: string }>()
    expect(columns.map((c) => c.name).sort()).toEqual(
      ['comment', 'conduct', 'event_id', 'id', 'integrity', 'measures', 'procedures', 'results', 'service'].sort(),
    )
    // 2. Neither table has a rowid, so there is no insertion order to line up.
    await expect(env.DB.prepare('SELECT rowid FROM evaluations').all()).rejects.toThrow(/rowid/)
    await expect(env.DB.prepare('SELECT rowid FROM evaluation_ballots').all()).rejects.toThrow(/rowid/)
    // 3. The only shared value is the event; no stored value of a ballot appears in any answer.
    const { results: answers } = await env.DB.prepare('SELECT * FROM evaluations WHERE event_id = ?').bind(event.id).all<Record<string, unknown>>()
    const { results: ballots } = await env.DB.prepare('SELECT * FROM evaluation_ballots WHERE event_id = ?').bind(event.id).all<Record<string, unknown>>()
    const answerValues = new Set(answers.flatMap((a) => Object.entries(a).filter(([k]) => k !== 'event_id').map(([, v]) => String(v))))
    for (const b of ballots) {
      for (const [k, v] of Object.entries(b)) if (k !== 'event_id') expect(answerValues.has(String(v))).toBe(false)
    }
    for (const v of voters) {
      expect(answerValues.has(v.registrationId)).toBe(false)
      expect(answerValues.has(v.participantId)).toBe(false)
    }
    // 4. The physical order of answers does not follow the order of voting.
    const stored = answers.map((a) => a.measures)
    const ordered = [1, 2, 3, 4, 5]
    const storedOrderByKey = [...answers].sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1)).map((a) => a.measures)
    expect(storedOrderByKey).toEqual(stored) // rows come back in random-key order
    expect(answers.map((a) => a.measures).sort()).toEqual(ordered)
  })

  it('shows averages on the dashboard only from 5 responses up', async () => {
    const { staff, event } = await setup()
    for (let i = 0; i < 4; i++) {
      const p = await checkedInParticipant(event.id, staff.token)
      await api(`/events/${event.id}/evaluations`, { body: { scores: { ...SCORES, measures: 3 } }, token: p.token })
    }
    const four = await api(`/events/${event.id}/dashboard`, { token: staff.token })
    expect(four.json.evaluations).toEqual({ count: 4, averages: null, overall: null })
    const p = await checkedInParticipant(event.id, staff.token)
    await api(`/events/${event.id}/evaluations`, { body: { scores: { ...SCORES, measures: 5 } }, token: p.token })
    const five = await api(`/events/${event.id}/dashboard`, { token: staff.token })
    expect(five.json.evaluations.count).toBe(5)
    expect(five.json.evaluations.averages).toEqual({ measures: 3.4, results: 4, procedures: 5, service: 5, conduct: 4, integrity: 5 })
    expect(five.json.evaluations.overall).toBe(4.4)
  })
})
