// The public figures of an agency and its departments (办理情况) and the ranking's composite score.
// docs/metrics.md defines every figure; these functions compute them from rows the API aggregates
// in SQL, so the formulas live in one place and are tested against hand-computed numbers.
import { EVALUATION_MIN_RESPONSES } from './constants'
import type { ResultClass } from './suggestions'
import type { DisclosureFigures } from './summary'

/**
 * Suggestions of one period summed per department (or per agency), each a count over that group.
 * Merged items are never in these rows.
 */
export interface MetricsRow {
  departmentId: string | null
  received: number
  /** With an answer in force: 已答复 or 已办结 (a reopened item is being answered again). */
  answered: number
  /** Of those, the ones whose working days to the answer are known (all since migration 0007)… */
  timedAnswers: number
  /** …and those working days added up (shared calendar, from submission day to answer day). */
  answerWorkingDays: number
  /** Of those, answered at or before the deadline of the assignment it answered. */
  answeredOnTime: number
  /** Without an answer in force and past its deadline now. */
  overdueOpen: number
  /** Answered at least once (answered now, or reopened since). */
  everAnswered: number
  /** With a rating by the citizen (the latest one). */
  rated: number
  /** Rated 5 非常满意, 4 满意 or 3 基本满意. */
  satisfied: number
  /** Reopened at least once after a dissatisfied rating. */
  reopened: number
  classA: number
  classB: number
  classC: number
  classD: number
}

/** The published evaluation counters of the agency's events in the period, summed. */
export interface EvaluationSums {
  /** Answers (each answer scores every aspect once). */
  answers: number
  /** Σ level × count over every aspect and level. */
  scoreSum: number
  /** Σ count over every aspect and level (answers × aspects). */
  scoreCount: number
}

export interface PeriodFigures {
  received: number
  answered: number
  answeredOnTime: number
  /** 按时答复率 %: answeredOnTime / (answered + overdue unanswered); null when nothing was due. */
  onTimeRate: number | null
  /** 答复率 %: answered / received. */
  responseRate: number | null
  /** 满意率 %: rated 5, 4 or 3 / rated. 未评价 is neither. */
  satisfactionRate: number | null
  /** 重办率 %: reopened / answered at least once. */
  reopenRate: number | null
  classCounts: Record<ResultClass, number>
  /** Mean working days from submission to answer (shared calendar), 1 decimal. */
  avgWorkingDaysToAnswer: number | null
  /** 测评指数 (百分制): mean evaluation score × 20; null below EVALUATION_MIN_RESPONSES answers or per department. */
  evaluationIndex: number | null
}

const round1 = (n: number) => Math.round(n * 10) / 10
const percent = (part: number, whole: number) => (whole > 0 ? round1((100 * part) / whole) : null)

/** 百分制 index of evaluation sums, or null below the minimum number of answers. */
export function evaluationIndex(sums: EvaluationSums | null): number | null {
  if (!sums || sums.answers < EVALUATION_MIN_RESPONSES || sums.scoreCount === 0) return null
  return round1((sums.scoreSum / sums.scoreCount) * 20)
}

/**
 * A row that only adds open items overdue now: the public pages add those the daily job has not
 * marked yet to the counters' rows this way (docs/metrics.md, "Counters").
 */
export function overdueOnlyRow(departmentId: string | null, overdueOpen: number): MetricsRow {
  return {
    departmentId,
    received: 0,
    answered: 0,
    timedAnswers: 0,
    answerWorkingDays: 0,
    answeredOnTime: 0,
    overdueOpen,
    everAnswered: 0,
    rated: 0,
    satisfied: 0,
    reopened: 0,
    classA: 0,
    classB: 0,
    classC: 0,
    classD: 0,
  }
}

/** The figures of a set of rows (an agency, or one department's rows). */
export function periodFigures(rows: readonly MetricsRow[], evaluation: EvaluationSums | null = null): PeriodFigures {
  const t = { received: 0, answered: 0, answeredOnTime: 0, overdueOpen: 0, everAnswered: 0, rated: 0, satisfied: 0, reopened: 0, A: 0, B: 0, C: 0, D: 0 }
  let workingDays = 0
  let timedAnswers = 0
  for (const r of rows) {
    workingDays += r.answerWorkingDays
    timedAnswers += r.timedAnswers
    t.received += r.received
    t.answered += r.answered
    t.answeredOnTime += r.answeredOnTime
    t.overdueOpen += r.overdueOpen
    t.everAnswered += r.everAnswered
    t.rated += r.rated
    t.satisfied += r.satisfied
    t.reopened += r.reopened
    t.A += r.classA
    t.B += r.classB
    t.C += r.classC
    t.D += r.classD
  }
  return {
    received: t.received,
    answered: t.answered,
    answeredOnTime: t.answeredOnTime,
    onTimeRate: percent(t.answeredOnTime, t.answered + t.overdueOpen),
    responseRate: percent(t.answered, t.received),
    satisfactionRate: percent(t.satisfied, t.rated),
    reopenRate: percent(t.reopened, t.everAnswered),
    classCounts: { A: t.A, B: t.B, C: t.C, D: t.D },
    avgWorkingDaysToAnswer: timedAnswers > 0 ? round1(workingDays / timedAnswers) : null,
    evaluationIndex: evaluationIndex(evaluation),
  }
}

/** The ranking's weights (docs/metrics.md); a missing part's weight goes to the parts present. */
export const RANKING_WEIGHTS = { onTimeRate: 0.3, satisfactionRate: 0.4, evaluationIndex: 0.3 } as const

/** An agency with fewer items than this is listed but not ranked. */
export const RANKING_MIN_ITEMS = 5

/** Composite 百分制 score: the weighted mean of the parts that are not null; null if none is. */
export function compositeScore(f: Pick<PeriodFigures, keyof typeof RANKING_WEIGHTS>): number | null {
  let sum = 0
  let weight = 0
  for (const [part, w] of Object.entries(RANKING_WEIGHTS) as [keyof typeof RANKING_WEIGHTS, number][]) {
    const value = f[part]
    if (value === null) continue
    sum += value * w
    weight += w
  }
  return weight > 0 ? round1(sum / weight) : null
}

export interface RankingEntry<T> {
  item: T
  score: number | null
  /** 1-based, shared by equal scores (1, 2, 2, 4); null when not ranked. */
  rank: number | null
}

/**
 * Ranked first by score (highest first; equal scores share a rank), then the unranked (fewer
 * than RANKING_MIN_ITEMS items, or no part of the score) in the order given.
 */
export function rankByScore<T extends { figures: PeriodFigures }>(items: readonly T[]): RankingEntry<T>[] {
  const scored = items.map((item) => {
    const score = item.figures.received >= RANKING_MIN_ITEMS ? compositeScore(item.figures) : null
    return { item, score, rank: null as number | null }
  })
  const ranked = scored.filter((e) => e.score !== null).sort((a, b) => b.score! - a.score!)
  ranked.forEach((e, i) => {
    e.rank = i > 0 && ranked[i - 1].score === e.score ? ranked[i - 1].rank : i + 1
  })
  return [...ranked, ...scored.filter((e) => e.score === null)]
}

// The period (from, to): whole days in Asia/Shanghai, both included.

export const PERIOD_MAX_YEARS = 3
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/

export type PeriodResult = { ok: true; from: string; to: string } | { ok: false; field: 'from' | 'to'; message: string }

function isRealDay(day: string): boolean {
  if (!DAY_PATTERN.test(day)) return false
  const d = new Date(`${day}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day
}

/** The day `years` years before or after `day` (29 Feb → 28 Feb). */
function shiftYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const shifted = new Date(Date.UTC(y + years, m - 1, d))
  if (shifted.getUTCMonth() !== m - 1) shifted.setUTCDate(0)
  return shifted.toISOString().slice(0, 10)
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const nextDay = (day: string) => addDays(day, 1)
const previousDay = (day: string) => addDays(day, -1)

/**
 * Checks `from` and `to` (YYYY-MM-DD). Missing both: the last 12 months up to `today`
 * (2026-03-10 → 2025-03-11 … 2026-03-10). One missing: 12 months from / up to the other.
 */
export function parsePeriod(from: string | undefined, to: string | undefined, today: string): PeriodResult {
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (value === undefined || value === '') continue
    if (!isRealDay(value)) return { ok: false, field, message: '日期格式应为YYYY-MM-DD' }
    const year = Number(value.slice(0, 4))
    if (year < 2000 || year > 2100) return { ok: false, field, message: '日期须在2000年至2100年之间' }
  }
  const end = to || (from ? previousDay(shiftYears(from, 1)) : today)
  const start = from || nextDay(shiftYears(end, -1))
  if (end < start) return { ok: false, field: 'to', message: '结束日期不能早于开始日期' }
  for (const [field, day] of [['from', start], ['to', end]] as const) {
    const year = Number(day.slice(0, 4))
    if (year < 2000 || year > 2100) return { ok: false, field, message: '日期须在2000年至2100年之间' }
  }
  if (end >= shiftYears(start, PERIOD_MAX_YEARS)) return { ok: false, field: 'to', message: `统计期间不能超过${PERIOD_MAX_YEARS}年` }
  return { ok: true, from: start, to: end }
}

/** The UTC instants bounding a period: start included, end excluded (ISO strings compare as text). */
export function periodInstants(period: { from: string; to: string }): { startIso: string; endIso: string } {
  return {
    startIso: new Date(`${period.from}T00:00:00+08:00`).toISOString(),
    endIso: new Date(`${nextDay(period.to)}T00:00:00+08:00`).toISOString(),
  }
}

// The public API's answers (api/src/public, docs/api.md).

export interface PublicAgency {
  id: string
  name: string
}

export interface PublicEventSummary {
  id: string
  title: string
  hostUnit: string
  venue: string
  startAt: string
  endAt: string
}

/** GET /public/agencies */
export interface PublicAgencyList {
  agencies: PublicAgency[]
}

/** GET /public/agencies/:id */
export interface PublicAgencyPage {
  agency: PublicAgency
  period: { from: string; to: string }
  figures: PeriodFigures
  /** Active departments with their figures (evaluationIndex is per event, so null here). */
  departments: (PublicAgency & { figures: PeriodFigures })[]
  events: { upcoming: PublicEventSummary[]; past: PublicEventSummary[] }
  /** Disclosure duties of the events that ended in the period (docs/summary.md). */
  disclosure: DisclosureFigures
}

/** One published answer: no contact, no names; phone and ID numbers masked in the text. */
export interface PublicAnswer {
  id: string
  event: { id: string; title: string }
  department: string | null
  topic: string | null
  content: string
  answer: string
  resultClass: ResultClass | null
  plannedBy: string | null
  submittedAt: string
  answeredAt: string
}

/** GET /public/agencies/:id/answers?page= */
export interface PublicAnswerPage {
  answers: PublicAnswer[]
  page: number
  pageSize: number
  /** Whether a next page has answers (there is no total: counting them would cost per answer). */
  hasMore: boolean
}

/** GET /public/rankings */
export interface PublicRanking {
  period: { from: string; to: string }
  weights: typeof RANKING_WEIGHTS
  minItems: number
  agencies: { agency: PublicAgency; rank: number | null; score: number | null; figures: PeriodFigures }[]
}

export const PUBLIC_ANSWERS_PAGE_SIZE = 20

// The counters' day tree (migration 0009, docs/metrics.md "Counters"). Each Shanghai day has an
// index (2000-01-01 is 1). The counters are a Fenwick tree over those indexes: node n holds the
// sums of the items submitted on the days n − lowbit(n) + 1 … n, an item adds itself to the at
// most 17 nodes on its day's update path, and any period's sums are those of at most 34 nodes,
// however many days of history there are.

/** Node indexes run 1 … 2^16 (to the year 2179). */
export const COUNTER_TREE_SIZE = 65_536
const DAY_ONE = Date.UTC(2000, 0, 1)

/** The index of a YYYY-MM-DD day: 2000-01-01 is 1 (the triggers compute the same with julianday). */
export function counterDayIndex(day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - DAY_ONE) / 86_400_000) + 1
}

const lowbit = (n: number) => n & -n

/** The nodes a day's items add themselves to (as the triggers do). */
export function counterUpdatePath(dayIndex: number): number[] {
  const path: number[] = []
  for (let n = dayIndex; n >= 1 && n <= COUNTER_TREE_SIZE; n += lowbit(n)) path.push(n)
  return path
}

/** The nodes whose sums add up to the days 1 … dayIndex. */
function prefixNodes(dayIndex: number): number[] {
  const nodes: number[] = []
  for (let n = Math.min(dayIndex, COUNTER_TREE_SIZE); n > 0; n -= lowbit(n)) nodes.push(n)
  return nodes
}

/**
 * The nodes to add (`plus`) and take away (`minus`) for the sums of the days `from` … `to`
 * (YYYY-MM-DD, both included): prefix(to) − prefix(from − 1), nodes in both cancelling out.
 */
export function counterRangeNodes(from: string, to: string): { plus: number[]; minus: number[] } {
  const upTo = prefixNodes(counterDayIndex(to))
  const before = prefixNodes(counterDayIndex(from) - 1)
  return { plus: upTo.filter((n) => !before.includes(n)), minus: before.filter((n) => !upTo.includes(n)) }
}
