// The offline door's decision per scan with a 2,000-person roster: `node bench/door.mjs`.
//
// Bundles the app's own code path with esbuild: miniapp/src/features/checkins/verifier.ts
// rosterVerdict (→ shared/src/roster.ts decideOffline → shared decideScan) with the app's
// ed25519.ts verifySignature (signature checked on every ticket), over fixed data
// (bench/lib/door-scans.mjs: a seeded roster of 2,000 sign-ups and 600 scans of every kind,
// tickets signed with a fixed Ed25519 key). Times it in Node, and in Debian Chromium
// (playwright-core) also with CDP CPU throttling (4× slower, a stand-in for a phone-class CPU);
// reports the first scan (the verifier's table for the key is built; the app primes it at page
// load), median / 95th percentile / worst batch per scan, the time to index the roster, and the
// roster's JSON and gzip size. Goal: ≤ 5 ms per scan (median) at 4×, roster ≤ 100 KB gzip.
// Exits 1 when a verdict is wrong or a goal is missed. Writes bench/results/door.{json,md}.
//
// Environment: DOOR_PEOPLE (2000), DOOR_SCANS (600), DOOR_THROTTLE ("1,4"), CHROMIUM_PATH.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, '..')
const RESULTS_DIR = path.join(HERE, 'results')
const PEOPLE = Number(process.env.DOOR_PEOPLE ?? 2000)
const SCANS = Number(process.env.DOOR_SCANS ?? 600)
const THROTTLES = (process.env.DOOR_THROTTLE ?? '1,4').split(',').map(Number)
const GOAL_MS = 5
const GOAL_THROTTLE = 4
const GOAL_GZIP = 100 * 1024
// A fixed clock for the data (the decision is made at data.now, 30 min before the start).
const NOW = Date.parse('2026-03-10T08:00:00+08:00')

const ENTRY = `
import * as ed from '@noble/ed25519'
import { formatTicket, ticketMessage, toBase64Url } from ${JSON.stringify(path.join(ROOT, 'shared/src/ticket.ts'))}
import { indexRoster } from ${JSON.stringify(path.join(ROOT, 'shared/src/roster.ts'))}
import { verifySignature, warmUp } from ${JSON.stringify(path.join(ROOT, 'miniapp/src/features/checkins/ed25519.ts'))}
import { rosterVerdict } from ${JSON.stringify(path.join(ROOT, 'miniapp/src/features/checkins/verifier.ts'))}
import { doorData, timeDecisions } from ${JSON.stringify(path.join(HERE, 'lib/door-scans.mjs'))}

export function run(people, scans, now) {
  const secret = new Uint8Array(32).map((_, i) => (i * 73 + 11) & 255)
  const publicKey = toBase64Url(ed.getPublicKey(secret))
  const data = doorData({ people, scans, now, publicKey, formatTicket, ticketMessage, sign: (m) => ed.sign(m, secret) })
  const t0 = performance.now()
  const index = indexRoster(data.roster)
  const indexMs = performance.now() - t0
  const w0 = performance.now()
  warmUp()
  const warmUpMs = performance.now() - w0
  const timing = timeDecisions((value, device, nonce, at) => rosterVerdict(value, index, device, verifySignature, nonce, at), data)
  return { ...timing, indexMs, warmUpMs, rosterJson: JSON.stringify(data.roster) }
}
`

// verifier.ts reads the device's storage and the API for the key: not used by rosterVerdict.
const stubs = {
  name: 'door-stubs',
  setup(b) {
    b.onResolve({ filter: /^@tarojs\/taro$|\/api\/checkins$/ }, (args) => ({ path: args.path, namespace: 'stub' }))
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default {}; export const getTicketPublicKey = () => Promise.reject(new Error("stub"))', loader: 'js' }))
  },
}

async function bundle(format) {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: path.join(ROOT, 'miniapp'), loader: 'ts' },
    bundle: true,
    minify: true,
    format,
    globalName: format === 'iife' ? '__door' : undefined,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    plugins: [stubs],
    write: false,
  })
  return out.outputFiles[0].text
}

const findChromium = () => [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p))
const fmt = (ms) => ms.toFixed(3)

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true })
  const esm = await bundle('esm')
  const iife = await bundle('iife')
  const modFile = path.join(RESULTS_DIR, `door-bundle-${process.pid}.mjs`)
  writeFileSync(modFile, esm)
  const rows = []
  let rosterJson
  try {
    const lib = await import(pathToFileURL(modFile).href)
    const r = lib.run(PEOPLE, SCANS, NOW)
    rosterJson = r.rosterJson
    rows.push({ runtime: `Node ${process.versions.node}`, throttle: 1, ...r, rosterJson: undefined })
  } finally {
    ;(await import('node:fs')).rmSync(modFile, { force: true })
  }
  const executablePath = findChromium()
  if (!executablePath) console.error('[door] Chromium not found; Node figures only')
  else {
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
    try {
      for (const rate of THROTTLES) {
        const page = await browser.newPage()
        const cdp = await page.context().newCDPSession(page)
        await cdp.send('Emulation.setCPUThrottlingRate', { rate })
        await page.addScriptTag({ content: iife })
        const r = await page.evaluate(([p, s, n]) => globalThis.__door.run(p, s, n), [PEOPLE, SCANS, NOW])
        rows.push({ runtime: `Chromium ${browser.version()}`, throttle: rate, ...r, rosterJson: undefined })
        await page.close()
      }
    } finally {
      await browser.close()
    }
  }
  const gzip = gzipSync(rosterJson).length
  const goalRow = rows.find((r) => r.runtime.startsWith('Chromium') && r.throttle === GOAL_THROTTLE) ?? rows[0]
  const meetsTime = goalRow.medianMs <= GOAL_MS
  const meetsSize = gzip <= GOAL_GZIP
  const wrong = rows.filter((r) => r.wrong > 0)
  const md = [
    `Offline door decision (roster → ScanFacts → decideScan, Ed25519 signature checked on every ticket): ${PEOPLE} people, ${SCANS} scans ${JSON.stringify(rows[0].outcomes)}.`,
    `Roster: ${rosterJson.length} B JSON, ${gzip} B gzip (goal ≤ ${GOAL_GZIP} B: ${meetsSize ? 'met' : 'MISSED'}). Bundle ${esm.length} B. Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os.loadavg()[0].toFixed(2)}.`,
    '',
    '| runtime | CPU | index roster ms | verifier warm-up ms | first scan ms | median ms/scan | p95 ms/scan | worst batch ms/scan | mean ms/scan | wrong |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.runtime} | ${r.throttle === 1 ? '1×' : `${r.throttle}× slower`} | ${fmt(r.indexMs)} | ${fmt(r.warmUpMs)} | ${fmt(r.firstMs)} | ${fmt(r.medianMs)} | ${fmt(r.p95Ms)} | ${fmt(r.worstBatchMs)} | ${fmt(r.meanMs)} | ${r.wrong} |`,
    ),
    '',
    `Goal ≤ ${GOAL_MS} ms per scan (median, ${goalRow.runtime} ${goalRow.throttle}×): ${fmt(goalRow.medianMs)} ms, ${meetsTime ? 'met' : 'MISSED'}.`,
  ].join('\n')
  console.log(md)
  writeFileSync(path.join(RESULTS_DIR, 'door.md'), md + '\n')
  writeFileSync(path.join(RESULTS_DIR, 'door.json'), JSON.stringify({ people: PEOPLE, scans: SCANS, rosterBytes: rosterJson.length, rosterGzip: gzip, rows }, null, 2))
  if (wrong.length) {
    console.error('[door] wrong verdicts in', wrong.map((r) => `${r.runtime} ${r.throttle}×`).join(', '))
    process.exit(1)
  }
  if (!meetsTime || !meetsSize) process.exit(1)
}

await main()
