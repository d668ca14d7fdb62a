// Fixtures of the public API's answers (GET /public/…), shaped like the API's own.
import type { PeriodFigures, PublicAgencyPage, PublicAnswer, PublicRanking } from '@openday/shared'

export function figures(overrides: Partial<PeriodFigures> = {}): PeriodFigures {
  return {
    received: 8,
    answered: 5,
    answeredOnTime: 3,
    onTimeRate: 50,
    responseRate: 62.5,
    satisfactionRate: 75,
    reopenRate: 20,
    classCounts: { A: 2, B: 1, C: 1, D: 1 },
    avgWorkingDaysToAnswer: 2.4,
    evaluationIndex: null,
    ...overrides,
  }
}

export function agencyPage(overrides: Partial<PublicAgencyPage> = {}): PublicAgencyPage {
  return {
    agency: { id: 'ag1', name: '固原市农业农村局' },
    period: { from: '2025-03-11', to: '2026-03-10' },
    figures: figures({ evaluationIndex: 88 }),
    departments: [
      { id: 'd1', name: '办公室', figures: figures({ received: 2, answered: 2, responseRate: 100, onTimeRate: 100, satisfactionRate: null, reopenRate: 0 }) },
      { id: 'd2', name: '检测科', figures: figures({ received: 4, answered: 2, responseRate: 50, onTimeRate: 33.3, satisfactionRate: 50, reopenRate: 50 }) },
    ],
    events: {
      upcoming: [{ id: 'ev-next', title: '四月开放日', hostUnit: '检测中心', venue: '检测大楼', startAt: '2026-04-01T02:00:00.000Z', endAt: '2026-04-01T05:00:00.000Z' }],
      past: [{ id: 'ev-past', title: '二月开放日', hostUnit: '检测中心', venue: '检测大楼', startAt: '2026-02-02T02:00:00.000Z', endAt: '2026-02-02T05:00:00.000Z' }],
    },
    disclosure: { summariesDue: 1, summariesOnTime: 1, answersDue: 1, answersOnTime: 0 },
    ...overrides,
  }
}

export function publicAnswer(n: number, overrides: Partial<PublicAnswer> = {}): PublicAnswer {
  return {
    id: `ans${n}`,
    event: { id: 'ev-past', title: '二月开放日' },
    department: '检测科',
    topic: null,
    content: `意见${n}：希望增加停车位，电话138****5678。`,
    answer: `答复${n}：已增设停车位。`,
    resultClass: 'A',
    plannedBy: null,
    submittedAt: '2026-03-02T02:00:00.000Z',
    answeredAt: '2026-03-05T02:00:00.000Z',
    ...overrides,
  }
}

export function ranking(): PublicRanking {
  return {
    period: { from: '2025-03-11', to: '2026-03-10' },
    weights: { onTimeRate: 0.3, satisfactionRate: 0.4, evaluationIndex: 0.3 },
    minItems: 5,
    agencies: [
      { agency: { id: 'ag1', name: '固原市农业农村局' }, rank: 1, score: 78.4, figures: figures({ evaluationIndex: 88 }) },
      { agency: { id: 'ag2', name: '固原市市场监督管理局' }, rank: 2, score: 61.5, figures: figures() },
      { agency: { id: 'ag3', name: '固原市林业和草原局' }, rank: null, score: null, figures: figures({ received: 3 }) },
    ],
  }
}
