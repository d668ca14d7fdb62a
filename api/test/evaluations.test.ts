import { env } from 'cloudflare:test'
import { EVALUATION_STEP, SCORE_DIMENSION_CODES } from '@openday/shared'
import { base64urlToBytes, blindTokenRequest, bytesToBase64url, finalizeToken, newTokenMessage } from '@openday/shared/evaluation-token'
import { describe, expect, it } from 'vitest'
import { setNow } from './support/clock'
import { issueParticipantToken } from '../src/auth/tokens'
import {
  answer,
  blindedRequest,
  checkIn,
  eventKey,
  fetchToken,
  random,
  scoresOf,
  signUpWithToken,
} from './support/evaluation'
import { DAY, HOUR, api, createAgency, createParticipant, createPublishedEvent, createStaff, eventInput, runningNow, signUp } from './support/fixtures'

const EVALUATION_TABLES = ['evaluation_keys', 'evaluation_tallies', 'evaluation_spent_tokens', 'evaluation_comment_slots']

/** Every row of the tables, to show that a refused request changed nothing. */
async function dump(tables = [...EVALUATION_TABLES, 'registrations', 'checkins']) {
  const out: Record<string, unknown[]> = {}
  for (const t of tables) out[t] = (await env.DB.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()).results
  return JSON.stringify(out)
}

const tallies = async (eventId: string) =>
  (
    await env.DB.prepare('SELECT dimension, level, live, published FROM evaluation_tallies WHERE event_id = ? ORDER BY dimension, level')
      .bind(eventId)
      .all<{ dimension: string; level: number; live: string; published: string }>()
  ).results

/** Live counts as { dimension: [n1..n5] }. */
const liveCounts = async (eventId: string, column: 'live' | 'published' = 'live') => {
  const out: Record<string, number[]> = {}
  for (const r of await tallies(eventId)) (out[r.dimension] ??= [0, 0, 0, 0, 0])[r.level - 1] = Number(r[column])
  return out
}

const sha256hex = async (s: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s))), (b) => b.toString(16).padStart(2, '0')).join('')

async function setup(times = runningNow()) {
  const agency = await createAgency()
  const staff = await createStaff(agency.id, 'checker')
  const event = await createPublishedEvent(agency.id, times)
  return { agency, staff, event }
}

/** A participant who signed up with a token request and was checked in; token ready to fetch. */
async function attendee(eventId: string, staffToken: string) {
  const participant = await createParticipant()
  const { registration, key, request } = await signUpWithToken(eventId, participant.token)
  await checkIn(eventId, staffToken, registration.ticket)
  return { participant, registration, key, request, token: () => fetchToken(registration.id, participant.token, key, request) }
}

describe('the event key', () => {
  it('is made on first request for a published event with its counters and empty slots, then cached publicly', async () => {
    const { event } = await setup()
    const first = await api(`/events/${event.id}/evaluation-key`)
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=3600')
    expect(first.json).toStrictEqual({ eventId: event.id, suite: 'RSABSSA-SHA384-PSSZERO-Deterministic', n: expect.stringMatching(/^[\w-]{342}$/), e: 'AQAB' })
    const again = await api(`/events/${event.id}/evaluation-key`)
    expect(again.json).toStrictEqual(first.json)
    // Served from the edge cache: no D1 round trip at all.
    expect(again.headers.get('cf-cache-status')).toBe('HIT')
    expect(again.roundTrips).toBe(0)

    const row = await env.DB.prepare('SELECT * FROM evaluation_keys WHERE event_id = ?').bind(event.id).first<Record<string, string>>()
    // The private key is stored encrypted (AES-GCM), never as a readable key.
    expect(row!.private_key).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/)
    expect(row!.private_key).not.toContain(first.json.n.slice(0, 40))
    expect(JSON.parse(row!.public_key)).toStrictEqual({ kty: 'RSA', n: first.json.n, e: 'AQAB' })
    const cells = await tallies(event.id)
    expect(cells).toHaveLength(SCORE_DIMENSION_CODES.length * 5)
    expect(new Set(cells.map((c) => `${c.live}/${c.published}`))).toStrictEqual(new Set(['00000000/00000000']))
    const slots = await env.DB.prepare('SELECT batch, filled, length(body) AS size FROM evaluation_comment_slots WHERE event_id = ?')
      .bind(event.id)
      .all()
    expect(slots.results).toStrictEqual(Array(EVALUATION_STEP).fill({ batch: 0, filled: 0, size: 1536 }))
  })

  it('is made once when many ask at the same time', async () => {
    const { event } = await setup()
    const answers = await Promise.all(Array.from({ length: 6 }, () => api(`/events/${event.id}/evaluation-key`)))
    expect(new Set(answers.map((a) => a.json.n)).size).toBe(1)
    const counts = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM evaluation_keys WHERE event_id = ?1) AS keys,
              (SELECT count(*) FROM evaluation_tallies WHERE event_id = ?1) AS cells,
              (SELECT count(*) FROM evaluation_comment_slots WHERE event_id = ?1) AS slots`,
    )
      .bind(event.id)
      .first()
    expect(counts).toStrictEqual({ keys: 1, cells: 30, slots: 5 })
  })

  it('does not exist for drafts or unknown events', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const created = await api('/events', {
      token: staff.token,
      body: { ...eventInput(), title: '草稿活动' },
    })
    expect(created.status).toBe(201)
    expect((await api(`/events/${created.json.event.id}/evaluation-key`)).status).toBe(404)
    expect((await api('/events/nope/evaluation-key')).status).toBe(404)
    const n = await env.DB.prepare('SELECT count(*) AS n FROM evaluation_keys WHERE event_id = ?').bind(created.json.event.id).first()
    expect(n).toStrictEqual({ n: 0 })
  })
})

describe('the token request', () => {
  it('is stored with the sign-up as sent, in the same single round trip', async () => {
    const { event } = await setup()
    const participant = await createParticipant()
    const { request } = await blindedRequest(event.id)
    const res = await signUp(event.id, participant.token, { evaluationRequest: request.blindedMessage })
    expect(res.status).toBe(201)
    expect(res.roundTrips).toBe(1)
    expect('evaluated' in res.json.registration).toBe(false)
    expect(res.json.registration.hasEvaluationRequest).toBe(true)
    const without = await signUp(event.id, participant.token)
    expect(without.json.registration.hasEvaluationRequest).toBe(false)
    const mine = await api('/me/registrations', { token: participant.token })
    expect(mine.json.registrations.map((r: { hasEvaluationRequest: boolean }) => r.hasEvaluationRequest).sort()).toStrictEqual([false, true])
    const row = await env.DB.prepare('SELECT evaluation_request FROM registrations WHERE id = ?').bind(res.json.registration.id).first()
    expect(row).toStrictEqual({ evaluation_request: request.blindedMessage })
    const bad = await signUp(event.id, participant.token, { evaluationRequest: 'not-a-request' })
    expect(bad.status).toBe(400)
    expect(bad.json.error.field).toBe('evaluationRequest')
  })

  it('can be set later while none is stored or until check-in, never replaced after check-in', async () => {
    const { event, staff } = await setup()
    const participant = await createParticipant()
    const reg = (await signUp(event.id, participant.token)).json.registration
    const put = (r: string, token = participant.token) =>
      api(`/me/registrations/${reg.id}/evaluation-request`, { method: 'PUT', body: { evaluationRequest: r }, token })
    const stored = async () => (await env.DB.prepare('SELECT evaluation_request AS r FROM registrations WHERE id = ?').bind(reg.id).first<{ r: string }>())!.r
    const [a, b, c] = await Promise.all([blindedRequest(event.id), blindedRequest(event.id), blindedRequest(event.id)])

    expect((await put(a.request.blindedMessage)).status).toBe(200)
    expect(await stored()).toBe(a.request.blindedMessage)
    // Before check-in a new phone may take over.
    expect((await put(b.request.blindedMessage)).status).toBe(200)
    expect(await stored()).toBe(b.request.blindedMessage)
    // Someone else cannot.
    const other = await createParticipant()
    expect((await put(c.request.blindedMessage, other.token)).status).toBe(404)
    await checkIn(event.id, staff.token, reg.ticket)
    const late = await put(c.request.blindedMessage)
    expect(late.status).toBe(409)
    expect(late.json.error.code).toBe('INVALID_STATE')
    expect(await stored()).toBe(b.request.blindedMessage)
    expect((await put('x')).status).toBe(400)
  })

  it('can be set after check-in when none was stored', async () => {
    const { event, staff } = await setup()
    const participant = await createParticipant()
    const reg = (await signUp(event.id, participant.token)).json.registration
    await checkIn(event.id, staff.token, reg.ticket)
    const missing = await api(`/me/registrations/${reg.id}/evaluation-token`, { token: participant.token })
    expect(missing.status).toBe(409)
    expect(missing.json.error.code).toBe('EVALUATION_REQUEST_MISSING')
    const { key, request } = await blindedRequest(event.id)
    const put = await api(`/me/registrations/${reg.id}/evaluation-request`, {
      method: 'PUT',
      body: { evaluationRequest: request.blindedMessage },
      token: participant.token,
    })
    expect(put.status).toBe(200)
    const token = await fetchToken(reg.id, participant.token, key, request)
    expect((await answer(event.id, { token, scores: scoresOf(4) })).status).toBe(201)
  })
})

describe('issuing the token', () => {
  it('signs the stored request once checked in, writing nothing, the same signature on every call', async () => {
    const { event, staff } = await setup()
    const p = await attendee(event.id, staff.token)
    const before = await dump()
    const first = await api(`/me/registrations/${p.registration.id}/evaluation-token`, { token: p.participant.token })
    const second = await api(`/me/registrations/${p.registration.id}/evaluation-token`, { token: p.participant.token })
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('no-store')
    // One query for the token facts, one for the participant's session (as on every /me route).
    expect(first.roundTrips).toBe(2)
    expect(second.json).toStrictEqual(first.json)
    expect(Object.keys(first.json)).toStrictEqual(['blindSignature'])
    expect(await dump()).toBe(before)
  })

  it('refuses before check-in, before the start and 7 days after the end', async () => {
    const start = Date.now() + HOUR
    const { event, staff } = await setup(runningNow({ startAt: new Date(start).toISOString(), endAt: new Date(start + 2 * HOUR).toISOString() }))
    const participant = await createParticipant()
    const { registration } = await signUpWithToken(event.id, participant.token)
    // A participant token lives 7 days: the person logs in again before asking a week later.
    let token = participant.token
    const issue = () => api(`/me/registrations/${registration.id}/evaluation-token`, { token })
    const notIn = await issue()
    expect(notIn.status).toBe(403)
    expect(notIn.json.error.code).toBe('NOT_CHECKED_IN')
    await checkIn(event.id, staff.token, registration.ticket) // check-in opens 2 h before the start
    const early = await issue()
    expect(early.status).toBe(409)
    expect(early.json.error).toStrictEqual({ code: 'EVALUATION_CLOSED', message: '测评将在活动开始后开放', window: 'not_open' })
    setNow(start)
    expect((await issue()).status).toBe(200)
    setNow(start + 2 * HOUR + 7 * DAY)
    token = await issueParticipantToken(env.SESSION_SECRET, participant.id)
    expect((await issue()).status).toBe(200)
    setNow(start + 2 * HOUR + 7 * DAY + 1)
    const late = await issue()
    expect(late.status).toBe(409)
    expect(late.json.error.window).toBe('closed')
  })

  it('is only for the registration’s own participant', async () => {
    const { event, staff } = await setup()
    const p = await attendee(event.id, staff.token)
    const other = await createParticipant()
    expect((await api(`/me/registrations/${p.registration.id}/evaluation-token`, { token: other.token })).status).toBe(404)
    expect((await api(`/me/registrations/${p.registration.id}/evaluation-token`, { token: staff.token })).status).toBe(403)
    expect((await api(`/me/registrations/${p.registration.id}/evaluation-token`)).status).toBe(401)
  })
})

describe('answering', () => {
  it('adds the answer to the counters and the comment to a slot, in one batch; nothing else', async () => {
    const { event, staff } = await setup()
    const p = await attendee(event.id, staff.token)
    const token = await p.token()
    const scores = scoresOf([5, 4, 3, 2, 1, 5])
    const res = await answer(event.id, { token, scores, comment: '讲解细致，仪器演示很直观。' })
    expect(res.status).toBe(201)
    expect(res.json).toStrictEqual({ ok: true })
    expect(res.roundTrips).toBe(2)

    const live = await liveCounts(event.id)
    for (const [i, dim] of SCORE_DIMENSION_CODES.entries()) {
      const expected = [0, 0, 0, 0, 0]
      expected[scores[dim] - 1] = 1
      expect(live[dim], dim).toStrictEqual(expected)
    }
    // One answer is below the step: nothing is published.
    expect(Object.values(await liveCounts(event.id, 'published')).flat().every((n) => n === 0)).toBe(true)
    expect(new Set((await tallies(event.id)).map((t) => t.live.length))).toStrictEqual(new Set([8]))
    const spent = await env.DB.prepare('SELECT * FROM evaluation_spent_tokens WHERE event_id = ?').bind(event.id).all()
    expect(spent.results).toStrictEqual([{ token_hash: await sha256hex(token.message), event_id: event.id }])
    const slots = await env.DB.prepare('SELECT filled, length(body) AS size FROM evaluation_comment_slots WHERE event_id = ?').bind(event.id).all()
    expect(slots.results.filter((s) => s.filled === 1)).toHaveLength(1)
    expect(new Set(slots.results.map((s) => s.size))).toStrictEqual(new Set([1536]))
  })

  it('accepts a token once: a second use is ALREADY_EVALUATED and changes nothing', async () => {
    const { event, staff } = await setup()
    const p = await attendee(event.id, staff.token)
    const token = await p.token()
    expect((await answer(event.id, { token, scores: scoresOf(5), comment: '好' })).status).toBe(201)
    const before = await dump()
    const again = await answer(event.id, { token, scores: scoresOf(1), comment: '差' })
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('ALREADY_EVALUATED')
    expect(await dump()).toBe(before)
  })

  it('counts one of many simultaneous uses of one token', async () => {
    const { event, staff } = await setup()
    const p = await attendee(event.id, staff.token)
    const token = await p.token()
    const results = await Promise.all(Array.from({ length: 8 }, () => answer(event.id, { token, scores: scoresOf(3), comment: '同时' })))
    expect(results.map((r) => r.status).sort()).toStrictEqual([201, 409, 409, 409, 409, 409, 409, 409])
    expect((await liveCounts(event.id)).measures).toStrictEqual([0, 0, 1, 0, 0])
    const filled = await env.DB.prepare('SELECT count(*) AS n FROM evaluation_comment_slots WHERE event_id = ? AND filled = 1').bind(event.id).first()
    expect(filled).toStrictEqual({ n: 1 })
  })

  it('refuses a forged or altered token with 403 and changes nothing', async () => {
    const { event, staff } = await setup()
    const p = await attendee(event.id, staff.token)
    const token = await p.token()
    const flipped = base64urlToBytes(token.signature)
    flipped[17] ^= 1
    const before = await dump()
    for (const bad of [
      { ...token, signature: bytesToBase64url(flipped) },
      { ...token, message: token.message.slice(0, -2) + (token.message.endsWith('AA') ? 'BB' : 'AA') },
      { message: token.message, signature: 'A'.repeat(342) },
    ]) {
      const res = await answer(event.id, { token: bad, scores: scoresOf(1) })
      expect(res.status).toBe(403)
      expect(res.json.error.code).toBe('EVALUATION_TOKEN_INVALID')
    }
    expect(await dump()).toBe(before)
  })

  it('refuses requests that carry a login or a device id, before reading the token', async () => {
    const { event, staff } = await setup()
    const p = await attendee(event.id, staff.token)
    const token = await p.token()
    const before = await dump()
    for (const headers of [{ authorization: `Bearer ${p.participant.token}` }, { 'x-client-id': 'device-1' }] as Record<string, string>[]) {
      const res = await answer(event.id, { token, scores: scoresOf(2) }, headers)
      expect(res.status).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
    }
    expect(await dump()).toBe(before)
    expect((await answer(event.id, { token, scores: scoresOf(2) })).status).toBe(201)
  })

  it('refuses answers after the window closes (409) and changes nothing', async () => {
    const { event, staff } = await setup()
    const p = await attendee(event.id, staff.token)
    const token = await p.token()
    setNow(Date.parse(event.endAt) + 7 * DAY + 1)
    const before = await dump()
    const res = await answer(event.id, { token, scores: scoresOf(4) })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('EVALUATION_CLOSED')
    expect(await dump()).toBe(before)
  })

  it('validates every score as 1 to 5 before anything else', async () => {
    const { event, staff } = await setup()
    const p = await attendee(event.id, staff.token)
    const token = await p.token()
    const res = await answer(event.id, { token, scores: { ...scoresOf(3), service: 6 } })
    expect(res.status).toBe(400)
    expect(res.json.error).toStrictEqual({ code: 'VALIDATION_FAILED', field: 'scores.service', message: '评分为1到5分' })
    const missing = await answer(event.id, { scores: scoresOf(3) })
    expect(missing.json.error.field).toBe('token')
  })
})

describe('issue 5 §5: rules that must break a test', () => {
  it('(9) a participant checked in at event A cannot evaluate event B; B’s tallies stay unchanged', async () => {
    const { agency, staff, event: a } = await setup()
    const b = await createPublishedEvent(agency.id, runningNow())
    await eventKey(b.id)
    const p = await attendee(a.id, staff.token)
    const tokenA = await p.token()
    const before = await dump(EVALUATION_TABLES)
    const bTallies = await tallies(b.id)

    // A's token sent to B: it names A.
    const sent = await answer(b.id, { token: tokenA, scores: scoresOf(1), comment: '串场' })
    expect(sent.status).toBe(403)
    expect(sent.json.error.code).toBe('EVALUATION_TOKEN_INVALID')
    // A token that names B, signed with A's key (the device blinded a B message for A's key).
    const forged = await blindedRequest(a.id)
    const bMessage = await newTokenMessage(b.id, random)
    const blinded = await blindTokenRequest(forged.key, bMessage, random)
    const q = await createParticipant()
    const reg = (await signUp(a.id, q.token, { evaluationRequest: blinded.blindedMessage })).json.registration
    await checkIn(a.id, staff.token, reg.ticket)
    const sig = await api(`/me/registrations/${reg.id}/evaluation-token`, { token: q.token })
    const forgedToken = { message: bMessage, signature: finalizeToken(forged.key, blinded, sig.json.blindSignature) }
    const res = await answer(b.id, { token: forgedToken, scores: scoresOf(1) })
    expect(res.status).toBe(403)

    expect(await tallies(b.id)).toStrictEqual(bTallies)
    const spentB = await env.DB.prepare('SELECT count(*) AS n FROM evaluation_spent_tokens WHERE event_id = ?').bind(b.id).first()
    expect(spentB).toStrictEqual({ n: 0 })
    expect(await dump(EVALUATION_TABLES)).toBe(before)
    // The same token still works where it belongs.
    expect((await answer(a.id, { token: tokenA, scores: scoresOf(5) })).status).toBe(201)
  })

  it('(17) nothing stored for an answer derives from the registration or holds a time', async () => {
    const { event, staff } = await setup()
    const people = []
    for (let i = 0; i < 3; i++) people.push(await attendee(event.id, staff.token))
    const tokens = []
    for (const p of people) {
      const token = await p.token()
      tokens.push(token)
      expect((await answer(event.id, { token, scores: scoresOf(4), comment: `意见${tokens.length}` })).status).toBe(201)
    }
    // The columns: no person, no registration, no time.
    const columns = async (t: string) => (await env.DB.prepare(`PRAGMA table_info(${t})`).all<{ name: string }>()).results.map((c) => c.name)
    expect(await columns('evaluation_spent_tokens')).toStrictEqual(['token_hash', 'event_id'])
    expect(await columns('evaluation_tallies')).toStrictEqual(['id', 'event_id', 'dimension', 'level', 'live', 'published'])
    expect(await columns('evaluation_comment_slots')).toStrictEqual(['id', 'event_id', 'batch', 'filled', 'body'])
    // The spent token is the hash of the device's random message, and of nothing else.
    const spent = (await env.DB.prepare('SELECT token_hash FROM evaluation_spent_tokens WHERE event_id = ? ORDER BY token_hash').bind(event.id).all<{ token_hash: string }>()).results
    expect(spent.map((s) => s.token_hash)).toStrictEqual((await Promise.all(tokens.map((t) => sha256hex(t.message)))).sort())
    // No value stored for the answers contains, or is a digest of, anything of the sign-ups, and
    // none is a time.
    const derived = new Set<string>()
    for (const p of people) {
      for (const v of [p.registration.id, p.participant.id, p.registration.shortCode, p.request.blindedMessage]) {
        derived.add(v)
        derived.add(await sha256hex(v))
        derived.add(await sha256hex(`${event.id}:${v}`))
      }
    }
    const values = [
      ...(await env.DB.prepare('SELECT * FROM evaluation_spent_tokens WHERE event_id = ?').bind(event.id).raw()),
      ...(await env.DB.prepare('SELECT id, batch, filled, hex(body) FROM evaluation_comment_slots WHERE event_id = ?').bind(event.id).raw()),
      ...(await env.DB.prepare('SELECT * FROM evaluation_tallies WHERE event_id = ?').bind(event.id).raw()),
    ].flat()
    for (const v of values) {
      const s = String(v)
      for (const d of derived) expect(s.includes(d), `${s} holds ${d}`).toBe(false)
      expect(s, 'an ISO time').not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
      if (typeof v === 'number') expect(v > 1e9 && v < 1e13, `${v} looks like a time`).toBe(false)
      if (/^\d+$/.test(s) && s.length >= 9) expect(Number(s) > 1e9 && Number(s) < 1e13, `${s} looks like a time`).toBe(false)
    }
  })
})

describe('figures in steps', () => {
  it('publish counters only at multiples of 5, in the same batch as the answer', async () => {
    const { event, staff } = await setup()
    const dash = async () => (await api(`/events/${event.id}/dashboard`, { token: staff.token })).json.evaluations
    for (let i = 1; i <= 10; i++) {
      const p = await attendee(event.id, staff.token)
      expect((await answer(event.id, { token: await p.token(), scores: scoresOf(i % 5 === 0 ? 1 : 5) })).status).toBe(201)
      const published = (await liveCounts(event.id, 'published')).measures
      const expectedPublished = i < 5 ? [0, 0, 0, 0, 0] : i < 10 ? [1, 0, 0, 0, 4] : [2, 0, 0, 0, 8]
      expect(published, `after ${i}`).toStrictEqual(expectedPublished)
      const d = await dash()
      if (i < 5) expect(d).toStrictEqual({ count: 0, averages: null, overall: null, distribution: null })
      else expect(d.count).toBe(i < 10 ? 5 : 10)
    }
    const d = await dash()
    expect(d.averages.measures).toBe(4.2)
    expect(d.overall).toBe(4.2)
    expect(d.distribution.integrity).toStrictEqual([2, 0, 0, 0, 8])
  })

  it('never let two consecutive dashboard readings differ by one answer (12 evaluations, polled after each)', async () => {
    const { event, staff } = await setup()
    const readings = [(await api(`/events/${event.id}/dashboard`, { token: staff.token })).json.evaluations]
    const comments = [(await api(`/events/${event.id}/evaluation-comments`, { token: staff.token })).json.comments]
    for (let i = 0; i < 12; i++) {
      const p = await attendee(event.id, staff.token)
      // Identifying answers: person i's scores are unique to them.
      const scores = scoresOf(SCORE_DIMENSION_CODES.map((_, d) => ((i + d) % 5) + 1))
      expect((await answer(event.id, { token: await p.token(), scores, comment: `第${i + 1}位的意见` })).status).toBe(201)
      readings.push((await api(`/events/${event.id}/dashboard`, { token: staff.token })).json.evaluations)
      comments.push((await api(`/events/${event.id}/evaluation-comments`, { token: staff.token })).json.comments)
    }
    const total = (d: { distribution: Record<string, number[]> | null }, dim: string) => (d.distribution ? d.distribution[dim].reduce((s, n) => s + n, 0) : 0)
    for (let i = 1; i < readings.length; i++) {
      const [a, b] = [readings[i - 1], readings[i]]
      const moved = b.count - a.count
      expect(moved === 0 || moved >= EVALUATION_STEP, `reading ${i}: count moved by ${moved}`).toBe(true)
      if (moved === 0) expect(b, `reading ${i} changed without a step`).toStrictEqual(a)
      for (const dim of SCORE_DIMENSION_CODES) expect(total(b, dim) - total(a, dim)).toBe(moved)
      const newComments = comments[i].length - comments[i - 1].length
      expect(newComments === 0 || newComments >= EVALUATION_STEP, `comments moved by ${newComments}`).toBe(true)
    }
    expect(readings.map((r) => r.count)).toStrictEqual([0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10])
    expect(comments.map((c) => c.length)).toStrictEqual([0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10])
    expect([...comments[12]].sort()).toStrictEqual(Array.from({ length: 10 }, (_, i) => `第${i + 1}位的意见`).sort())
  }, 30_000)

  it('show comments to the event’s staff only', async () => {
    const { event } = await setup()
    const outsider = await createStaff((await createAgency()).id)
    const participant = await createParticipant()
    expect((await api(`/events/${event.id}/evaluation-comments`, { token: outsider.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/evaluation-comments`, { token: participant.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/evaluation-comments`)).status).toBe(401)
  })
})
