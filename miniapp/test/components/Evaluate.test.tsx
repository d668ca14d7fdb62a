import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { finalizeToken } from '@openday/shared/evaluation-token'
import { SCORE_DIMENSION_CODES } from '@openday/shared'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { EvaluateForm } from '../../src/features/evaluation/EvaluateForm'
import { click, text, type } from '../support/dom'
import { makeSigner, storedToken, type Signer } from '../support/evaluation'
import { getStorage, mockApi, requests, setStorage, type FakeRequest } from '../support/taro'

const TOKEN_KEY = 'openday.evaluation.r1' // features/evaluation/token-store.ts

let signer: Signer
beforeAll(() => {
  signer = makeSigner()
})

const posts = () => requests.filter((r) => r.method === 'POST' && r.path === '/events/ev1/evaluations')

/** The server: signs r1's stored request once checked in; accepts answers with a valid token once. */
function server(blinded: string, opts: { tokenError?: [number, unknown]; answer?: (req: FakeRequest) => [number, unknown] | 'network' } = {}) {
  mockApi((req) => {
    if (req.method === 'GET' && req.path === '/me/registrations/r1/evaluation-token') {
      return opts.tokenError ?? [200, { blindSignature: signer.blindSign(blinded) }]
    }
    if (req.method === 'POST' && req.path === '/events/ev1/evaluations') return opts.answer ? opts.answer(req) : [201, { ok: true }]
    return [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
  })
}

async function withToken() {
  setStorage('openday.participant.token', 'p')
  const token = await storedToken(signer)
  setStorage(TOKEN_KEY, JSON.stringify(token))
  return token
}

describe('EvaluateForm', () => {
  it('explains the anonymity and offers the five satisfaction levels for each of the six aspects', async () => {
    const token = await withToken()
    server(token.blindedMessage)
    render(<EvaluateForm registrationId="r1" />)
    await waitFor(() => expect(text('eval-anonymous')).toContain('任何人都无法将答卷与您对应'))
    for (const dim of SCORE_DIMENSION_CODES) {
      const options = Array.from(document.querySelectorAll(`#eval-${dim} [role="radio"]`)).map((o) => o.textContent)
      expect(options).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
    }
    expect(text('eval-comment-note')).toContain('每满5条')
  })

  it('unblinds the token, answers without login or device id, then forgets the secrets', async () => {
    const token = await withToken()
    server(token.blindedMessage)
    render(<EvaluateForm registrationId="r1" />)
    await waitFor(() => expect(document.getElementById('eval-submit')).not.toBeNull())
    for (const dim of SCORE_DIMENSION_CODES.slice(0, 5)) await click(`eval-${dim}-4`)
    await click('eval-submit')
    await waitFor(() => expect(text('eval-error')).toBe('还有 1 项未评分，请为每一项打分'))
    expect(posts()).toHaveLength(0)

    await click('eval-integrity-5')
    await type('eval-comment', '讲解细致')
    await click('eval-submit')
    await waitFor(() => expect(text('eval-done')).toContain('测评已提交'))
    expect(posts()).toHaveLength(1)
    const { body, header } = posts()[0] as { body: { token: { message: string; signature: string } }; header: Record<string, string> }
    expect(body).toStrictEqual({
      scores: { measures: 4, results: 4, procedures: 4, service: 4, conduct: 4, integrity: 5 },
      comment: '讲解细致',
      token: { message: token.message, signature: expect.any(String) },
    })
    // A standard RSA-PSS signature on the phone's own message, which the server never saw.
    expect(signer.verify(body.token.message, body.token.signature)).toBe(true)
    expect(header.Authorization).toBeUndefined()
    expect(header['X-Client-Id']).toBeUndefined()
    expect(JSON.parse(getStorage(TOKEN_KEY) as string)).toStrictEqual({ used: true, eventId: 'ev1' })
  })

  it('keeps the finished token after a network failure and sends the same one again', async () => {
    const token = await withToken()
    let tries = 0
    server(token.blindedMessage, { answer: () => (++tries === 1 ? 'network' : [201, { ok: true }]) })
    render(<EvaluateForm registrationId="r1" />)
    await waitFor(() => expect(document.getElementById('eval-submit')).not.toBeNull())
    for (const dim of SCORE_DIMENSION_CODES) await click(`eval-${dim}-3`)
    await click('eval-submit')
    await waitFor(() => expect(text('eval-error')).toContain('网络'))
    expect(JSON.parse(getStorage(TOKEN_KEY) as string).signature).toMatch(/^[\w-]{342}$/)
    await click('eval-submit')
    await waitFor(() => expect(text('eval-done')).toContain('测评已提交'))
    const [a, b] = posts().map((p) => (p.body as { token: unknown }).token)
    expect(b).toStrictEqual(a)
    expect(requests.filter((r) => r.path.endsWith('/evaluation-token'))).toHaveLength(1)
  })

  it('a second answer with the same token is reported as already done, and marked used', async () => {
    const token = await withToken()
    server(token.blindedMessage, { answer: () => [409, { error: { code: 'ALREADY_EVALUATED', message: 'x' } }] })
    render(<EvaluateForm registrationId="r1" />)
    await waitFor(() => expect(document.getElementById('eval-submit')).not.toBeNull())
    for (const dim of SCORE_DIMENSION_CODES) await click(`eval-${dim}-3`)
    await click('eval-submit')
    await waitFor(() => expect(text('eval-done')).toBe('您已提交过测评，感谢参与返回'))
    expect(JSON.parse(getStorage(TOKEN_KEY) as string)).toStrictEqual({ used: true, eventId: 'ev1' })
  })

  it.each([
    ['not checked in', [403, { error: { code: 'NOT_CHECKED_IN', message: 'x' } }], '签到后即可参加无记名测评'],
    ['before the start', [409, { error: { code: 'EVALUATION_CLOSED', message: 'x', window: 'not_open' } }], '测评将在活动开始后开放'],
    ['after the window', [409, { error: { code: 'EVALUATION_CLOSED', message: 'x', window: 'closed' } }], '测评已结束（活动结束7天后关闭）'],
    ['no request stored', [409, { error: { code: 'EVALUATION_REQUEST_MISSING', message: 'x' } }], '请在报名时使用的手机上参加测评'],
  ] as const)('says why when %s', async (_, tokenError, message) => {
    const token = await withToken()
    server(token.blindedMessage, { tokenError: tokenError as [number, unknown] })
    render(<EvaluateForm registrationId="r1" />)
    await waitFor(() => expect(text('eval-unavailable')).toContain(message))
    expect(posts()).toHaveLength(0)
  })

  it('says to use the sign-up phone when this phone has no token, or another phone replaced it', async () => {
    setStorage('openday.participant.token', 'p')
    server('AA')
    const first = render(<EvaluateForm registrationId="r1" />)
    await waitFor(() => expect(text('eval-unavailable')).toContain('请在报名时使用的手机上参加测评'))
    expect(requests).toHaveLength(0)
    first.unmount()
    // This phone's token, but the server signs another phone's request: it cannot be unblinded.
    await withToken()
    const other = await storedToken(signer)
    server(other.blindedMessage)
    render(<EvaluateForm registrationId="r1" />)
    await waitFor(() => expect(text('eval-unavailable')).toContain('请在报名时使用的手机上参加测评'))
  })

  it('says what to do on an engine without BigInt (old WeChat)', async () => {
    const token = await withToken()
    server(token.blindedMessage)
    vi.stubGlobal('BigInt', undefined)
    try {
      render(<EvaluateForm registrationId="r1" />)
      await waitFor(() => expect(text('eval-unavailable')).toContain('版本过低'))
      expect(text('eval-unavailable')).toContain('更新')
    } finally {
      vi.unstubAllGlobals()
    }
    expect(requests).toHaveLength(0)
  })

  it('asks to log in only to fetch the blind signature; a finished token is answered logged out', async () => {
    const token = await storedToken(signer)
    setStorage(TOKEN_KEY, JSON.stringify(token))
    mockApi(() => [401, { error: { code: 'UNAUTHENTICATED', message: '请先登录' } }])
    const first = render(<EvaluateForm registrationId="r1" />)
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: expect.stringContaining('/pages/login/index') }))
    first.unmount()
    setStorage(TOKEN_KEY, JSON.stringify({ ...token, signature: finalizeToken(token.key, token, signer.blindSign(token.blindedMessage)) }))
    server(token.blindedMessage)
    render(<EvaluateForm registrationId="r1" />)
    await waitFor(() => expect(document.getElementById('eval-submit')).not.toBeNull())
  })

  it('shows that it was done when the token is already used on this phone', async () => {
    setStorage('openday.participant.token', 'p')
    setStorage(TOKEN_KEY, JSON.stringify({ used: true, eventId: 'ev1' }))
    render(<EvaluateForm registrationId="r1" />)
    await waitFor(() => expect(text('eval-done')).toContain('您已提交无记名测评'))
    expect(requests).toHaveLength(0)
  })
})
