import { describe, expect, it } from 'vitest'
import { compositeScore, counterDayIndex, counterRangeNodes, counterUpdatePath, evaluationIndex, parsePeriod, periodFigures, periodInstants, rankByScore, type MetricsRow, type PeriodFigures } from '../src/metrics'

const zero = { received: 1, answered: 0, timedAnswers: 0, answerWorkingDays: 0, answeredOnTime: 0, overdueOpen: 0, everAnswered: 0, rated: 0, satisfied: 0, reopened: 0, classA: 0, classB: 0, classC: 0, classD: 0 }
const row = (r: Partial<MetricsRow> & Pick<MetricsRow, 'departmentId'>): MetricsRow => ({ ...zero, ...r })
/** An answered item whose answer took `days` working days (stored by the answer step). */
const answeredIn = (days: number) => ({ answered: 1, timedAnswers: 1, answerWorkingDays: days })

// docs/metrics.md's worked example, one row per item.
const example: MetricsRow[] = [
  // Mon 2 Mar → Thu 5 Mar: 3 working days, on time, 非常满意, class A.
  row({ departmentId: 'd1', ...answeredIn(3), answeredOnTime: 1, everAnswered: 1, rated: 1, satisfied: 1, classA: 1 }),
  // Fri 6 Mar → Tue 10 Mar: 2 working days, late, class C; rated 不满意 once, reopened, answered again.
  row({ departmentId: 'd1', ...answeredIn(2), everAnswered: 1, rated: 1, reopened: 1, classC: 1 }),
  // Not answered and past its deadline.
  row({ departmentId: 'd1', overdueOpen: 1 }),
  // Not assigned yet: counts as received only.
  row({ departmentId: null }),
  // Mon 2 Mar → Tue 3 Mar: 1 working day, on time, not rated (未评价), class B.
  row({ departmentId: 'd2', ...answeredIn(1), answeredOnTime: 1, everAnswered: 1, classB: 1 }),
  // Answered, rated 不满意 and reopened; not answered again yet, its new deadline still ahead.
  row({ departmentId: 'd2', everAnswered: 1, rated: 1, reopened: 1 }),
]

describe('periodFigures', () => {
  it('computes the worked example of docs/metrics.md', () => {
    expect(periodFigures(example, { answers: 5, scoreSum: 132, scoreCount: 30 })).toStrictEqual({
      received: 6,
      answered: 3,
      answeredOnTime: 2,
      onTimeRate: 50, // 2 / (3 answered + 1 overdue); the reopened one is not due yet
      responseRate: 50, // 3 / 6
      satisfactionRate: 33.3, // 1 / 3 rated; the unrated one is in neither
      reopenRate: 50, // 2 / 4 answered at least once
      classCounts: { A: 1, B: 1, C: 1, D: 0 },
      avgWorkingDaysToAnswer: 2, // (3 + 2 + 1) / 3
      evaluationIndex: 88, // 132 / 30 = 4.4 → × 20
    })
  })

  it('per department: only its rows, and no evaluation index', () => {
    expect(periodFigures(example.filter((r) => r.departmentId === 'd1'))).toStrictEqual({
      received: 3,
      answered: 2,
      answeredOnTime: 1,
      onTimeRate: 33.3,
      responseRate: 66.7,
      satisfactionRate: 50,
      reopenRate: 50,
      classCounts: { A: 1, B: 0, C: 1, D: 0 },
      avgWorkingDaysToAnswer: 2.5,
      evaluationIndex: null,
    })
  })

  it('is null, not zero, where there is nothing to divide by', () => {
    expect(periodFigures([])).toStrictEqual({
      received: 0,
      answered: 0,
      answeredOnTime: 0,
      onTimeRate: null,
      responseRate: null,
      satisfactionRate: null,
      reopenRate: null,
      classCounts: { A: 0, B: 0, C: 0, D: 0 },
      avgWorkingDaysToAnswer: null,
      evaluationIndex: null,
    })
  })

  it('averages the stored working days over the answers that have them, and weighs grouped rows', () => {
    const rows = [
      // Two answers of 1 working day each, summed in one row (as the counters do).
      row({ departmentId: 'd', received: 2, answered: 2, timedAnswers: 2, answerWorkingDays: 2 }),
      row({ departmentId: 'd', ...answeredIn(2) }),
      // Answered before migration 0007 stored the days: answered, but not in the mean.
      row({ departmentId: 'd', answered: 1 }),
    ]
    // (1 + 1 + 2) / 3 timed answers = 1.33
    expect(periodFigures(rows)).toMatchObject({ answered: 4, responseRate: 100, avgWorkingDaysToAnswer: 1.3 })
  })
})

describe('evaluationIndex', () => {
  it('is null below 5 answers', () => {
    expect(evaluationIndex({ answers: 4, scoreSum: 120, scoreCount: 24 })).toBeNull()
    expect(evaluationIndex({ answers: 5, scoreSum: 150, scoreCount: 30 })).toBe(100)
    expect(evaluationIndex(null)).toBeNull()
  })
})

describe('compositeScore and rankByScore', () => {
  it('weighs onTime 30 %, satisfaction 40 %, evaluation 30 %, spreading a missing part over the rest', () => {
    expect(compositeScore({ onTimeRate: 50, satisfactionRate: 50, evaluationIndex: 88 })).toBe(61.4)
    expect(compositeScore({ onTimeRate: 50, satisfactionRate: 50, evaluationIndex: null })).toBe(50)
    expect(compositeScore({ onTimeRate: 80, satisfactionRate: null, evaluationIndex: 90 })).toBe(85)
    expect(compositeScore({ onTimeRate: null, satisfactionRate: null, evaluationIndex: null })).toBeNull()
  })

  it('ranks by score, equal scores share a rank, fewer than 5 items are listed last without a rank', () => {
    const f = (received: number, onTimeRate: number | null): { name: string; figures: PeriodFigures } => ({
      name: `${received}-${onTimeRate}`,
      figures: { ...periodFigures([]), received, onTimeRate },
    })
    const ranked = rankByScore([f(4, 100), f(5, 60), f(9, 90), f(6, 60), f(7, null)])
    expect(ranked.map((e) => [e.item.name, e.score, e.rank])).toStrictEqual([
      ['9-90', 90, 1],
      ['5-60', 60, 2],
      ['6-60', 60, 2],
      ['4-100', null, null],
      ['7-null', null, null],
    ])
  })
})

describe('parsePeriod', () => {
  const today = '2026-03-10'
  it('defaults to the last 12 months, or 12 months from/to the one given', () => {
    expect(parsePeriod(undefined, undefined, today)).toStrictEqual({ ok: true, from: '2025-03-11', to: '2026-03-10' })
    expect(parsePeriod('2025-01-01', undefined, today)).toStrictEqual({ ok: true, from: '2025-01-01', to: '2025-12-31' })
    expect(parsePeriod(undefined, '2024-02-29', today)).toStrictEqual({ ok: true, from: '2023-03-01', to: '2024-02-29' })
    expect(parsePeriod('2026-03-10', '2026-03-10', today)).toStrictEqual({ ok: true, from: '2026-03-10', to: '2026-03-10' })
  })

  it('refuses to before from, days outside 2000–2100, over 3 years and malformed days', () => {
    expect(parsePeriod('2026-03-10', '2026-03-09', today)).toMatchObject({ ok: false, field: 'to' })
    expect(parsePeriod('1999-12-31', '2000-06-01', today)).toMatchObject({ ok: false, field: 'from' })
    expect(parsePeriod('2100-06-01', undefined, today)).toMatchObject({ ok: false, field: 'to' })
    expect(parsePeriod('2023-03-10', '2026-03-09', today)).toMatchObject({ ok: true })
    expect(parsePeriod('2023-03-10', '2026-03-10', today)).toMatchObject({ ok: false, field: 'to', message: '统计期间不能超过3年' })
    expect(parsePeriod('2026-02-30', undefined, today)).toMatchObject({ ok: false, field: 'from' })
    expect(parsePeriod('2026-3-1', undefined, today)).toMatchObject({ ok: false, field: 'from' })
  })

  it('bounds the period in UTC: Shanghai midnight to the next midnight after `to`', () => {
    expect(periodInstants({ from: '2026-03-01', to: '2026-03-10' })).toStrictEqual({
      startIso: '2026-02-28T16:00:00.000Z',
      endIso: '2026-03-10T16:00:00.000Z',
    })
  })
})

describe('the counters day tree', () => {
  it('numbers days from 2000-01-01 = 1, as julianday does in the triggers', () => {
    expect(counterDayIndex('2000-01-01')).toBe(1)
    expect(counterDayIndex('2000-03-01')).toBe(61) // 2000 is a leap year
    expect(counterDayIndex('2026-03-10')).toBe(9566)
  })

  it('sums any period from at most 34 nodes, equal to adding up every day of it', () => {
    // Items on some days of three years; each adds itself along its update path.
    const days = Array.from({ length: 400 }, (_, i) => ({ day: new Date(Date.UTC(2024, 0, 1) + ((i * 7919) % 1096) * 86_400_000).toISOString().slice(0, 10), n: 1 + (i % 3) }))
    const tree = new Map<number, number>()
    for (const { day, n } of days) for (const node of counterUpdatePath(counterDayIndex(day))) tree.set(node, (tree.get(node) ?? 0) + n)
    expect(Math.max(...days.map(({ day }) => counterUpdatePath(counterDayIndex(day)).length))).toBeLessThanOrEqual(17)
    const periods = [
      ['2024-01-01', '2026-12-31'],
      ['2025-03-11', '2026-03-10'],
      ['2024-02-29', '2024-02-29'],
      ['2025-01-01', '2025-12-31'],
      ['2026-06-15', '2026-08-02'],
    ]
    for (const [from, to] of periods) {
      const { plus, minus } = counterRangeNodes(from, to)
      expect(plus.length + minus.length).toBeLessThanOrEqual(34)
      const fromTree = plus.reduce((s, n) => s + (tree.get(n) ?? 0), 0) - minus.reduce((s, n) => s + (tree.get(n) ?? 0), 0)
      const direct = days.filter(({ day }) => day >= from && day <= to).reduce((s, { n }) => s + n, 0)
      expect(fromTree, `${from} … ${to}`).toBe(direct)
    }
  })
})
