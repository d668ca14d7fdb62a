// The demo that `npm start` (and the e2e / bench stacks) seed into a local D1: one agency, a staff
// account per role, the upcoming lab-tour open day with a few sign-ups, and a past open day
// with everything an open day leaves behind (sign-ups, cancellations, check-ins, suggestions
// with replies, an anonymous evaluation with published figures and released comments).
//
// Pure: only WebCrypto and plain JS, so the API tests can run the same statements inside workerd
// (api/test/demo-seed.test.ts) and the seed script in Node. Every statement is idempotent
// (fixed ids, INSERT OR IGNORE, or a NOT EXISTS guard): running it again adds nothing.
//
// The counts on `events` and `event_counts` are not written here: the rows are inserted and the
// triggers of migrations 0001/0003 count them. The evaluation is written in exactly the formats
// the API reads (api/src/evaluations/): tallies of fixed width, comment slots of fixed size made
// 5 at a time, spent-token hashes, the per-event RSA key sealed with EVALUATION_KEY_SECRET. As in
// docs/privacy.md, there is no row per answer and nothing ties an answer to a person: the figures
// are aggregates, the comments sit in shuffled slots, the spent hashes are random, and the
// evaluation is written in a transaction of its own that touches no person-side table.

export const DEMO_AGENCY_ID = 'demo-agency-guyuan-nyncj'
export const DEMO_EVENT_ID = 'demo-event-guyuan-lab-day'
export const DEMO_PAST_EVENT_ID = 'demo-event-guyuan-quick-test-day'

/** Local seed only. One account per role; `demo` is the one `npm start` prints. */
export const DEMO_STAFF = [
  { id: 'demo-staff-demo', username: 'demo', password: 'demo12345', displayName: '演示管理员', role: 'admin' },
  { id: 'demo-staff-organizer', username: 'organizer', password: 'organizer12345', displayName: '演示活动组织者', role: 'organizer' },
  { id: 'demo-staff-checker', username: 'checker', password: 'checker12345', displayName: '演示签到核验员', role: 'checker' },
]
export const DEMO_LOGIN = { username: DEMO_STAFF[0].username, password: DEMO_STAFF[0].password }

/** A citizen with a ticket for the upcoming open day and a checked-in past one (SMS login, dev code on screen). */
export const DEMO_CITIZEN_PHONE = '13909541234'
/** A suggestion from the past open day that has been answered (意见查询). */
export const DEMO_TRACKING_CODE = 'YJ4K7M2Q9TXB5HRD8C'

// Formats shared with the API (api/src/lib/ids.ts, api/src/evaluations/queries.ts,
// shared/src/evaluation-rules.ts); api/test/demo-seed.test.ts checks them against the real ones.
const READABLE = '23456789ABCDEFGHJKLMNPQRSTVWXYZ'
const URL_SAFE = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const COUNTER_WIDTH = 8
export const COMMENT_SLOT_BYTES = 1536
export const EVALUATION_STEP = 5
const DIMENSIONS = ['measures', 'results', 'procedures', 'service', 'conduct', 'integrity']
const PBKDF2_ITERATIONS = 100_000
const EVALUATION_KEY_FORMAT = 'v1'

const HOUR = 3600_000
const DAY = 24 * HOUR
const SHANGHAI = 8 * HOUR

// ---------------------------------------------------------------------------------------------
// The people. Made-up names and numbers; organisations in the style of the 固原 open-day report.

/**
 * The past open day's sign-ups: [name, category, organisation, phone, outcome]. `outcome`:
 * 'in' checked in, 'absent' signed up but did not come, 'cancelled'. `via`: signed up by another
 * account (a family member's), which verified this phone too.
 */
const PAST_PEOPLE = [
  ['杨晓梅', 'citizen', '原州区南关街道居民', DEMO_CITIZEN_PHONE, 'in'],
  ['马福海', 'npc_deputy', '固原市人大代表', '13895410327', 'in'],
  ['李秀兰', 'npc_deputy', '原州区人大代表', '15109540418', 'in'],
  ['田志刚', 'npc_deputy', '彭阳县人大代表', '18709541562', 'in'],
  ['王淑芳', 'cppcc_member', '固原市政协委员', '13519542073', 'in'],
  ['苏建国', 'cppcc_member', '固原市政协委员', '18095401186', 'in'],
  ['何静', 'cppcc_member', '原州区政协委员', '15209547731', 'in'],
  ['张明远', 'citizen', '原州区北塬街道居民', '17795420958', 'in'],
  ['刘桂英', 'citizen', '原州区古雁街道居民', '13629541847', 'in'],
  ['马秀兰', 'citizen', '原州区南关街道居民', '13995415560', 'in', { via: '13895410327' }],
  ['王建军', 'citizen', '原州区古雁街道居民', '15809546612', 'in'],
  ['冯丽娟', 'citizen', '原州区五原路居民', '18209543370', 'absent'],
  ['赵永红', 'citizen', '原州区清河镇居民', '13709548825', 'in'],
  ['孙浩', 'citizen', '原州区北京路居民', '15595410093', 'cancelled'],
  ['周玉梅', 'citizen', '原州区西湖街道居民', '19909542416', 'in'],
  ['陈立新', 'employee', '固原市某中学教师', '13195426604', 'in'],
  ['吴海燕', 'employee', '固原市某医院职工', '18195409912', 'in'],
  ['郭强', 'citizen', '原州区官厅镇居民', '17395413385', 'cancelled'],
  ['高雪', 'employee', '固原某连锁超市食品安全员', '15009543209', 'in'],
  ['虎成林', 'employee', '原州区环卫所职工', '13909556217', 'in'],
  ['丁晓燕', 'employee', '固原市某幼儿园保健员', '18809547051', 'cancelled'],
  ['罗晓东', 'community_worker', '南关街道某社区居委会', '13709540736', 'in'],
  ['白雪梅', 'community_worker', '古雁街道某社区居委会', '15109542284', 'in'],
  ['金鹏', 'community_worker', '北塬街道某社区居委会', '18709549903', 'absent'],
  ['杜娟', 'community_worker', '西湖街道某社区居委会', '13895417428', 'in'],
  ['拓文斌', 'enterprise', '固原某蔬菜种植专业合作社', '15209540641', 'in'],
  ['安红霞', 'enterprise', '固原某肉牛养殖有限公司', '13519548867', 'cancelled'],
  ['贾磊', 'media', '固原某融媒体中心记者', '18095405530', 'absent'],
]

/** Sign-ups for the upcoming open day (registration open): two return visitors, four new. */
const UPCOMING_PEOPLE = [
  ['杨晓梅', 'citizen', '原州区南关街道居民', DEMO_CITIZEN_PHONE],
  ['马福海', 'npc_deputy', '固原市人大代表', '13895410327'],
  ['海宁', 'media', '固原某融媒体中心记者', '15895427719'],
  ['李建平', 'employee', '固原某食品公司质检员', '13629547045'],
  ['米兰', 'student', '宁夏某高校食品科学专业学生', '18395410268'],
  ['冶文华', 'community_worker', '原州区开城镇某村村委会', '17709543521'],
]

/** On-the-spot suggestions (意见建议表) at the past open day, some answered since. */
const SUGGESTIONS = [
  {
    code: DEMO_TRACKING_CODE,
    topic: '快检结果公示',
    content: '建议在农贸市场入口设置快检结果公示屏，每天更新抽检的品种和结果，方便买菜的群众查看。',
    contact: '13709548825',
    reply:
      '感谢您的建议。市农产品质量安全监管中心已会同市场管理部门在两个农贸市场试点设置快检结果公示屏，每日10时前更新当日快检品种、数量和结果，其余农贸市场将在年底前陆续设置。',
    repliedAfterDays: 3,
  },
  {
    code: 'YJ8N3V6WC2GJ7PLS5E',
    topic: '抽检频次',
    content: '希望增加对冬季大棚蔬菜的抽检频次，尤其是韭菜、芹菜这类农药残留问题较多的品种。',
    reply: '已纳入下一季度抽检计划：韭菜、芹菜、豇豆等重点品种的抽检由每月1次调整为每月2次，抽检结果在“固原农业农村”微信公众号公开。',
    repliedAfterDays: 5,
  },
  {
    code: 'YJ5R9F2KDM6ZT3QA7H',
    topic: '科普宣传',
    content: '建议定期到社区开展农产品质量安全科普讲座，教大家怎么清洗蔬菜、怎么看承诺达标合格证。',
    anonymous: true,
    reply: '感谢建议。下月起中心技术人员将每月到一个社区开展科普讲座，首场安排在南关街道，时间将提前在社区公告栏通知。',
    repliedAfterDays: 6,
  },
  {
    code: 'YJH7X4B8E2N6WK9C3R',
    topic: '不合格产品处理',
    content: '抽检发现不合格的产品，能否公开处理结果和产品去向？让群众买得放心。',
  },
  {
    code: 'YJ3T6P9ZR4M8GH2VXA',
    topic: null,
    content: '活动安排很好，讲解员很专业。建议下次能让代表们自己动手做一次农药残留快速检测。',
    anonymous: true,
  },
  {
    code: 'YJQ2W5J8L3XD7RN4FB',
    topic: '开放日时间',
    content: '建议开放日安排在周六上午或工作日下班后，方便上班族参加。',
    contact: '王先生 15809546612',
  },
  {
    code: 'YJ6E9C4S7HB2K5MT8P',
    topic: '产品溯源',
    content: '希望推广农产品扫码溯源，在超市也能查到产地和检测信息。',
  },
]

/**
 * The past open day's anonymous evaluation, as the dashboard's published counters hold it: per
 * aspect, the answers at each level (index 0 = 1 非常不满意 … index 4 = 5 非常满意). 20 answers,
 * a multiple of the step of 5, so published = live.
 */
export const PAST_EVALUATION = {
  answers: 20,
  tallies: {
    measures: [0, 0, 1, 6, 13],
    results: [0, 0, 2, 7, 11],
    procedures: [0, 1, 2, 6, 11],
    service: [0, 0, 1, 4, 15],
    conduct: [0, 0, 1, 5, 14],
    integrity: [0, 0, 0, 4, 16],
  },
  /** 补充意见 of two full batches of 5, so all are released; shuffled into their slots. */
  comments: [
    '检测流程讲得很清楚，第一次知道农药残留检测要先做前处理。',
    '建议把快检结果每天在农贸市场公示出来。',
    '工作人员态度很好，有问必答。',
    '希望以后多组织这样的开放日，也请年轻人来参加。',
    '座谈时后排听不太清，建议配备话筒。',
    '希望公开不合格产品的处理结果。',
    '快检室的设备很先进，看了放心。',
    '报名和签到都很方便，出示二维码就行。',
    '建议增加对学校食堂食材的抽检。',
    '讲解时间可以再长一些，仪器演示很有意思。',
  ],
}

// ---------------------------------------------------------------------------------------------
// Helpers

const enc = new TextEncoder()

/** SQL literal. Strings are single-quoted (the seed is run as a file, without parameters). */
const q = (v) =>
  v === null || v === undefined
    ? 'NULL'
    : typeof v === 'number'
      ? String(v)
      : v instanceof Uint8Array
        ? `x'${hex(v)}'`
        : `'${String(v).replace(/'/g, "''")}'`
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

export function toBase64Url(bytes) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const count = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let j = 0; j < count; j++) out += chars[(n >> (18 - 6 * j)) & 63]
  }
  return out
}

function fromBase64Url(text) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const out = []
  let value = 0
  let bits = 0
  for (const ch of text) {
    value = (value << 6) | chars.indexOf(ch)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out.push((value >> bits) & 0xff)
    }
  }
  return Uint8Array.from(out)
}

/**
 * Stable "random" values (short codes, nonces) from a name, so a second run writes the same rows
 * (and so adds nothing). Not for secrets: secrets and anything of the evaluation use WebCrypto.
 */
function stable(name) {
  let h = 2166136261
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0), 16777619)
  let s = h >>> 0
  return (alphabet, length) => {
    let out = ''
    for (let i = 0; i < length; i++) {
      s = (s + 0x6d2b79f5) >>> 0
      let t = Math.imul(s ^ (s >>> 15), 1 | s)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      out += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length]
    }
    return out
  }
}

const shortCode = (id) => stable(`short:${id}`)(READABLE, 8)
const nonce = (id) => stable(`nonce:${id}`)(URL_SAFE, 22)

/** A Fisher–Yates shuffle driven by WebCrypto: slot order must not follow any list order. */
function shuffled(list) {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0] % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** Asia/Shanghai wall-clock `hour:minute`, `days` from the Shanghai date of `now`, as UTC ISO. */
function shanghaiDay(now, days, hour, minute = 0) {
  const local = new Date(now.getTime() + SHANGHAI)
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, hour, minute) - SHANGHAI)
}
const iso = (d) => d.toISOString()
const plus = (d, ms) => new Date(d.getTime() + ms)

/** The past open day: a Tuesday–Thursday 16 to 20 days before `now` (open days are on working days). */
function pastEventDay(now) {
  for (let days = -16; ; days--) {
    const weekday = shanghaiDay(now, days, 12).getUTCDay()
    if (weekday >= 2 && weekday <= 4) return days
  }
}

export async function passwordHash(password) {
  // Same format and iterations as api/src/auth/passwords.ts.
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const key = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: PBKDF2_ITERATIONS }, key, 256)
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${toBase64Url(salt)}$${toBase64Url(new Uint8Array(bits))}`
}

/**
 * An event's evaluation key pair as api/src/evaluations/keys.ts stores it: the public JWK
 * ({ kty, n, e }) and `v1.<iv>.<AES-GCM of the PKCS#8 private key>` under an HKDF key of
 * EVALUATION_KEY_SECRET, bound to the event id.
 */
export async function sealEvaluationKey(secret, eventId) {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSA-PSS', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-384' },
    true,
    ['sign', 'verify'],
  )
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey)
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', pair.privateKey)
  const material = await crypto.subtle.importKey('raw', enc.encode(secret), 'HKDF', false, ['deriveKey'])
  const wrapping = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: enc.encode('openday-evaluation-keys'), info: enc.encode(EVALUATION_KEY_FORMAT) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  )
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(eventId) }, wrapping, pkcs8)
  return {
    publicKey: JSON.stringify({ kty: 'RSA', n: jwk.n, e: jwk.e }),
    privateKey: `${EVALUATION_KEY_FORMAT}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`,
  }
}

/**
 * What a phone sends at sign-up: a blinded token request, which is a uniformly random number
 * below the modulus whatever it blinds. The seed's people never answer through the app (their
 * evaluation is over), so a random number of that distribution is what the row would hold.
 */
function randomBlindedRequest(publicKey) {
  const nBytes = fromBase64Url(JSON.parse(publicKey).n)
  const n = BigInt(`0x${hex(nBytes)}`)
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(nBytes.length))
    if (BigInt(`0x${hex(bytes)}`) < n) return toBase64Url(bytes)
  }
}

/** A comment in its slot: 2 bytes of length, the UTF-8, zeros (api/src/evaluations/queries.ts). */
export function commentSlot(comment) {
  const utf8 = enc.encode(comment)
  const body = new Uint8Array(COMMENT_SLOT_BYTES)
  body[0] = utf8.length >> 8
  body[1] = utf8.length & 0xff
  body.set(utf8, 2)
  return body
}

const counter = (n) => String(n).padStart(COUNTER_WIDTH, '0')

function insert(table, row, { orIgnore = true } = {}) {
  const cols = Object.keys(row)
  return `INSERT ${orIgnore ? 'OR IGNORE ' : ''}INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((k) => q(row[k])).join(', ')})`
}

// ---------------------------------------------------------------------------------------------
// The statements

/**
 * The demo as two lists of SQL statements, each meant to run as one transaction (one D1 batch):
 * `people` (agency, staff, events, participants, sign-ups, check-ins, suggestions) and then
 * `evaluation` (the past event's key, counters, spent tokens and comment slots). Kept apart so
 * that no commit writes both a person and evaluation data (docs/privacy.md).
 * @param {{ now?: Date, evaluationKeySecret: string }} opts
 */
export async function demoSeedStatements({ now = new Date(), evaluationKeySecret }) {
  if (!evaluationKeySecret) throw new Error('the demo seed needs EVALUATION_KEY_SECRET (see scripts/lib.mjs ensureDevVars)')
  const nowIso = iso(now)
  const people = []
  const evaluation = []

  people.push(insert('agencies', { id: DEMO_AGENCY_ID, name: '固原市农业农村局' }))
  for (const s of DEMO_STAFF) {
    people.push(
      insert('staff_users', {
        id: s.id,
        agency_id: DEMO_AGENCY_ID,
        username: s.username,
        display_name: s.displayName,
        role: s.role,
        password_hash: await passwordHash(s.password),
      }),
    )
  }
  const staffId = (username) => `(SELECT id FROM staff_users WHERE username = ${q(username)})`

  // The upcoming open day: ten days ahead, registration open. Only an ended one is moved
  // forward, so a long-lived local database always has an upcoming demo.
  const upcoming = {
    id: DEMO_EVENT_ID,
    agency_id: DEMO_AGENCY_ID,
    title: '掌稳农产品安全之舵 守护百姓‘舌尖上的安全’',
    host_unit: '农产品质量安全监管中心',
    venue: '固原市农产品质量安全监管中心（检测实验室）',
    description:
      '固原市农业农村局政府开放日：介绍农产品质量安全监管职能，参观农产品检测实验室，了解样品制备、农药残留前处理和气相色谱仪等仪器设备的检测过程，并与群众代表面对面座谈交流、答疑解惑。',
    start_at: iso(shanghaiDay(now, 10, 9, 30)),
    end_at: iso(shanghaiDay(now, 10, 11, 30)),
    registration_opens_at: iso(shanghaiDay(now, -1, 8)),
    registration_closes_at: iso(shanghaiDay(now, 9, 18)),
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
    published_at: nowIso,
    created_at: nowIso,
  }
  const upcomingCols = Object.keys(upcoming)
  people.push(
    `INSERT INTO events (${upcomingCols.join(', ')}) VALUES (${upcomingCols.map((k) => q(upcoming[k])).join(', ')})
     ON CONFLICT (id) DO UPDATE SET start_at = excluded.start_at, end_at = excluded.end_at,
       registration_opens_at = excluded.registration_opens_at, registration_closes_at = excluded.registration_closes_at
     WHERE events.end_at < ${q(nowIso)}`,
  )

  // The past open day, in the spirit of the agency's 2024 report: quick tests of vegetables and
  // meat, sampling, what happens to failed products, and a talk with the representatives.
  const day = pastEventDay(now)
  const start = shanghaiDay(now, day, 9, 30)
  const opens = shanghaiDay(now, day - 14, 8)
  people.push(
    insert('events', {
      id: DEMO_PAST_EVENT_ID,
      agency_id: DEMO_AGENCY_ID,
      title: '快检进市场 安全看得见——蔬菜肉品快速检测开放日',
      host_unit: '农产品质量安全监管中心',
      venue: '固原市农产品质量安全监管中心（快速检测室、二楼会议室）',
      description:
        '固原市农业农村局政府开放日：现场观摩蔬菜农药残留、肉品“瘦肉精”快速检测，介绍农产品抽检范围及频次、不合格产品处理流程，并邀请代表面对面座谈、填写意见建议表和无记名测评。',
      start_at: iso(start),
      end_at: iso(shanghaiDay(now, day, 11, 30)),
      registration_opens_at: iso(opens),
      registration_closes_at: iso(shanghaiDay(now, day - 1, 18)),
      capacity: 30,
      agenda: JSON.stringify([
        { time: '09:30', title: '农产品质量安全监管工作通报' },
        { time: '09:50', title: '快速检测现场观摩与体验' },
        { time: '10:40', title: '抽检与不合格产品处置流程介绍' },
        { time: '11:00', title: '座谈交流、意见征集与无记名测评' },
      ]),
      target_groups: JSON.stringify(['npc_deputy', 'cppcc_member', 'citizen', 'employee', 'community_worker', 'enterprise', 'media']),
      contact_phone: '0954-2021234',
      status: 'published',
      published_at: iso(shanghaiDay(now, day - 16, 9)),
      created_at: iso(shanghaiDay(now, day - 18, 10)),
    }),
  )

  // Accounts: each person logged in by SMS (a participant with a verified phone) just before
  // signing up; a family member's phone is verified by the account that signed them up. The
  // account is looked up by phone, so a local database where someone already logged in with one
  // of these numbers keeps its account.
  const accounts = new Map()
  const account = (phone, at) => {
    if (accounts.has(phone)) return
    accounts.set(phone, `demo-participant-${accounts.size + 1}`)
    people.push(insert('participants', { id: accounts.get(phone), phone, created_at: iso(at), token_version: 0 }))
  }
  const participantOf = (phone) => `(SELECT id FROM participants WHERE phone = ${q(phone)})`
  const verify = (accountPhone, phone, at) =>
    people.push(
      `INSERT OR IGNORE INTO verified_phones (participant_id, phone, verified_at) SELECT id, ${q(phone)}, ${q(iso(at))} FROM participants WHERE phone = ${q(accountPhone)}`,
    )
  const register = (r) =>
    people.push(
      `INSERT OR IGNORE INTO registrations
         (id, event_id, participant_id, name, phone, category, organization, status, short_code, created_at, cancelled_at, evaluation_request)
       SELECT ${[r.id, r.eventId].map(q).join(', ')}, id, ${[r.name, r.phone, r.category, r.organization, r.status, shortCode(r.id), r.createdAt, r.cancelledAt, r.evaluationRequest].map(q).join(', ')}
       FROM participants WHERE phone = ${q(r.accountPhone)}`,
    )

  const pastKey = await sealEvaluationKey(evaluationKeySecret, DEMO_PAST_EVENT_ID)
  PAST_PEOPLE.forEach(([name, category, organization, phone, outcome, extra], i) => {
    const id = `demo-reg-past-${String(i + 1).padStart(2, '0')}`
    const accountPhone = extra?.via ?? phone
    // Sign-ups spread over the two weeks the registration was open.
    const createdAt = plus(opens, (i + 1) * 11 * HOUR + i * 7 * 60_000)
    account(accountPhone, plus(createdAt, -3 * 60_000))
    verify(accountPhone, phone, plus(createdAt, -2 * 60_000))
    register({
      id,
      eventId: DEMO_PAST_EVENT_ID,
      accountPhone,
      name,
      phone,
      category,
      organization,
      status: outcome === 'cancelled' ? 'cancelled' : 'active',
      createdAt: iso(createdAt),
      cancelledAt: outcome === 'cancelled' ? iso(plus(createdAt, 20 * HOUR)) : null,
      // The app sends a blinded request with every sign-up.
      evaluationRequest: randomBlindedRequest(pastKey.publicKey),
    })
    if (outcome === 'in') {
      // At the door from 08:55, a little over a minute apart; the checker scans most of them.
      // Two were scanned while the hall's network was down and synced a few minutes later.
      const scannedAt = plus(start, -35 * 60_000 + i * 75_000)
      const synced = i === 5 || i === 6 ? 4 * 60_000 + i * 1000 : 1200
      people.push(
        `INSERT OR IGNORE INTO checkins (registration_id, event_id, staff_id, nonce, checked_in_at, recorded_at)
         SELECT ${q(id)}, ${q(DEMO_PAST_EVENT_ID)}, ${staffId(i % 4 === 0 ? 'demo' : 'checker')}, ${q(nonce(id))}, ${q(iso(scannedAt))}, ${q(iso(plus(scannedAt, synced)))}
         WHERE EXISTS (SELECT 1 FROM registrations WHERE id = ${q(id)} AND status = 'active')`,
      )
    }
  })

  // The upcoming open day's first sign-ups, over the last few hours.
  UPCOMING_PEOPLE.forEach(([name, category, organization, phone], i) => {
    const createdAt = plus(now, -(UPCOMING_PEOPLE.length - i) * 37 * 60_000)
    account(phone, plus(createdAt, -3 * 60_000))
    verify(phone, phone, plus(createdAt, -2 * 60_000))
    register({
      id: `demo-reg-upcoming-${String(i + 1).padStart(2, '0')}`,
      eventId: DEMO_EVENT_ID,
      accountPhone: phone,
      name,
      phone,
      category,
      organization,
      status: 'active',
      createdAt: iso(createdAt),
      cancelledAt: null,
      // None: the ticket page of the phone that opens it sends one (miniapp evaluation/token.ts).
      evaluationRequest: null,
    })
  })

  // Suggestions left on the spot, between 10:45 and 11:25; three answered in the days after.
  SUGGESTIONS.forEach((s, i) => {
    if (!/^YJ[2-9A-HJ-NP-TV-Z]{16}$/.test(s.code)) throw new Error(`not a tracking code: ${s.code}`)
    const createdAt = plus(start, 75 * 60_000 + i * 6 * 60_000)
    people.push(
      insert('suggestions', {
        id: `demo-suggestion-${i + 1}`,
        event_id: DEMO_PAST_EVENT_ID,
        tracking_code: s.code,
        topic: s.topic ?? null,
        content: s.content,
        contact: s.anonymous ? null : (s.contact ?? null),
        anonymous: s.anonymous ? 1 : 0,
        created_at: iso(createdAt),
      }),
    )
    // The answer is a step of its own, so the trail (kept by triggers) shows 受理 then 答复; the
    // guard on the state makes a second run change nothing.
    if (s.reply) {
      const answeredAt = iso(shanghaiDay(now, day + s.repliedAfterDays, 16, 20 + i))
      people.push(
        `UPDATE suggestions SET status = 'answered', answer = ${q(s.reply)}, answered_at = ${q(answeredAt)},
           trail_seq = trail_seq + 1, last_action = 'answer', last_actor_kind = 'staff', last_actor_id = NULL,
           last_actor_role = 'admin', last_note = NULL, updated_at = ${q(answeredAt)}
         WHERE id = ${q(`demo-suggestion-${i + 1}`)} AND status = 'received'`,
      )
    }
  })

  // The past event's evaluation. Every statement is guarded by "the event has no key yet" and
  // the key is written last, so the batch writes all of it or (on a second run) nothing.
  const noKeyYet = `NOT EXISTS (SELECT 1 FROM evaluation_keys WHERE event_id = ${q(DEMO_PAST_EVENT_ID)})`
  const ev = q(DEMO_PAST_EVENT_ID)
  const cells = DIMENSIONS.flatMap((d) =>
    PAST_EVALUATION.tallies[d].map((count, i) => `(${q(d)}, ${i + 1}, ${q(counter(count))})`),
  )
  evaluation.push(
    `INSERT INTO evaluation_tallies (event_id, dimension, level, live, published)
     SELECT ${ev}, column1, column2, column3, column3 FROM (VALUES ${cells.join(', ')}) WHERE ${noKeyYet}`,
  )
  const spent = Array.from({ length: PAST_EVALUATION.answers }, () => `(${q(hex(crypto.getRandomValues(new Uint8Array(32))))})`)
  evaluation.push(
    `INSERT INTO evaluation_spent_tokens (token_hash, event_id) SELECT column1, ${ev} FROM (VALUES ${spent.join(', ')}) WHERE ${noKeyYet}`,
  )
  // Filled batches of 5 in random slot order, then the next batch of 5 empty slots, which the
  // API makes as soon as the last empty slot fills.
  const comments = PAST_EVALUATION.comments
  if (comments.length % EVALUATION_STEP !== 0) throw new Error('demo comments must fill whole batches')
  const order = shuffled(comments)
  const slots = [
    ...order.map((c, i) => `(${Math.floor(i / EVALUATION_STEP)}, 1, ${q(commentSlot(c))})`),
    ...Array.from({ length: EVALUATION_STEP }, () => `(${comments.length / EVALUATION_STEP}, 0, zeroblob(${COMMENT_SLOT_BYTES}))`),
  ]
  evaluation.push(
    `INSERT INTO evaluation_comment_slots (event_id, batch, filled, body) SELECT ${ev}, column1, column2, column3 FROM (VALUES ${slots.join(', ')}) WHERE ${noKeyYet}`,
  )
  evaluation.push(
    insert('evaluation_keys', {
      event_id: DEMO_PAST_EVENT_ID,
      public_key: pastKey.publicKey,
      private_key: pastKey.privateKey,
      created_at: iso(plus(opens, 5 * 60_000)),
    }),
  )
  return { people, evaluation }
}
