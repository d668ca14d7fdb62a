import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createPublishedEvent } from './support/fixtures'

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTVWXYZ'
const SAMPLES = 320

/** Pearson's chi-square of the symbol counts against a uniform distribution over ALPHABET. */
function chiSquare(symbols: string[]): number {
  const counts = new Map<string, number>()
  for (const s of symbols) counts.set(s, (counts.get(s) ?? 0) + 1)
  const expected = symbols.length / ALPHABET.length
  return [...ALPHABET].reduce((sum, ch) => sum + ((counts.get(ch) ?? 0) - expected) ** 2 / expected, 0)
}
// chi-square with 30 degrees of freedom exceeds 83 with probability ~1e-6 (Wilson–Hilferty).
const CHI2_LIMIT = 83

describe('tracking codes', () => {
  it(`are well-formed, and ${SAMPLES} in a row look random: uniform per position, unordered, unrelated to the previous`, async () => {
    const event = await createPublishedEvent((await createAgency()).id)
    const codes: string[] = []
    // In submission order, from many devices (the form is limited per device and address).
    for (let i = 0; i < SAMPLES; i += 16) {
      const batch = await Promise.all(
        Array.from({ length: 16 }, (_, j) =>
          api(`/events/${event.id}/suggestions`, {
            body: { content: `第${i + j}条建议` },
            headers: { 'cf-connecting-ip': `198.51.100.${(i + j) % 250}`, 'x-client-id': `stat-${i + j}` },
          }),
        ),
      )
      for (const r of batch) {
        expect(r.status).toBe(201)
        codes.push(r.json.trackingCode)
      }
    }
    // Well-formed and distinct, and what was stored.
    for (const c of codes) expect(c).toMatch(/^YJ[2-9A-HJ-NP-TV-Z]{16}$/)
    expect(new Set(codes).size).toBe(SAMPLES)
    const stored = await env.DB.prepare('SELECT tracking_code FROM suggestions WHERE event_id = ?1').bind(event.id).all<{ tracking_code: string }>()
    expect(stored.results.map((r) => r.tracking_code).sort()).toEqual([...codes].sort())

    const bodies = codes.map((c) => c.slice(2))
    // Every position uses the whole alphabet evenly (a counter or a timestamp fixes the leading ones).
    const perPosition = Array.from({ length: 16 }, (_, pos) => Math.round(chiSquare(bodies.map((b) => b[pos]))))
    for (const chi2 of perPosition) expect(chi2, `chi-square per position: ${perPosition}`).toBeLessThan(CHI2_LIMIT)

    // Consecutive codes are unrelated: about half go up, they share almost no prefix and
    // differ in almost every position (a sequence goes up every time and shares its prefix).
    const pairs = bodies.slice(1).map((b, i) => [bodies[i], b] as const)
    const ascending = pairs.filter(([a, b]) => a < b).length / pairs.length
    expect(ascending).toBeGreaterThan(0.35)
    expect(ascending).toBeLessThan(0.65)
    const commonPrefix = (a: string, b: string) => {
      let n = 0
      while (n < a.length && a[n] === b[n]) n++
      return n
    }
    const meanPrefix = pairs.reduce((s, [a, b]) => s + commonPrefix(a, b), 0) / pairs.length
    expect(meanPrefix).toBeLessThan(0.3) // ~1/30 expected
    const meanDistance = pairs.reduce((s, [a, b]) => s + [...a].filter((ch, k) => ch !== b[k]).length, 0) / pairs.length
    expect(meanDistance).toBeGreaterThan(14.5) // 16 × 30/31 ≈ 15.5 expected
  }, 60_000)
})
