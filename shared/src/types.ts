import type { DashboardPoint } from './checkpoints'
import type { Category, CheckinResult, StaffRole } from './constants'
import type { CloseReason, ResultClass, SuggestionStatus } from './suggestions'
import type { PublicTimelineStep } from './suggestion-steps'
import type { EvaluationFigures } from './evaluation'

// Response shapes of /api/v1, shared so the app and the API agree at compile time.

export interface AgendaItem {
  time?: string
  title: string
}

export interface EventSummary {
  id: string
  title: string
  agencyName: string
  hostUnit: string
  venue: string
  startAt: string
  endAt: string
  registrationOpensAt: string
  registrationClosesAt: string
  capacity: number
  seatsLeft: number
  status: 'draft' | 'published' | 'cancelled'
}

export interface EventDetail extends EventSummary {
  agencyId: string
  description: string | null
  agenda: AgendaItem[]
  targetGroups: Category[]
  contactPhone: string | null
  publishedAt: string | null
  noticeOverrideReason: string | null
  /** Set when the event was cancelled: shown on its page and told to everyone signed up. */
  cancelReason: string | null
  cancelledAt: string | null
  /** The last time a published event's time or venue changed (registrants were told). */
  changedAt: string | null
  /** The start before the last change of a published event's start (延期/提前), if any. */
  previousStartAt: string | null
  /**
   * The event's published 活动总结 post, if any. Only GET /events/:id (the public page) answers it;
   * the staff's answers leave it out.
   */
  summaryPostId?: string | null
  /** The venue's map point (GCJ-02) for 导航到这里; both null when not set. */
  venueLat: number | null
  venueLng: number | null
  /** Reserved seats per category (docs/seats.md); the rest of capacity is the general pool. */
  quotas: Partial<Record<Category, number>>
  /** 审核: sign-ups wait as 待审核 until staff approve or decline. */
  requiresApproval: boolean
}

export interface MyRegistration {
  id: string
  eventId: string
  event: { title: string; venue: string; startAt: string; endAt: string; status: 'draft' | 'published' | 'cancelled'; cancelReason: string | null }
  name: string
  phoneMasked: string
  category: Category
  organization: string | null
  status: 'active' | 'cancelled'
  shortCode: string
  /** Ed25519-signed ticket for the QR code; null once cancelled. */
  ticket: string | null
  createdAt: string
  checkedInAt: string | null
  /** Whether a blinded evaluation token request is stored (the phone that made it can evaluate). */
  hasEvaluationRequest: boolean
  /**
   * 审核 (docs/seats.md), only for an event that needs approval: 'pending' (待审核, no ticket yet),
   * 'approved', or 'declined' (未通过, with declineReason; the sign-up is then cancelled).
   */
  approval?: 'pending' | 'approved' | 'declined'
  declineReason?: string | null
  // Whether this person has evaluated is not known to the server (docs/privacy.md): the phone
  // derives it from its own token state (miniapp/src/features/evaluation/).
}

export interface CheckinResponse {
  result: CheckinResult
  attendee?: { nameMasked: string; category: Category }
  checkedInAt?: string
  checkedInBy?: string
}

export interface DashboardResponse {
  eventId: string
  capacity: number
  registered: number
  checkedIn: number
  /** 现场登记: walk-ins registered at the door (in `registered` too), kept by triggers (migrations/0015). */
  walkIns: number
  byCategory: { category: Category; registered: number; checkedIn: number }[]
  /** 签到点: the entrance first, then each active point (checkpoints.ts). */
  points?: DashboardPoint[]
  suggestions: number
  /** From the published counters only: they move in steps of EVALUATION_STEP answers. */
  evaluations: EvaluationFigures
  updatedAt: string
}

export interface SuggestionView {
  trackingCode: string
  eventId: string
  eventTitle: string
  topic: string | null
  content: string
  status: SuggestionStatus
  createdAt: string
  answer: string | null
  answeredAt: string | null
  statusLabel: string
  /** The responsible department (承办部门), once assigned. */
  departmentName: string | null
  /** For a merged duplicate, the answer is the one given to the item it was merged into. */
  resultClass: ResultClass | null
  resultClassLabel: string | null
  plannedBy: string | null
  /** 受理, 转办, 答复, 评价… with dates; no staff names, no internal steps. */
  timeline: PublicTimelineStep[]
  /** An answer waits for the submitter's 好差评 rating. */
  awaitingRating: boolean
  rating: number | null
  closeReason: CloseReason | null
}

export interface StaffProfile {
  id: string
  username: string
  displayName: string
  role: StaffRole
  agencyId: string
  agencyName: string
  /** Logged in with a one-time password from the admin: change it before anything else. */
  mustChangePassword: boolean
}

export interface ParticipantProfile {
  id: string
  phoneMasked: string | null
}

/** GET/PUT /me/notification-settings. */
export interface NoticeSettingsResponse {
  settings: import('./outbox').NoticeSettings
  /** The phone SMS go to (the one last used for a sign-up or login), masked. */
  phoneMasked: string | null
  /** Template ids to ask for with wx.requestSubscribeMessage (at most 3 at once). */
  wechatTemplates: { kind: import('./outbox').NoticeKind; templateId: string }[]
}

/** 我的消息: GET /me/notifications. */
export interface MyNotice {
  id: string
  kind: import('./outbox').NoticeKind
  title: string
  body: string
  eventId: string | null
  suggestionId: string | null
  /** The app page it is about (e.g. pages/post/index?id=…), as the message links it. */
  page: string | null
  createdAt: string
  channel: import('./outbox').NoticeChannel | null
  status: import('./outbox').OutboxStatus
}

/** 发送失败 (admins): GET /staff/notifications/failed. Phone masked. */
export interface FailedNotice {
  id: string
  kind: import('./outbox').NoticeKind
  title: string
  eventId: string | null
  phoneMasked: string | null
  attempts: number
  lastError: string | null
  createdAt: string
  deadAt: string | null
}
