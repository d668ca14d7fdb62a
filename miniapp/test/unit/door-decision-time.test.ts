// The offline door's decision time per scan with a 2,000-person roster, signature included, on
// the fixed data of bench/door.mjs (which reports the figures in Node and Chromium, also with a
// 4× slower CPU; goal ≤ 5 ms). Here a generous bound for a shared test machine, so a change that
// makes the decision slow (a scan of the whole roster, a verifier rebuilt per scan) fails.
import { gzipSync } from 'node:zlib'
import * as ed from '@noble/ed25519'
import { formatTicket, indexRoster, ticketMessage, toBase64Url } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { doorData, timeDecisions } from '../../../bench/lib/door-scans.mjs'
import { keyTablesBuilt, verifySignature, warmUp } from '../../src/features/checkins/ed25519'
import { rosterVerdict } from '../../src/features/checkins/verifier'

const BOUND_MS = 15

describe('the door decides a scan quickly with 2,000 people on the roster', () => {
  it(`median ≤ ${BOUND_MS} ms per scan, every verdict right, roster ≤ 100 KB gzip`, () => {
    warmUp()
    const secret = new Uint8Array(32).map((_, i) => (i * 73 + 11) & 255)
    const data = doorData({
      people: 2000,
      scans: 300,
      now: Date.parse('2026-03-10T08:00:00+08:00'),
      publicKey: toBase64Url(ed.getPublicKey(secret)),
      formatTicket,
      ticketMessage,
      sign: (m) => ed.sign(m, secret),
    })
    const index = indexRoster(data.roster)
    const tablesBefore = keyTablesBuilt()
    const r = timeDecisions((value, device, nonce, now) => rosterVerdict(value, index, device, verifySignature, nonce, now), data)
    console.log(`[door] ${r.scans} scans: median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms, first ${r.firstMs.toFixed(1)} ms per scan`)
    expect(r.wrong).toBe(0)
    // The key's table is built once for all the scans, not per scan (timing alone cannot tell on
    // a fast machine).
    expect(keyTablesBuilt() - tablesBefore).toBe(1)
    expect(r.medianMs).toBeLessThanOrEqual(BOUND_MS)
    expect(gzipSync(JSON.stringify(data.roster)).length).toBeLessThanOrEqual(100 * 1024)
  })
})
