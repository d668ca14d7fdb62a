import {
  EVALUATION_WINDOW_MESSAGES,
  evaluationRequestSchema,
  evaluationSubmissionSchema,
  evaluationWindow,
  tokenMessageEvent,
  type EvaluationTokenResponse,
} from '@openday/shared'
import { Hono } from 'hono'
import { requireParticipant, requireStaff } from '../auth/guards'
import type { AppEnv } from '../env'
import { assertOwn } from '../events/queries'
import { fail } from '../lib/errors'
import { publicCache } from '../lib/public-cache'
import { json } from '../lib/validate'
import { blindSign, generateEvaluationKey, publicKeyResponse, spentTokenHash, verifyToken } from './keys'
import {
  createEventKey,
  decodeComment,
  findEventForAnswer,
  findEventForStaff,
  findEventKey,
  findTokenFacts,
  isUniqueViolation,
  recordAnswer,
  releasedComments,
  storeEvaluationRequest,
} from './queries'

const noStore = { 'Cache-Control': 'no-store' }

export const evaluationRoutes = new Hono<AppEnv>()
  // The event's public key: the app blinds its token request with it at sign-up. Made the first
  // time anyone asks, with the event's counters and first empty comment slots.
  // The key never changes once made: the edge keeps it for an hour (anonymous callers).
  .get('/events/:id/evaluation-key', publicCache(3600), async (c) => {
    const eventId = c.req.param('id')
    const db = c.get('db')
    const [event] = await findEventKey(db, eventId)
    if (!event || event.status !== 'published') throw fail(404, 'NOT_FOUND', '活动不存在或未发布')
    const publicKey = event.publicKey ?? (await createEventKey(db, eventId, await generateEvaluationKey(c.env.EVALUATION_KEY_SECRET, eventId), new Date()))
    if (!publicKey) throw fail(404, 'NOT_FOUND', '活动不存在或未发布')
    return c.json(publicKeyResponse(eventId, publicKey))
  })

  // A blinded request sent after sign-up (another phone, or none sent at sign-up). Refused once
  // the person is checked in with a request stored: then only that request can ever be signed.
  .put('/me/registrations/:id/evaluation-request', requireParticipant, json(evaluationRequestSchema), async (c) => {
    const { evaluationRequest } = c.req.valid('json')
    const { changed, registration } = await storeEvaluationRequest(c.get('db'), c.req.param('id'), c.get('participant').id, evaluationRequest)
    if (changed) return c.json({ ok: true as const })
    if (!registration) throw fail(404, 'NOT_FOUND', '报名记录不存在')
    if (registration.status !== 'active') throw fail(409, 'INVALID_STATE', '报名已取消')
    throw fail(409, 'INVALID_STATE', '已签到，测评凭证不能再更换')
  })

  // The blind signature of the stored request. Recomputed on every call and never written down,
  // so no row says when, or whether, a token was handed out.
  .get('/me/registrations/:id/evaluation-token', requireParticipant, async (c) => {
    const [facts] = await findTokenFacts(c.get('db'), c.req.param('id'), c.get('participant').id)
    if (!facts) throw fail(404, 'NOT_FOUND', '报名记录不存在')
    if (facts.status !== 'active' || !facts.checkedIn) throw fail(403, 'NOT_CHECKED_IN')
    const window = evaluationWindow(facts, new Date())
    if (window !== 'open') throw fail(409, 'EVALUATION_CLOSED', EVALUATION_WINDOW_MESSAGES[window], { window })
    if (!facts.request || !facts.publicKey || !facts.privateKey) throw fail(409, 'EVALUATION_REQUEST_MISSING')
    const blindSignature = await blindSign(c.env.EVALUATION_KEY_SECRET, facts.eventId, { publicKey: facts.publicKey, privateKey: facts.privateKey }, facts.request)
    if (!blindSignature) throw fail(409, 'EVALUATION_REQUEST_MISSING')
    const body: EvaluationTokenResponse = { blindSignature }
    return c.json(body, 200, noStore)
  })

  // The answer. No login: the token alone proves the right to answer, once. A request that
  // carries an identity is refused, so a client bug can never attach one to an answer.
  .post('/events/:id/evaluations', json(evaluationSubmissionSchema), async (c) => {
    if (c.req.header('authorization') || c.req.header('x-client-id')) {
      throw fail(400, 'VALIDATION_FAILED', '匿名测评请求不能携带登录或设备信息')
    }
    const { token, scores, comment } = c.req.valid('json')
    const eventId = c.req.param('id')
    if (tokenMessageEvent(token.message) !== eventId) throw fail(403, 'EVALUATION_TOKEN_INVALID', '该测评凭证不属于本场活动')
    const db = c.get('db')
    const [event] = await findEventForAnswer(db, eventId)
    if (!event || event.status !== 'published') throw fail(404, 'NOT_FOUND', '活动不存在或未发布')
    const now = new Date()
    const window = evaluationWindow(event, now)
    if (window !== 'open') throw fail(409, 'EVALUATION_CLOSED', EVALUATION_WINDOW_MESSAGES[window], { window })
    if (!event.publicKey || !(await verifyToken(event.publicKey, token.message, token.signature))) {
      throw fail(403, 'EVALUATION_TOKEN_INVALID')
    }
    const tokenHash = await spentTokenHash(token.message)
    let recorded: boolean
    try {
      recorded = await recordAnswer(db, { eventId, tokenHash, scores, comment: comment || undefined }, now)
    } catch (err) {
      if (isUniqueViolation(err)) throw fail(409, 'ALREADY_EVALUATED')
      throw err
    }
    if (!recorded) throw fail(409, 'EVALUATION_CLOSED')
    return c.json({ ok: true as const }, 201, noStore)
  })

  // Comments, to the event's staff, only from full batches of 5 (in random order within each).
  .get('/events/:id/evaluation-comments', requireStaff(), async (c) => {
    const eventId = c.req.param('id')
    const db = c.get('db')
    const [event, rows] = await db.batch([findEventForStaff(db, eventId), releasedComments(db, eventId)])
    assertOwn(event[0], c.get('staff'))
    return c.json({ comments: rows.map((r) => decodeComment(r.body)) }, 200, noStore)
  })
