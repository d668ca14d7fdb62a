// 邀请名额与审核 (issue 8, part 3; docs/seats.md). Seats of an event are in pools: each category
// named in `quotas` has that many reserved seats, for those invited with a code of that category;
// the rest of `capacity` is the general pool, the only one a public sign-up can take.
// No zod here (the sign-up page imports these rules): the input schemas are in quotas.ts (the
// event's quotas, used by schemas.ts) and seat-input.ts (invitations, decline).
import { CATEGORIES, type Category } from './constants'

export type Quotas = Partial<Record<Category, number>>

/** The pool a sign-up holds a seat in: the general pool, or a category's reserved seats. */
export type SeatPool = 'general' | Category
export const GENERAL_POOL = 'general'

export const sumQuotas = (quotas: Quotas | null | undefined): number =>
  Object.values(quotas ?? {}).reduce<number>((s, n) => s + (n ?? 0), 0)

/** Seats a pool has: a category's quota, or for the general pool what the quotas leave. */
export function poolSize(pool: SeatPool, capacity: number, quotas: Quotas): number {
  return pool === GENERAL_POOL ? capacity - sumQuotas(quotas) : (quotas[pool] ?? 0)
}

/** Invitation codes: 17 characters of the readable alphabet (≈ 84 bits), typed in any case. */
export const INVITATION_CODE_LENGTH = 17
export const INVITATION_CODE_PATTERN = /^[2-9A-HJ-NP-TV-Z]{17}$/
/** What a person typed or a link carried, as stored: upper case, no spaces or dashes. */
export const normaliseInvitationCode = (s: string) => s.toUpperCase().replace(/[\s-]/g, '')

export interface Invitation {
  id: string
  code: string
  /** The sign-up page with the code (?invite=…), to copy and send. */
  url: string
  category: Category
  maxUses: number
  usedCount: number
  expiresAt: string
  label: string | null
  revokedAt: string | null
  createdAt: string
}

/** Why an invitation cannot be used now (GET /public/invitations/:code, and sign-up errors). */
export const INVITATION_PROBLEMS = {
  invalid: '邀请码无效，请核对链接或联系主办单位',
  used_up: '邀请码已用完，请联系主办单位',
  expired: '邀请码已过期，请联系主办单位',
  revoked: '邀请码已失效，请联系主办单位',
} as const
export type InvitationProblem = keyof typeof INVITATION_PROBLEMS

export interface InvitationPreview {
  eventId: string
  eventTitle: string
  category: Category
  categoryLabel: string
  valid: boolean
  reason?: InvitationProblem
  /** What to tell the person when not valid (INVITATION_PROBLEMS). */
  message?: string
}

/** The first reason an invitation cannot be used at `now`, or null. */
export function invitationProblem(
  inv: { maxUses: number; usedCount: number; expiresAt: string; revokedAt: string | null },
  now: Date,
): InvitationProblem | null {
  if (inv.revokedAt) return 'revoked'
  if (Date.parse(inv.expiresAt) <= now.getTime()) return 'expired'
  if (inv.usedCount >= inv.maxUses) return 'used_up'
  return null
}

export const APPROVAL_LABELS = { pending: '待审核', approved: '已通过', declined: '未通过' } as const
export type Approval = keyof typeof APPROVAL_LABELS

/** A sign-up as staff see it in the 审核 list: name and phone masked. */
export interface StaffRegistration {
  id: string
  nameMasked: string
  phoneMasked: string
  category: Category
  organization: string | null
  seatPool: SeatPool
  invited: boolean
  status: 'active' | 'cancelled'
  approval: Approval | null
  declineReason: string | null
  createdAt: string
}

/** Seats per pool as staff see them (GET /events/:id/seats). */
export interface SeatPoolView {
  pool: SeatPool
  label: string
  size: number
  taken: number
}

export const poolLabel = (pool: SeatPool) => (pool === GENERAL_POOL ? '公开报名' : CATEGORIES[pool])
