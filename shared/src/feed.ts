// 动态 (the updates feed): what a post is, how the generated ones (活动预告, 变更通知) read, the
// feed's keyset cursor and the staff's input schemas. Pure: the API stores and serves, the app
// shows. zod/mini directly (see schemas.ts).
import * as z from 'zod/mini'
import './zod'
import { CATEGORIES, type Category } from './constants'
import { text } from './text-schema'
import type { Disclosure } from './summary'
import { fromBase64Url, toBase64Url } from './ticket'
import { formatDateTime, formatTime, shanghaiDate } from './time'
import type { AgendaItem } from './types'

export const POST_KINDS = ['preview', 'change', 'summary', 'answers', 'article'] as const
export type PostKind = (typeof POST_KINDS)[number]
export const POST_KIND_LABELS: Record<PostKind, string> = {
  preview: '活动预告',
  change: '变更通知',
  summary: '活动总结',
  answers: '答复公开',
  article: '文章',
}
export const POST_STATUSES = ['published', 'withdrawn'] as const
export type PostStatus = (typeof POST_STATUSES)[number]

export const POST_TITLE_MAX = 100
/** Lists and RSS show the summary; the database refuses longer ones (migration 0011). */
export const POST_SUMMARY_MAX = 120
export const POST_BODY_MAX = 20_000
/** Posts per page of GET /public/feed and GET /staff/posts. */
export const FEED_PAGE_SIZE = 20
/** Items of an RSS feed. */
export const FEED_XML_ITEMS = 50

/** A post in a list (GET /public/feed). */
export interface PostSummary {
  id: string
  kind: PostKind
  agencyId: string
  agencyName: string
  eventId: string | null
  title: string
  summary: string
  publishedAt: string
}
/** One post (GET /public/posts/:id): the summary and the body (plain text, paragraphs split by a blank line). */
export interface PostDetail extends PostSummary {
  body: string
  updatedAt: string
  /** The 政府信息公开 header of a published 活动总结; absent or null for other posts. */
  disclosure?: Disclosure | null
}
/** The staff's own list and the answers of the staff routes: every status. */
export interface StaffPost extends PostDetail {
  status: PostStatus
  authorStaffId: string | null
}
export interface FeedPage {
  posts: PostSummary[]
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null
}
export interface StaffPostPage {
  posts: StaffPost[]
  nextCursor: string | null
}

// --- text ---

/** Line ends as \n, no trailing spaces, at most one blank line between paragraphs, trimmed. */
export function normalizeBody(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u3000]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** The body's paragraphs (split at blank lines). */
export function paragraphs(body: string): string[] {
  return normalizeBody(body)
    .split(/\n{2,}/)
    .filter((p) => p.length > 0)
}

/**
 * A summary of at most `max` characters (UTF-16 units, as zod counts them): the first paragraph
 * with its line breaks joined, cut with … when longer; never splits a surrogate pair.
 */
export function summarize(body: string, max = POST_SUMMARY_MAX): string {
  const first = (paragraphs(body)[0] ?? '').replace(/\s*\n\s*/g, ' ')
  if (first.length <= max) return first
  let out = ''
  for (const ch of first) {
    if (out.length + ch.length > max - 1) break
    out += ch
  }
  return `${out}…`
}

/** 2026年3月20日（周五）09:00–11:30, or both days in full when the event spans days. */
export function formatEventTime(startIso: string, endIso: string): string {
  const sameDay = shanghaiDate(startIso) === shanghaiDate(endIso)
  return `${formatDateTime(startIso)}–${sameDay ? formatTime(endIso) : formatDateTime(endIso)}`
}

/** What the generated posts read of an event (its row as stored, or EventDetail). */
export interface PostEvent {
  title: string
  hostUnit: string
  venue: string
  description?: string | null
  startAt: string
  endAt: string
  registrationOpensAt: string
  registrationClosesAt: string
  capacity: number
  agenda: readonly AgendaItem[]
  targetGroups: readonly Category[]
  contactPhone: string | null
}

export interface PostText {
  title: string
  summary: string
  body: string
}

const contactLine = (e: PostEvent) => (e.contactPhone ? `咨询电话：${e.contactPhone}` : null)
const joinParagraphs = (parts: (string | null | undefined | false)[]) => parts.filter((p): p is string => Boolean(p)).join('\n\n')

/**
 * 活动预告: the facts the notice must give (主题, 开放单位, 时间, 地点, 活动安排, 开放对象, 报名时间
 * and 报名方式 with the places, 咨询电话), one per line or paragraph, times in Asia/Shanghai with
 * the weekday.
 */
export function previewPostText(e: PostEvent): PostText {
  const time = formatEventTime(e.startAt, e.endAt)
  const agenda = e.agenda.map((a) => (a.time ? `${a.time} ${a.title}` : a.title))
  const groups = e.targetGroups.map((g) => CATEGORIES[g]).join('、')
  const body = joinParagraphs([
    [`活动主题：${e.title}`, `开放单位：${e.hostUnit}`, `活动时间：${time}`, `活动地点：${e.venue}`].join('\n'),
    e.description ? `活动介绍：${e.description}` : null,
    agenda.length ? `活动安排：\n${agenda.join('\n')}` : null,
    `开放对象：${groups || '社会公众'}`,
    [
      `报名时间：${formatDateTime(e.registrationOpensAt)}至${formatDateTime(e.registrationClosesAt)}`,
      `报名方式：在“开放日”小程序或网页报名，名额${e.capacity}人`,
    ].join('\n'),
    contactLine(e),
  ])
  return {
    title: `活动预告｜${e.title}`,
    summary: summarize(`${time}在${e.venue}举办，名额${e.capacity}人，报名截止${formatDateTime(e.registrationClosesAt)}。`),
    body,
  }
}

/** A change to a published event, as the 变更通知 tells it. `reason` is shown when given. */
export type EventChange =
  | { kind: 'time'; before: { startAt: string; endAt: string; venue?: string }; after: { startAt: string; endAt: string }; reason?: string | null }
  | { kind: 'venue'; before: string; after: string; reason?: string | null }
  | { kind: 'cancel'; before?: undefined; after?: undefined; reason?: string | null }

const CHANGE_TITLES = { time: '时间调整', venue: '地点调整', cancel: '活动取消' } as const

/**
 * 变更通知 for a change of time or venue, or a cancellation. `e` is the event as it stands after
 * the change (for a cancellation, as it was); the old and new values come from `change`.
 */
export function changePostText(e: PostEvent, change: EventChange): PostText {
  const reason = change.reason?.trim()
  let lead: string
  let after: string
  if (change.kind === 'time') {
    lead = `原定于${formatEventTime(change.before.startAt, change.before.endAt)}举办的“${e.title}”政府开放日活动，时间调整为${formatEventTime(change.after.startAt, change.after.endAt)}，${
      change.before.venue && change.before.venue !== e.venue ? `地点由${change.before.venue}调整为${e.venue}` : `地点不变（${e.venue}）`
    }。`
    after = '已报名的群众无需重新报名。如不能按新时间参加，请在“我的报名”中取消报名，把名额留给他人。'
  } else if (change.kind === 'venue') {
    lead = `${formatEventTime(e.startAt, e.endAt)}举办的“${e.title}”政府开放日活动，活动地点由${change.before}调整为${change.after}，时间不变。`
    after = '已报名的群众无需重新报名，请按新地点参加。'
  } else {
    lead = `原定于${formatEventTime(e.startAt, e.endAt)}在${e.venue}举办的“${e.title}”政府开放日活动取消。`
    after = '由此带来的不便，敬请谅解。'
  }
  return {
    title: `变更通知｜${e.title}：${CHANGE_TITLES[change.kind]}`,
    summary: summarize(lead),
    body: joinParagraphs([lead, reason ? `${change.kind === 'cancel' ? '取消' : '调整'}原因：${reason}` : null, after, contactLine(e)]),
  }
}

// --- the keyset cursor ---

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const ID = /^[0-9A-Za-z_-]{1,64}$/

export interface FeedPosition {
  publishedAt: string
  id: string
}

/** The position after which the next page starts, as opaque base64url. */
export function encodeFeedCursor(p: FeedPosition): string {
  const ascii = `${p.publishedAt}|${p.id}`
  return toBase64Url(Uint8Array.from(ascii, (ch) => ch.charCodeAt(0)))
}

/** The cursor's position, or null for anything that is not a cursor this API made. */
export function decodeFeedCursor(cursor: string): FeedPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null
  const bytes = fromBase64Url(cursor)
  // Only the canonical spelling: one position, one cursor (and one cache key).
  if (bytes === null || toBase64Url(bytes) !== cursor) return null
  const decoded = String.fromCharCode(...bytes)
  const bar = decoded.indexOf('|')
  const publishedAt = decoded.slice(0, bar)
  const id = decoded.slice(bar + 1)
  if (bar < 0 || !ISO_UTC.test(publishedAt) || Number.isNaN(Date.parse(publishedAt)) || !ID.test(id)) return null
  return { publishedAt, id }
}

// --- input ---

const postFields = {
  title: text(2, POST_TITLE_MAX, { required: '请输入标题', min: '标题至少2个字', max: `标题不能超过${POST_TITLE_MAX}字` }),
  /** Left out or empty: the first paragraph of the body, cut to 120 characters. */
  summary: z.optional(text(0, POST_SUMMARY_MAX, { max: `摘要不能超过${POST_SUMMARY_MAX}字` })),
  body: text(1, POST_BODY_MAX, { required: '请输入正文', max: `正文不能超过${POST_BODY_MAX}字` }),
  /** An event of the staff member's own agency (not a draft); null removes the link. */
  eventId: z.optional(z.nullable(z.string({ error: '关联活动格式不正确' }).check(z.regex(ID, { error: '关联活动格式不正确' })))),
}

export const postInputSchema = z.object(postFields)
export type PostInput = z.infer<typeof postInputSchema>
export const postPatchSchema = z.partial(z.object(postFields))
export type PostPatch = z.infer<typeof postPatchSchema>
