import {
  ORGANISER_ROLES,
  cancelEventSchema,
  checkNoticeRule,
  eventInputSchema,
  eventPatchSchema,
  firstIssue,
  publishInputSchema,
} from '@openday/shared'
import { and, desc, eq, gt, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { optionalSession, requireStaff } from '../auth/guards'
import { events, posts } from '../db/schema'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { newId } from '../lib/ids'
import { publicCache, purgePublic } from '../lib/public-cache'
import { changePostInsert, previewPostInsert, purgeFeed } from '../feed/posts'
import { followerNotices } from '../follows/followers'
import { forwardSoon, registrantNotices } from '../notifications/outbox'
import { json } from '../lib/validate'
import { purgeShare } from '../share/wxacode'
import { explainSeatsRefusal, seatsKept } from '../seats/quotas'
import { endWaitlist, offerNext } from '../waitlist/offers'
import { calendarDisposition, eventCalendar } from './calendar'
import { PUBLIC_LIST_LIMIT, findEvent, findOwnEvent, findPublicEvent, publicListQueries, selectEvents, toDetail, toSummary, toUtcIso } from './queries'

const normaliseTimes = <T extends Partial<Record<'startAt' | 'endAt' | 'registrationOpensAt' | 'registrationClosesAt', string>>>(
  v: T,
): T => {
  const out = { ...v }
  for (const k of ['startAt', 'endAt', 'registrationOpensAt', 'registrationClosesAt'] as const) {
    if (out[k]) out[k] = toUtcIso(out[k]!) as T[typeof k]
  }
  return out
}

export const eventRoutes = new Hono<AppEnv>()
  .get('/events', publicCache(30), async (c) => {
    const db = c.get('db')
    const { upcoming, recent } = publicListQueries(db, new Date())
    const [soon, past] = await db.batch([upcoming, recent])
    // Upcoming and running events first (soonest start first), then past ones (latest first).
    soon.sort((a, b) => (a.startAt < b.startAt ? -1 : a.startAt > b.startAt ? 1 : 0))
    const rows = [...soon, ...past].slice(0, PUBLIC_LIST_LIMIT)
    return c.json({ events: rows.map(toSummary) })
  })

  .get('/events/:id', publicCache(30), async (c) => {
    const row = await findPublicEvent(c.get('db'), c.req.param('id'))
    if (!row) throw fail(404, 'NOT_FOUND', '活动不存在或已下线')
    if (row.status === 'draft') {
      const session = await optionalSession(c)
      if (session?.kind !== 'staff' || session.agencyId !== row.agencyId) throw fail(404, 'NOT_FOUND', '活动不存在或已下线')
    }
    // Only published events are shared from the edge cache.
    if (row.status !== 'published') c.header('cache-control', 'no-store')
    return c.json({ event: { ...toDetail(row), summaryPostId: row.summaryPostId ?? null } })
  })

  // 加入日历: the event as an .ics file, for published and cancelled events (a cancellation
  // removes the entry from calendars that imported it). Not cached when cancelled, like the detail.
  .get('/events/:id/calendar.ics', publicCache(30), async (c) => {
    const row = await findEvent(c.get('db'), c.req.param('id'))
    if (!row || row.status === 'draft') throw fail(404, 'NOT_FOUND', '活动不存在或已下线')
    const pageUrl = `${new URL(c.req.url).origin}/#/pages/event/index?id=${encodeURIComponent(row.id)}`
    if (row.status !== 'published') c.header('cache-control', 'no-store')
    c.header('content-type', 'text/calendar; charset=utf-8')
    c.header('content-disposition', calendarDisposition(row.title))
    return c.body(eventCalendar(row, pageUrl))
  })

  .get('/staff/events', requireStaff(), async (c) => {
    const staff = c.get('staff')
    const rows = await selectEvents(c.get('db'))
      .where(eq(events.agencyId, staff.agencyId))
      .orderBy(desc(events.startAt))
      .limit(200)
    return c.json({ events: rows.map(toSummary) })
  })

  .post('/events', requireStaff(ORGANISER_ROLES), json(eventInputSchema), async (c) => {
    const input = normaliseTimes(c.req.valid('json'))
    const staff = c.get('staff')
    const db = c.get('db')
    const id = newId()
    await db.insert(events).values({
      id,
      agencyId: staff.agencyId,
      title: input.title,
      hostUnit: input.hostUnit,
      venue: input.venue,
      description: input.description ?? null,
      startAt: input.startAt,
      endAt: input.endAt,
      registrationOpensAt: input.registrationOpensAt,
      registrationClosesAt: input.registrationClosesAt,
      capacity: input.capacity,
      agenda: input.agenda,
      targetGroups: input.targetGroups,
      contactPhone: input.contactPhone ?? null,
      venueLat: input.venueLat ?? null,
      venueLng: input.venueLng ?? null,
      quotas: input.quotas ?? {},
      requiresApproval: input.requiresApproval ?? false,
      status: 'draft',
      createdAt: new Date().toISOString(),
    })
    const row = await findEvent(db, id)
    return c.json({ event: toDetail(row!) }, 201)
  })

  .patch('/events/:id', requireStaff(ORGANISER_ROLES), json(eventPatchSchema), async (c) => {
    const db = c.get('db')
    const row = await findOwnEvent(db, c.req.param('id'), c.get('staff'))
    if (row.status === 'cancelled') throw fail(409, 'INVALID_STATE', '活动已取消，不能再修改')
    const { overrideReason, ...fields } = c.req.valid('json')
    const patch = normaliseTimes(fields)
    // Check the merged event, since a patch may move one time past another.
    const merged = eventInputSchema.safeParse({
      ...toDetail(row),
      description: row.description ?? undefined,
      contactPhone: row.contactPhone ?? undefined,
      ...patch,
    })
    if (!merged.success) {
      const { message, field } = firstIssue(merged.error)
      throw fail(400, 'VALIDATION_FAILED', message, { field })
    }
    // A published event's new start is announced now: it must keep the notice rule like a
    // publication, or carry the reason, which is stored with the event.
    const movesPublishedStart = row.status === 'published' && patch.startAt !== undefined && patch.startAt !== row.startAt
    let noticeOverrideReason: string | undefined
    if (movesPublishedStart) {
      const notice = checkNoticeRule(new Date(), patch.startAt!)
      if (!notice.ok) {
        if (!overrideReason) {
          throw fail(409, 'NOTICE_TOO_SHORT', undefined, { earliestStartDate: notice.earliestStartDate, workingDays: notice.workingDays, field: 'startAt' })
        }
        noticeOverrideReason = overrideReason
      }
    }
    // Registrants are told of a change to a published event's time or venue; the change and
    // its messages are one batch, and the messages are written only if the change was.
    const nowIso = new Date().toISOString()
    const moved = (patch.startAt !== undefined && patch.startAt !== row.startAt) || (patch.endAt !== undefined && patch.endAt !== row.endAt)
    const relocated = patch.venue !== undefined && patch.venue !== row.venue
    const told = row.status === 'published' && (moved || relocated)
    const values = {
      ...patch,
      ...(noticeOverrideReason ? { noticeOverrideReason } : {}),
      ...(told ? { changedAt: nowIso, ...(moved ? { previousStartAt: row.startAt } : {}) } : {}),
    }
    if (Object.keys(values).length > 0) {
      // One statement decides: the capacity never drops below the registrations counted on the
      // row at that instant, and nothing changes if the event changed state meanwhile.
      const update = db
        .update(events)
        .set(values)
        .where(
          and(
            eq(events.id, row.id),
            eq(events.agencyId, row.agencyId),
            eq(events.status, row.status),
            // Outstanding waiting-list offers hold seats too (docs/waitlist.md): never below both.
            patch.capacity !== undefined ? sql`${events.registeredCount} + ${events.offeredCount} <= ${patch.capacity}` : undefined,
            seatsKept(patch),
            movesPublishedStart ? eq(events.startAt, row.startAt) : undefined,
            told ? eq(events.venue, row.venue) : undefined,
          ),
        )
        .returning({ id: events.id })
      const after = { ...row, ...patch }
      const changed = sql`EXISTS (SELECT 1 FROM ${events} WHERE ${events.id} = ${row.id} AND ${events.changedAt} = ${nowIso})`
      const changePostId = newId()
      // A raised capacity or general pool offers its new seats to the waiting list, in the batch.
      const offers = patch.capacity !== undefined || patch.quotas !== undefined ? offerNext(db, nowIso, row.id) : []
      const [updated] = told
        ? await db.batch([
            update,
            // 变更通知 in the feed, and a message to everyone signed up.
            changePostInsert(
              db,
              after,
              moved
                ? { kind: 'time', before: { startAt: row.startAt, endAt: row.endAt, venue: row.venue }, after: { startAt: after.startAt, endAt: after.endAt } }
                : { kind: 'venue', before: row.venue, after: after.venue },
              new Date(nowIso),
              c.get('staff').id,
              changed,
              changePostId,
            ),
            followerNotices(db, { id: changePostId, agencyId: row.agencyId, eventId: row.id }, nowIso),
            registrantNotices(db, {
              eventId: row.id,
              agencyId: row.agencyId,
              kind: 'event_changed',
              occasion: nowIso,
              payload: {
                title: after.title,
                startAt: after.startAt,
                endAt: after.endAt,
                venue: after.venue,
                previousStartAt: moved ? row.startAt : null,
                previousVenue: relocated ? row.venue : null,
                page: `pages/event/index?id=${row.id}`,
              },
              now: nowIso,
              onlyIf: changed,
            }),
            ...offers,
          ])
        : offers.length
          ? await db.batch([update, ...offers])
          : [await update]
      if (updated.length === 0) {
        const now = await findEvent(db, row.id)
        if (now && patch.capacity !== undefined && now.registered > patch.capacity)
          throw fail(409, 'INVALID_STATE', `已有${now.registered}人报名，名额不能少于已报名人数`, { field: 'capacity' })
        if (now && patch.capacity !== undefined && now.registered + now.offered > patch.capacity)
          throw fail(409, 'INVALID_STATE', `已有${now.registered}人报名、${now.offered}个候补名额待确认，名额不能少于${now.registered + now.offered}`, {
            field: 'capacity',
          })
        if (now) await explainSeatsRefusal(db, now, patch)
        throw fail(409, 'INVALID_STATE', '活动刚刚被修改，请刷新后重试')
      }
    }
    await purgePublic(c, '/events', `/events/${row.id}`, `/events/${row.id}/calendar.ics`)
    await purgeShare(c, 'event', row.id)
    if (told) {
      await purgeFeed(c, row.agencyId)
      forwardSoon(c)
    }
    return c.json({ event: toDetail((await findEvent(db, row.id))!) })
  })

  // 取消活动: with a reason, told to everyone signed up (in the same batch); the tickets then
  // answer 已取消 at the door, and calendars that imported the event drop it.
  .post('/events/:id/cancel', requireStaff(ORGANISER_ROLES), json(cancelEventSchema), async (c) => {
    const db = c.get('db')
    const row = await findOwnEvent(db, c.req.param('id'), c.get('staff'))
    if (row.status === 'cancelled') throw fail(409, 'INVALID_STATE', '活动已取消')
    const now = new Date().toISOString()
    if (row.endAt <= now) throw fail(409, 'INVALID_STATE', '活动已结束，不能取消')
    const { reason } = c.req.valid('json')
    const cancelled = sql`EXISTS (SELECT 1 FROM ${events} WHERE ${events.id} = ${row.id} AND ${events.status} = 'cancelled' AND ${events.cancelledAt} = ${now})`
    const cancelPostId = newId()
    const cancelPayload = { title: row.title, startAt: row.startAt, endAt: row.endAt, venue: row.venue, reason, page: `pages/event/index?id=${row.id}` }
    const [updated] = await db.batch([
      db
        .update(events)
        .set({ status: 'cancelled', cancelReason: reason, cancelledAt: now })
        .where(and(eq(events.id, row.id), eq(events.agencyId, row.agencyId), eq(events.status, row.status), gt(events.endAt, now)))
        .returning({ id: events.id }),
      registrantNotices(db, { eventId: row.id, agencyId: row.agencyId, kind: 'event_cancelled', occasion: now, payload: cancelPayload, now, onlyIf: cancelled }),
      // The waiting list ends with the event: its people are told too, and their entries close.
      ...endWaitlist(db, { eventId: row.id, agencyId: row.agencyId, by: c.get('staff').id, now, payload: cancelPayload, onlyIf: cancelled }),
      // A published event's cancellation is announced in the feed (a draft was never announced).
      ...(row.status === 'published'
        ? [
            changePostInsert(db, row, { kind: 'cancel', reason }, new Date(now), c.get('staff').id, cancelled, cancelPostId),
            followerNotices(db, { id: cancelPostId, agencyId: row.agencyId, eventId: row.id }, now),
          ]
        : []),
    ])
    if (updated.length === 0) throw fail(409, 'INVALID_STATE', '活动刚刚被修改，请刷新后重试')
    await purgePublic(c, '/events', `/events/${row.id}`, `/events/${row.id}/calendar.ics`)
    await purgeShare(c, 'event', row.id)
    if (row.status === 'published') await purgeFeed(c, row.agencyId)
    forwardSoon(c)
    return c.json({ event: toDetail((await findEvent(db, row.id))!) })
  })

  .post('/events/:id/publish', requireStaff(ORGANISER_ROLES), json(publishInputSchema), async (c) => {
    const db = c.get('db')
    const row = await findOwnEvent(db, c.req.param('id'), c.get('staff'))
    if (row.status !== 'draft') throw fail(409, 'INVALID_STATE', row.status === 'published' ? '活动已发布' : '活动已取消，不能发布')
    const now = new Date()
    if (Date.parse(row.startAt) <= now.getTime()) throw fail(409, 'INVALID_STATE', '活动开始时间已过，请先修改活动时间')
    const { overrideReason } = c.req.valid('json')
    const notice = checkNoticeRule(now, row.startAt)
    if (!notice.ok && !overrideReason) {
      throw fail(409, 'NOTICE_TOO_SHORT', undefined, {
        earliestStartDate: notice.earliestStartDate,
        workingDays: notice.workingDays,
      })
    }
    // 活动预告 in the feed, in the batch that publishes: it exists exactly when the event is published.
    const previewPostId = newId()
    const [updated] = await db.batch([
      db
        .update(events)
        .set({
          status: 'published',
          publishedAt: now.toISOString(),
          noticeOverrideReason: notice.ok ? null : overrideReason,
        })
        .where(and(eq(events.id, row.id), eq(events.status, 'draft')))
        .returning({ id: events.id }),
      previewPostInsert(
        db,
        row,
        now,
        c.get('staff').id,
        // Published by this request, and announced once: a publish racing it in the same
        // millisecond sees the same published_at, but finds the 活动预告 already written.
        sql`EXISTS (SELECT 1 FROM ${events} WHERE ${events.id} = ${row.id} AND ${events.status} = 'published' AND ${events.publishedAt} = ${now.toISOString()})
            AND NOT EXISTS (SELECT 1 FROM ${posts} WHERE ${posts.eventId} = ${row.id} AND ${posts.kind} = 'preview')`,
        previewPostId,
      ),
      // Followers of the agency hear of the new event.
      followerNotices(db, { id: previewPostId, agencyId: row.agencyId, eventId: row.id }, now.toISOString()),
    ])
    if (updated.length === 0) throw fail(409, 'INVALID_STATE', '活动已发布')
    await purgePublic(c, '/events', `/events/${row.id}`, `/events/${row.id}/calendar.ics`)
    await purgeShare(c, 'event', row.id)
    await purgeFeed(c, row.agencyId)
    forwardSoon(c)
    return c.json({ event: toDetail((await findEvent(db, row.id))!) })
  })

