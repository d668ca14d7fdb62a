// Fixed data and the timing loop for the offline door's decision (bench/door.mjs, and the bound
// in miniapp/test/unit/door-decision-time.test.ts). No imports: the functions it needs are passed
// in, so the same code runs in Node, in Chromium (bench) and in vitest (test).

/** A small seeded PRNG (mulberry32): the same roster and scans on every run. */
export function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const READABLE = '23456789ABCDEFGHJKLMNPQRSTVWXYZ'
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
const CATEGORIES = ['citizen', 'citizen', 'citizen', 'npc_deputy', 'cppcc_member', 'media', 'enterprise', 'community_worker']

/**
 * A roster of `people` sign-ups shaped as GET /events/:id/roster returns it (ids of 22
 * characters, 8-character codes, masked names; 4 % cancelled, 30 % already checked in by three
 * doors), and `scans` door scans over it: first scans of people not yet in (tickets and typed
 * codes), repeats on this device, people checked in by another door, cancelled sign-ups, another
 * event's genuine tickets and forged tickets. `sign(message)` signs like the API (Ed25519).
 */
export function doorData({ people = 2000, scans = 600, now, sign, publicKey, formatTicket, ticketMessage }) {
  const rnd = prng(20261207)
  const pick = (alphabet, n) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('')
  const eventId = 'EvLabTour2026Guyuan0001'.slice(0, 22)
  const start = now + 60 * 60 * 1000
  const roster = {
    v: 1,
    event: { id: eventId, title: '走进农产品检测实验室开放日', startAt: new Date(start).toISOString(), endAt: new Date(start + 3 * 3600_000).toISOString(), status: 'published' },
    publicKey,
    staff: ['王核验', '李核验', '张核验'],
    ids: [],
    codes: [],
    names: [],
    categories: [],
    statuses: [],
    checkedInAt: [],
    checkedInBy: [],
    etag: 'bench',
  }
  for (let i = 0; i < people; i++) {
    roster.ids.push(pick(URL_SAFE, 22))
    roster.codes.push(pick(READABLE, 8))
    const given = 1 + (rnd() < 0.6 ? 1 : 0) + (rnd() < 0.05 ? 1 : 0)
    roster.names.push(SURNAMES[Math.floor(rnd() * SURNAMES.length)] + '*'.repeat(given))
    roster.categories.push(CATEGORIES[Math.floor(rnd() * CATEGORIES.length)])
    roster.statuses.push(rnd() < 0.04 ? 'cancelled' : 'active')
    const inAlready = roster.statuses[i] === 'active' && rnd() < 0.3
    roster.checkedInAt.push(inAlready ? new Date(now - Math.floor(rnd() * 3600_000)).toISOString() : null)
    roster.checkedInBy.push(inAlready ? Math.floor(rnd() * 3) : null)
  }
  const ticketOf = (ev, id) => formatTicket(ev, id, sign(ticketMessage(ev, id)))
  const fresh = roster.ids.map((_, i) => i).filter((i) => roster.statuses[i] === 'active' && !roster.checkedInAt[i])
  const listed = roster.ids.map((_, i) => i).filter((i) => roster.checkedInAt[i])
  const cancelled = roster.ids.map((_, i) => i).filter((i) => roster.statuses[i] === 'cancelled')
  const list = []
  const expected = []
  let f = 0
  for (let n = 0; n < scans; n++) {
    const kind = n % 10
    if (kind <= 4 || kind === 8) {
      const i = fresh[f++ % fresh.length]
      list.push(kind === 8 ? roster.codes[i].toLowerCase() : ticketOf(eventId, roster.ids[i]))
      expected.push('checked_in')
    } else if (kind === 5) {
      // A repeat of one of the last first scans (by ticket) on this device.
      const i = fresh[Math.max(0, f - 3) % fresh.length]
      list.push(ticketOf(eventId, roster.ids[i]))
      expected.push('already_checked_in')
    } else if (kind === 6) {
      list.push(ticketOf(eventId, roster.ids[listed[n % listed.length]]))
      expected.push('already_checked_in')
    } else if (kind === 7) {
      list.push(ticketOf(eventId, roster.ids[cancelled[n % cancelled.length]]))
      expected.push('cancelled')
    } else if (n % 20 === 9) {
      list.push(ticketOf('OtherEvent000000000001', pick(URL_SAFE, 22)))
      expected.push('wrong_event')
    } else {
      // Forged: a genuine ticket with another sign-up's id put in; the signature no longer fits.
      const parts = ticketOf(eventId, roster.ids[fresh[(f + 7) % fresh.length]]).split('.')
      parts[2] = roster.ids[fresh[(f + 8) % fresh.length]]
      list.push(parts.join('.'))
      expected.push('invalid')
    }
  }
  // A repeat (kind 5) must come after its first scan: when f - 3 was a code scan it is still a
  // repeat, since the device's own check-in is keyed by the registration.
  return { roster, scans: list, expected, now: start - 30 * 60 * 1000 }
}

/**
 * Decides every scan as the door does: `decide(value, deviceCheckins, nonce, now)` returns the
 * verdict; a checked-in verdict is added to the device's own check-ins, as the queue does.
 * Timed per batch of 10 scans (browsers coarsen performance.now()): median, 95th percentile and
 * worst batch per scan, and the first scan alone.
 */
export function timeDecisions(decide, data) {
  const device = new Map()
  const results = []
  const now = new Date(data.now)
  const one = (n) => {
    const nonce = `bench-${n}`
    const v = decide(data.scans[n], device, nonce, now)
    results.push(v ? v.result : null)
    if (v && v.result === 'checked_in' && v.registrationId) device.set(v.registrationId, { nonce, checkedInAt: v.checkedInAt })
  }
  const t0 = performance.now()
  one(0)
  const firstMs = performance.now() - t0
  const perScan = []
  let n = 1
  for (; n + 10 <= data.scans.length; n += 10) {
    const s = performance.now()
    for (let j = n; j < n + 10; j++) one(j)
    perScan.push((performance.now() - s) / 10)
  }
  for (; n < data.scans.length; n++) one(n)
  const sorted = [...perScan].sort((a, b) => a - b)
  const wrong = results.filter((r, i) => r !== data.expected[i]).length
  return {
    scans: data.scans.length,
    firstMs,
    medianMs: sorted[Math.floor(sorted.length / 2)],
    p95Ms: sorted[Math.floor(sorted.length * 0.95)],
    worstBatchMs: sorted[sorted.length - 1],
    meanMs: perScan.reduce((a, b) => a + b, 0) / perScan.length,
    wrong,
    outcomes: results.reduce((acc, r) => ((acc[r] = (acc[r] ?? 0) + 1), acc), {}),
  }
}
