// Load runs with autocannon, tallying status codes, outcomes and D1 round trips per response.
import autocannon from 'autocannon'
import { readRoundTrips } from './client.mjs'
import { watchCpu } from './machine.mjs'
import { round } from './report.mjs'

/** Tallies what autocannon saw in every response: status codes, round-trip header, outcomes. */
function makeTally() {
  return { roundTrips: {}, missingHeader: 0, statuses: {}, outcomes: {}, errorSamples: [], responses: 0, lastResponseAt: 0 }
}

function onResponseFor(tally, outcomeOf) {
  return (status, body, _context, headers) => {
    tally.responses++
    tally.lastResponseAt = performance.now()
    tally.statuses[status] = (tally.statuses[status] ?? 0) + 1
    const raw = headers['x-d1-round-trips'] ?? headers['X-D1-Round-Trips']
    const n = readRoundTrips(raw)
    if (n === null) tally.missingHeader++
    else tally.roundTrips[n] = (tally.roundTrips[n] ?? 0) + 1
    if (status < 200 || status > 299) {
      if (tally.errorSamples.length < 5) tally.errorSamples.push(`${status} ${String(body).slice(0, 300)}`)
    } else if (outcomeOf) {
      try {
        const key = outcomeOf(JSON.parse(body))
        tally.outcomes[key] = (tally.outcomes[key] ?? 0) + 1
      } catch {
        tally.outcomes.unparsable = (tally.outcomes.unparsable ?? 0) + 1
      }
    }
  }
}

/** Binds the load runs to one server and one setting of duration and connections. */
export function makeMeasurer({ base, seconds, connections, log }) {
  function runAutocannon(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: base, connections, duration: seconds, pipelining: 1, timeout: 30, ...opts },
      (err, result) => (err ? reject(err) : resolve(result)),
    )
    // No progress bar: it would write to the terminal many times a second.
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false })
  })
}

  async function measure({ name, route, samples, autocannonOpts, outcomeOf, expectOutcomes }) {
  log(`measuring ${name}: ${autocannonOpts.amount ? `${autocannonOpts.amount} requests` : `${seconds} s`} at ${connections} connections`)
  const sampled = []
  for (const s of await samples('before')) sampled.push(s)
  const tally = makeTally()
  const started = Date.now()
  const startedAt = performance.now()
  const cpuWatch = watchCpu()
  const result = await runAutocannon({
    ...autocannonOpts,
    requests: autocannonOpts.requests.map((r) => ({ ...r, onResponse: onResponseFor(tally, outcomeOf) })),
  })
  const elapsed = (Date.now() - started) / 1000
  const cpu = cpuWatch.stop()
  for (const s of await samples('after')) sampled.push(s)

  const fromHeader = Object.keys(tally.roundTrips).map(Number)
  const all = [...sampled.filter((n) => n !== null), ...fromHeader]
  const non2xx = result.non2xx ?? 0
  return {
    name,
    route,
    ...(autocannonOpts.amount ? { amount: autocannonOpts.amount } : {}),
    expectOutcomes,
    // A run of a fixed number of requests ends between autocannon's one-second samples, and
    // autocannon counts the last, partial second as a whole one (in its average and its
    // duration): such a run's rate is its responses over the time to the last response.
    requestsPerSecond: autocannonOpts.amount
      ? round(tally.responses / ((tally.lastResponseAt - startedAt) / 1000), 1)
      : round(result.requests.average, 1),
    totalRequests: result.requests.total,
    seconds: round(elapsed, 1),
    /** Cores busy on average during the load: the whole machine, this benchmark, other processes. */
    cpu,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round(result.latency.average, 2),
    },
    non2xx,
    errors: result.errors ?? 0,
    timeouts: result.timeouts ?? 0,
    statusCodes: tally.statuses,
    outcomes: tally.outcomes,
    errorSamples: tally.errorSamples,
    d1RoundTrips: {
      min: all.length ? Math.min(...all) : null,
      max: all.length ? Math.max(...all) : null,
      fetchSamples: sampled,
      histogram: tally.roundTrips,
      responsesWithoutHeader: tally.missingHeader,
    },
  }
}

  return { measure, runAutocannon }
}
