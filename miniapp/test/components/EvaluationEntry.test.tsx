import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { register } from '../../src/api/registrations'
import { TicketView } from '../../src/features/registration/TicketView'
import { click, text } from '../support/dom'
import { makeSigner, storedToken, type Signer } from '../support/evaluation'
import { registration } from '../support/fixtures'
import { getStorage, mockApi, requests, setStorage } from '../support/taro'

// The evaluation on the ticket page and at sign-up: what the phone shows and sends, derived from
// its own token state (the server does not know who evaluated). Fixed dates: the event runs
// 09:00–12:00 Shanghai on Tuesday 10 March 2026.

const START = '2026-03-10T01:00:00.000Z'
const END = '2026-03-10T04:00:00.000Z'
const DURING = '2026-03-10T02:00:00.000Z'
const TOKEN_KEY = 'openday.evaluation.r1'

let signer: Signer
beforeAll(() => {
  signer = makeSigner()
})
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(DURING))
  setStorage('openday.participant.token', 'p')
})
afterEach(() => {
  vi.useRealTimers()
})

const reg = (over: Parameters<typeof registration>[0] = {}) =>
  registration({ event: { title: '开放日', venue: '实验室', startAt: START, endAt: END, status: 'published', cancelReason: null }, ...over })

function server(r: ReturnType<typeof reg>, blinded?: string) {
  mockApi((req) => {
    if (req.path === '/me/registrations') return [200, { registrations: [r] }]
    if (req.path === '/events/ev1/evaluation-key') return [200, signer.key]
    if (req.method === 'PUT' && req.path === '/me/registrations/r1/evaluation-request') return [200, { ok: true }]
    if (req.path === '/me/registrations/r1/evaluation-token' && blinded) return [200, { blindSignature: signer.blindSign(blinded) }]
    return [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
  })
}

describe('the ticket’s evaluation entry', () => {
  it('offers the evaluation once checked in, and fetches the token ahead of the answer', async () => {
    const token = await storedToken(signer)
    setStorage(TOKEN_KEY, JSON.stringify(token))
    server(reg({ checkedInAt: DURING }), token.blindedMessage)
    render(<TicketView id="r1" />)
    await waitFor(() => expect(text('ticket-evaluate')).toBe('参加无记名测评'))
    await waitFor(() => expect(JSON.parse(getStorage(TOKEN_KEY) as string).signature).toMatch(/^[\w-]{342}$/))
    await click('ticket-evaluate')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/evaluate/index?registrationId=r1' })
  })

  it.each([
    ['not checked in yet', {}, DURING, '签到后即可参加无记名测评'],
    ['before the start', { checkedInAt: '2026-03-10T00:30:00.000Z' }, '2026-03-10T00:40:00.000Z', '测评将在活动开始后开放'],
    ['7 days after the end', { checkedInAt: DURING }, '2026-03-17T04:00:01.000Z', '测评已结束'],
  ] as const)('says so when %s', async (_, over, now, message) => {
    vi.setSystemTime(new Date(now))
    setStorage(TOKEN_KEY, JSON.stringify(await storedToken(signer)))
    server(reg(over))
    render(<TicketView id="r1" />)
    await waitFor(() => expect(text('ticket-evaluation-state')).toContain(message))
    expect(document.getElementById('ticket-evaluate')).toBeNull()
  })

  it('says it was submitted, from this phone’s own record', async () => {
    setStorage(TOKEN_KEY, JSON.stringify({ used: true, eventId: 'ev1' }))
    server(reg({ checkedInAt: DURING }))
    render(<TicketView id="r1" />)
    await waitFor(() => expect(text('ticket-evaluation-state')).toBe('您已提交无记名测评，感谢参与'))
  })

  it('sends to use the sign-up phone when this one has no token', async () => {
    server(reg({ checkedInAt: DURING }))
    render(<TicketView id="r1" />)
    await waitFor(() => expect(text('ticket-evaluation-state')).toBe('请在报名时使用的手机上参加测评'))
    expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(0)
  })

  it('before check-in, can move the token to this phone (the other phone’s stops working)', async () => {
    server(reg())
    render(<TicketView id="r1" />)
    await waitFor(() => expect(text('ticket-evaluation-state')).toContain('可在签到前转到本机'))
    await click('ticket-evaluation-move')
    await waitFor(() => expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(1))
    const put = requests.find((r) => r.method === 'PUT')!
    const stored = JSON.parse(getStorage(TOKEN_KEY) as string)
    expect(put.body).toStrictEqual({ evaluationRequest: stored.blindedMessage })
    expect(stored.message).toMatch(/^openday-eval-v1:ev1:[\w-]{43}$/)
  })

  it('sends a request on its own when the server has none (signed up without one)', async () => {
    server(reg({ hasEvaluationRequest: false }))
    render(<TicketView id="r1" />)
    await waitFor(() => expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(1))
    await waitFor(() => expect(JSON.parse(getStorage(TOKEN_KEY) as string).inv).toMatch(/^[\w-]{342}$/))
  })

  it('tells an old engine without BigInt what to do', async () => {
    setStorage(TOKEN_KEY, JSON.stringify(await storedToken(signer)))
    server(reg({ checkedInAt: DURING }))
    vi.stubGlobal('BigInt', undefined)
    try {
      render(<TicketView id="r1" />)
      await waitFor(() => expect(text('ticket-evaluation-state')).toContain('版本过低'))
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('sign-up', () => {
  it('sends a blinded token request, the same one on a retry, and keeps its secrets for the registration', async () => {
    let attempts = 0
    mockApi((req) => {
      if (req.path === '/events/ev1/evaluation-key') return [200, signer.key]
      attempts++
      return attempts === 1 ? 'network' : [201, { registration: registration({ id: 'r7' }) }]
    })
    const input = { name: '张三', phone: '13812345678', category: 'citizen' as const, consent: true as const }
    await expect(register('ev1', input, 'attempt-1')).rejects.toThrow()
    await register('ev1', input, 'attempt-1')
    const posts = requests.filter((r) => r.method === 'POST')
    const [a, b] = posts.map((p) => (p.body as { evaluationRequest: string }).evaluationRequest)
    expect(a).toMatch(/^[\w-]{342}$/)
    expect(b).toBe(a)
    const stored = JSON.parse(getStorage('openday.evaluation.r7') as string)
    expect(stored.blindedMessage).toBe(a)
    // The message itself never leaves the phone.
    expect(JSON.stringify(posts.map((p) => p.body))).not.toContain(stored.message.split(':')[2])
    expect(getStorage('openday.evaluation.pending.attempt-1')).toBeUndefined()
  })

  it('still signs up when the key cannot be fetched', async () => {
    mockApi((req) => (req.path === '/events/ev1/evaluation-key' ? 'network' : [201, { registration: registration({ id: 'r8' }) }]))
    const input = { name: '张三', phone: '13812345678', category: 'citizen' as const, consent: true as const }
    expect((await register('ev1', input, 'attempt-2')).id).toBe('r8')
    expect(requests.find((r) => r.method === 'POST')!.body).toStrictEqual(input)
  })
})
