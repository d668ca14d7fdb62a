// OpenDay benchmark: `node bench/run.mjs` from the repository root (or `npm run bench`).
//
// Starts its own `wrangler dev` on a free loopback port with a fresh temporary D1, sets up
// citizens (each logged in by SMS from its own simulated device) and events through the API,
// then measures, one after another with autocannon:
//   health (baseline), sign-up (POST /events/:id/registrations), check-in
//   (POST /events/:id/checkins) as first scans and as repeat scans, and the staff dashboard.
// Prints a Markdown table and writes bench/results/latest.{json,md}.
// Exits non-zero when any response is not 2xx, or when sign-up, check-in or the dashboard needs
// more than D1_BUDGET (1) round trips to D1 per request (read from the `x-d1-round-trips` response header).
//
// Environment: BENCH_SECONDS (per route, default 10), BENCH_CONNECTIONS (default 50),
// BENCH_PORT (preferred port, default 8799), BENCH_TICKETS (pre-created registrations for the
// first-scan check-in run, default 2000), BENCH_KEEP_STATE=1 keeps the temporary D1 directory.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const { ROOT, WRANGLER, log } = await import(path.join(HERE, '../scripts/lib.mjs'))
const { DEMO_LOGIN } = await import(path.join(HERE, '../scripts/seed.mjs'))
const { startStack } = await import(path.join(HERE, '../scripts/stack.mjs'))
const { loginCitizens, makeApi, pool } = await import('./lib/client.mjs')
const { makeMeasurer } = await import('./lib/measure.mjs')
const { markdown, round } = await import('./lib/report.mjs')

let BASE = ''
/** Set once the stack is up. */
let api, measure, runAutocannon

const SECONDS = positiveInt('BENCH_SECONDS', 10)
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 50)
const PREFERRED_PORT = positiveInt('BENCH_PORT', 8799)
const TICKETS = positiveInt('BENCH_TICKETS', 2000)
/** Extra registrations whose tickets the plain-fetch samples of first scans use. */
const SAMPLE_TICKETS = 6
if (TICKETS < CONNECTIONS) {
  console.error(`[bench] BENCH_TICKETS (${TICKETS}) must be at least BENCH_CONNECTIONS (${CONNECTIONS})`)
  process.exit(2)
}
/** Hot paths take one D1 round trip (a single batch): the team's standard. */
const D1_BUDGET = 1
/** The event schema caps capacity at 10,000 (shared/src/schemas.ts). */
const EVENT_CAPACITY = 10_000
/** Sign-up events are created for this many sign-ups per second at most, so none fills up. */
const MAX_SIGNUP_RATE = 1500
const RESULTS_DIR = path.join(HERE, 'results')

function positiveInt(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`[bench] ${name} must be a positive integer, got ${JSON.stringify(raw)}`)
    process.exit(2)
  }
  return n
}

let stack = null
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n[bench] ${sig}: stopping wrangler`)
    Promise.resolve(stack?.stop()).finally(() => process.exit(130))
  })
}

// ---------------------------------------------------------------------------------------------
// Setup data

const iso = (ms) => new Date(Date.now() + ms).toISOString()
const HOUR = 3600_000

async function createPublishedEvent(staffToken, title) {
  const { data } = await api('POST', '/events', {
    token: staffToken,
    body: {
      title,
      hostUnit: '基准测试单位',
      venue: '基准测试会议室',
      description: '由 bench/run.mjs 创建，用于压力测试。',
      startAt: iso(1 * HOUR),
      endAt: iso(4 * HOUR),
      registrationOpensAt: iso(-24 * HOUR),
      registrationClosesAt: iso(0.5 * HOUR),
      capacity: EVENT_CAPACITY,
      agenda: [{ time: '09:00', title: '基准测试' }],
      targetGroups: ['citizen'],
    },
  })
  const id = data.event.id
  // Starts in an hour: breaks the 5-working-day notice rule, hence the override reason.
  await api('POST', `/events/${id}/publish`, { token: staffToken, body: { overrideReason: '基准测试' } })
  return id
}

const phone = (prefix, n) => `${prefix}${String(n).padStart(9, '0')}`
const signUpBody = (p, i) => ({ name: `测试${i % 10000}`, phone: p, category: 'citizen', organization: '基准测试', consent: true })

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  if (!existsSync(WRANGLER)) throw new Error(`wrangler not found at ${WRANGLER}: run pnpm install first`)
  const loadBefore = os.loadavg()[0]
  if (loadBefore > 0.5) log(`warning: load average is ${loadBefore.toFixed(2)} before starting; other work on this machine skews the figures`)
  log('starting a fresh stack (wrangler dev + local D1)')
  // Request logging for every call would cost CPU in the very process we measure.
  stack = await startStack({ preferredPort: PREFERRED_PORT, logLevel: 'warn', verbose: Boolean(process.env.BENCH_VERBOSE), keepState: Boolean(process.env.BENCH_KEEP_STATE) })
  BASE = stack.base
  api = makeApi(BASE)
  ;({ measure, runAutocannon } = makeMeasurer({ base: BASE, seconds: SECONDS, connections: CONNECTIONS, log }))
  const port = stack.port
  log(`wrangler dev on ${BASE}`)

  // --- data, all through the API
  log('setting up: staff login, citizens logged in by SMS, events, pre-created registrations')
  const staffToken = (await api('POST', '/auth/staff/login', { body: DEMO_LOGIN })).data.token
  // A sign-up must use a phone its account verified by SMS. Each simulated citizen logs in by
  // SMS from its own device and address (the API limits sends per device and per address) and
  // signs up with the phone that login verified. A citizen signs up once per event, so the
  // sign-up run goes through all citizens in one event, then again in the next.
  const t0 = Date.now()
  const citizens = await loginCitizens(api, TICKETS + SAMPLE_TICKETS, { phone: (i) => phone(17, i), tag: 'bench', concurrency: CONNECTIONS })
  log(`logged in ${citizens.length} citizens by SMS in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  const perSignUpEvent = Math.min(EVENT_CAPACITY - 50, citizens.length)

  const checkinEvent = await createPublishedEvent(staffToken, '基准测试：签到')
  // Sign-ups go to their own events, filled one after another so none exceeds its capacity.
  const signUpEvents = []
  const signUpEventCount = Math.max(1, Math.ceil((SECONDS * MAX_SIGNUP_RATE + 100) / perSignUpEvent))
  for (let i = 0; i < signUpEventCount; i++) signUpEvents.push(await createPublishedEvent(staffToken, `基准测试：报名 ${i + 1}`))

  const t1 = Date.now()
  const tickets = await pool(citizens.length, CONNECTIONS, async (i) => {
    const r = await api('POST', `/events/${checkinEvent}/registrations`, { token: citizens[i].token, body: signUpBody(citizens[i].phone, i) })
    return r.data.registration.ticket
  })
  log(`pre-created ${tickets.length} registrations in ${((Date.now() - t1) / 1000).toFixed(1)} s`)

  // Warm-up (not measured): lets workerd settle after the setup burst.
  await runAutocannon({ duration: 1, connections: 10, requests: [{ method: 'GET', path: '/api/v1/health' }] })

  const routes = []

  routes.push(
    await measure({
      name: 'health',
      route: 'GET /api/v1/health',
      samples: async () => Promise.all([1, 2, 3].map(async () => (await api('GET', '/health')).roundTrips)),
      autocannonOpts: { requests: [{ method: 'GET', path: '/api/v1/health' }] },
    }),
  )

  // Each sign-up is a new (citizen, event) pair: citizen i % perSignUpEvent, with its own phone.
  let signUpCounter = 0
  const nextSignUp = () => {
    const i = signUpCounter++
    const eventIndex = Math.floor(i / perSignUpEvent)
    if (eventIndex >= signUpEvents.length) throw new Error(`sign-up run outgrew its ${signUpEvents.length} events: raise MAX_SIGNUP_RATE`)
    const citizen = citizens[i % perSignUpEvent]
    return { eventId: signUpEvents[eventIndex], phone: citizen.phone, i, token: citizen.token }
  }
  const signUpSample = async () => {
    const s = nextSignUp()
    return (await api('POST', `/events/${s.eventId}/registrations`, { token: s.token, body: signUpBody(s.phone, s.i) })).roundTrips
  }
  routes.push(
    await measure({
      name: 'sign-up',
      route: 'POST /api/v1/events/:id/registrations',
      samples: async () => [await signUpSample(), await signUpSample(), await signUpSample()],
      autocannonOpts: {
        requests: [
          {
            method: 'POST',
            path: `/api/v1/events/${signUpEvents[0]}/registrations`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${citizens[0].token}` },
            setupRequest: (req) => {
              const s = nextSignUp()
              return {
                ...req,
                path: `/api/v1/events/${s.eventId}/registrations`,
                headers: { ...req.headers, authorization: `Bearer ${s.token}` },
                body: JSON.stringify(signUpBody(s.phone, s.i)),
              }
            },
          },
        ],
      },
      outcomeOf: (b) => (b.registration?.ticket ? 'registered' : 'other'),
      expectOutcomes: ['registered'],
    }),
  )
  const signUpRoute = routes[routes.length - 1]
  signUpRoute.signUpsAttempted = signUpCounter

  // Check-in, in two parts, because the outcomes take different paths: a first scan writes the
  // check-in row, a repeat finds it and writes nothing. Measured apart, neither mix depends on
  // how fast the other one went.
  //  1. first scans: every pre-created ticket exactly once (autocannon `amount`), all `checked_in`;
  //  2. repeat scans: cycles through the same tickets for BENCH_SECONDS, all `already_checked_in`.
  // Every scan has its own nonce, so none is answered as a replay of an earlier upload.
  let nonceCounter = 0
  const scanBody = (ticket) => ({ ticket, nonce: `bench-${String(nonceCounter++).padStart(10, '0')}` })
  const scan = async (ticket) => {
    const r = await api('POST', `/events/${checkinEvent}/checkins`, { token: staffToken, body: scanBody(ticket) })
    return { roundTrips: r.roundTrips, result: r.data.result }
  }
  const scanRequest = (nextTicket) => ({
    method: 'POST',
    path: `/api/v1/events/${checkinEvent}/checkins`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` },
    setupRequest: (req) => ({ ...req, body: JSON.stringify(scanBody(nextTicket())) }),
  })
  const sampleScans = async (list, expected) => {
    const out = []
    for (const t of list) {
      const s = await scan(t)
      if (s.result !== expected) throw new Error(`check-in sample: expected ${expected}, got ${s.result}`)
      out.push(s.roundTrips)
    }
    return out
  }

  // The first SAMPLE_TICKETS tickets are kept for the plain-fetch samples before and after.
  const forSamples = tickets.slice(0, SAMPLE_TICKETS)
  const forLoad = tickets.slice(SAMPLE_TICKETS)
  let firstIndex = 0
  routes.push(
    await measure({
      name: 'check-in, first scan',
      route: 'POST /api/v1/events/:id/checkins',
      samples: async (when) => sampleScans(when === 'before' ? forSamples.slice(0, 3) : forSamples.slice(3, 6), 'checked_in'),
      autocannonOpts: {
        amount: forLoad.length,
        requests: [scanRequest(() => forLoad[firstIndex++ % forLoad.length])],
      },
      outcomeOf: (b) => b.result ?? 'other',
      expectOutcomes: ['checked_in'],
    }),
  )
  let repeatIndex = 0
  routes.push(
    await measure({
      name: 'check-in, repeat scan',
      route: 'POST /api/v1/events/:id/checkins',
      samples: async () => sampleScans(tickets.slice(0, 3), 'already_checked_in'),
      autocannonOpts: { requests: [scanRequest(() => tickets[repeatIndex++ % tickets.length])] },
      outcomeOf: (b) => b.result ?? 'other',
      expectOutcomes: ['already_checked_in'],
    }),
  )

  // The staff dashboard of the check-in event, polled as the live figures screen does. Every
  // citizen is registered there and, after the first scans, checked in: the figures must say so.
  const dashboardPath = `/events/${checkinEvent}/dashboard`
  routes.push(
    await measure({
      name: 'dashboard',
      route: 'GET /api/v1/events/:id/dashboard',
      samples: async () => Promise.all([1, 2, 3].map(async () => (await api('GET', dashboardPath, { token: staffToken })).roundTrips)),
      autocannonOpts: { requests: [{ method: 'GET', path: `/api/v1${dashboardPath}`, headers: { authorization: `Bearer ${staffToken}` } }] },
      outcomeOf: (b) => (b.registered === tickets.length && b.checkedIn === tickets.length ? 'all registered and checked in' : 'other'),
      expectOutcomes: ['all registered and checked in'],
    }),
  )

  // --- verdict
  const failures = []
  for (const r of routes) {
    if (r.non2xx > 0) failures.push(`${r.name}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodes)})`)
    if (r.errors > 0 || r.timeouts > 0) failures.push(`${r.name}: ${r.errors} connection errors, ${r.timeouts} timeouts`)
    if (r.totalRequests === 0) failures.push(`${r.name}: no requests completed`)
    if (r.name !== 'health') {
      if (r.d1RoundTrips.max === null || r.d1RoundTrips.responsesWithoutHeader > 0)
        failures.push(`${r.name}: x-d1-round-trips header missing`)
      else if (r.d1RoundTrips.max > D1_BUDGET) failures.push(`${r.name}: ${r.d1RoundTrips.max} D1 round trips/request > budget ${D1_BUDGET}`)
    }
    if (r.expectOutcomes) {
      const odd = Object.keys(r.outcomes).filter((k) => !r.expectOutcomes.includes(k))
      if (odd.length) failures.push(`${r.name}: unexpected outcomes ${odd.map((k) => `${k} ×${r.outcomes[k]}`).join(', ')}`)
    }
  }

  const cpus = os.cpus()
  const report = {
    finishedAt: new Date().toISOString(),
    ok: failures.length === 0,
    failures,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
      loadAverage1mBefore: round(loadBefore, 2),
    },
    settings: { seconds: SECONDS, connections: CONNECTIONS, pipelining: 1, preCreatedTickets: TICKETS, d1Budget: D1_BUDGET, port },
    routes: routes.map((r) => ({
      ...r,
      ratioVsHealth: round(r.requestsPerSecond / routes[0].requestsPerSecond, 3),
    })),
  }
  return report
}

let exitCode = 0
try {
  const report = await main()
  await stack?.stop()
  const md = markdown(report)
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), JSON.stringify(report, null, 2) + '\n')
  writeFileSync(path.join(RESULTS_DIR, 'latest.md'), md)
  console.log('\n' + md)
  for (const r of report.routes) {
    if (r.errorSamples.length) console.error(`[bench] ${r.name} error samples:\n  ${r.errorSamples.join('\n  ')}`)
  }
  console.log(`results: ${path.relative(ROOT, path.join(RESULTS_DIR, 'latest.json'))}, ${path.relative(ROOT, path.join(RESULTS_DIR, 'latest.md'))}`)
  if (!report.ok) {
    console.error(`\n\x1b[31m[bench] FAILED\x1b[0m\n  ${report.failures.join('\n  ')}`)
    exitCode = 1
  }
} catch (err) {
  console.error(`\n\x1b[31m[bench] error:\x1b[0m ${err?.stack ?? err}`)
  if (stack?.tail().trim()) console.error(`--- last wrangler output ---\n${stack.tail().slice(-3000)}`)
  exitCode = 1
} finally {
  await stack?.stop().catch(() => {})
}
process.exit(exitCode)
