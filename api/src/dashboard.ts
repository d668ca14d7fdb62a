import { CATEGORY_CODES, evaluationFigures, type Category, type DashboardResponse } from '@openday/shared'
import { Hono } from 'hono'
import { requireStaffInBatch } from './auth/guards'
import { assertOwn } from './events/queries'
import type { AppEnv } from './env'
import { publishedTalliesStatement } from './evaluations/queries'
import { dashboardPoints, dashboardPointsStatement } from './checkins/checkpoints'

export const dashboardRoutes = new Hono<AppEnv>().get('/events/:id/dashboard', requireStaffInBatch(), async (c) => {
  const eventId = c.req.param('id')
  const d1 = c.get('d1')
  // All figures and the staff member's current role and agency in one batch (one round trip);
  // the session and agency checks run on its result.
  const session = c.get('staffCheck')
  const [eventRes, byCategoryRes, talliesRes, pointsRes, staffNow] = await d1.batch<Record<string, unknown>>([
    // The counts are kept on the event and per category by triggers (migrations/0001, 0003), in
    // the statements that sign up, cancel, check in and suggest: reading them does not grow with
    // the event.
    d1
      .prepare(
        `SELECT agency_id AS agencyId, status, capacity, registered_count AS registered, checked_in_count AS checkedIn,
                exited_count AS exited, suggestion_count AS suggestions, walk_in_count AS walkIns
         FROM events WHERE id = ?1`,
      )
      .bind(eventId),
    d1.prepare(`SELECT category, registered, checked_in FROM event_counts WHERE event_id = ?1 AND registered > 0`).bind(eventId),
    publishedTalliesStatement(d1, eventId),
    // 签到点: per point, kept by triggers (migrations/0013) like the entrance's count.
    dashboardPointsStatement(d1, eventId),
    session.statement(d1),
  ])
  const event = assertOwn(
    eventRes.results[0] as
      | { agencyId: string; status: string; capacity: number; registered: number; checkedIn: number; exited: number; suggestions: number; walkIns: number }
      | undefined,
    session.confirm(staffNow.results[0]),
  )
  const counts = new Map(
    (byCategoryRes.results as { category: Category; registered: number; checked_in: number }[]).map((r) => [r.category, r]),
  )
  const byCategory = CATEGORY_CODES.filter((k) => counts.has(k)).map((category) => ({
    category,
    registered: counts.get(category)!.registered,
    checkedIn: counts.get(category)!.checked_in,
  }))
  const body: DashboardResponse = {
    eventId,
    capacity: event.capacity,
    registered: event.registered,
    checkedIn: event.checkedIn,
    walkIns: event.walkIns,
    byCategory,
    points: dashboardPoints(event, pointsRes.results),
    suggestions: event.suggestions,
    // Published counters only: they move in steps of 5 answers, never by one (docs/privacy.md).
    evaluations: evaluationFigures(talliesRes.results as { dimension: string; level: number; count: number }[]),
    updatedAt: new Date().toISOString(),
  }
  return c.json(body)
})
