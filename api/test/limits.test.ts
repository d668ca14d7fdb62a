import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../src/index'
import { api, createAgency, createParticipant, createPublishedEvent, markPhoneVerified, registrationInput } from './support/fixtures'

const BASE = 'http://openday.test/api/v1'

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), display-capture=()',
}
const securityHeadersOf = (headers: Headers) => Object.fromEntries(Object.keys(SECURITY_HEADERS).map((k) => [k, headers.get(k)]))

describe('security headers on API responses', () => {
  it('are on answers of every kind: ok, cached, bad input, unauthenticated, unknown path', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    await api(`/events/${event.id}`)
    const responses = [
      await api('/health'),
      await api(`/events/${event.id}`), // from the cache
      await api('/auth/sms/send', { body: { phone: '123' } }),
      await api('/me/registrations'),
      await api('/no-such-thing'),
    ]
    expect(responses.map((r) => r.status)).toEqual([200, 200, 400, 401, 404])
    expect(responses[1].headers.get('cf-cache-status')).toBe('HIT')
    for (const r of responses) expect(securityHeadersOf(r.headers)).toEqual(SECURITY_HEADERS)
  })
})

describe('request bodies over 64 KB', () => {
  const suggestionsOf = async (eventId: string) =>
    (await env.DB.prepare('SELECT count(*) AS n FROM suggestions WHERE event_id = ?1').bind(eventId).first<{ n: number }>())!.n

  it('are refused with 413 PAYLOAD_TOO_LARGE before parsing, nothing stored', async () => {
    const event = await createPublishedEvent((await createAgency()).id)
    const body = JSON.stringify({ content: '建议', topic: 'x'.repeat(70_000) })
    const res = await api(`/events/${event.id}/suggestions`, { body })
    expect(res.status).toBe(413)
    expect(res.json).toStrictEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大，请删减后重试' } })
    expect(securityHeadersOf(res.headers)).toEqual(SECURITY_HEADERS)
    expect(await suggestionsOf(event.id)).toBe(0)
  })

  it('are refused when streamed without a length too, and the next request is served', async () => {
    const event = await createPublishedEvent((await createAgency()).id)
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk) // 640 KB in all
        else controller.close()
      },
    })
    const res = await worker.fetch(
      new Request(`${BASE}/events/${event.id}/suggestions`, { method: 'POST', body: stream, headers: { 'content-type': 'application/json' } }),
      env,
      createExecutionContext(),
    )
    expect(res.status).toBe(413)
    expect(await res.json()).toStrictEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大，请删减后重试' } })
    // The whole body was read before answering.
    expect(sent).toBe(41)
    expect((await api('/health')).status).toBe(200)
  })

  it('let a body of exactly 64 KB through to validation', async () => {
    const participant = await createParticipant()
    const event = await createPublishedEvent((await createAgency()).id)
    const input = registrationInput()
    await markPhoneVerified(participant.token, input.phone)
    const base = JSON.stringify({ ...input, organization: '' })
    const padded = base.replace('"organization":""', `"organization":"${' '.repeat(64 * 1024 - new TextEncoder().encode(base).length)}"`)
    expect(new TextEncoder().encode(padded).length).toBe(64 * 1024)
    const res = await api(`/events/${event.id}/registrations`, { body: padded, token: participant.token })
    expect(res.status).toBe(201)
  })
})

describe('D1 overloaded', () => {
  const MESSAGES = ['D1_ERROR: D1 DB is overloaded. Requests queued for too long.', 'D1_ERROR: D1 DB is overloaded. Too many requests queued.']

  /** A D1 binding that answers every query as an overloaded D1 does. */
  function overloadedDb(message: string): D1Database {
    const reject = () => Promise.reject(new Error(message))
    const statement: D1PreparedStatement = new Proxy({} as D1PreparedStatement, {
      get: (_t, prop) => (prop === 'bind' ? () => statement : reject),
    })
    return new Proxy({} as D1Database, {
      get: (_t, prop) => (prop === 'prepare' ? () => statement : reject),
    })
  }

  it.each(MESSAGES)('is a 503 OVERLOADED with Retry-After, never a 500 (%s)', async (message) => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const participant = await createParticipant()
    const overloadedEnv = { ...env, DB: overloadedDb(message) }
    const requests = [
      // drizzle's query builder (wraps the error in its own)
      new Request(`${BASE}/staff/events`, { headers: { authorization: `Bearer ${participant.token}` } }),
      new Request(`${BASE}/events/${event.id}?fresh=${Math.random()}`, { headers: { authorization: `Bearer ${participant.token}` } }),
      // a raw D1 batch
      new Request(`${BASE}/events/${event.id}/registrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${participant.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(registrationInput()),
      }),
      // a raw D1 statement
      new Request(`${BASE}/events/${event.id}/suggestions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"建议"}' }),
    ]
    const answers = []
    for (const req of requests) {
      const ctx = createExecutionContext()
      const res = await worker.fetch(req, overloadedEnv, ctx)
      await waitOnExecutionContext(ctx)
      answers.push({ url: req.url, status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() })
    }
    const overloaded = { status: 503, retryAfter: '5', body: { error: { code: 'OVERLOADED', message: '当前访问人数较多，请稍后重试' } } }
    // /staff/events refuses a participant before touching D1.
    expect(answers[0].status).toBe(403)
    for (const a of answers.slice(1)) expect({ status: a.status, retryAfter: a.retryAfter, body: a.body }, a.url).toStrictEqual(overloaded)
    // Nothing was written by the refused sign-up.
    const n = await env.DB.prepare('SELECT count(*) AS n FROM registrations WHERE event_id = ?1').bind(event.id).first()
    expect(n).toEqual({ n: 0 })
  })
})
