import { DEADLINE_CRON, NOTICE_CRON } from '@openday/shared'
import { purgeLoginThrottles, purgeSmsCodes } from './auth/jobs'
import type { Bindings } from './env'
import { makeDb, type Db } from './lib/db'
import { purgeRateLimits } from './lib/jobs'
import { purgeIdempotencyKeys } from './registrations/jobs'
import { runNoticeJob } from './notifications/jobs'
import { runDeadlineJob } from './suggestions/deadlines'
import { sweepWaitlist } from './waitlist/offers'

/**
 * Everything the Cron Trigger runs (wrangler.toml [triggers]), by name. Each job lives in its
 * domain's jobs.ts, takes "now" (the trigger's scheduled time) and is idempotent: running it
 * twice, or late, deletes nothing it should keep.
 */
const JOBS = {
  rateLimits: purgeRateLimits,
  smsCodes: purgeSmsCodes,
  idempotencyKeys: purgeIdempotencyKeys,
  loginThrottles: purgeLoginThrottles,
} satisfies Record<string, (db: Db, now: Date) => unknown>

export type JobName = keyof typeof JOBS

/** Runs every job in one D1 batch (one round trip, all or nothing); returns rows deleted per job. */
export async function runScheduledJobs(env: Pick<Bindings, 'DB'>, now: Date): Promise<Record<JobName, number>> {
  const db = makeDb(env.DB)
  const names = Object.keys(JOBS) as JobName[]
  const statements = names.map((name) => JOBS[name](db, now))
  const results = await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]])
  const deleted = Object.fromEntries(names.map((name, i) => [name, (results[i] as unknown as D1Result).meta.changes])) as Record<JobName, number>
  // Counts only: nothing personal.
  console.log('scheduled purge', JSON.stringify(deleted))
  return deleted
}

/** The daily deadline job (api/src/suggestions/deadlines.ts): reminders, overdue, unrated answers. */
export async function runDailyDeadlines(env: Pick<Bindings, 'DB'>, now: Date) {
  const counts = await runDeadlineJob(env.DB, makeDb(env.DB), now)
  // Counts only: nothing personal.
  console.log('scheduled deadlines', JSON.stringify(counts))
  return counts
}

/**
 * Every NOTICE_CRON (5 minutes): the waiting list's sweep (offers past their time expire and their
 * seats, and any missed, are offered again, with their messages), then the notices job, which
 * forwards those messages too. A failing sweep does not hold back the messages.
 */
export async function runWaitlistThenNotices(env: Pick<Bindings, 'DB' | 'NOTIFY'>, now: Date) {
  try {
    await sweepWaitlist(makeDb(env.DB), now)
  } catch (e) {
    console.error('waitlist sweep failed', e instanceof Error ? e.message : 'unknown')
  }
  return runNoticeJob(env, now)
}

/**
 * wrangler.toml [triggers]: the daily DEADLINE_CRON runs the deadline job, NOTICE_CRON the
 * waiting list's sweep and the messages (reminders, invitations, forwarding to the queue), every
 * other cron the purge.
 */
export async function scheduled(controller: ScheduledController, env: Bindings, ctx: ExecutionContext): Promise<void> {
  const now = new Date(controller.scheduledTime)
  const job =
    controller.cron === DEADLINE_CRON
      ? runDailyDeadlines(env, now)
      : controller.cron === NOTICE_CRON
        ? runWaitlistThenNotices(env, now)
        : runScheduledJobs(env, now)
  ctx.waitUntil(job)
  // Also awaited, so a caller (the dev route, tests) sees the job done when this returns.
  await job
}
