import { CATEGORY_CODES, evaluationFigures, type Category, type DashboardResponse } from '@openday/shared'
import { Hono } from 'hono'
import { requireStaffInBatch } from './auth/guards'
import { assertOwn } from './events/queries'
import type { AppEnv } from './env'
import { publishedTalliesStatement } from './evaluations/queries'

export const dashboardRoutes = new Hono<AppEnv>().get('/events/:id/dashboard', requireStaffInBatch(), async (c) => {
  const eventId = c.req.param('id')
  const d1 = c.get('d1')
  // All figures and the staff member's current role and agency in one batch (one round trip);
  // the session and agency checks run on its result.
  const session = c.get('staffCheck')
  const [eventRes, byCategoryRes, suggestionRes, talliesRes, staffNow] = await d1.batch<Record<string, unknown>>([
    d1.prepare(`SELECT agency_id AS agencyId, status, capacity FROM events WHERE id = ?1`).bind(eventId),
    d1
      .prepare(
        `SELECT r.category, count(*) AS registered, count(c.registration_id) AS checked_in
         FROM registrations r LEFT JOIN checkins c ON c.registration_id = r.id
         WHERE r.event_id = ?1 AND r.status = 'active' GROUP BY r.category`,
      )
      .bind(eventId),
    d1.prepare(`SELECT count(*) AS n FROM suggestions WHERE event_id = ?1`).bind(eventId),
    publishedTalliesStatement(d1, eventId),
    session.statement(d1),
  ])
  const event = assertOwn(
    eventRes.results[0] as { agencyId: string; status: string; capacity: number } | undefined,
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
    registered: byCategory.reduce((s, r) => s + r.registered, 0),
    checkedIn: byCategory.reduce((s, r) => s + r.checkedIn, 0),
    byCategory,
    suggestions: (suggestionRes.results[0] as { n: number }).n,
    // Published counters only: they move in steps of 5 answers, never by one (docs/privacy.md).
    evaluations: evaluationFigures(talliesRes.results as { dimension: string; level: number; count: number }[]),
    updatedAt: new Date().toISOString(),
  }
  return c.json(body)
})
