import { render, waitFor } from '@testing-library/react'
import { SCORE_DIMENSION_CODES } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { EvaluateForm } from '../../src/features/evaluation/EvaluateForm'
import { click, text } from '../support/dom'
import { mockApi, requests, setStorage } from '../support/taro'

const posts = () => requests.filter((r) => r.method === 'POST' && r.path === '/events/ev1/evaluations')

describe('EvaluateForm', () => {
  it('explains the anonymity and offers the five satisfaction levels for each of the six aspects', () => {
    setStorage('openday.participant.token', 'p')
    render(<EvaluateForm eventId="ev1" />)
    expect(text('eval-anonymous')).toContain('测评结果与您的身份信息分开保存，任何人都无法将答卷与您对应')
    for (const dim of SCORE_DIMENSION_CODES) {
      const options = Array.from(document.querySelectorAll(`#eval-${dim} [role="radio"]`)).map((o) => o.textContent)
      expect(options).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
    }
  })

  it('requires all six scores before sending', async () => {
    setStorage('openday.participant.token', 'p')
    mockApi(() => [201, { ok: true }])
    render(<EvaluateForm eventId="ev1" />)
    for (const dim of SCORE_DIMENSION_CODES.slice(0, 5)) await click(`eval-${dim}-4`)
    await click('eval-submit')
    await waitFor(() => expect(text('eval-error')).toBe('还有 1 项未评分，请为每一项打分'))
    expect(text('eval-integrity-error')).toBe('请为每一项打分')
    expect(document.getElementById('eval-measures-error')).toBeNull()
    expect(posts()).toHaveLength(0)

    await click('eval-integrity-5')
    await click('eval-submit')
    await waitFor(() => expect(text('eval-done')).toContain('测评已提交'))
    expect(posts()).toHaveLength(1)
    expect(posts()[0].body).toEqual({
      scores: { measures: 4, results: 4, procedures: 4, service: 4, conduct: 4, integrity: 5 },
    })
    expect(posts()[0].header.Authorization).toBe('Bearer p')
  })

  it.each([
    ['ALREADY_EVALUATED', 409, 'eval-done', '您已提交过测评，感谢参与'],
    ['NOT_CHECKED_IN', 403, 'eval-error', '签到后才能参加测评'],
  ] as const)('handles %s', async (code, status, id, message) => {
    setStorage('openday.participant.token', 'p')
    mockApi(() => [status, { error: { code, message: 'x' } }])
    render(<EvaluateForm eventId="ev1" />)
    for (const dim of SCORE_DIMENSION_CODES) await click(`eval-${dim}-3`)
    await click('eval-submit')
    await waitFor(() => expect(text(id)).toContain(message))
  })
})
