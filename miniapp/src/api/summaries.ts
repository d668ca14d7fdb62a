import type { DisclosureTask, EventSummaryDraft, PostDetail, SummaryEdit } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent
const base = (eventId: string) => `/staff/events/${enc(eventId)}/summary`

/** The event's summary (null before a draft is built) and its disclosure deadline. */
export const getSummary = (eventId: string) =>
  request<{ summary: EventSummaryDraft | null; dueAt: string }>(base(eventId), { auth: 'staff' })

/** Builds the draft from the event's data; `rebuild` re-reads the figures and re-drafts title and body (keeps 下一步). */
export const buildSummary = (eventId: string, rebuild = false) =>
  request<{ summary: EventSummaryDraft }>(`${base(eventId)}${rebuild ? '?rebuild=1' : ''}`, { method: 'POST', body: {}, auth: 'staff' }).then(
    (r) => r.summary,
  )

export const saveSummary = (eventId: string, edit: SummaryEdit) =>
  request<{ summary: EventSummaryDraft }>(base(eventId), { method: 'PUT', body: edit, auth: 'staff' }).then((r) => r.summary)

/** 发布: the summary becomes a post of 动态 with its 索引号; followers are told. */
export const publishSummary = (eventId: string) =>
  request<{ summary: EventSummaryDraft; post: PostDetail }>(`${base(eventId)}/publish`, { method: 'POST', body: {}, auth: 'staff' })

/** 答复公开: the event's newly published answers as one post. */
export const publishAnswersDigest = (eventId: string) =>
  request<{ post: PostDetail }>(`/staff/events/${enc(eventId)}/answers-digest`, { method: 'POST', body: {}, auth: 'staff' }).then((r) => r.post)

/** 信息公开待办 on the staff home. */
export const listDisclosureTasks = () => request<{ tasks: DisclosureTask[] }>('/staff/disclosure-tasks', { auth: 'staff' }).then((r) => r.tasks)
