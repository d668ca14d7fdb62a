import { EVALUATION_MIN_RESPONSES, SCORE_DIMENSION_CODES, type ScoreDimension } from './constants'

// The anonymous evaluation (无记名测评), see docs/privacy.md. Who may answer is proved by an RSA
// blind signature (RFC 9474) on a message the device chose at sign-up; the server signs without
// seeing the message and later checks a signature it cannot link to the signing. Answers are
// added to counters, never stored one by one. These are the rules both sides share; they need no
// zod, so the device's token code (evaluation-token.ts) loads them cheaply.

/** RFC 9474 variant. The token message already holds 32 random bytes, so no extra prefix is needed. */
export const EVALUATION_SUITE = 'RSABSSA-SHA384-PSSZERO-Deterministic'
export const EVALUATION_MODULUS_BITS = 2048
/** Blinded requests, blind signatures and signatures are this many bytes (the RSA modulus). */
export const EVALUATION_MODULUS_BYTES = EVALUATION_MODULUS_BITS / 8
export const EVALUATION_TOKEN_PREFIX = 'openday-eval-v1'
export const EVALUATION_TOKEN_RANDOM_BYTES = 32

/** Evaluation opens when the event starts and closes this long after it ends. */
export const EVALUATION_OPEN_AFTER_END_MS = 7 * 24 * 60 * 60 * 1000

/**
 * Figures move, and comments are released, only in whole steps of this many answers, so that no
 * two readings ever differ by one person's answer.
 */
export const EVALUATION_STEP = EVALUATION_MIN_RESPONSES

/** Counters are stored as zero-padded text of this width, so rewriting one never changes its size. */
export const EVALUATION_COUNTER_WIDTH = 8

export const EVALUATION_LEVELS = [1, 2, 3, 4, 5] as const

export type EvaluationWindowState = 'not_open' | 'open' | 'closed'

export function evaluationClosesAt(event: { endAt: string }): string {
  return new Date(Date.parse(event.endAt) + EVALUATION_OPEN_AFTER_END_MS).toISOString()
}

export function evaluationWindow(event: { startAt: string; endAt: string }, now: Date): EvaluationWindowState {
  const t = now.getTime()
  if (t < Date.parse(event.startAt)) return 'not_open'
  if (t > Date.parse(event.endAt) + EVALUATION_OPEN_AFTER_END_MS) return 'closed'
  return 'open'
}

export const EVALUATION_WINDOW_MESSAGES: Record<Exclude<EvaluationWindowState, 'open'>, string> = {
  not_open: '测评将在活动开始后开放',
  closed: '测评已结束（活动结束7天后关闭）',
}

export const TOKEN_MESSAGE = new RegExp(`^${EVALUATION_TOKEN_PREFIX}:([A-Za-z0-9_-]{1,64}):([A-Za-z0-9_-]{43})$`)

/** `openday-eval-v1:<eventId>:<32 random bytes, base64url>`: what the device asks to have signed. */
export function tokenMessage(eventId: string, randomPart: string): string {
  const message = `${EVALUATION_TOKEN_PREFIX}:${eventId}:${randomPart}`
  if (!TOKEN_MESSAGE.test(message)) throw new Error('invalid token message')
  return message
}

/** The event a token message names, or null if it is not a token message. */
export function tokenMessageEvent(message: string): string | null {
  return TOKEN_MESSAGE.exec(message)?.[1] ?? null
}


/** GET /events/:id/evaluation-key: the event's RSA public key (n and e, base64url big-endian). */
export interface EvaluationKeyResponse {
  eventId: string
  suite: typeof EVALUATION_SUITE
  n: string
  e: string
}

/** GET /me/registrations/:id/evaluation-token */
export interface EvaluationTokenResponse {
  blindSignature: string
}

export type LevelCounts = [number, number, number, number, number]

export interface EvaluationFigures {
  /** Answers behind the figures: 0 or a multiple of EVALUATION_STEP, never the live count. */
  count: number
  /** null until EVALUATION_MIN_RESPONSES answers are published. */
  averages: Record<ScoreDimension, number> | null
  overall: number | null
  /** Per aspect, answers at each level: index 0 = 1 (非常不满意) … index 4 = 5 (非常满意). */
  distribution: Record<ScoreDimension, LevelCounts> | null
}

const round2 = (n: number) => Math.round(n * 100) / 100

/** The dashboard figures from published counters (rows of dimension × level). */
export function evaluationFigures(cells: readonly { dimension: string; level: number; count: number }[]): EvaluationFigures {
  const distribution = Object.fromEntries(SCORE_DIMENSION_CODES.map((d) => [d, [0, 0, 0, 0, 0]])) as Record<ScoreDimension, LevelCounts>
  for (const c of cells) {
    const row = distribution[c.dimension as ScoreDimension]
    if (row && c.level >= 1 && c.level <= 5) row[c.level - 1] = c.count
  }
  const totals = SCORE_DIMENSION_CODES.map((d) => distribution[d].reduce((s, n) => s + n, 0))
  // Every answer scores every aspect, so each aspect's total is the number of answers.
  const count = Math.min(...totals)
  if (count < EVALUATION_MIN_RESPONSES) return { count: 0, averages: null, overall: null, distribution: null }
  const sums = SCORE_DIMENSION_CODES.map((d) => distribution[d].reduce((s, n, i) => s + n * (i + 1), 0))
  const averages = Object.fromEntries(SCORE_DIMENSION_CODES.map((d, i) => [d, round2(sums[i] / totals[i])])) as Record<ScoreDimension, number>
  const overall = round2(sums.reduce((s, n) => s + n, 0) / totals.reduce((s, n) => s + n, 0))
  return { count, averages, overall, distribution }
}

/** 百分制: an average on the 5-point scale × 20, one decimal (4.4 → 88). */
export const toIndex = (average: number) => Math.round(average * 20 * 10) / 10

/**
 * 百分制 of answers counted per level (index 0 = 1 分 … 4 = 5 分), from the exact mean, as the
 * public 测评指数 is: 1 × 3 + 6 × 4 + 8 × 5 = 67 over 15 → 89.3 (the rounded 4.47 would give 89.4).
 */
export function levelsIndex(...rows: readonly (readonly number[])[]): number | null {
  let sum = 0
  let count = 0
  for (const row of rows) row.forEach((n, i) => ((sum += n * (i + 1)), (count += n)))
  return count > 0 ? toIndex(sum / count) : null
}

/** GET /staff/evaluation-report: an agency's evaluation over its events starting in a period. */
export interface EvaluationReport {
  period: { from: string; to: string }
  /** The sum of every event's published counters (null figures below 5 answers). */
  overall: EvaluationFigures
  /** Published events starting in the period, latest first, each with its own figures. */
  events: { id: string; title: string; startAt: string; figures: EvaluationFigures }[]
}
