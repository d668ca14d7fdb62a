/**
 * The anonymous evaluation in the BUILT mini-program (dist/weapp): the ticket page blinds a token
 * request with randomness from wx.getRandomValues (WeChat has no WebCrypto) and sends it; once
 * checked in, the evaluate page fetches the blind signature, unblinds it with BigInt and submits
 * the answer with no login and no device id. The server side is played by Node's OpenSSL.
 */
import { randomBytes } from 'node:crypto'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { makeSigner, type Signer } from '../support/evaluation'
import { registration } from '../support/fixtures'
import { callsOf, getWxStorage, mockWxApi, renderPage, resetWx, respond, setWxStorage, stubWx, until, wxRequests, type WxRequest } from './harness'

const API = 'http://127.0.0.1:8787/api/v1' // TARO_APP_API_BASE's default, baked into the build
const HOUR = 3600000
const iso = (ms: number) => new Date(Date.now() + ms).toISOString()
const DIMENSIONS = ['measures', 'results', 'procedures', 'service', 'conduct', 'integrity']

let signer: Signer
beforeAll(() => {
  signer = makeSigner()
})
afterEach(() => resetWx())

/** The API as the server answers it, for one registration that gets checked in half-way. */
function fakeServer() {
  const state = { checkedIn: false, stored: null as string | null, answers: [] as WxRequest[] }
  const reg = () =>
    registration({
      id: 'r1',
      eventId: 'e1',
      event: { title: '开放日', venue: '实验室', startAt: iso(-HOUR), endAt: iso(2 * HOUR), status: 'published', cancelReason: null },
      checkedInAt: state.checkedIn ? iso(-60000) : null,
      hasEvaluationRequest: state.stored !== null,
    })
  mockWxApi((req) => {
    const path = req.url.replace(API, '')
    const method = req.method ?? 'GET'
    if (method === 'GET' && path === '/me/registrations') return { statusCode: 200, data: { registrations: [reg()] } }
    if (method === 'GET' && path === '/events/e1/evaluation-key') return { statusCode: 200, data: { ...signer.key, eventId: 'e1' } }
    if (method === 'PUT' && path === '/me/registrations/r1/evaluation-request') {
      state.stored = (JSON.parse(String(req.data)) as { evaluationRequest: string }).evaluationRequest
      return { statusCode: 200, data: { ok: true } }
    }
    if (method === 'GET' && path === '/me/registrations/r1/evaluation-token') {
      if (!state.checkedIn) return { statusCode: 403, data: { error: { code: 'NOT_CHECKED_IN', message: '签到后才能参加测评' } } }
      return { statusCode: 200, data: { blindSignature: signer.blindSign(state.stored!) } }
    }
    if (method === 'POST' && path === '/events/e1/evaluations') {
      state.answers.push(req)
      return { statusCode: 201, data: { ok: true } }
    }
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到相关内容' } } }
  })
  return state
}

const text = (page: { dom: HTMLElement }) => page.dom.textContent ?? ''

describe('the anonymous evaluation in the built weapp', () => {
  it('blinds with wx.getRandomValues, unblinds with BigInt and answers without login', async () => {
    const server = fakeServer()
    setWxStorage('openday.participant.token', 'p-token')
    stubWx('getRandomValues', (o: { length: number }) =>
      respond(o, 'getRandomValues', { randomValues: new Uint8Array(randomBytes(o.length)).buffer }),
    )

    // 1. Signed up on this phone without a request (none stored): the ticket page makes one.
    const ticket = renderPage('pages/ticket/index', { id: 'r1' })
    await until(() => server.stored, 8000)
    // The phone keeps the secrets only once the server has the request: wait for that write too.
    await until(() => getWxStorage('openday.evaluation.r1'), 8000)
    expect(server.stored).toMatch(/^[\w-]{342}$/)
    const lengths = callsOf('getRandomValues').map(([o]) => (o as { length: number }).length)
    expect(lengths[0]).toBe(32) // the token message's random part
    expect(lengths.slice(1).every((n) => n === 256)).toBe(true) // the blinding factor r
    const kept = JSON.parse(String(getWxStorage('openday.evaluation.r1')))
    expect(kept.blindedMessage).toBe(server.stored)
    expect(kept.message).toMatch(/^openday-eval-v1:e1:[\w-]{43}$/)
    // The server only ever saw the blinded number, never the message.
    expect(JSON.stringify(wxRequests.map((r) => r.data))).not.toContain(kept.message.split(':')[2])
    await until(() => text(ticket).includes('签到后即可参加无记名测评'))

    // 2. Checked in: the evaluate page finishes the token and sends the answer.
    server.checkedIn = true
    const page = renderPage('pages/evaluate/index', { registrationId: 'r1' })
    await until(() => page.querySelector('#eval-submit'), 8000)
    for (const dim of DIMENSIONS) page.querySelector(`#eval-${dim}-4`)!.dispatchEvent('tap', { detail: {} })
    await new Promise((r) => setTimeout(r, 100))
    page.querySelector('#eval-submit')!.dispatchEvent('tap', { detail: {} })
    await until(() => text(page).includes('测评已提交'), 8000)

    expect(server.answers).toHaveLength(1)
    const [answer] = server.answers
    const body = JSON.parse(String(answer.data)) as { token: { message: string; signature: string }; scores: Record<string, number> }
    expect(body.scores).toStrictEqual(Object.fromEntries(DIMENSIONS.map((d) => [d, 4])))
    expect(body.token.message).toBe(kept.message)
    expect(signer.verify(body.token.message, body.token.signature)).toBe(true)
    expect(answer.header?.Authorization).toBeUndefined()
    expect(answer.header?.['X-Client-Id']).toBeUndefined()
    // The secrets are gone; only "used" is left on the phone.
    expect(JSON.parse(String(getWxStorage('openday.evaluation.r1')))).toStrictEqual({ used: true, eventId: 'e1' })
  })
})
