import { describe, expect, it } from 'vitest'
import { answerDueAt, nextState, SUGGESTION_STATUS_LIST, SUGGESTION_TRANSITIONS } from '../src/suggestions'

describe('answerDueAt: working days on the official calendar', () => {
  it('Friday 2025-09-26 + 5 working days → 2025-10-10 23:59:59+08:00 (28 Sep worked, 1–8 Oct off)', () => {
    expect(answerDueAt('2025-09-26T02:00:00.000Z', 5)).toBe('2025-10-10T15:59:59.000Z')
  })
  it('counts from the Shanghai day: 23:30 on Friday 2025-09-26 (15:30Z) is still the 26th', () => {
    expect(answerDueAt('2025-09-26T15:30:00.000Z', 5)).toBe('2025-10-10T15:59:59.000Z')
    // 00:30 on Saturday 27 Sep in Shanghai: the 28th (调休 Sunday) is the first working day.
    expect(answerDueAt('2025-09-26T16:30:00.000Z', 1)).toBe('2025-09-28T15:59:59.000Z')
  })
  it('春节 2026: assigned Friday 2026-02-13, 1 working day → Saturday 2026-02-14 (调休), 2 → 2026-02-24', () => {
    expect(answerDueAt('2026-02-13T02:00:00.000Z', 1)).toBe('2026-02-14T15:59:59.000Z')
    expect(answerDueAt('2026-02-13T02:00:00.000Z', 2)).toBe('2026-02-24T15:59:59.000Z')
  })
})

describe('nextState: the one table of transitions', () => {
  it('allows exactly the listed transitions and refuses every other', () => {
    const allowed: string[] = []
    for (const [action, rule] of Object.entries(SUGGESTION_TRANSITIONS)) {
      for (const from of SUGGESTION_STATUS_LIST) {
        const to = nextState(from, action as keyof typeof SUGGESTION_TRANSITIONS)
        if (to) allowed.push(`${action}: ${from} → ${to}`)
        else expect(rule.from).not.toContain(from)
      }
    }
    expect(allowed).toEqual([
      'assign: received → assigned',
      'assign: returned → assigned',
      'return: assigned → returned',
      'return: reopened → returned',
      'answer: assigned → answered',
      'answer: reopened → answered',
      'urge: assigned → assigned',
      'urge: reopened → reopened',
      'merge: received → merged',
      'merge: assigned → merged',
      'merge: returned → merged',
      'merge: reopened → merged',
      'rate_satisfied: answered → closed',
      'rate_dissatisfied: answered → reopened',
      'close_unrated: answered → closed',
      'mark_overdue: assigned → assigned',
      'mark_overdue: reopened → reopened',
    ])
  })
  it('a second dissatisfied rating closes the item (不满意办结)', () => {
    expect(nextState('answered', 'rate_dissatisfied', 0)).toBe('reopened')
    expect(nextState('answered', 'rate_dissatisfied', 1)).toBe('closed')
  })
  it('nothing leaves closed or merged', () => {
    for (const action of Object.keys(SUGGESTION_TRANSITIONS)) {
      expect(nextState('closed', action as keyof typeof SUGGESTION_TRANSITIONS)).toBeNull()
      expect(nextState('merged', action as keyof typeof SUGGESTION_TRANSITIONS)).toBeNull()
    }
  })
})
