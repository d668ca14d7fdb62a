// `wrangler dev` never fires Cron Triggers by itself ("Scheduled Workers are not automatically
// triggered during local development"), and its /cdn-cgi/handler/scheduled endpoint fails for a
// Worker behind [assets] (DataCloneError: ScheduledController). `npm start` runs this ticker
// instead: at every minute it calls the Worker's scheduled() for each cron of wrangler.toml
// [triggers] that matches, as Cloudflare would (times in UTC), through the API's dev-only
// POST /api/v1/dev/scheduled (DEV_MODE=true only).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './lib.mjs'

/** The crons of wrangler.toml [triggers]. */
export function wranglerCrons(file = path.join(ROOT, 'wrangler.toml')) {
  const m = /^\s*crons\s*=\s*\[([^\]]*)\]/m.exec(readFileSync(file, 'utf8'))
  return m ? [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : []
}

/** One field of a cron: `*`, `*\/n`, `a`, `a-b`, `a-b/n`, and lists of these. */
function fieldMatches(field, value) {
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/')
    const step = stepText ? Number(stepText) : 1
    let lo = -Infinity
    let hi = Infinity
    if (range !== '*') {
      const [a, b] = range.split('-').map(Number)
      lo = a
      hi = b ?? (stepText ? Infinity : a)
    }
    const start = lo === -Infinity ? 0 : lo
    return value >= start && value <= hi && (value - start) % step === 0
  })
}

/** Whether a five-field cron (minute hour day-of-month month day-of-week) fires at `date` (UTC). */
export function cronMatches(expr, date) {
  const [minute, hour, dom, month, dow] = expr.trim().split(/\s+/)
  return (
    fieldMatches(minute, date.getUTCMinutes()) &&
    fieldMatches(hour, date.getUTCHours()) &&
    fieldMatches(dom, date.getUTCDate()) &&
    fieldMatches(month, date.getUTCMonth() + 1) &&
    fieldMatches(dow, date.getUTCDay())
  )
}

/** Calls the due crons at the start of every minute; returns a stop function. */
export function startCronTicker(baseUrl, crons = wranglerCrons(), log = console.log) {
  let timer
  const tick = async () => {
    const now = new Date()
    now.setUTCSeconds(0, 0)
    for (const cron of crons.filter((c) => cronMatches(c, now))) {
      const url = `${baseUrl}/api/v1/dev/scheduled?cron=${encodeURIComponent(cron)}&time=${now.getTime()}`
      try {
        const res = await fetch(url, { method: 'POST' })
        if (!res.ok) log(`[cron] ${cron}: HTTP ${res.status}`)
      } catch (e) {
        log(`[cron] ${cron}: ${e instanceof Error ? e.message : e}`)
      }
    }
    schedule()
  }
  const schedule = () => {
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50)
  }
  schedule()
  return () => clearTimeout(timer)
}
