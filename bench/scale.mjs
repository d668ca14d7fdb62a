// OpenDay scale benchmark: `node bench/scale.mjs` (or `npm run bench -- scale`).
//
// Does the cost of the hot paths grow with history? Two stacks run side by side in one run, each
// its own `wrangler dev` with a fresh local D1 and the same target event (running within the
// hour, registration open):
//   empty: the demo seed only;
//   big:   plus 100,000 registrations on the target event, 50,000 of them checked in, 50,000
//          suggestions on it and 200 more events from the past (bench/lib/scale-seed.mjs,
//          written with recursive CTEs through `wrangler d1 execute --local --persist-to`).
// The same routes are measured on both, alternating empty, big, big, empty, … (BENCH_RUNS runs
// each) so that drift in the machine's load falls on both alike:
//   GET /events, GET /events/:id (with a participant token: the edge cache is bypassed, so
//   this measures the Worker and D1), the staff dashboard, sign-up (a fixed number of new
//   sign-ups per run) and check-in (a fixed number of first scans of pre-created tickets).
// Prints, per route, req/s on each and the ratio empty/big (how many times slower the big
// database is); writes bench/results/scale.{json,md}. Exits 1 when any response is not 2xx or a
// route exceeds BENCH_MAX_RATIO (default 1.3).
//
// Environment: BENCH_SECONDS (per GET/dashboard run, default 8), BENCH_CONNECTIONS (default 20),
// BENCH_SIGNUPS (sign-ups per run, default 1500), BENCH_SCANS (first scans per run, default 1000),
// BENCH_RUNS (runs per route and database, default 3), BENCH_MAX_RATIO (default 1.3),
// BENCH_VERBOSE=1 shows wrangler's output.
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const { log } = await import(path.join(HERE, '../scripts/lib.mjs'))
const { DEMO_LOGIN } = await import(path.join(HERE, '../scripts/seed.mjs'))
const { startStack } = await import(path.join(HERE, '../scripts/stack.mjs'))
const { loginCitizens, makeApi, pool } = await import('./lib/client.mjs')
const { makeMeasurer } = await import('./lib/measure.mjs')
const { round } = await import('./lib/report.mjs')
const { AGENCY_ID, TARGET_EVENT_ID, bigSeedSql, targetEventSql } = await import('./lib/scale-seed.mjs')

const int = (name, fallback) => {
  const n = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`)
  return n
}
const SECONDS = int('BENCH_SECONDS', 8)
const CONNECTIONS = int('BENCH_CONNECTIONS', 20)
const SIGNUPS = int('BENCH_SIGNUPS', 1500)
const SCANS = int('BENCH_SCANS', 1000)
const MAX_RATIO = int('BENCH_MAX_RATIO', 1.3)
/** Runs per route per database, alternating: empty, big, big, empty, empty, big… */
const RUNS = int('BENCH_RUNS', 3)
/** Concurrent requests while logging in citizens and pre-creating tickets. */
const SETUP_CONCURRENCY = 20
const RESULTS_DIR = path.join(HERE, 'results')

const stacks = []
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n[bench] ${sig}: stopping wrangler`)
    Promise.all(stacks.map((s) => s.stack?.stop())).finally(() => process.exit(130))
  })
}

/**
 * Logs in the staff demo and one citizen per sign-up and per ticket, each by SMS from its own
 * simulated device and address (the API limits sends per device and per address). A sign-up
 * must use a phone its account verified, so each citizen signs up once, with the phone its SMS
 * login verified: the first RUNS × SCANS in setup (the tickets the check-in runs scan), the
 * other RUNS × SIGNUPS during the sign-up runs.
 */
async function prepare(name, stack) {
  const api = makeApi(stack.base)
  const staffToken = (await api('POST', '/auth/staff/login', { body: DEMO_LOGIN })).data.token
  const ticketCount = RUNS * SCANS
  const signUpCount = RUNS * SIGNUPS
  const t0 = Date.now()
  const citizens = await loginCitizens(api, ticketCount + signUpCount, {
    phone: (i) => `17${String(i).padStart(9, '0')}`,
    tag: `bench-scale-${name}`,
    concurrency: SETUP_CONCURRENCY,
  })
  log(`${name}: logged in ${citizens.length} citizens by SMS in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  const body = (citizen, i) => ({ name: `测试${i % 1000}`, phone: citizen.phone, category: 'citizen', consent: true })
  const tickets = await pool(ticketCount, SETUP_CONCURRENCY, async (i) => {
    const r = await api('POST', `/events/${TARGET_EVENT_ID}/registrations`, { token: citizens[i].token, body: body(citizens[i], i) })
    return r.data.registration.ticket
  })
  const signUpCitizens = citizens.slice(ticketCount)
  let signUps = 0
  let scans = 0
  return {
    name,
    stack,
    staffToken,
    readToken: signUpCitizens[0].token,
    measure: makeMeasurer({ base: stack.base, seconds: SECONDS, connections: CONNECTIONS, log }).measure,
    nextSignUp() {
      const i = signUps++
      const citizen = signUpCitizens[i]
      if (!citizen) throw new Error(`${name}: more sign-ups than the ${signUpCount} citizens logged in for them`)
      return { token: citizen.token, body: JSON.stringify(body(citizen, i)) }
    },
    nextTicket: () => tickets[scans++ % tickets.length],
    nonce: () => `scale-${name}-${String(scans).padStart(8, '0')}`,
  }
}

/** The measured routes, as autocannon requests against one prepared stack. */
const ROUTES = [
  {
    name: 'GET /events',
    request: (s) => ({ duration: SECONDS, requests: [{ method: 'GET', path: '/api/v1/events', headers: { authorization: `Bearer ${s.readToken}` } }] }),
  },
  {
    name: 'GET /events/:id',
    request: (s) => ({
      duration: SECONDS,
      requests: [{ method: 'GET', path: `/api/v1/events/${TARGET_EVENT_ID}`, headers: { authorization: `Bearer ${s.readToken}` } }],
    }),
  },
  // 动态 (docs/api.md): a page of 21 rows read backwards off the partial index, with the token
  // (no edge cache); the same cost on 20,000 posts as on the demo's 5.
  {
    name: 'GET /public/feed?agencyId= (computed)',
    request: (s) => ({
      duration: SECONDS,
      requests: [{ method: 'GET', path: `/api/v1/public/feed?agencyId=${AGENCY_ID}`, headers: { authorization: `Bearer ${s.readToken}` } }],
    }),
  },
  // The public figures (docs/metrics.md). Anonymous readers get the edge cache. With a token the
  // cache is bypassed: the figures are summed from at most 34 Fenwick nodes per department of
  // suggestion_counters plus the overdue items not marked yet, and the answers pages read 21 rows
  // off their partial indexes, so all of them are held to the ratio like every other route.
  {
    name: 'GET /public/agencies/:id (anonymous, edge cache)',
    request: () => ({ duration: SECONDS, requests: [{ method: 'GET', path: `/api/v1/public/agencies/${AGENCY_ID}` }] }),
  },
  {
    name: 'GET /public/rankings (anonymous, edge cache)',
    request: () => ({ duration: SECONDS, requests: [{ method: 'GET', path: '/api/v1/public/rankings' }] }),
  },
  {
    name: 'GET /public/rankings (computed)',
    request: (s) => ({
      duration: SECONDS,
      requests: [{ method: 'GET', path: '/api/v1/public/rankings', headers: { authorization: `Bearer ${s.readToken}` } }],
    }),
  },
  {
    name: 'GET /public/agencies/:id (computed)',
    request: (s) => ({
      duration: SECONDS,
      requests: [{ method: 'GET', path: `/api/v1/public/agencies/${AGENCY_ID}`, headers: { authorization: `Bearer ${s.readToken}` } }],
    }),
  },
  {
    name: 'GET /public/agencies/:id/answers (computed)',
    request: (s) => ({
      duration: SECONDS,
      requests: [{ method: 'GET', path: `/api/v1/public/agencies/${AGENCY_ID}/answers`, headers: { authorization: `Bearer ${s.readToken}` } }],
    }),
  },
  {
    name: 'GET /public/events/:id/answers (computed)',
    request: (s) => ({
      duration: SECONDS,
      requests: [{ method: 'GET', path: `/api/v1/public/events/${TARGET_EVENT_ID}/answers`, headers: { authorization: `Bearer ${s.readToken}` } }],
    }),
  },
  {
    name: 'dashboard',
    hotPath: true,
    request: (s) => ({
      duration: SECONDS,
      requests: [{ method: 'GET', path: `/api/v1/events/${TARGET_EVENT_ID}/dashboard`, headers: { authorization: `Bearer ${s.staffToken}` } }],
    }),
  },
  {
    name: 'sign-up',
    hotPath: true,
    outcomeOf: (b) => (b.registration?.ticket ? 'registered' : 'other'),
    expectOutcome: 'registered',
    request: (s) => ({
      amount: SIGNUPS,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/events/${TARGET_EVENT_ID}/registrations`,
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const next = s.nextSignUp()
            return { ...req, headers: { ...req.headers, authorization: `Bearer ${next.token}` }, body: next.body }
          },
        },
      ],
    }),
  },
  {
    name: 'check-in (first scans)',
    hotPath: true,
    outcomeOf: (b) => b.result ?? 'other',
    expectOutcome: 'checked_in',
    request: (s) => ({
      amount: SCANS,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/events/${TARGET_EVENT_ID}/checkins`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${s.staffToken}` },
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ ticket: s.nextTicket(), nonce: s.nonce() }) }),
        },
      ],
    }),
  },
]

function summarise(runs) {
  const rps = runs.reduce((sum, r) => sum + r.requestsPerSecond, 0) / runs.length
  const p50 = runs.reduce((sum, r) => sum + r.latencyMs.p50, 0) / runs.length
  const trips = [...new Set(runs.flatMap((r) => Object.keys(r.d1RoundTrips.histogram).map(Number)))].sort()
  return {
    requestsPerSecond: round(rps, 1),
    p50Ms: round(p50, 1),
    d1RoundTrips: trips.join('/'),
    /** Cores other processes kept busy, on average over the runs (bench/lib/machine.mjs). */
    otherCpuCores: runs.every((r) => r.cpu) ? round(runs.reduce((sum, r) => sum + r.cpu.others, 0) / runs.length, 2) : null,
    responsesWithoutRoundTrips: runs.reduce((n, r) => n + r.d1RoundTrips.responsesWithoutHeader, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
    outcomes: runs.map((r) => r.outcomes),
    errorSamples: runs.flatMap((r) => r.errorSamples),
  }
}

function markdown(report) {
  const rows = report.routes.map(
    (r) =>
      `| ${r.name} | ${r.empty.requestsPerSecond} | ${r.big.requestsPerSecond} | **${r.ratio.toFixed(2)}×** | ${r.empty.p50Ms} / ${r.big.p50Ms} | ${r.empty.d1RoundTrips} / ${r.big.d1RoundTrips} | ${r.empty.otherCpuCores ?? 'n/a'} / ${r.big.otherCpuCores ?? 'n/a'} |`,
  )
  return [
    `# OpenDay scale benchmark (${report.finishedAt})`,
    '',
    '| route | req/s empty | req/s big | big/empty (time per request) | p50 ms empty / big | D1 round trips empty / big | CPU of other processes empty / big |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Big database: 100,000 registrations on the target event, 50,000 check-ins, 50,000 suggestions, 200 past events ` +
      `(${report.bigDatabaseMiB} MiB). Routes marked "(computed)" bypass the edge cache: the figures sum the period's counter nodes, the answers read one page off their index. ` +
      `${report.settings.connections} connections; GET routes and the dashboard ${report.settings.seconds} s per run, ` +
      `sign-up ${report.settings.signUps} and check-in ${report.settings.scans} requests per run; ${RUNS} runs per route and database, ` +
      `alternating empty, big, big, empty, …; req/s are means over the runs. Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, ` +
      `load average ${report.machine.loadAverage1mBefore} before the run. "CPU of other processes": cores busy on average during the runs ` +
      `outside this benchmark's own processes, from /proc; above about 0.1 the figures are disturbed.`,
    '',
    `Result: ${report.ok ? `OK, every route within ${MAX_RATIO}× of the empty database` : `FAILED: ${report.failures.join('; ')}`}`,
    '',
  ].join('\n')
}

async function main() {
  const loadBefore = os.loadavg()[0]
  log('starting two stacks: an empty database and a big one (seeding the big one takes a while)')
  const t0 = Date.now()
  const now = Date.now()
  const emptyStack = await startStack({ preferredPort: 8799, logLevel: 'warn', verbose: Boolean(process.env.BENCH_VERBOSE), extraSql: [targetEventSql(now)] })
  stacks.push({ stack: emptyStack })
  const bigStack = await startStack({
    preferredPort: 8809,
    logLevel: 'warn',
    verbose: Boolean(process.env.BENCH_VERBOSE),
    extraSql: [targetEventSql(now), bigSeedSql({ now })],
  })
  stacks.push({ stack: bigStack })
  log(`stacks up in ${((Date.now() - t0) / 1000).toFixed(0)} s: empty ${emptyStack.base}, big ${bigStack.base}`)
  const { statSync, readdirSync } = await import('node:fs')
  const dbSize = (dir) => {
    let total = 0
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name)
        if (e.isDirectory()) walk(p)
        else if (e.name.endsWith('.sqlite')) total += statSync(p).size
      }
    }
    walk(dir)
    return total
  }

  log('preparing both: logins, pre-created tickets')
  const empty = await prepare('empty', emptyStack)
  const big = await prepare('big', bigStack)
  const counts = await makeApi(big.stack.base)('GET', `/events/${TARGET_EVENT_ID}/dashboard`, { token: big.staffToken })
  log(`big database: ${counts.data.registered} registered, ${counts.data.checkedIn} checked in, ${counts.data.suggestions} suggestions on the target event`)

  const routes = []
  for (const route of ROUTES) {
    const runs = { empty: [], big: [] }
    const order = Array.from({ length: RUNS }, (_, i) => (i % 2 === 0 ? [empty, big] : [big, empty])).flat()
    for (const s of order) {
      const result = await s.measure({
        name: `${route.name} (${s.name})`,
        route: route.name,
        samples: async () => [],
        autocannonOpts: route.request(s),
        outcomeOf: route.outcomeOf,
      })
      runs[s.name].push(result)
    }
    const e = summarise(runs.empty)
    const b = summarise(runs.big)
    routes.push({
      name: route.name,
      hotPath: Boolean(route.hotPath),
      expectOutcome: route.expectOutcome,
      empty: e,
      big: b,
      ratio: round(e.requestsPerSecond / b.requestsPerSecond, 2),
    })
    log(`${route.name}: empty ${e.requestsPerSecond} req/s, big ${b.requestsPerSecond} req/s, ratio ${routes.at(-1).ratio}`)
  }

  const failures = []
  for (const r of routes) {
    for (const side of ['empty', 'big']) {
      if (r[side].non2xx > 0) failures.push(`${r.name} (${side}): ${r[side].non2xx} failed responses: ${r[side].errorSamples.slice(0, 2).join(' | ')}`)
    }
    for (const side of ['empty', 'big']) {
      const odd = r.expectOutcome ? r[side].outcomes.flatMap((o) => Object.entries(o)).filter(([k]) => k !== r.expectOutcome) : []
      if (odd.length) failures.push(`${r.name} (${side}): unexpected outcomes ${odd.map(([k, n]) => `${k} ×${n}`).join(', ')}`)
      // Hot paths take one D1 round trip, on either database (the team's standard).
      if (r.hotPath && (r[side].d1RoundTrips !== '1' || r[side].responsesWithoutRoundTrips > 0)) failures.push(`${r.name} (${side}): D1 round trips ${r[side].d1RoundTrips || 'missing'}, expected 1`)
    }
    if (r.ratio > MAX_RATIO) failures.push(`${r.name}: ${r.ratio}× slower on the big database (goal ≤ ${MAX_RATIO}×)`)
  }
  const cpus = os.cpus()
  return {
    finishedAt: new Date().toISOString(),
    ok: failures.length === 0,
    failures,
    bigDatabaseMiB: round(dbSize(bigStack.stateDir) / 2 ** 20, 1),
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model?.trim() ?? 'unknown', node: process.version, loadAverage1mBefore: round(loadBefore, 2) },
    settings: { seconds: SECONDS, connections: CONNECTIONS, signUps: SIGNUPS, scans: SCANS, runs: RUNS, maxRatio: MAX_RATIO },
    routes,
  }
}

let exitCode = 0
try {
  const report = await main()
  const md = markdown(report)
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(path.join(RESULTS_DIR, 'scale.json'), JSON.stringify(report, null, 2) + '\n')
  writeFileSync(path.join(RESULTS_DIR, 'scale.md'), md)
  console.log('\n' + md)
  if (!report.ok) exitCode = 1
} catch (err) {
  console.error(`\n\x1b[31m[bench] error:\x1b[0m ${err?.stack ?? err}`)
  for (const s of stacks) if (s.stack?.tail().trim()) console.error(`--- last wrangler output ---\n${s.stack.tail().slice(-2000)}`)
  exitCode = 1
} finally {
  await Promise.all(stacks.map((s) => s.stack?.stop().catch(() => {})))
}
process.exit(exitCode)
