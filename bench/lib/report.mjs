// The benchmark's Markdown report.

export const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits

export function markdown(report) {
  const health = report.routes.find((r) => r.name === 'health')
  const rt = (r) => (r.d1RoundTrips.min === null ? 'n/a' : r.d1RoundTrips.min === r.d1RoundTrips.max ? `${r.d1RoundTrips.min}` : `${r.d1RoundTrips.min}-${r.d1RoundTrips.max}`)
  const lines = [
    '| route | req/s | p50 ms | p99 ms | D1 round trips/request | req/s vs health | CPU of other processes |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...report.routes.map(
      (r) =>
        `| ${r.name} \`${r.route}\` | ${r.requestsPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${rt(r)} | ${
          health && health.requestsPerSecond ? round(r.requestsPerSecond / health.requestsPerSecond, 2).toFixed(2) : 'n/a'
        } | ${r.cpu ? `${r.cpu.others.toFixed(2)} of ${r.cpu.cores} cores` : 'n/a'} |`,
    ),
  ]
  const m = report.machine
  const notes = report.routes
    .map((r) => {
      const bits = [`${r.totalRequests} requests in ${r.seconds} s`, `non-2xx ${r.non2xx}`, `errors ${r.errors}`, `timeouts ${r.timeouts}`]
      if (Object.keys(r.outcomes).length) bits.push(`outcomes ${Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`)
      return `- ${r.name}: ${bits.join('; ')}`
    })
    .join('\n')
  return [
    `# OpenDay benchmark (${report.finishedAt})`,
    '',
    ...lines,
    '',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}; Node ${m.node}; wrangler dev (local workerd + D1); ` +
      `load average ${m.loadAverage1mBefore} before the run. "CPU of other processes": cores busy on average during the route ` +
      `outside this benchmark's own processes (node, wrangler, workerd), from /proc; above about 0.1 the figures are disturbed.`,
    `Each route ${report.settings.seconds} s at ${report.settings.connections} connections, one after another in one run ` +
      `(the first-scan check-in: each of ${report.settings.preCreatedTickets} pre-created tickets once); ` +
      `D1 budget for sign-up, check-in and the dashboard: ${report.settings.d1Budget} round trip(s)/request.`,
    '',
    notes,
    '',
    `Result: ${report.ok ? 'OK' : `FAILED: ${report.failures.join('; ')}`}`,
    '',
  ].join('\n')
}
