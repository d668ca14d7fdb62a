import { suggestionInputSchema, type SuggestionView } from '@openday/shared'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { newId, newTrackingCode } from '../lib/ids'
import { limitClient } from '../lib/rate-limit'
import { json } from '../lib/validate'

const SUGGESTION_LIMIT = {
  windowMs: 10 * 60 * 1000,
  perClient: 5,
  perAddress: 60,
  message: '提交过于频繁，请10分钟后再试；如有急事请拨打活动联系电话',
}

export const suggestionRoutes = new Hono<AppEnv>()
  .post('/events/:id/suggestions', json(suggestionInputSchema), async (c) => {
    const input = c.req.valid('json')
    const eventId = c.req.param('id')
    await limitClient(c, 'suggest', SUGGESTION_LIMIT)
    const trackingCode = newTrackingCode()
    const anonymous = input.anonymous ?? false
    const inserted = await c
      .get('d1')
      .prepare(
        `INSERT INTO suggestions (id, event_id, tracking_code, topic, content, contact, anonymous, status, created_at)
         SELECT ?1, e.id, ?2, ?3, ?4, ?5, ?6, 'received', ?7 FROM events e WHERE e.id = ?8 AND e.status = 'published'`,
      )
      .bind(newId(), trackingCode, input.topic || null, input.content, anonymous ? null : input.contact || null, anonymous ? 1 : 0, new Date().toISOString(), eventId)
      .run()
    if (inserted.meta.changes === 0) throw fail(404, 'NOT_FOUND', '活动不存在或未发布')
    return c.json({ trackingCode, status: 'received' as const }, 201)
  })

  .get('/suggestions/:trackingCode', async (c) => {
    const code = c.req.param('trackingCode').trim().toUpperCase()
    const row = await c
      .get('d1')
      .prepare(
        `SELECT s.tracking_code, s.event_id, e.title, s.topic, s.content, s.status, s.created_at, s.answer, s.answered_at
         FROM suggestions s JOIN events e ON e.id = s.event_id WHERE s.tracking_code = ?1`,
      )
      .bind(code)
      .first<Record<string, string | null>>()
    if (!row) throw fail(404, 'NOT_FOUND', '未找到该编号，请核对后重新输入')
    const suggestion: SuggestionView = {
      trackingCode: row.tracking_code!,
      eventId: row.event_id!,
      eventTitle: row.title!,
      topic: row.topic,
      content: row.content!,
      status: row.status as SuggestionView['status'],
      createdAt: row.created_at!,
      answer: row.answer,
      answeredAt: row.answered_at,
    }
    return c.json({ suggestion })
  })
