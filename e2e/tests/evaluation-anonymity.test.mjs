// An attacker with the database files. A realistic evaluation day runs through the HTTP API of
// the real stack (wrangler dev + local D1): 12 people sign up with blinded token requests, are
// checked in, and answer with scores and comments that identify them, in check-in order (the
// worst case), while staff poll the dashboard. Then the stack stops and this test reads the
// SQLite file and every frame of its WAL page by page, not through SQL, and tries to line an
// answer up with a person (issue 5 §2, docs/privacy.md).
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PAST_EVENT_ID } from '../../scripts/demo-data.mjs'
import { startStack } from '../../scripts/stack.mjs'
import { blindTokenRequest, finalizeToken, newTokenMessage } from '../../shared/src/evaluation-token.ts'
import { PageImage, readDatabase, readWal, Snapshot, snapshotsAfterEachCommit } from './sqlite-pages.mjs'

const PEOPLE = 12
const DIMENSIONS = ['measures', 'results', 'procedures', 'service', 'conduct', 'integrity']
const NAMES = ['赵一鸣', '钱二宝', '孙三省', '李四海', '周五福', '吴六合', '郑七星', '王八方', '冯九思', '陈十全', '褚百川', '卫千里']
const EVALUATION_TABLES = new Set(['evaluation_tallies', 'evaluation_spent_tokens', 'evaluation_comment_slots'])
const PERSON_TABLES = new Set(['registrations', 'participants', 'checkins', 'verified_phones', 'idempotency_keys', 'sms_codes', 'rate_limits'])

const random = async (n) => new Uint8Array(randomBytes(n))
const sha256 = (s) => createHash('sha256').update(s).digest('hex')

let stack
/** What the run produced, from the outside: what each person sent and got. */
const people = []
let eventId
const dashboards = []
let files

async function call(route, { token, body, method, headers = {} } = {}) {
  const res = await fetch(`${stack.base}/api/v1${route}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, json: await res.json() }
}

/** Person i's answer: scores and a comment nobody else gives. */
function answerOf(i) {
  return {
    scores: Object.fromEntries(DIMENSIONS.map((d, k) => [d, ((i * 7 + k * 3) % 5) + 1])),
    comment: `第${i + 1}位参观者建议：检测结果公示屏编号${1000 + i}`,
  }
}

async function runEvaluationDay() {
  const staff = (await call('/auth/staff/login', { body: { username: 'demo', password: 'demo12345' } })).json.token
  const now = Date.now()
  const created = await call('/events', {
    token: staff,
    body: {
      title: '匿名测评演练开放日',
      hostUnit: '农产品质量安全监管中心',
      venue: '固原市农产品质量安全监管中心',
      // Starts in a few seconds: check-in opens 2 h before, the evaluation at the start.
      startAt: new Date(now + 5_000).toISOString(),
      endAt: new Date(now + 3 * 3600_000).toISOString(),
      registrationOpensAt: new Date(now - 3600_000).toISOString(),
      registrationClosesAt: new Date(now + 3600_000).toISOString(),
      capacity: 30,
    },
  })
  expect(created.status).toBe(201)
  eventId = created.json.event.id
  expect((await call(`/events/${eventId}/publish`, { token: staff, body: { overrideReason: '匿名测评演练' } })).status).toBe(200)

  // Sign-up: each phone logs in by SMS, fetches the event key, blinds its token request.
  for (let i = 0; i < PEOPLE; i++) {
    const phone = `1391${String(i).padStart(3, '0')}${String(Date.now() % 10000).padStart(4, '0')}`
    const device = { 'x-client-id': `device-${i}-${Date.now()}` }
    const sent = await call('/auth/sms/send', { body: { phone }, headers: device })
    expect(sent.status, JSON.stringify(sent.json)).toBe(200)
    const login = await call('/auth/sms/verify', { body: { phone, code: sent.json.devCode }, headers: device })
    expect(login.status).toBe(200)
    const key = (await call(`/events/${eventId}/evaluation-key`, { headers: device })).json
    const request = await blindTokenRequest(key, await newTokenMessage(eventId, random), random)
    const reg = await call(`/events/${eventId}/registrations`, {
      token: login.json.token,
      headers: device,
      body: { name: NAMES[i], phone, category: 'citizen', consent: true, evaluationRequest: request.blindedMessage },
    })
    expect(reg.status, JSON.stringify(reg.json)).toBe(201)
    people.push({ phone, name: NAMES[i], token: login.json.token, participantId: login.json.participant.id, key, request, registration: reg.json.registration })
  }
  // Check-in, in order.
  for (const p of people) {
    const scan = await call(`/events/${eventId}/checkins`, { token: staff, body: { ticket: p.registration.ticket } })
    expect(scan.json.result).toBe('checked_in')
  }
  // The evaluation opens at the start: poll until the first token is issued.
  const deadline = Date.now() + 30_000
  let first
  do {
    first = await call(`/me/registrations/${people[0].registration.id}/evaluation-token`, { token: people[0].token })
  } while (first.status === 409 && first.json.error.window === 'not_open' && Date.now() < deadline)
  expect(first.status).toBe(200)

  // Answers, in check-in order, without login; staff poll the dashboard after each.
  dashboards.push((await call(`/events/${eventId}/dashboard`, { token: staff })).json.evaluations)
  for (const [i, p] of people.entries()) {
    const issued = await call(`/me/registrations/${p.registration.id}/evaluation-token`, { token: p.token })
    expect(issued.status).toBe(200)
    p.tokenMessage = p.request.message
    p.signature = finalizeToken(p.key, p.request, issued.json.blindSignature)
    p.answer = answerOf(i)
    const res = await call(`/events/${eventId}/evaluations`, { body: { token: { message: p.tokenMessage, signature: p.signature }, ...p.answer } })
    expect(res.status, JSON.stringify(res.json)).toBe(201)
    dashboards.push((await call(`/events/${eventId}/dashboard`, { token: staff })).json.evaluations)
  }
}

/** The D1 database file of the stack's persisted state, and its WAL. */
function findDatabaseFiles(stateDir) {
  const dir = path.join(stateDir, 'v3/d1/miniflare-D1DatabaseObject')
  const candidates = readdirSync(dir).filter((f) => f.endsWith('.sqlite'))
  const mentions = (file) => existsSync(file) && readFileSync(file).includes('evaluation_tallies')
  const withTables = candidates.filter((f) => mentions(path.join(dir, f)) || mentions(path.join(dir, `${f}-wal`)))
  expect(withTables, `D1 files: ${candidates}`).toHaveLength(1)
  const db = path.join(dir, withTables[0])
  return { db, wal: `${db}-wal` }
}

beforeAll(async () => {
  stack = await startStack({ preferredPort: 8850, keepState: true })
  try {
    await runEvaluationDay()
  } finally {
    await stack.stop()
  }
  files = findDatabaseFiles(stack.stateDir)
}, 180_000)

afterAll(() => {
  if (stack) rmSync(stack.stateDir, { recursive: true, force: true })
})

describe('an attacker with the database file and its WAL', () => {
  let db
  let wal
  /** Every page image on disk: the main file's pages and every WAL frame, with its owner. */
  let images
  let snapshots

  beforeAll(() => {
    db = readDatabase(readFileSync(files.db))
    wal = existsSync(files.wal) ? readWal(readFileSync(files.wal)) : { frames: [], commits: [] }
    const fileSnapshot = new Snapshot(db.pages, db.pageSize, db.usable)
    snapshots = [{ commit: null, snapshot: fileSnapshot }, ...snapshotsAfterEachCommit(db, wal)]
    const fileOwners = fileSnapshot.owners()
    images = [...db.pages].map(([no, data]) => ({ where: `file page ${no}`, pageNo: no, data, owner: fileOwners.get(no) }))
    for (const { commit, snapshot } of snapshots.slice(1)) {
      const owners = snapshot.owners()
      for (const f of commit) {
        f.owner = owners.get(f.pageNo)
        images.push({ where: `WAL frame ${f.index} (page ${f.pageNo})`, pageNo: f.pageNo, data: f.data, owner: f.owner })
      }
    }
  })

  it('has the evidence on disk: the WAL holds the day, and every person is findable in person-side pages', () => {
    console.log(
      `[anonymity] ${path.basename(files.db)}: ${db.pages.size} pages of ${db.pageSize} B; WAL ${statSync(files.wal, { throwIfNoEntry: false })?.size ?? 0} B, ` +
        `${wal.frames.length} frames in ${wal.commits.length} commits (${wal.frames.filter((f) => f.stale).length} from an older generation)`,
    )
    const evaluationCommits = wal.commits.filter((c) => c.some((f) => EVALUATION_TABLES.has(f.owner)))
    // Without the history on disk the checks below would prove nothing.
    expect(evaluationCommits.length).toBeGreaterThanOrEqual(PEOPLE)
    for (const p of people) {
      expect(images.some((i) => PERSON_TABLES.has(i.owner) && i.data.includes(p.phone)), p.phone).toBe(true)
    }
    for (const p of people) expect(images.some((i) => i.owner === 'evaluation_comment_slots' && i.data.includes(p.answer.comment))).toBe(true)
  })

  it('(a) no person-side value is in a page holding evaluation data, and no evaluation value in a person-side page', () => {
    const personValues = people.flatMap((p) => [p.registration.id, p.participantId, p.phone, p.name, p.request.blindedMessage, p.registration.shortCode])
    const evaluationValues = people.flatMap((p) => [p.answer.comment, p.tokenMessage, p.tokenMessage.split(':')[2], sha256(p.tokenMessage), p.signature])
    const holds = (data, values) => values.filter((v) => data.includes(Buffer.from(v)))
    const leaks = []
    for (const img of images) {
      const persons = holds(img.data, personValues)
      const answers = holds(img.data, evaluationValues)
      if (EVALUATION_TABLES.has(img.owner) && persons.length) leaks.push(`${img.where} (${img.owner}) holds ${persons}`)
      if (PERSON_TABLES.has(img.owner) && answers.length) leaks.push(`${img.where} (${img.owner}) holds ${answers}`)
      // Whatever owns it: no page image holds both a person and an answer.
      if (persons.length && answers.length) leaks.push(`${img.where} (${img.owner}) holds both`)
    }
    expect(leaks).toStrictEqual([])
  })

  it('(b) no WAL commit writes both an evaluation page and a person-side page', () => {
    const mixed = []
    let migrations = 0
    for (const [n, { commit, snapshot }] of snapshots.entries()) {
      if (!commit) continue
      const tables = new Set(commit.map((f) => f.owner))
      if (![...tables].some((t) => EVALUATION_TABLES.has(t)) || ![...tables].some((t) => PERSON_TABLES.has(t))) continue
      // The migration creates every table in one commit; allowed only while the tables are empty.
      // Judged from the commit's own pages (a commit of an older WAL generation has no reliable
      // state under it): it rewrites the schema, and every table page it writes holds no row.
      const schemaChanged =
        commit.some((f) => f.pageNo === 1) && JSON.stringify(snapshot.schema()) !== JSON.stringify(snapshots[n - 1].snapshot.schema())
      const tablePages = commit.filter((f) => EVALUATION_TABLES.has(f.owner) || PERSON_TABLES.has(f.owner))
      if (schemaChanged && tablePages.every((f) => new PageImage(f.data, f.pageNo, db.usable).cellCount === 0)) {
        migrations++
        continue
      }
      mixed.push(`commit ending at frame ${commit.at(-1).index}: ${[...tables].join(', ')}`)
    }
    expect(mixed).toStrictEqual([])
    expect(migrations).toBeLessThanOrEqual(1)
  })

  it('(c) no record per answer: counters and slots exist before the answers, cells are rewritten in place, nothing is left in free space', () => {
    const problems = []
    const cellAt = new Map() // tally rowid -> "page:offset", must never change
    for (const [n, { snapshot, commit, stale }] of snapshots.entries()) {
      const roots = (t) => snapshot.roots(t)
      const tableRoot = (t) => roots(t).find((r) => r.type === 'table')?.root
      const talliesRoot = tableRoot('evaluation_tallies')
      if (!talliesRoot) continue
      // A commit of an older WAL generation is laid over today's file: only the pages it wrote
      // show that moment, so its rows are read from those pages and the counts are not judged.
      const seen = stale ? new Set(commit.map((f) => f.pageNo)) : undefined
      const tallies = snapshot.records(talliesRoot, seen).filter((r) => r.values[1] === eventId)
      if (!stale && tallies.length && tallies.length !== 30) problems.push(`snapshot ${n}: ${tallies.length} counters`)
      for (const t of tallies) {
        if (!/^\d{8}$/.test(t.values[4]) || !/^\d{8}$/.test(t.values[5])) problems.push(`counter not fixed-width: ${t.values}`)
        const at = `${t.page}:${t.offset}`
        if (cellAt.has(t.rowid) && cellAt.get(t.rowid) !== at) problems.push(`counter ${t.rowid} moved ${cellAt.get(t.rowid)} → ${at}`)
        cellAt.set(t.rowid, at)
      }
      const slots = snapshot.records(tableRoot('evaluation_comment_slots'), seen).filter((r) => r.values[1] === eventId)
      if (!stale && slots.length % 5 !== 0) problems.push(`snapshot ${n}: ${slots.length} comment slots`)
      if (slots.some((s) => s.values[4].length !== 1536)) problems.push(`snapshot ${n}: a slot of another size`)
      for (const s of snapshot.records(tableRoot('evaluation_spent_tokens'))) {
        // Besides this run's event, only the demo's past open day (seeded, scripts/demo-data.mjs) has spent tokens.
        const known = s.values[1] === eventId || s.values[1] === DEMO_PAST_EVENT_ID
        if (s.values.length !== 2 || !/^[0-9a-f]{64}$/.test(s.values[0]) || !known) problems.push(`spent token record ${s.values}`)
      }
      // An answer's comment is only ever in a comment slot; no other table gained its content.
      for (const table of new Set(snapshot.schema().map((s) => s.tblName))) {
        if (table === 'evaluation_comment_slots') continue
        for (const r of roots(table)) {
          for (const rec of snapshot.records(r.root)) {
            const text = rec.values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).join('|')
            for (const p of people) if (text.includes(p.answer.comment)) problems.push(`${table} record holds an answer: ${text.slice(0, 80)}`)
          }
        }
      }
    }
    // Free space keeps no earlier counter value (a counter moved to be rewritten would leave one,
    // and two versions differ by one answer) and no comment outside its slot.
    for (const img of images) {
      const free = new PageImage(img.data, img.pageNo, db.usable).freeSpace()
      if (img.owner === 'evaluation_tallies' && free.some((area) => area.some((b) => b !== 0))) problems.push(`${img.where}: counter bytes in free space`)
      for (const p of people) if (free.some((area) => area.includes(Buffer.from(p.answer.comment)))) problems.push(`${img.where}: a comment in free space`)
    }
    expect(problems).toStrictEqual([])
    expect(cellAt.size).toBe(30)
  })

  it('(d) comment slots do not follow the order in which answers arrived', () => {
    const final = snapshots.at(-1).snapshot
    const root = final.roots('evaluation_comment_slots').find((r) => r.type === 'table').root
    const slots = final.records(root).filter((r) => r.values[1] === eventId).sort((a, b) => a.rowid - b.rowid)
    const arrival = (body) => {
      const len = (body[0] << 8) | body[1]
      const text = body.subarray(2, 2 + len).toString('utf8')
      return people.findIndex((p) => p.answer.comment === text)
    }
    const inSlotOrder = slots.filter((s) => s.values[3] === 1).map((s) => arrival(s.values[4]))
    expect([...inSlotOrder].sort((a, b) => a - b)).toStrictEqual(people.map((_, i) => i))
    // Slots were made 5 at a time; within each batch the comments sit in random order.
    expect(inSlotOrder).not.toStrictEqual(people.map((_, i) => i))
    console.log(`[anonymity] comments in slot order (arrival index): ${inSlotOrder.join(' ')}`)
  })

  it('the dashboard never moved by one answer while staff polled it', () => {
    for (let i = 1; i < dashboards.length; i++) {
      const moved = dashboards[i].count - dashboards[i - 1].count
      expect(moved === 0 || moved >= 5).toBe(true)
      if (moved === 0) expect(dashboards[i]).toStrictEqual(dashboards[i - 1])
    }
    expect(dashboards.map((d) => d.count)).toStrictEqual([0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10])
  })
})
