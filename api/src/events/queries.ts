import { sumQuotas, type AgendaItem, type Category, type EventDetail, type EventSummary, type Quotas } from '@openday/shared'
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm'
import { agencies, events, posts } from '../db/schema'
import type { StaffSession } from '../env'
import type { Db } from '../lib/db'
import { fail } from '../lib/errors'

export const eventColumns = {
  id: events.id,
  agencyId: events.agencyId,
  agencyName: agencies.name,
  title: events.title,
  hostUnit: events.hostUnit,
  venue: events.venue,
  venueLat: events.venueLat,
  venueLng: events.venueLng,
  description: events.description,
  startAt: events.startAt,
  endAt: events.endAt,
  registrationOpensAt: events.registrationOpensAt,
  registrationClosesAt: events.registrationClosesAt,
  capacity: events.capacity,
  agenda: events.agenda,
  targetGroups: events.targetGroups,
  contactPhone: events.contactPhone,
  status: events.status,
  publishedAt: events.publishedAt,
  noticeOverrideReason: events.noticeOverrideReason,
  cancelReason: events.cancelReason,
  cancelledAt: events.cancelledAt,
  changedAt: events.changedAt,
  previousStartAt: events.previousStartAt,
  // Kept by triggers in the statement that signs up or cancels: reading it costs nothing.
  registered: events.registeredCount,
  // Outstanding waiting-list offers, each holding a general seat (migrations/0016).
  offered: events.offeredCount,
  quotas: events.quotas,
  requiresApproval: events.requiresApproval,
  // Seats taken in the general pool (docs/seats.md), a counter kept by triggers (migrations/0014).
  generalTaken: sql<number>`coalesce((SELECT "taken" FROM "event_seats" WHERE "event_seats"."event_id" = ${events.id} AND "event_seats"."pool" = 'general'), 0)`,
}

export function selectEvents(db: Db) {
  return db.select(eventColumns).from(events).innerJoin(agencies, eq(agencies.id, events.agencyId))
}

/** Ended events stay in the public list this long. */
export const RECENT_EVENTS_DAYS = 30
export const PUBLIC_LIST_LIMIT = 100

/**
 * The public list: upcoming and running events, then those that ended in the last 30 days.
 * Each part walks the events_status_end index in its own order and stops at its limit, so
 * neither scans nor sorts the events of the past (checked with EXPLAIN QUERY PLAN in tests).
 * The agency's name is a lookup per listed row, so the planner cannot start from agencies.
 */
export function publicListQueries(db: Db, now: Date) {
  const nowIso = now.toISOString()
  const since = new Date(now.getTime() - RECENT_EVENTS_DAYS * 24 * 3600_000).toISOString()
  const columns = {
    ...eventColumns,
    agencyName: sql<string>`(SELECT ${agencies.name} FROM ${agencies} WHERE ${agencies.id} = ${events.agencyId})`,
  }
  const upcoming = db
    .select(columns)
    .from(events)
    .where(and(eq(events.status, 'published'), gte(events.endAt, nowIso)))
    .orderBy(asc(events.endAt))
    .limit(PUBLIC_LIST_LIMIT)
  const recent = db
    .select(columns)
    .from(events)
    .where(and(eq(events.status, 'published'), lt(events.endAt, nowIso), gte(events.endAt, since)))
    .orderBy(desc(events.endAt))
    .limit(PUBLIC_LIST_LIMIT)
  return { upcoming, recent }
}

export function toSummary(row: EventRow): EventSummary {
  return {
    id: row.id,
    title: row.title,
    agencyName: row.agencyName,
    hostUnit: row.hostUnit,
    venue: row.venue,
    startAt: row.startAt,
    endAt: row.endAt,
    registrationOpensAt: row.registrationOpensAt,
    registrationClosesAt: row.registrationClosesAt,
    capacity: row.capacity,
    // What the public can still take: the general pool, never more than the event has left.
    seatsLeft: Math.max(
      0,
      // Less the seats held by outstanding waiting-list offers (docs/waitlist.md).
      Math.min(row.capacity - Number(row.registered), row.capacity - sumQuotas(row.quotas as Quotas) - Number(row.generalTaken)) - Number(row.offered),
    ),
    status: row.status,
  }
}

export function toDetail(row: EventRow): EventDetail {
  return {
    ...toSummary(row),
    agencyId: row.agencyId,
    description: row.description,
    agenda: (row.agenda as AgendaItem[]) ?? [],
    targetGroups: (row.targetGroups as Category[]) ?? [],
    contactPhone: row.contactPhone,
    publishedAt: row.publishedAt,
    noticeOverrideReason: row.noticeOverrideReason,
    cancelReason: row.cancelReason,
    cancelledAt: row.cancelledAt,
    changedAt: row.changedAt,
    previousStartAt: row.previousStartAt,
    venueLat: row.venueLat,
    venueLng: row.venueLng,
    quotas: (row.quotas as Quotas) ?? {},
    requiresApproval: Boolean(row.requiresApproval),
  }
}

export async function findEvent(db: Db, id: string) {
  const [row] = await selectEvents(db).where(eq(events.id, id))
  return row
}
export type EventRow = NonNullable<Awaited<ReturnType<typeof findEvent>>>

/**
 * The event as its public page shows it: the row and its published 活动总结 post (the latest, off
 * the posts_event index) in one statement, so the page stays one D1 round trip.
 */
export async function findPublicEvent(db: Db, id: string) {
  const [row] = await db
    .select({
      ...eventColumns,
      summaryPostId: sql<string | null>`(SELECT ${posts.id} FROM ${posts} WHERE ${posts.eventId} = ${events.id} AND ${posts.kind} = 'summary' AND ${posts.status} = 'published' ORDER BY ${posts.publishedAt} DESC, ${posts.id} DESC LIMIT 1)`,
    })
    .from(events)
    .innerJoin(agencies, eq(agencies.id, events.agencyId))
    .where(eq(events.id, id))
  return row
}

/**
 * The event, if the staff member's agency runs it. Another agency's draft is reported as not
 * found; another agency's published event as forbidden.
 */
export async function findOwnEvent(db: Db, id: string, staff: StaffSession): Promise<EventRow> {
  const row = await findEvent(db, id)
  return assertOwn(row, staff)
}

export function assertOwn<T extends { agencyId: string; status: string }>(row: T | undefined, staff: StaffSession): T {
  if (!row) throw fail(404, 'NOT_FOUND', '活动不存在')
  if (row.agencyId !== staff.agencyId) {
    if (row.status === 'draft') throw fail(404, 'NOT_FOUND', '活动不存在')
    throw fail(403, 'FORBIDDEN', '这不是您所在单位的活动')
  }
  return row
}

/** Stored times are normalised ISO UTC so that text comparison in SQL is time comparison. */
export const toUtcIso = (s: string) => new Date(s).toISOString()
