import { SCORE_DIMENSION_CODES, evaluationInputSchema } from '@openday/shared'
import { Hono } from 'hono'
import { requireParticipant } from './auth/guards'
import type { AppEnv } from './env'
import { fail } from './lib/errors'
import { newId } from './lib/ids'
import { json } from './lib/validate'

export const evaluationRoutes = new Hono<AppEnv>().post(
  '/events/:id/evaluations',
  requireParticipant,
  json(evaluationInputSchema),
  async (c) => {
    const { scores, comment } = c.req.valid('json')
    const eventId = c.req.param('id')
    const participantId = c.get('participant').id
    const d1 = c.get('d1')
    // The ballot ("this registration has voted") and the answer go to two tables that share
    // nothing but the event: the answer has a random key, no person, no time, and neither table
    // has a rowid. One batch, so there is never a ballot without its answer or the reverse.
    const [ballot, answer, status] = await d1.batch<{ eligible: number; voted: number }>([
      d1
        .prepare(
          `INSERT INTO evaluation_ballots (registration_id, event_id)
           SELECT r.id, r.event_id FROM registrations r JOIN checkins c ON c.registration_id = r.id
           WHERE r.event_id = ?1 AND r.participant_id = ?2 AND r.status = 'active'
             AND NOT EXISTS (SELECT 1 FROM evaluation_ballots b WHERE b.registration_id = r.id)
           LIMIT 1`,
        )
        .bind(eventId, participantId),
      d1
        .prepare(
          `INSERT INTO evaluations (id, event_id, ${SCORE_DIMENSION_CODES.join(', ')}, comment)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE changes() = 1`,
        )
        .bind(newId(), eventId, ...SCORE_DIMENSION_CODES.map((k) => scores[k]), comment || null),
      d1
        .prepare(
          `SELECT
             (SELECT count(*) FROM registrations r JOIN checkins c ON c.registration_id = r.id
              WHERE r.event_id = ?1 AND r.participant_id = ?2 AND r.status = 'active') AS eligible,
             (SELECT count(*) FROM registrations r JOIN evaluation_ballots b ON b.registration_id = r.id
              WHERE r.event_id = ?1 AND r.participant_id = ?2) AS voted`,
        )
        .bind(eventId, participantId),
    ])
    if (ballot.meta.changes === 1 && answer.meta.changes === 1) return c.json({ ok: true as const }, 201)
    const { eligible, voted } = status.results[0]
    if (voted > 0 && voted >= eligible) throw fail(409, 'ALREADY_EVALUATED')
    throw fail(403, 'NOT_CHECKED_IN')
  },
)
