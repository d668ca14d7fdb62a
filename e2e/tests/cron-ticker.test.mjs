// npm start's stand-in for Cron Triggers (scripts/cron.mjs): the crons of wrangler.toml fire at
// the minutes Cloudflare would fire them (UTC).
import { describe, expect, it } from 'vitest'
import { cronMatches, wranglerCrons } from '../../scripts/cron.mjs'

const at = (iso) => new Date(iso)

describe('the local cron ticker', () => {
  it('reads every cron of wrangler.toml', () => {
    expect(wranglerCrons()).toStrictEqual(['17 * * * *', '30 0 * * *', '*/5 * * * *'])
  })

  it('fires each cron exactly at its minutes', () => {
    const day = Array.from({ length: 24 * 60 }, (_, i) => new Date(Date.UTC(2026, 2, 10, 0, i)))
    const fired = (cron) => day.filter((d) => cronMatches(cron, d)).map((d) => d.toISOString().slice(11, 16))
    expect(fired('30 0 * * *')).toStrictEqual(['00:30'])
    expect(fired('17 * * * *')).toHaveLength(24)
    expect(fired('17 * * * *').slice(0, 2)).toStrictEqual(['00:17', '01:17'])
    expect(fired('*/5 * * * *')).toHaveLength(288)
    expect(fired('*/5 * * * *').slice(0, 3)).toStrictEqual(['00:00', '00:05', '00:10'])
    expect(cronMatches('0 3 * * 1-5', at('2026-03-09T03:00:00Z'))).toBe(true) // a Monday
    expect(cronMatches('0 3 * * 1-5', at('2026-03-08T03:00:00Z'))).toBe(false) // a Sunday
  })
})
