import { describe, expect, it } from 'vitest'
import {
  answersDueAt,
  disclosureFigures,
  disclosureTasks,
  checkinRate,
  draftSummary,
  formatIndexNo,
  publishedSummaryBody,
  summaryDueAt,
  summaryEditSchema,
  type SummaryFigures,
} from '../src'

describe('disclosure deadlines', () => {
  it('counts working days after the event’s last day, Beijing time', () => {
    // Ends Tuesday 10 March 2026, 11:30 Beijing: five working days → Tuesday 17 March.
    expect(summaryDueAt('2026-03-10T03:30:00.000Z')).toBe('2026-03-17T15:59:59.000Z')
    expect(answersDueAt('2026-03-10T03:30:00.000Z')).toBe('2026-03-24T15:59:59.000Z')
    // 23:30 Beijing is still that day (15:30 UTC), 00:30 Beijing the next.
    expect(summaryDueAt('2026-03-10T15:30:00.000Z')).toBe('2026-03-17T15:59:59.000Z')
    expect(summaryDueAt('2026-03-10T16:30:00.000Z')).toBe('2026-03-18T15:59:59.000Z')
  })

  it('skips 国庆 and counts the 调休 Sunday and Saturday worked (2025)', () => {
    // Friday 26 Sep 2025: Sun 28 Sep (调休上班), Mon 29, Tue 30, [1–8 Oct 放假], Thu 9, Fri 10 Oct.
    expect(summaryDueAt('2025-09-26T07:00:00.000Z')).toBe('2025-10-10T15:59:59.000Z')
    // …then Sat 11 Oct (调休上班), Mon 13, Tue 14, Wed 15, Thu 16 Oct.
    expect(answersDueAt('2025-09-26T07:00:00.000Z')).toBe('2025-10-16T15:59:59.000Z')
  })

  it('skips 春节 2026 (15–23 Feb) and counts Sat 28 Feb worked', () => {
    // Friday 13 Feb 2026: Sat 14 Feb 调休上班 = 1, then 24, 25, 26, 27 Feb.
    expect(summaryDueAt('2026-02-13T02:00:00.000Z')).toBe('2026-02-27T15:59:59.000Z')
    // Sat 28 Feb 调休上班 = 6, Mon 2 Mar … Thu 5 Mar = 10.
    expect(answersDueAt('2026-02-13T02:00:00.000Z')).toBe('2026-03-05T15:59:59.000Z')
  })
})

describe('formatIndexNo', () => {
  it('pads the sequence to 5 digits', () => {
    expect(formatIndexNo('640400017', 2024, 208)).toBe('640400017/2024-00208')
    expect(formatIndexNo('640400017', 2026, 1)).toBe('640400017/2026-00001')
    expect(formatIndexNo('640400017', 2026, 12345)).toBe('640400017/2026-12345')
  })
})

const figures = (over: Partial<SummaryFigures> = {}): SummaryFigures => ({
  event: {
    id: 'e1',
    title: '掌稳农产品安全之舵',
    hostUnit: '固原市农业农村局',
    venue: '农产品质量安全检测中心',
    startAt: '2026-03-10T01:00:00.000Z',
    endAt: '2026-03-10T03:30:00.000Z',
    agenda: [{ time: '09:00', title: '职能介绍' }, { title: '参观检测实验室' }],
  },
  units: ['固原市农业农村局', '质量监管科', '市场与信息化科'],
  attendance: {
    registered: 25,
    checkedIn: 20,
    checkinRate: 80,
    byCategory: [
      { category: 'citizen', registered: 15, checkedIn: 12 },
      { category: 'npc_deputy', registered: 10, checkedIn: 8 },
      { category: 'media', registered: 0, checkedIn: 0 },
    ],
  },
  suggestions: { received: 6, answered: 4, answeredOnTime: 3, topics: [{ topic: '食品安全', count: 4 }, { topic: '检测收费', count: 2 }] },
  evaluation: {
    responses: 10,
    index: 89.3,
    aspects: [
      { dimension: 'measures', label: '监管措施', index: 90 },
      { dimension: 'results', label: '监管成效', index: 88.6 },
    ],
  },
  builtAt: '2026-03-12T02:00:00.000Z',
  ...over,
})

describe('draftSummary', () => {
  it('writes every section from the figures', () => {
    const d = draftSummary(figures())
    expect(d.title).toBe('“掌稳农产品安全之舵”政府开放日活动总结')
    expect(d.body).toBe(
      [
        '2026年3月10日，固原市农业农村局举办“掌稳农产品安全之舵”政府开放日活动。现将活动有关情况总结如下。',
        '一、基本情况',
        '2026年3月10日（周二）09:00–11:30，固原市农业农村局在农产品质量安全检测中心举办“掌稳农产品安全之舵”政府开放日活动。质量监管科、市场与信息化科参与活动并负责相关意见建议的办理。',
        '二、参加人员',
        '本次活动共报名25人，实际签到20人，签到率80%。其中，市民代表报名15人、签到12人；人大代表报名10人、签到8人。',
        '三、活动安排',
        '活动安排如下：\n1. 09:00 职能介绍\n2. 参观检测实验室',
        '四、意见建议',
        '活动中共收到意见建议6条，主要涉及食品安全（4条）、检测收费（2条）等方面。截至2026年3月12日，已答复4条，其中按期答复3条，按期答复率75%；其余2条正在办理中。',
        '五、满意度测评',
        '共有10人参加无记名满意度测评，综合满意度指数为89.3（百分制）。各测评项目指数：监管措施90，监管成效88.6。',
      ].join('\n\n'),
    )
  })

  it('publishes no evaluation below 5 responses, and says so when nothing was registered or received', () => {
    const d = draftSummary(
      figures({
        units: ['固原市农业农村局'],
        attendance: { registered: 0, checkedIn: 0, checkinRate: null, byCategory: [] },
        suggestions: { received: 0, answered: 0, answeredOnTime: 0, topics: [] },
        evaluation: { responses: 4, index: null, aspects: null },
        event: { ...figures().event, agenda: [] },
      }),
    )
    expect(d.body).toContain('政府开放日活动。\n\n二、参加人员\n\n本次活动无人报名。')
    expect(d.body).toContain('三、活动安排\n\n活动按计划进行。')
    expect(d.body).toContain('四、意见建议\n\n活动中未收到意见建议。')
    expect(d.body.endsWith('五、满意度测评\n\n测评人数不足5人，不公布测评结果。')).toBe(true)
    // An index given with fewer than 5 responses is still not published.
    expect(draftSummary(figures({ evaluation: { responses: 4, index: 90, aspects: [] } })).body).toContain('测评人数不足5人，不公布测评结果。')
  })

  it('keeps the title within 100 characters', () => {
    const d = draftSummary(figures({ event: { ...figures().event, title: '长'.repeat(100) } }))
    expect(d.title.length).toBeLessThanOrEqual(100)
    expect(summaryEditSchema.safeParse({ title: d.title, body: d.body, nextSteps: '' }).success).toBe(true)
  })
})

describe('publishedSummaryBody and checkinRate', () => {
  it('adds 下一步工作 only when written', () => {
    expect(publishedSummaryBody('正文', '  ')).toBe('正文')
    expect(publishedSummaryBody('正文\n', '一是……')).toBe('正文\n\n六、下一步工作\n\n一是……')
  })
  it('rounds the rate to 1 decimal', () => {
    expect(checkinRate(0, 0)).toBeNull()
    expect(checkinRate(3, 2)).toBe(66.7)
    expect(checkinRate(25, 20)).toBe(80)
  })
})

describe('disclosureTasks and disclosureFigures', () => {
  // Ended Tue 3 March 2026: summary due Tue 10 March, answers due Tue 17 March.
  const base = { id: 'e1', title: '三月开放日', endAt: '2026-03-03T03:30:00.000Z', summaryAt: null, digestAt: null, publicAnswers: 0 }

  it('has a summary task always, an answers task only with a public answer or a digest', () => {
    expect(disclosureTasks([base], '2026-03-10T02:00:00.000Z')).toStrictEqual([
      { kind: 'summary', eventId: 'e1', eventTitle: '三月开放日', dueAt: '2026-03-10T15:59:59.000Z', doneAt: null, overdue: false },
    ])
    const both = disclosureTasks([{ ...base, publicAnswers: 1 }], '2026-03-11T02:00:00.000Z')
    expect(both.map((t) => [t.kind, t.overdue])).toStrictEqual([
      ['summary', true],
      ['answers', false],
    ])
    expect(disclosureTasks([{ ...base, digestAt: '2026-03-12T02:00:00.000Z' }], '2026-03-12T03:00:00.000Z').map((t) => t.kind)).toStrictEqual(['summary', 'answers'])
  })

  it('marks a task done late as overdue, and lists open tasks first by deadline', () => {
    const rows = [
      { ...base, id: 'late', summaryAt: '2026-03-11T02:00:00.000Z' },
      { ...base, id: 'open', endAt: '2026-03-05T03:30:00.000Z' },
      { ...base, id: 'ok', summaryAt: '2026-03-10T15:59:59.000Z' },
    ]
    expect(disclosureTasks(rows, '2026-03-11T03:00:00.000Z').map((t) => [t.eventId, t.overdue])).toStrictEqual([
      ['open', false],
      ['late', true],
      ['ok', false],
    ])
  })

  it('counts duties due or done, and those done on time', () => {
    const rows = [
      { ...base, id: 'a', summaryAt: '2026-03-09T02:00:00.000Z', publicAnswers: 1 },
      { ...base, id: 'b', endAt: '2026-02-02T03:30:00.000Z', summaryAt: '2026-02-20T02:00:00.000Z', digestAt: '2026-02-10T02:00:00.000Z', publicAnswers: 1 },
      { ...base, id: 'c', endAt: '2026-03-09T03:30:00.000Z' },
    ]
    // a: summary on time, answers not yet due; b: summary late, answers on time; c: nothing due yet.
    expect(disclosureFigures(rows, '2026-03-10T02:00:00.000Z')).toStrictEqual({ summariesDue: 2, summariesOnTime: 1, answersDue: 1, answersOnTime: 1 })
    expect(disclosureFigures(rows, '2026-03-18T02:00:00.000Z')).toStrictEqual({ summariesDue: 3, summariesOnTime: 1, answersDue: 2, answersOnTime: 1 })
  })
})
