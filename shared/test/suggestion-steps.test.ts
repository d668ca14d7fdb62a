import { afterEach, describe, expect, it, vi } from 'vitest'
import { allowedStaffActions, answerInputSchema, suggestionInputSchema } from '../src'

describe('allowedStaffActions', () => {
  it('is the table of transitions narrowed by role', () => {
    expect(allowedStaffActions('organizer', 'received')).toStrictEqual(['assign', 'merge'])
    expect(allowedStaffActions('admin', 'assigned')).toStrictEqual(['answer', 'urge', 'merge'])
    expect(allowedStaffActions('handler', 'reopened')).toStrictEqual(['return', 'answer'])
    expect(allowedStaffActions('handler', 'received')).toStrictEqual([])
    expect(allowedStaffActions('checker', 'assigned')).toStrictEqual([])
    for (const role of ['admin', 'organizer', 'handler', 'checker'] as const) {
      for (const status of ['answered', 'closed', 'merged'] as const) expect(allowedStaffActions(role, status)).toStrictEqual([])
    }
  })
})

describe('answerInputSchema', () => {
  afterEach(() => vi.useRealTimers())
  const field = (input: unknown) => {
    const r = answerInputSchema.safeParse(input)
    return r.success ? null : r.error.issues[0].path.join('.')
  }

  it('B needs plannedBy, today or later in Shanghai; C needs 15 characters', () => {
    vi.useFakeTimers()
    // 16:30 UTC on 9 March is 00:30 on 10 March in Shanghai: "today" is the 10th.
    vi.setSystemTime(new Date('2026-03-09T16:30:00Z'))
    expect(field({ answer: '正在研究解决。', resultClass: 'B', publish: false })).toBe('plannedBy')
    expect(field({ answer: '正在研究解决。', resultClass: 'B', plannedBy: '2026-03-09', publish: false })).toBe('plannedBy')
    expect(field({ answer: '正在研究解决。', resultClass: 'B', plannedBy: '2026-03-10', publish: false })).toBeNull()
    expect(field({ answer: '一二三四五六七八九十一二三四', resultClass: 'C', publish: false })).toBe('answer')
    expect(field({ answer: '一二三四五六七八九十一二三四五', resultClass: 'C', publish: false })).toBeNull()
    expect(field({ answer: '已解决问题。', resultClass: 'A' })).toBe('publish')
  })
})

describe('suggestionInputSchema', () => {
  it('takes a mainland mobile as contact and publicConsent', () => {
    expect(suggestionInputSchema.safeParse({ content: '建议', contact: '13812345678', publicConsent: true }).success).toBe(true)
    expect(suggestionInputSchema.safeParse({ content: '建议', contact: 'me@example.com' }).success).toBe(false)
    expect(suggestionInputSchema.safeParse({ content: '建议', publicConsent: 'yes' }).success).toBe(false)
  })
})
