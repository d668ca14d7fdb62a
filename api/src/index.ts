import { Hono } from 'hono'
import { phoneRoutes } from './auth/phones'
import { authRoutes } from './auth/routes'
import { checkpointRoutes } from './checkins/checkpoints'
import { checkinRoutes } from './checkins/routes'
import { rosterRoutes } from './checkins/roster'
import { dashboardRoutes } from './dashboard'
import { doorRoutes } from './door/routes'
import { exportRoutes } from './exports/routes'
import { posterRoutes } from './exports/posters'
import type { AppEnv } from './env'
import { evaluationRoutes } from './evaluations/routes'
import { feedRoutes } from './feed/routes'
import { summaryRoutes } from './summaries/routes'
import { eventRoutes } from './events/routes'
import { limitBody } from './lib/body-limit'
import { countingD1, makeDb } from './lib/db'
import { fail, handleError } from './lib/errors'
import { API_BASE_PATH, publicCache } from './lib/public-cache'
import { apiSecurityHeaders } from './lib/security-headers'
import { publicRoutes } from './public/routes'
import { sharePageRoutes } from './share/pages'
import { wxacodeRoutes } from './share/wxacode'
import { registrationRoutes } from './registrations'
import { reportRoutes } from './reports/routes'
import { NOTIFY_DLQ, consumeNotify, consumeNotifyDeadLetters } from './notifications/consumer'
import { notificationRoutes } from './notifications/routes'
import { followRoutes } from './follows/routes'
import type { NotifyMessage } from './notifications/outbox'
import { scheduled } from './scheduled'
import { seatRoutes } from './seats/routes'
import { offerRoutes, waitlistRoutes } from './waitlist/routes'
import { staffRoutes } from './staff'
import { suggestionRoutes } from './suggestions/routes'
import { staffSuggestionRoutes } from './suggestions/staff-routes'
import { inboxRoutes } from './suggestions/inbox'
import { ticketPublicKey } from './tickets'
import { staffAccountRoutes } from './org/accounts'
import { departmentRoutes } from './org/departments'

const api = new Hono<AppEnv>()
  .use(async (c, next) => {
    const counted = countingD1(c.env.DB)
    c.set('d1', counted.d1)
    c.set('db', makeDb(counted.d1))
    await next()
    // Round trips to D1 for this request: benchmarks and tests hold hot paths to a budget.
    c.res.headers.set('x-d1-round-trips', String(counted.count()))
  })
  .get('/health', (c) => c.json({ ok: true as const }))
  // Local development only (DEV_MODE=true): Cron Triggers never fire under wrangler dev, and its
  // /cdn-cgi/handler/scheduled cannot reach a Worker behind [assets]; npm start's ticker
  // (scripts/cron.mjs) calls this instead. Not found anywhere else.
  .post('/dev/scheduled', async (c) => {
    if (c.env.DEV_MODE !== 'true') throw fail(404, 'NOT_FOUND', '接口不存在')
    const cron = c.req.query('cron') ?? ''
    const time = Number(c.req.query('time') ?? Date.now())
    await scheduled({ cron, scheduledTime: time, noRetry() {} } as ScheduledController, c.env, c.executionCtx)
    return c.json({ ok: true as const, cron })
  })
  .get('/tickets/public-key', publicCache(3600), async (c) =>
    c.json({ alg: 'Ed25519' as const, publicKey: await ticketPublicKey(c.env.TICKET_PRIVATE_KEY) }),
  )
  .route('/auth', authRoutes)
  .route('/', phoneRoutes)
  .route('/', staffRoutes)
  .route('/', eventRoutes)
  .route('/', registrationRoutes)
  .route('/', checkinRoutes)
  .route('/', rosterRoutes)
  .route('/', checkpointRoutes)
  .route('/', dashboardRoutes)
  .route('/', suggestionRoutes)
  .route('/', staffSuggestionRoutes)
  .route('/', inboxRoutes)
  .route('/', evaluationRoutes)
  .route('/', departmentRoutes)
  .route('/', staffAccountRoutes)
  .route('/', publicRoutes)
  .route('/', reportRoutes)
  .route('/', notificationRoutes)
  .route('/', feedRoutes)
  .route('/', followRoutes)
  .route('/', summaryRoutes)
  .route('/', wxacodeRoutes)
  .route('/', seatRoutes)
  .route('/', waitlistRoutes)
  .route('/', offerRoutes)
  .route('/', doorRoutes)
  .route('/', exportRoutes)
  .route('/', posterRoutes)

const app = new Hono<AppEnv>()
  .use(`${API_BASE_PATH}/*`, apiSecurityHeaders, limitBody())
  .route(API_BASE_PATH, api)
  // Share URLs with Open Graph tags for link previews (wrangler.toml: run_worker_first).
  .route('/s', sharePageRoutes)
  .notFound((c) => {
    if (c.req.path.startsWith('/api/')) return handleError(fail(404, 'NOT_FOUND', '接口不存在'), c)
    // Anything else is the H5 app, served from static assets.
    return c.env.ASSETS ? c.env.ASSETS.fetch(c.req.raw) : c.text('Not found', 404)
  })
  .onError(handleError)

export type AppType = typeof app
export default {
  fetch: app.fetch,
  // Cron Trigger (wrangler.toml [triggers]): the purges of each domain's jobs.ts.
  scheduled,
  // Queues (wrangler.toml [[queues.consumers]]): messages to the public, and their dead letters.
  async queue(batch: MessageBatch<NotifyMessage>, env: AppEnv['Bindings']) {
    if (batch.queue === NOTIFY_DLQ) await consumeNotifyDeadLetters(batch, env)
    else await consumeNotify(batch, env)
  },
} satisfies ExportedHandler<AppEnv['Bindings'], NotifyMessage>
