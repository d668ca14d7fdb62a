// 邀请名额与审核 (docs/seats.md): invitations per category, the public check of an invitation,
// seats per pool, and approval (审核) of sign-ups. Staff routes: admin or organizer of the
// event's agency. Each change is one statement or one batch, decided inside its SQL.
import {
  CATEGORIES,
  INVITATION_CODE_PATTERN,
  INVITATION_PROBLEMS,
  ORGANISER_ROLES,
  declineSchema,
  invitationInputSchema,
  invitationProblem,
  maskName,
  maskPhone,
  normaliseInvitationCode,
  poolLabel,
  poolSize,
  type Approval,
  type Category,
  type Invitation,
  type InvitationPreview,
  type Quotas,
  type SeatPool,
  type SeatPoolView,
  type StaffRegistration,
} from '@openday/shared'
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { requireStaff } from '../auth/guards'
import { eventSeats, events, invitations, registrations } from '../db/schema'
import type { AppEnv } from '../env'
import { findOwnEvent } from '../events/queries'
import { fail } from '../lib/errors'
import { newId, newInvitationCode } from '../lib/ids'
import { purgePublic } from '../lib/public-cache'
import { limitClient } from '../lib/rate-limit'
import { json } from '../lib/validate'
import { forwardSoon, insertOutbox } from '../notifications/outbox'
import { offerNext } from '../waitlist/offers'

/** Guessing codes: a handful of looks per device, more per address (a venue's shared Wi-Fi). */
const INVITATION_LOOKUP_LIMIT = {
  windowMs: 10 * 60 * 1000,
  perClient: 20,
  perAddress: 200,
  message: '查询邀请码过于频繁，请10分钟后再试',
}

const APPROVAL_FILTERS = ['pending', 'approved', 'declined'] as const

type InvitationRow = typeof invitations.$inferSelect

const invitationUrl = (origin: string, eventId: string, code: string) =>
  `${origin}/#/pages/register/index?eventId=${encodeURIComponent(eventId)}&invite=${code}`

const toInvitation = (origin: string, r: InvitationRow): Invitation => ({
  id: r.id,
  code: r.code,
  url: invitationUrl(origin, r.eventId, r.code),
  category: r.category as Category,
  maxUses: r.maxUses,
  usedCount: r.usedCount,
  expiresAt: r.expiresAt,
  label: r.label,
  revokedAt: r.revokedAt,
  createdAt: r.createdAt,
})

export const seatRoutes = new Hono<AppEnv>()
  // Seats per pool, for the 名额与邀请 page (and what a waiting list asks: taken < size).
  .get('/events/:id/seats', requireStaff(ORGANISER_ROLES), async (c) => {
    const db = c.get('db')
    const row = await findOwnEvent(db, c.req.param('id'), c.get('staff'))
    const taken = await db.select({ pool: eventSeats.pool, taken: eventSeats.taken }).from(eventSeats).where(eq(eventSeats.eventId, row.id))
    const quotas = (row.quotas as Quotas) ?? {}
    const pools: SeatPool[] = ['general', ...(Object.keys(quotas) as Category[])]
    const takenOf = (p: string) => taken.find((t) => t.pool === p)?.taken ?? 0
    const body: { capacity: number; registered: number; quotas: Quotas; requiresApproval: boolean; pools: SeatPoolView[] } = {
      capacity: row.capacity,
      registered: Number(row.registered),
      quotas,
      requiresApproval: Boolean(row.requiresApproval),
      pools: pools.map((p) => ({ pool: p, label: poolLabel(p), size: poolSize(p, row.capacity, quotas), taken: takenOf(p) })),
    }
    return c.json(body)
  })

  .post('/events/:id/invitations', requireStaff(ORGANISER_ROLES), json(invitationInputSchema), async (c) => {
    const input = c.req.valid('json')
    const db = c.get('db')
    const staff = c.get('staff')
    const row = await findOwnEvent(db, c.req.param('id'), staff)
    if (row.status === 'cancelled') throw fail(409, 'INVALID_STATE', '活动已取消，不能再发邀请')
    const now = new Date()
    const expiresAt = new Date(input.expiresAt).toISOString()
    if (expiresAt <= now.toISOString()) throw fail(400, 'VALIDATION_FAILED', '有效期须晚于现在', { field: 'expiresAt' })
    const id = newId()
    const code = newInvitationCode()
    // Only for a category that has reserved seats, checked on the row as it is at the insert.
    const [created] = await db
      .insert(invitations)
      .select(
        sql`SELECT ${id}, ${row.id}, ${code}, ${input.category}, ${input.maxUses}, 0, ${expiresAt}, ${input.label || null}, NULL, ${staff.id}, ${now.toISOString()}
            FROM ${events} WHERE ${events.id} = ${row.id} AND ${events.status} <> 'cancelled'
              AND coalesce(json_extract(${events.quotas}, ${`$.${input.category}`}), 0) > 0`,
      )
      .returning()
    if (!created)
      throw fail(409, 'INVALID_STATE', `请先在名额分配中为「${CATEGORIES[input.category]}」设置邀请名额`, { field: 'category' })
    return c.json({ invitation: toInvitation(new URL(c.req.url).origin, created) }, 201)
  })

  .get('/events/:id/invitations', requireStaff(ORGANISER_ROLES), async (c) => {
    const db = c.get('db')
    const row = await findOwnEvent(db, c.req.param('id'), c.get('staff'))
    const rows = await db.select().from(invitations).where(eq(invitations.eventId, row.id)).orderBy(desc(invitations.createdAt)).limit(500)
    const origin = new URL(c.req.url).origin
    return c.json({ invitations: rows.map((r) => toInvitation(origin, r)) })
  })

  .post('/events/:id/invitations/:invId/revoke', requireStaff(ORGANISER_ROLES), async (c) => {
    const db = c.get('db')
    const row = await findOwnEvent(db, c.req.param('id'), c.get('staff'))
    const [revoked] = await db
      .update(invitations)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(invitations.id, c.req.param('invId')), eq(invitations.eventId, row.id), isNull(invitations.revokedAt)))
      .returning()
    if (!revoked) {
      const [exists] = await db
        .select({ id: invitations.id })
        .from(invitations)
        .where(and(eq(invitations.id, c.req.param('invId')), eq(invitations.eventId, row.id)))
      throw exists ? fail(409, 'INVALID_STATE', '邀请码已作废') : fail(404, 'NOT_FOUND', '邀请码不存在')
    }
    return c.json({ invitation: toInvitation(new URL(c.req.url).origin, revoked) })
  })

  // The sign-up page's check of ?invite=: which event and category, and whether it can be used.
  // Codes are ≈ 84 random bits; lookups are throttled per device and address all the same.
  .get('/public/invitations/:code', async (c) => {
    await limitClient(c, 'invite', INVITATION_LOOKUP_LIMIT)
    c.header('cache-control', 'no-store')
    const code = normaliseInvitationCode(c.req.param('code'))
    if (!INVITATION_CODE_PATTERN.test(code)) throw fail(404, 'INVITATION_INVALID')
    const db = c.get('db')
    const [r] = await db
      .select({
        eventId: invitations.eventId,
        category: invitations.category,
        maxUses: invitations.maxUses,
        usedCount: invitations.usedCount,
        expiresAt: invitations.expiresAt,
        revokedAt: invitations.revokedAt,
        title: events.title,
        status: events.status,
      })
      .from(invitations)
      .innerJoin(events, eq(events.id, invitations.eventId))
      .where(eq(invitations.code, code))
    if (!r || r.status !== 'published') throw fail(404, 'INVITATION_INVALID')
    const problem = invitationProblem(r, new Date())
    const body: InvitationPreview = {
      eventId: r.eventId,
      eventTitle: r.title,
      category: r.category as Category,
      categoryLabel: CATEGORIES[r.category as Category],
      valid: problem === null,
      ...(problem ? { reason: problem, message: INVITATION_PROBLEMS[problem] } : {}),
    }
    return c.json(body)
  })

  // 审核 list (and every sign-up with ?approval omitted), names and phones masked.
  .get('/events/:id/registrations', requireStaff(ORGANISER_ROLES), async (c) => {
    const db = c.get('db')
    const row = await findOwnEvent(db, c.req.param('id'), c.get('staff'))
    const filter = c.req.query('approval')
    if (filter !== undefined && !(APPROVAL_FILTERS as readonly string[]).includes(filter))
      throw fail(400, 'VALIDATION_FAILED', '审核状态只能是 pending、approved 或 declined', { field: 'approval' })
    const rows = await db
      .select({
        id: registrations.id,
        name: registrations.name,
        phone: registrations.phone,
        category: registrations.category,
        organization: registrations.organization,
        seatPool: registrations.seatPool,
        invitationId: registrations.invitationId,
        status: registrations.status,
        approval: registrations.approval,
        declineReason: registrations.declineReason,
        createdAt: registrations.createdAt,
      })
      .from(registrations)
      .where(and(eq(registrations.eventId, row.id), filter ? eq(registrations.approval, filter as Approval) : undefined))
      .orderBy(asc(registrations.createdAt), asc(registrations.id))
      .limit(1000)
    const list: StaffRegistration[] = rows.map((r) => ({
      id: r.id,
      nameMasked: maskName(r.name),
      phoneMasked: maskPhone(r.phone),
      category: r.category as Category,
      organization: r.organization,
      seatPool: r.seatPool as SeatPool,
      invited: r.invitationId !== null,
      status: r.status,
      approval: r.approval,
      declineReason: r.declineReason,
      createdAt: r.createdAt,
    }))
    return c.json({ registrations: list })
  })

  .post('/events/:id/registrations/:regId/approve', requireStaff(ORGANISER_ROLES), async (c) => {
    return decide(c, 'approved')
  })

  .post('/events/:id/registrations/:regId/decline', requireStaff(ORGANISER_ROLES), json(declineSchema), async (c) => {
    return decide(c, 'declined', c.req.valid('json').reason)
  })

/**
 * One transition of a pending sign-up, and its message to the person, in one batch: the UPDATE
 * only takes a sign-up that is still pending and active on a published event; the outbox row is
 * written only if this very UPDATE stored the decision (decided_at = now, by this staff member).
 * Declining cancels the sign-up, which frees its seat through the counting triggers.
 */
async function decide(c: import('hono').Context<AppEnv>, to: 'approved' | 'declined', reason?: string) {
  const db = c.get('db')
  const staff = c.get('staff')
  const row = await findOwnEvent(db, c.req.param('id')!, staff)
  const regId = c.req.param('regId')!
  const now = new Date().toISOString()
  const kind = to === 'approved' ? 'registration_approved' : 'registration_declined'
  const payload = {
    title: row.title,
    startAt: row.startAt,
    endAt: row.endAt,
    venue: row.venue,
    ...(reason ? { reason } : {}),
    page: 'pages/my/index',
  }
  const [updated] = await db.batch([
    db
      .update(registrations)
      .set({
        approval: to,
        approvalDecidedAt: now,
        approvalDecidedBy: staff.id,
        ...(to === 'declined' ? { status: 'cancelled' as const, cancelledAt: now, declineReason: reason } : {}),
      })
      .where(
        and(
          eq(registrations.id, regId),
          eq(registrations.eventId, row.id),
          eq(registrations.approval, 'pending'),
          eq(registrations.status, 'active'),
          sql`EXISTS (SELECT 1 FROM ${events} WHERE ${events.id} = ${row.id} AND ${events.status} = 'published')`,
        ),
      )
      .returning({ id: registrations.id }),
    insertOutbox(
      db,
      sql`SELECT lower(hex(randomblob(16))) AS id, ${`${kind}:`} || ${registrations.id} AS dedupe_key,
                 ${row.agencyId} AS agency_id, ${kind} AS kind, ${registrations.participantId} AS participant_id,
                 ${registrations.phone} AS phone, ${registrations.eventId} AS event_id, NULL AS suggestion_id, NULL AS post_id,
                 ${JSON.stringify(payload)} AS payload, ${now} AS created_at
          FROM ${registrations}
          WHERE ${registrations.id} = ${regId} AND ${registrations.approval} = ${to}
            AND ${registrations.approvalDecidedAt} = ${now} AND ${registrations.approvalDecidedBy} = ${staff.id}`,
    ),
    // Declining frees a general seat: offered to the next on the waiting list in this batch.
    ...(to === 'declined' ? offerNext(db, now, row.id) : []),
  ])
  if (updated.length === 0) {
    const [r] = await db
      .select({ approval: registrations.approval, status: registrations.status })
      .from(registrations)
      .where(and(eq(registrations.id, regId), eq(registrations.eventId, row.id)))
    if (!r) throw fail(404, 'NOT_FOUND', '报名记录不存在')
    if (r.approval === null) throw fail(409, 'INVALID_STATE', '该报名无需审核')
    if (r.approval === 'approved') throw fail(409, 'INVALID_STATE', '该报名已审核通过')
    if (r.approval === 'declined') throw fail(409, 'INVALID_STATE', '该报名已审核未通过')
    throw fail(409, 'INVALID_STATE', r.status === 'cancelled' ? '报名已取消' : '活动已取消，不能再审核')
  }
  // Declining frees a seat: the public page's seats left changes.
  if (to === 'declined') await purgePublic(c, '/events', `/events/${row.id}`)
  forwardSoon(c)
  return c.json({ registration: { id: regId, approval: to, declineReason: reason ?? null } })
}
