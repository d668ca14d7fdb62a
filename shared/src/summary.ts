// 活动总结 and the disclosure duties after an event (issue 7 §4): the figures a summary is drafted
// from, the draft staff edit, the 政府信息公开 header of a published summary; the pure builders
// (draft text, 索引号, deadlines). The edit form's schema is in summary-input.ts and the follows
// in follows.ts, so the app's pages carry only what they use.
import { CATEGORIES, EVALUATION_MIN_RESPONSES, SUMMARY_TITLE_MAX, type Category, type ScoreDimension } from './constants'
import { formatEventTime } from './feed'
import { answerDueAt } from './suggestions'
import { shanghaiDate } from './time'
import type { AgendaItem } from './types'

// --- 活动总结 ---

/** Working days after the event's last day by which the summary is due (end of that day, Beijing time). */
export const SUMMARY_DUE_WORKING_DAYS = 5
/** Working days after the event's last day by which its answers are due in a 答复公开 post. */
export const ANSWERS_DUE_WORKING_DAYS = 10

/** What the draft was built from, frozen when staff build or refresh it. */
export interface SummaryFigures {
  event: {
    id: string
    title: string
    hostUnit: string
    venue: string
    startAt: string
    endAt: string
    agenda: AgendaItem[]
  }
  /** The host unit first, then the departments that handled the event's suggestions. */
  units: string[]
  attendance: {
    registered: number
    checkedIn: number
    /** 签到率 %, 1 decimal; null with nobody registered. */
    checkinRate: number | null
    byCategory: { category: Category; registered: number; checkedIn: number }[]
  }
  suggestions: {
    received: number
    answered: number
    /** Answered by their deadline. */
    answeredOnTime: number
    /** The most frequent topics, most first (at most 5). */
    topics: { topic: string; count: number }[]
  }
  /** Only from EVALUATION_MIN_RESPONSES answers on: below that, index and aspects are null. */
  evaluation: {
    responses: number
    /** 百分制 */
    index: number | null
    aspects: { dimension: ScoreDimension; label: string; index: number }[] | null
  }
  builtAt: string
}

export type SummaryStatus = 'draft' | 'published'

/** GET/POST/PUT /staff/events/:id/summary */
export interface EventSummaryDraft {
  eventId: string
  status: SummaryStatus
  title: string
  body: string
  nextSteps: string
  figures: SummaryFigures
  createdAt: string
  updatedAt: string
  publishedAt: string | null
  postId: string | null
  indexNo: string | null
  /** The summary's disclosure deadline (SUMMARY_DUE_WORKING_DAYS after the event). */
  dueAt: string
}


/** 政府信息公开 header of a published summary (PostDetail.disclosure). */
export interface Disclosure {
  /** 索引号: `<机构代码>/<year>-<5-digit sequence>`, e.g. 640400017/2024-00208. */
  indexNo: string
  /** 发布机构 */
  publisher: string
  /** 发文时间 */
  issuedAt: string
  /** 公开方式 */
  method: '主动公开'
  /** 有效性: a withdrawn document is 已废止. */
  validity: '有效' | '已废止'
}

/** A disclosure duty on the staff home (待办): the summary or the answers of an ended event. */
export interface DisclosureTask {
  kind: 'summary' | 'answers'
  eventId: string
  eventTitle: string
  dueAt: string
  /** Done at (published), or null while open. */
  doneAt: string | null
  overdue: boolean
}
export const DISCLOSURE_TASK_LABELS: Record<DisclosureTask['kind'], string> = {
  summary: '发布活动总结',
  answers: '公开意见答复',
}

// --- pure builders ---

/**
 * End (23:59:59 Asia/Shanghai, as ISO UTC) of the SUMMARY_DUE_WORKING_DAYS-th working day after
 * the event's last day, on the official calendar with 调休 (the suggestions' deadline function).
 */
export function summaryDueAt(eventEndAt: string | Date): string {
  return answerDueAt(eventEndAt, SUMMARY_DUE_WORKING_DAYS)
}

/** As summaryDueAt, ANSWERS_DUE_WORKING_DAYS working days after the event: the 答复公开 post. */
export function answersDueAt(eventEndAt: string | Date): string {
  return answerDueAt(eventEndAt, ANSWERS_DUE_WORKING_DAYS)
}

/** 索引号: `640400017/2024-00208` (the sequence is the agency's, per year, 5 digits). */
export function formatIndexNo(code: string, year: number, seq: number): string {
  return `${code}/${year}-${String(seq).padStart(5, '0')}`
}

/** The Shanghai year of an instant: the year of a 索引号 issued then. */
export const shanghaiYear = (at: string | Date) => Number(shanghaiDate(at).slice(0, 4))

/** 签到率 %, 1 decimal; null with nobody registered. */
export function checkinRate(registered: number, checkedIn: number): number | null {
  return registered > 0 ? Math.round((checkedIn / registered) * 1000) / 10 : null
}

/** The heading of the 下一步 section in the published post. */
export const NEXT_STEPS_HEADING = '六、下一步工作'

const percent = (part: number, whole: number) => `${Math.round((part / whole) * 1000) / 10}%`
const dateOnly = (iso: string) => {
  const [y, m, d] = shanghaiDate(iso).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/**
 * The draft of an event's summary from its figures: plain text, one heading per section
 * (基本情况, 参加人员, 活动安排, 意见建议, 满意度测评), paragraphs split by a blank line. 下一步
 * is written by staff (nextSteps) and added on publication (publishedSummaryBody).
 */
export function draftSummary(f: SummaryFigures): { title: string; body: string } {
  const e = f.event
  const others = f.units.filter((u) => u !== e.hostUnit)
  const basic =
    `${formatEventTime(e.startAt, e.endAt)}，${e.hostUnit}在${e.venue}举办“${e.title}”政府开放日活动。` +
    (others.length ? `${others.join('、')}参与活动并负责相关意见建议的办理。` : '')

  const a = f.attendance
  let people: string
  if (a.registered === 0) {
    people = '本次活动无人报名。'
  } else {
    const byCategory = a.byCategory
      .filter((c) => c.registered > 0 || c.checkedIn > 0)
      .map((c) => `${CATEGORIES[c.category] ?? c.category}报名${c.registered}人、签到${c.checkedIn}人`)
    people =
      `本次活动共报名${a.registered}人，实际签到${a.checkedIn}人，签到率${a.checkinRate ?? 0}%。` +
      (byCategory.length ? `其中，${byCategory.join('；')}。` : '')
  }

  const agenda = e.agenda.length
    ? `活动安排如下：\n${e.agenda.map((item, i) => `${i + 1}. ${item.time ? `${item.time} ` : ''}${item.title}`).join('\n')}`
    : '活动按计划进行。'

  const sg = f.suggestions
  let suggestions: string
  if (sg.received === 0) {
    suggestions = '活动中未收到意见建议。'
  } else {
    const topics = sg.topics.length ? `，主要涉及${sg.topics.map((t) => `${t.topic}（${t.count}条）`).join('、')}等方面` : ''
    suggestions =
      `活动中共收到意见建议${sg.received}条${topics}。` +
      `截至${dateOnly(f.builtAt)}，已答复${sg.answered}条` +
      (sg.answered > 0 ? `，其中按期答复${sg.answeredOnTime}条，按期答复率${percent(sg.answeredOnTime, sg.answered)}` : '') +
      (sg.received > sg.answered ? `；其余${sg.received - sg.answered}条正在办理中` : '') +
      '。'
  }

  const ev = f.evaluation
  const evaluation =
    ev.responses >= EVALUATION_MIN_RESPONSES && ev.index !== null
      ? `共有${ev.responses}人参加无记名满意度测评，综合满意度指数为${ev.index}（百分制）。` +
        (ev.aspects?.length ? `各测评项目指数：${ev.aspects.map((x) => `${x.label}${x.index}`).join('，')}。` : '')
      : `测评人数不足${EVALUATION_MIN_RESPONSES}人，不公布测评结果。`

  const sections: [string, string][] = [
    ['一、基本情况', basic],
    ['二、参加人员', people],
    ['三、活动安排', agenda],
    ['四、意见建议', suggestions],
    ['五、满意度测评', evaluation],
  ]
  const suffix = '政府开放日活动总结'
  const room = SUMMARY_TITLE_MAX - suffix.length - 2
  const name = e.title.length > room ? `${e.title.slice(0, room - 1)}…` : e.title
  // The lead is the first paragraph: what lists and RSS show as the post's summary.
  const lead = `${dateOnly(e.startAt)}，${e.hostUnit}举办“${e.title}”政府开放日活动。现将活动有关情况总结如下。`
  return {
    title: `“${name}”${suffix}`,
    body: [lead, ...sections.map(([h, t]) => `${h}\n\n${t}`)].join('\n\n'),
  }
}

/** The published post's body: the edited body, then 下一步工作 when staff wrote one. */
export function publishedSummaryBody(body: string, nextSteps: string): string {
  const next = nextSteps.trim()
  return next ? `${body.trim()}\n\n${NEXT_STEPS_HEADING}\n\n${next}` : body.trim()
}

// --- disclosure duties ---

/** An ended event's duties as stored: when its summary and its first 答复公开 were published. */
export interface EventDuties {
  id: string
  title: string
  endAt: string
  summaryAt: string | null
  digestAt: string | null
  /** Whether any answer of the event is public: only then are its answers due in a 答复公开. */
  publicAnswers: boolean | number
}

/**
 * The 待办 of ended events: a 'summary' task for each, and an 'answers' task for each with a public
 * answer (or a digest already). A task is overdue when it was done after its deadline, or is
 * still open past it. Open tasks first (soonest deadline first), then done ones.
 */
export function disclosureTasks(rows: readonly EventDuties[], now: string | Date): DisclosureTask[] {
  const nowIso = new Date(now).toISOString()
  const tasks: DisclosureTask[] = []
  for (const r of rows) {
    const due = { summary: summaryDueAt(r.endAt), answers: answersDueAt(r.endAt) }
    const done = { summary: r.summaryAt, answers: r.digestAt }
    for (const kind of ['summary', 'answers'] as const) {
      if (kind === 'answers' && !r.publicAnswers && !r.digestAt) continue
      const doneAt = done[kind]
      tasks.push({ kind, eventId: r.id, eventTitle: r.title, dueAt: due[kind], doneAt, overdue: (doneAt ?? nowIso) > due[kind] })
    }
  }
  const rank = (t: DisclosureTask) => (t.doneAt ? 1 : 0)
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)
  // 'summary' before 'answers' of the same deadline, then by event: a stable, total order.
  return tasks.sort((a, b) => rank(a) - rank(b) || order(a.dueAt, b.dueAt) || order(b.kind, a.kind) || order(a.eventId, b.eventId))
}

/** GET /public/agencies/:id `disclosure`: the period's duties that fell due or were done, and how many on time. */
export interface DisclosureFigures {
  summariesDue: number
  summariesOnTime: number
  answersDue: number
  answersOnTime: number
}

/** Over events that ended in the period: a duty counts once done or past its deadline. */
export function disclosureFigures(rows: readonly EventDuties[], now: string | Date): DisclosureFigures {
  const figures: DisclosureFigures = { summariesDue: 0, summariesOnTime: 0, answersDue: 0, answersOnTime: 0 }
  for (const t of disclosureTasks(rows, now)) {
    if (!t.doneAt && !t.overdue) continue
    if (t.kind === 'summary') {
      figures.summariesDue++
      if (!t.overdue) figures.summariesOnTime++
    } else {
      figures.answersDue++
      if (!t.overdue) figures.answersOnTime++
    }
  }
  return figures
}
