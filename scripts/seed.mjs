// Seeds the demo open day into the local D1 (idempotent: running it again adds nothing, and only
// moves the demo event's dates forward if it has already ended).
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { WRANGLER, WRANGLER_ENV, run } from './lib.mjs'

export const DEMO_LOGIN = { username: 'demo', password: 'demo12345' }
const AGENCY_ID = 'demo-agency-guyuan-nyncj'
const STAFF_ID = 'demo-staff-demo'
const EVENT_ID = 'demo-event-guyuan-lab-day'

const q = (v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`)
const b64url = (buf) => Buffer.from(buf).toString('base64url')

function passwordHash(password) {
  // Same format and iterations as api/src/auth/passwords.ts.
  const salt = randomBytes(16)
  const hash = pbkdf2Sync(password, salt, 100_000, 32, 'sha256')
  return `pbkdf2-sha256$100000$${b64url(salt)}$${b64url(hash)}`
}

/** Asia/Shanghai wall-clock time `days` from today, as UTC ISO. */
function shanghaiAt(days, hour, minute = 0) {
  const now = new Date(Date.now() + 8 * 3600_000)
  const d = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour - 8, minute)
  return new Date(d).toISOString()
}

export function seedSql() {
  const now = new Date().toISOString()
  const event = {
    id: EVENT_ID,
    agency_id: AGENCY_ID,
    title: '掌稳农产品安全之舵 守护百姓‘舌尖上的安全’',
    host_unit: '农产品质量安全监管中心',
    venue: '固原市农产品质量安全监管中心（检测实验室）',
    description:
      '固原市农业农村局政府开放日：介绍农产品质量安全监管职能，参观农产品检测实验室，了解样品制备、农药残留前处理和气相色谱仪等仪器设备的检测过程，并与群众代表面对面座谈交流、答疑解惑。',
    start_at: shanghaiAt(10, 9, 30),
    end_at: shanghaiAt(10, 11, 30),
    registration_opens_at: shanghaiAt(-1, 8, 0),
    registration_closes_at: shanghaiAt(9, 18, 0),
    capacity: 30,
    agenda: JSON.stringify([
      { time: '09:30', title: '职能介绍' },
      { time: '09:50', title: '参观农产品检测实验室' },
      { time: '10:30', title: '仪器设备演示' },
      { time: '11:00', title: '座谈交流' },
    ]),
    target_groups: JSON.stringify(['npc_deputy', 'cppcc_member', 'citizen', 'employee', 'community_worker', 'enterprise', 'media']),
    contact_phone: '0954-2021234',
    status: 'published',
    published_at: now,
    created_at: now,
  }
  const cols = Object.keys(event)
  return [
    `INSERT OR IGNORE INTO agencies (id, name) VALUES (${q(AGENCY_ID)}, '固原市农业农村局');`,
    `INSERT OR IGNORE INTO staff_users (id, agency_id, username, display_name, role, password_hash)
     VALUES (${q(STAFF_ID)}, ${q(AGENCY_ID)}, ${q(DEMO_LOGIN.username)}, '演示管理员', 'admin', ${q(passwordHash(DEMO_LOGIN.password))});`,
    `INSERT INTO events (${cols.join(', ')}) VALUES (${cols.map((k) => q(event[k])).join(', ')})
     ON CONFLICT (id) DO UPDATE SET start_at = excluded.start_at, end_at = excluded.end_at,
       registration_opens_at = excluded.registration_opens_at, registration_closes_at = excluded.registration_closes_at
     WHERE events.end_at < ${q(now)};`,
  ].join('\n')
}

export function seed({ persistTo } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'openday-seed-'))
  const file = path.join(dir, 'seed.sql')
  writeFileSync(file, seedSql())
  const extra = persistTo ? ['--persist-to', persistTo] : []
  run(WRANGLER, ['d1', 'execute', 'openday', '--local', '--file', file, ...extra], { env: WRANGLER_ENV, stdio: ['ignore', 'ignore', 'inherit'] })
}

if (import.meta.url === `file://${process.argv[1]}`) seed()
