import {
  RATING_LABELS,
  REOPEN_WORKING_DAYS,
  SUGGESTION_STATUSES,
  answerDueAt,
  isSatisfied,
  ratingInputSchema,
  suggestionInputSchema,
  type MySuggestion,
} from '@openday/shared'
import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { optionalSession, requireParticipant } from '../auth/guards'
import { events, suggestions } from '../db/schema'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { newId, newTrackingCode } from '../lib/ids'
import { limitClient } from '../lib/rate-limit'
import { json } from '../lib/validate'
import { purgePublicFigures } from '../public/purge'
import { mySuggestions, publicView } from './queries'
import { transition } from './transition'

const SUGGESTION_LIMIT = {
  windowMs: 10 * 60 * 1000,
  perClient: 5,
  perAddress: 60,
  message: '提交过于频繁，请10分钟后再试；如有急事请拨打活动联系电话',
}

const normaliseCode = (code: string) => code.trim().toUpperCase()

export const suggestionRoutes = new Hono<AppEnv>()
  .post('/events/:id/suggestions', json(suggestionInputSchema), async (c) => {
    const input = c.req.valid('json')
    const eventId = c.req.param('id')
    await limitClient(c, 'suggest', SUGGESTION_LIMIT)
    // Optional login: a logged-in submitter finds it under 我的意见. Anonymous means no link at all.
    const session = await optionalSession(c)
    const anonymous = input.anonymous ?? false
    const participantId = !anonymous && session?.kind === 'participant' ? session.id : null
    const trackingCode = newTrackingCode()
    const inserted = await c
      .get('d1')
      .prepare(
        `INSERT INTO suggestions (id, event_id, tracking_code, topic, content, contact, anonymous, public_consent, participant_id, status, created_at)
         SELECT ?1, e.id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'received', ?9 FROM events e WHERE e.id = ?10 AND e.status = 'published'`,
      )
      .bind(
        newId(),
        trackingCode,
        input.topic || null,
        input.content,
        anonymous ? null : input.contact || null,
        anonymous ? 1 : 0,
        input.publicConsent ? 1 : 0,
        participantId,
        new Date().toISOString(),
        eventId,
      )
      .run()
    if (inserted.meta.changes === 0) throw fail(404, 'NOT_FOUND', '活动不存在或未发布')
    return c.json({ trackingCode, status: 'received' as const }, 201)
  })

  .get('/suggestions/:trackingCode', async (c) => {
    const suggestion = await publicView(c.get('db'), normaliseCode(c.req.param('trackingCode')))
    if (!suggestion) throw fail(404, 'NOT_FOUND', '未找到该编号，请核对后重新输入')
    c.header('cache-control', 'no-store')
    return c.json({ suggestion })
  })

  // 好差评, once per answer: 3–5 close it, 1–2 reopen it to the same department with a new
  // deadline; a second dissatisfied rating after the re-answer closes it as 不满意办结.
  .post('/suggestions/:trackingCode/rating', json(ratingInputSchema), async (c) => {
    const { rating, comment } = c.req.valid('json')
    const db = c.get('db')
    const code = normaliseCode(c.req.param('trackingCode'))
    const scope = eq(suggestions.trackingCode, code)
    const [item] = await db
      .select({ id: suggestions.id, status: suggestions.status, reopenCount: suggestions.reopenCount, eventId: suggestions.eventId, agencyId: events.agencyId })
      .from(suggestions)
      .innerJoin(events, eq(events.id, suggestions.eventId))
      .where(scope)
    if (!item) throw fail(404, 'NOT_FOUND', '未找到该编号，请核对后重新输入')
    if (item.status !== 'answered') {
      const why = item.status === 'closed' ? '每次答复只能评价一次' : '答复后才能评价'
      throw fail(409, 'INVALID_TRANSITION', `该意见建议当前为“${SUGGESTION_STATUSES[item.status]}”，${why}`, { status: item.status })
    }
    const now = new Date()
    const at = now.toISOString()
    const satisfied = isSatisfied(rating)
    const status = await transition(db, {
      id: item.id,
      from: item,
      action: satisfied ? 'rate_satisfied' : 'rate_dissatisfied',
      actor: { kind: 'citizen', id: null, role: null },
      note: `${rating}分（${RATING_LABELS[rating as 1 | 2 | 3 | 4 | 5]}）${comment ? `：${comment}` : ''}`,
      at,
      changes: (to) => ({
        rating,
        ratingComment: comment || null,
        ratedAt: at,
        ...(to === 'reopened'
          ? { reopenCount: item.reopenCount + 1, dueAt: answerDueAt(now, REOPEN_WORKING_DAYS), remindedAt: null, overdueAt: null }
          : { closeReason: satisfied ? ('satisfied' as const) : ('dissatisfied' as const), closedAt: at }),
      }),
      scope,
    })
    await purgePublicFigures(c, item)
    return c.json({ suggestion: await publicView(db, code), status })
  })

  .get('/me/suggestions', requireParticipant, async (c) => {
    const rows = await mySuggestions(c.get('db'), c.get('participant').id)
    const list: MySuggestion[] = rows.map((r) => ({
      ...r,
      statusLabel: SUGGESTION_STATUSES[r.status],
      awaitingRating: r.status === 'answered',
    }))
    return c.json({ suggestions: list })
  })

