// Time to check one QR ticket on the door device, offline: `node bench/verify-ticket.mjs`.
//
// Bundles the app's own code path (shared/src/ticket.ts parseTicket + the app's
// features/checkins/ed25519.ts verifySignature: @noble/ed25519's points with a table of the
// door's public key, @noble/hashes' sha512, no WebCrypto) with esbuild, and for comparison the
// same parse + noble's stock ed.verify(). Times both on tickets signed the way the API signs them
// (WebCrypto Ed25519), in Node and in Debian Chromium (playwright-core), the latter also with CDP
// CPU throttling (4× slower, a stand-in for a phone-class CPU). For each: the first call (tables
// are built; the app does this once at page load) and the steady state.
// Goal: ≤ 5 ms per ticket in steady state at 4×. Prints a Markdown table, writes
// bench/results/verify-ticket.{json,md}, exits 1 when the goal is missed or a verdict is wrong.
//
// Environment: VERIFY_TICKETS (default 200), VERIFY_THROTTLE (default "1,4": CPU slow-down
// factors for Chromium), CHROMIUM_PATH.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { webcrypto } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, '..')
const RESULTS_DIR = path.join(HERE, 'results')
const TICKETS = Number(process.env.VERIFY_TICKETS ?? 200)
const THROTTLES = (process.env.VERIFY_THROTTLE ?? '1,4').split(',').map(Number)
const GOAL_MS = 5
const GOAL_THROTTLE = 4

// The entry the bundle is built from: exactly what the app runs per scan.
const ENTRY = `
import * as ed from '@noble/ed25519'
import { fromBase64Url, parseTicket } from ${JSON.stringify(path.join(ROOT, 'shared/src/ticket.ts'))}
import { verifySignature } from ${JSON.stringify(path.join(ROOT, 'miniapp/src/features/checkins/ed25519.ts'))}
export const variants = {
  app(ticket, publicKeyB64) {
    const t = parseTicket(ticket)
    return !!t && verifySignature(t.signature, t.message, fromBase64Url(publicKeyB64))
  },
  noble(ticket, publicKeyB64) {
    const t = parseTicket(ticket)
    return !!t && ed.verify(t.signature, t.message, fromBase64Url(publicKeyB64), { zip215: false })
  },
}
`
const VARIANTS = { app: 'app: per-key table', noble: 'noble ed.verify()' }

/**
 * The timing loop, run as is in Node and in the page. Steady state is timed in batches of 10
 * tickets (browsers coarsen performance.now() to 0.1 ms): per-ticket median and worst batch.
 */
function timeVerifies(verify, tickets, tampered, publicKey) {
  const t0 = performance.now()
  let valid = verify(tickets[0], publicKey) ? 1 : 0
  const first = performance.now() - t0
  const perTicket = []
  const rest = tickets.slice(1)
  for (let i = 0; i + 10 <= rest.length; i += 10) {
    const s = performance.now()
    for (let j = i; j < i + 10; j++) if (verify(rest[j], publicKey)) valid++
    perTicket.push((performance.now() - s) / 10)
  }
  for (let j = rest.length - (rest.length % 10); j < rest.length; j++) if (verify(rest[j], publicKey)) valid++
  let rejected = 0
  for (const ticket of tampered) if (!verify(ticket, publicKey)) rejected++
  perTicket.sort((a, b) => a - b)
  return {
    firstMs: first,
    medianMs: perTicket[Math.floor(perTicket.length / 2)],
    worstBatchMs: perTicket[perTicket.length - 1],
    meanMs: perTicket.reduce((a, b) => a + b, 0) / perTicket.length,
    valid,
    rejected,
  }
}

async function makeTickets(n) {
  const keys = await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])
  const publicKey = Buffer.from(await webcrypto.subtle.exportKey('raw', keys.publicKey)).toString('base64url')
  const id = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('base64url').slice(0, 22)
  const tickets = []
  for (let i = 0; i < n; i++) {
    const eventId = id()
    const registrationId = id()
    const sig = await webcrypto.subtle.sign('Ed25519', keys.privateKey, new TextEncoder().encode(`OD1.${eventId}.${registrationId}`))
    tickets.push(`OD1.${eventId}.${registrationId}.${Buffer.from(sig).toString('base64url')}`)
  }
  // Same tickets with one registration id character changed: the signature no longer matches.
  const tampered = tickets.slice(0, 20).map((t) => {
    const parts = t.split('.')
    parts[2] = (parts[2][0] === 'A' ? 'B' : 'A') + parts[2].slice(1)
    return parts.join('.')
  })
  return { publicKey, tickets, tampered }
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
    write: false,
  })
  return out.outputFiles[0].text
}

function findChromium() {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p))
}

const fmt = (ms) => ms.toFixed(2)

async function main() {
  const { publicKey, tickets, tampered } = await makeTickets(TICKETS)
  const esm = await bundle('esm')
  const iife = await bundle('iife')
  const gzipBytes = (await import('node:zlib')).gzipSync(esm, { level: 9 }).length
  mkdirSync(RESULTS_DIR, { recursive: true })
  const rows = []

  // Node: a fresh copy of the bundle per variant, so each first call is cold.
  const modFiles = []
  for (const variant of Object.keys(VARIANTS)) {
    const modFile = path.join(RESULTS_DIR, `verify-bundle-${process.pid}-${variant}.mjs`)
    modFiles.push(modFile)
    writeFileSync(modFile, esm)
    const lib = await import(pathToFileURL(modFile).href)
    rows.push({ runtime: `Node ${process.versions.node}`, variant, throttle: 1, ...timeVerifies(lib.variants[variant], tickets, tampered, publicKey) })
  }

  const executablePath = findChromium()
  if (!executablePath) {
    console.error('[verify] Chromium not found (apt-get install -y chromium); Node figures only')
  } else {
    const browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    try {
      for (const rate of THROTTLES) {
        for (const variant of Object.keys(VARIANTS)) {
          // A fresh page per run: the first call is cold each time.
          const page = await browser.newPage()
          const cdp = await page.context().newCDPSession(page)
          await cdp.send('Emulation.setCPUThrottlingRate', { rate })
          await page.addScriptTag({ content: iife })
          const r = await page.evaluate(
            ([loop, name, t, bad, key]) => {
              const run = new Function('verify', 'tickets', 'tampered', 'publicKey', `return (${loop})(verify, tickets, tampered, publicKey)`)
              return run(globalThis.__door.variants[name], t, bad, key)
            },
            [timeVerifies.toString(), variant, tickets, tampered, publicKey],
          )
          rows.push({ runtime: `Chromium ${browser.version()}`, variant, throttle: rate, ...r })
          await page.close()
        }
      }
    } finally {
      await browser.close()
    }
  }

  const wrong = rows.filter((r) => r.valid !== tickets.length || r.rejected !== tampered.length)
  const goalRow = rows.find((r) => r.runtime.startsWith('Chromium') && r.variant === 'app' && r.throttle === GOAL_THROTTLE)
  const meetsGoal = goalRow ? goalRow.medianMs <= GOAL_MS : null

  const lines = [
    `Ed25519 ticket check on the device (parse + @noble/ed25519 verify), ${tickets.length} tickets signed with WebCrypto, ${tampered.length} tampered.`,
    `Bundle: ${esm.length} B minified, ${gzipBytes} B gzip. Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os.loadavg()[0].toFixed(2)}.`,
    '',
    '| runtime | CPU | code | first call ms | steady ms/ticket (median) | worst batch ms/ticket | mean ms/ticket | valid | tampered rejected |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.runtime} | ${r.throttle === 1 ? '1×' : `${r.throttle}× slower`} | ${VARIANTS[r.variant]} | ${fmt(r.firstMs)} | ${fmt(r.medianMs)} | ${fmt(r.worstBatchMs)} | ${fmt(r.meanMs)} | ${r.valid}/${tickets.length} | ${r.rejected}/${tampered.length} |`,
    ),
    '',
    goalRow
      ? `Goal ≤ ${GOAL_MS} ms per ticket at ${GOAL_THROTTLE}× (steady median): ${fmt(goalRow.medianMs)} ms, ${meetsGoal ? 'met' : 'MISSED'}.`
      : `Goal ≤ ${GOAL_MS} ms at ${GOAL_THROTTLE}×: not measured (no Chromium run at ${GOAL_THROTTLE}×).`,
  ]
  const md = lines.join('\n')
  console.log(md)
  writeFileSync(path.join(RESULTS_DIR, 'verify-ticket.md'), md + '\n')
  writeFileSync(path.join(RESULTS_DIR, 'verify-ticket.json'), JSON.stringify({ tickets: tickets.length, bundleBytes: esm.length, gzipBytes, rows, goalMs: GOAL_MS, meetsGoal }, null, 2))
  for (const f of modFiles) rmSync(f, { force: true })
  if (wrong.length) {
    console.error('[verify] wrong verdicts:', wrong.map((r) => `${r.runtime} ${r.throttle}×`).join(', '))
    process.exit(1)
  }
  if (meetsGoal === false) process.exit(1)
}

await main()
