import { env } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import { DAY, HOUR, api, createAgency, createPublishedEvent } from './support/fixtures'

/** An event of `hours` length starting `days` from now (negative: in the past). */
const at = (days: number, hours = 2) => {
  const start = Date.now() + days * DAY
  return {
    startAt: new Date(start).toISOString(),
    endAt: new Date(start + hours * HOUR).toISOString(),
    registrationOpensAt: new Date(start - 30 * DAY).toISOString(),
    registrationClosesAt: new Date(start - HOUR).toISOString(),
  }
}

describe('GET /events', () => {
  it('lists upcoming and running events (soonest first), then those ended in the last 30 days (latest first)', async () => {
    const agency = await createAgency('固原市农业农村局')
    const e = {
      later: await createPublishedEvent(agency.id, { title: '下月的开放日', ...at(30) }),
      soon: await createPublishedEvent(agency.id, { title: '下周的开放日', ...at(7) }),
      // Started yesterday, runs for three days: still on.
      running: await createPublishedEvent(agency.id, { title: '正在进行的开放日', ...at(-1, 72) }),
      lastWeek: await createPublishedEvent(agency.id, { title: '上周的开放日', ...at(-7) }),
      lastMonth: await createPublishedEvent(agency.id, { title: '29天前的开放日', ...at(-29) }),
      old: await createPublishedEvent(agency.id, { title: '两个月前的开放日', ...at(-60) }),
      cancelled: await createPublishedEvent(agency.id, { title: '已取消的开放日', ...at(3) }),
    }
    await env.DB.prepare("UPDATE events SET status = 'cancelled' WHERE id = ?1").bind(e.cancelled.id).run()
    await caches.default.delete('http://openday.test/api/v1/events')

    const res = await api('/events')
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    const titles = res.json.events.map((x: { title: string }) => x.title)
    expect(titles).toEqual(['正在进行的开放日', '下周的开放日', '下月的开放日', '上周的开放日', '29天前的开放日'])
    expect(res.json.events[0]).toMatchObject({ agencyName: '固原市农业农村局', seatsLeft: 30, status: 'published' })
  })

  it('walks the events_status_end index: no scan and no sort over all events (EXPLAIN QUERY PLAN)', async () => {
    // Record the statements the route really runs (the Worker shares this isolate's env.DB).
    const prepared: string[] = []
    const prepare = env.DB.prepare.bind(env.DB)
    const spy = vi.spyOn(env.DB, 'prepare').mockImplementation((query: string) => {
      prepared.push(query)
      return prepare(query)
    })
    await caches.default.delete('http://openday.test/api/v1/events')
    try {
      expect((await api('/events')).status).toBe(200)
    } finally {
      spy.mockRestore()
    }
    expect(prepared.length).toBeGreaterThan(0)
    const now = new Date().toISOString()
    for (const sql of prepared) {
      // Any values of the right type give the same plan.
      const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, (_, i) => (i === 0 ? 'published' : now))
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>()
      const steps = plan.results.map((r) => r.detail)
      expect(steps, sql).toContainEqual(expect.stringMatching(/^SEARCH events USING INDEX events_status_end \(status=\? AND end_at[<>]\?/))
      expect(steps.filter((s) => /\bSCAN\b/.test(s)), sql).toEqual([])
      expect(steps.filter((s) => /TEMP B-TREE/.test(s)), sql).toEqual([])
    }
  })
})
