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
  { id: 'demo-staff-handler', username: 'handler', password: 'demo12345', displayName: '演示承办人（检测科）', role: 'handler', departmentId: 'demo-dept-jiance' },
]

/** 承办部门 of the demo agency; the handler belongs to 检测科. */
export const DEMO_DEPARTMENTS = [
  { id: 'demo-dept-jiance', name: '检测科' },
  { id: 'demo-dept-zhiliang', name: '质量安全监管科' },
  { id: 'demo-dept-bangong', name: '办公室' },
]

/** A second agency, so the public figures and the ranking compare two. */
export const DEMO_SECOND_AGENCY = {
  id: 'demo-agency-guyuan-scjgj',
  name: '固原市市场监督管理局',
  staff: { id: 'demo-staff-scjg', username: 'scjg', password: 'scjg12345', displayName: '市场监管局管理员', role: 'admin' },
  departments: [
    { id: 'demo-dept-scjg-food', name: '食品安全协调科' },
    { id: 'demo-dept-scjg-price', name: '价格监督检查科' },
  ],
  eventId: 'demo-event-guyuan-scjg-day',
  /** Its upcoming 阳光厨房 day: small, full, with a waiting list (候补, docs/waitlist.md). */
  kitchenEventId: 'demo-event-guyuan-scjg-kitchen',
}
/** 机构代码 that start the agencies' 索引号 (政府信息公开). */
export const DEMO_DISCLOSURE_CODES = { [DEMO_AGENCY_ID]: '640400017', [DEMO_SECOND_AGENCY.id]: '640400023' }
/** The past open day's published 活动总结 and its 答复公开. */
export const DEMO_SUMMARY_POST_ID = 'demo-post-summary-past'
export const DEMO_ANSWERS_POST_ID = 'demo-post-answers-past'
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

/**
 * Walk-ins (现场登记) at the past open day, in the shape of PAST_PEOPLE: registered and checked in at
 * the door by the checker (docs/door.md); the last item is [registration id, minutes after the start].
 */
const PAST_WALK_INS = [
  ['马小军', 'citizen', '原州区南关街道居民', '13709541188', 'in', ['demo-walkin-past-1', 12]],
  ['韩梅', 'community_worker', '东关街道某社区居委会', '15809543321', 'in', ['demo-walkin-past-2', 17]],
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

/** The 阳光厨房 day's eight sign-ups (it is full), and its waiting list in order (候补). */
const KITCHEN_PEOPLE = [
  ['王海燕', 'citizen', '原州区某小学学生家长', '13995431806'],
  ['马志刚', 'npc_deputy', '固原市人大代表', '13709547215'],
  ['刘娟', 'citizen', '原州区某幼儿园学生家长', '15809542093'],
  ['周文斌', 'cppcc_member', '固原市政协委员', '13895406637'],
  ['田静', 'employee', '固原某餐饮公司食品安全员', '18709541152'],
  ['虎小军', 'community_worker', '原州区古雁街道某社区', '17395418826'],
  ['张蕊', 'media', '固原某融媒体中心记者', '15709546630'],
  ['拓丽娜', 'citizen', '原州区某中学学生家长', '13469548817'],
]
const KITCHEN_WAITING = [
  ['苏晓燕', 'citizen', '原州区某小学学生家长', '13995430618'],
  ['杨晓梅', 'citizen', '原州区南关街道居民', DEMO_CITIZEN_PHONE],
  ['马俊', 'citizen', null, '18209548853'],
]

/** On-the-spot suggestions (意见建议表) at the past open day, some answered since. */
const SUGGESTIONS = [
  {
    code: DEMO_TRACKING_CODE,
    topic: '快检结果公示',
    content: '建议在农贸市场入口设置快检结果公示屏，每天更新抽检的品种和结果，方便买菜的群众查看。',
    contact: '13709548825',
    publicConsent: true,
    // 转办 → 答复 (A, published) → 非常满意: 已办结.
    flow: [
      { day: 1, action: 'assign', to: 'assigned', department: 'demo-dept-zhiliang', workingDays: 5 },
      {
        day: 3,
        action: 'answer',
        to: 'answered',
        resultClass: 'A',
        published: true,
        answer:
          '感谢您的建议。市农产品质量安全监管中心已会同市场管理部门在两个农贸市场试点设置快检结果公示屏，每日10时前更新当日快检品种、数量和结果，其余农贸市场将在年底前陆续设置。',
      },
      { day: 4, action: 'rate_satisfied', to: 'closed', rating: 5, comment: '回复很具体，已经在市场看到公示屏了。' },
    ],
  },
  {
    code: 'YJ8N3V6WC2GJ7PLS5E',
    topic: '抽检频次',
    content: '希望增加对冬季大棚蔬菜的抽检频次，尤其是韭菜、芹菜这类农药残留问题较多的品种。',
    publicConsent: true,
    // 转办检测科 → 答复 (B, published): awaiting the citizen's rating.
    flow: [
      { day: 1, action: 'assign', to: 'assigned', department: 'demo-dept-jiance', assignee: 'demo-staff-handler', workingDays: 5 },
      {
        day: 5,
        action: 'answer',
        to: 'answered',
        by: 'demo-staff-handler',
        resultClass: 'B',
        plannedInDays: 60,
        published: true,
        answer: '已纳入下一季度抽检计划：韭菜、芹菜、豇豆等重点品种的抽检由每月1次调整为每月2次，抽检结果在“固原农业农村”微信公众号公开。',
      },
    ],
  },
  {
    code: 'YJ5R9F2KDM6ZT3QA7H',
    topic: '科普宣传',
    content: '建议定期到社区开展农产品质量安全科普讲座，教大家怎么清洗蔬菜、怎么看承诺达标合格证。',
    anonymous: true,
    // 答复 → 不满意 → 重新办理 (a new deadline, not yet due).
    flow: [
      { day: 1, action: 'assign', to: 'assigned', department: 'demo-dept-bangong', workingDays: 5 },
      {
        day: 6,
        action: 'answer',
        to: 'answered',
        resultClass: 'D',
        answer: '感谢建议。中心将把社区科普讲座纳入明年工作计划统筹考虑。',
      },
      { fromNow: -2, action: 'rate_dissatisfied', to: 'reopened', rating: 2, comment: '希望能给出具体的时间安排。', workingDays: 5 },
    ],
  },
  {
    code: 'YJH7X4B8E2N6WK9C3R',
    topic: '不合格产品处理',
    content: '抽检发现不合格的产品，能否公开处理结果和产品去向？让群众买得放心。',
    publicConsent: true,
    // 转办 with 5 working days, long past: overdue.
    flow: [{ day: 1, action: 'assign', to: 'assigned', department: 'demo-dept-zhiliang', workingDays: 5, note: '请质量安全监管科研究答复' }],
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
    contact: '15809546612',
    // Assigned to 检测科 a few days ago: due tomorrow (the next working day).
    flow: [{ fromNow: -6, action: 'assign', to: 'assigned', department: 'demo-dept-jiance', assignee: 'demo-staff-handler', dueNextWorkingDay: true }],
  },
  {
    code: 'YJ6E9C4S7HB2K5MT8P',
    topic: '产品溯源',
    content: '希望推广农产品扫码溯源，在超市也能查到产地和检测信息。',
    // 转办检测科 → 退回 (it belongs to another unit): waiting for the organisers again.
    flow: [
      { day: 1, action: 'assign', to: 'assigned', department: 'demo-dept-jiance', workingDays: 5 },
      { day: 2, action: 'return', to: 'returned', by: 'demo-staff-handler', note: '超市溯源由市场监管部门负责，建议改派办公室协调。' },
    ],
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
// Suggestion handling. Each step is the UPDATE the API's transition() makes (state, trail_seq + 1,
// last_*, updated_at and the step's columns); the triggers of migration 0004 append it to the
// trail. Guarded by `trail_seq = <step number>`, so a second run changes nothing.

/** The day offset (from today) that is `n` weekdays after `fromDay`. */
function weekdaysAfter(now, fromDay, n) {
  let day = fromDay
  for (let left = n; left > 0; ) {
    day++
    const weekday = shanghaiDay(now, day, 12).getUTCDay()
    if (weekday !== 0 && weekday !== 6) left--
  }
  return day
}

/** Weekdays after day offset `fromDay` up to and including `toDay` (the answer's working days). */
function weekdaysBetween(now, fromDay, toDay) {
  let n = 0
  for (let day = fromDay + 1; day <= toDay; day++) {
    const weekday = shanghaiDay(now, day, 12).getUTCDay()
    if (weekday !== 0 && weekday !== 6) n++
  }
  return n
}

/**
 * A deadline: 23:59:59 Shanghai of the n-th weekday after `fromDay`. The demo counts plain
 * weekdays (the seed runs in Node without the shared holiday calendar); the API's deadlines use
 * the official calendar with 调休.
 */
const dueAfter = (now, fromDay, n) => new Date(shanghaiDay(now, weekdaysAfter(now, fromDay, n), 23, 59).getTime() + 59_000)

const ACTORS = {
  organizer: { kind: 'staff', id: 'demo-staff-organizer', role: 'organizer' },
  admin: { kind: 'staff', id: 'demo-staff-demo', role: 'admin' },
  handler: { kind: 'staff', id: 'demo-staff-handler', role: 'handler' },
  citizen: { kind: 'citizen', id: null, role: null },
}

function flowSteps(id, flow, { now, eventDay, index, actors = ACTORS }) {
  return flow.map((step, k) => {
    const stepDay = step.fromNow !== undefined ? step.fromNow : weekdaysAfter(now, eventDay, step.day)
    const at = iso(shanghaiDay(now, stepDay, 10, 5 * index))
    const actor =
      step.action === 'assign'
        ? actors.organizer
        : step.action.startsWith('rate_')
          ? actors.citizen
          : step.by === 'demo-staff-handler'
            ? actors.handler
            : actors.admin
    const columns = {}
    if (step.action === 'assign') {
      columns.department_id = step.department
      columns.assignee_id = step.assignee ?? null
      columns.assigned_at = at
      columns.due_at = iso(step.dueNextWorkingDay ? dueAfter(now, 0, 1) : dueAfter(now, stepDay, step.workingDays))
    } else if (step.action === 'return') {
      Object.assign(columns, { department_id: null, assignee_id: null, due_at: null })
    } else if (step.action === 'answer') {
      Object.assign(columns, {
        answer: step.answer,
        answered_at: at,
        // Every demo suggestion is submitted on its event's day.
        answer_working_days: weekdaysBetween(now, eventDay, stepDay),
        answered_by: actor.id,
        result_class: step.resultClass,
        planned_by: step.plannedInDays ? iso(shanghaiDay(now, step.plannedInDays, 12)).slice(0, 10) : null,
        published: step.published ? 1 : 0,
        rating: null,
        rating_comment: null,
        rated_at: null,
      })
    } else if (step.action === 'rate_satisfied') {
      Object.assign(columns, { rating: step.rating, rating_comment: step.comment ?? null, rated_at: at, close_reason: 'satisfied', closed_at: at })
    } else if (step.action === 'rate_dissatisfied') {
      Object.assign(columns, { rating: step.rating, rating_comment: step.comment ?? null, rated_at: at, due_at: iso(dueAfter(now, stepDay, step.workingDays)) })
    }
    const sets = Object.entries(columns).map(([c, v]) => `${c} = ${q(v)}`)
    if (step.action === 'rate_dissatisfied') sets.push('reopen_count = reopen_count + 1')
    return `UPDATE suggestions SET status = ${q(step.to)}, trail_seq = ${k + 1}, last_action = ${q(step.action)},
         last_actor_kind = ${q(actor.kind)}, last_actor_id = ${q(actor.id)}, last_actor_role = ${q(actor.role)},
         last_note = ${q(step.note ?? null)}, updated_at = ${q(at)}${sets.length ? `, ${sets.join(', ')}` : ''}
       WHERE id = ${q(id)} AND trail_seq = ${k}`
  })
}

/**
 * The demo venues' map points [lat, lng] (GCJ-02, as a Chinese map app gives them), in 固原市
 * 原州区 (about 36.0 N, 106.24 E): 导航到这里 on the event page opens them.
 */
// ---------------------------------------------------------------------------------------------
// 签到点 (docs/checkpoints.md): the upcoming open day's tour, stop by stop. The entrance is the
// check-in at the door (checkins); these are the stops and the talks, in order. Fixed ids, so a
// second run changes nothing (INSERT OR IGNORE).

export const DEMO_CHECKPOINTS = [
  { id: 'demo-cp-briefing', name: '情况介绍', kind: 'talk', description: '农产品质量安全监管中心负责人介绍中心职能、检测能力和近年来的抽检工作情况。' },
  { id: 'demo-cp-sample-prep', name: '样品前处理室', kind: 'stop', description: '抽来的蔬菜、水果先在这里登记、编号、切碎、匀浆，分成检测样和留样，保证检测结果可追溯、可复检。' },
  { id: 'demo-cp-pesticide-prep', name: '农药残留前处理', kind: 'stop', description: '用溶剂把样品中可能残留的农药提取出来，再经过净化、浓缩，去掉色素、油脂等干扰物质，才能上机检测。' },
  {
    id: 'demo-cp-gc',
    name: '气相色谱仪',
    kind: 'stop',
    description:
      '气相色谱仪把前处理得到的样品溶液加热变成气体，由载气带着通过细长的色谱柱；不同农药在柱中停留的时间不同，先后被分离开来，再由检测器逐一识别并测定含量。一次进样可同时检测几十种有机磷、拟除虫菊酯类农药，结果与国家标准限量比对，判断是否合格。',
  },
  { id: 'demo-cp-aas', name: '原子吸收分光光度计', kind: 'stop', description: '原子吸收分光光度计用于测定农产品中铅、镉等重金属含量：样品中的元素被原子化后吸收特定波长的光，吸收得越多，含量越高。' },
  { id: 'demo-cp-talk', name: '面对面座谈', kind: 'talk', description: '与代表们面对面交流，回答大家关心的农产品质量安全问题，欢迎现场提出意见建议。' },
]

function demoCheckpointStatements(nowIso) {
  return DEMO_CHECKPOINTS.map((cp, i) =>
    insert('checkpoints', { id: cp.id, event_id: DEMO_EVENT_ID, name: cp.name, kind: cp.kind, description: cp.description, images: '[]', position: i + 1, created_at: nowIso }),
  )
}

export const DEMO_VENUE_POINTS = {
  centre: [36.0163, 106.2428],
  market: [36.0049, 106.2496],
}

/** The second agency: its admin, a past 开放日 about food safety in markets and six suggestions. */
function secondAgencyStatements(now, nowIso) {
  const A = DEMO_SECOND_AGENCY
  const day = pastEventDay(now) - 7
  const start = shanghaiDay(now, day, 14, 30)
  const statements = [
    insert('events', {
      id: A.eventId,
      agency_id: A.id,
      title: '走进“阳光厨房” 共筑食品安全防线——市场监管开放日',
      host_unit: '食品安全协调科',
      venue: '固原市市场监督管理局（食品快检实验室）',
      venue_lat: DEMO_VENUE_POINTS.market[0],
      venue_lng: DEMO_VENUE_POINTS.market[1],
      description: '参观食品快检实验室和“互联网+明厨亮灶”监管平台，了解校园食堂、农贸市场食品安全监管工作，并座谈交流、征集意见建议。',
      start_at: iso(start),
      end_at: iso(shanghaiDay(now, day, 16, 30)),
      registration_opens_at: iso(shanghaiDay(now, day - 14, 8)),
      registration_closes_at: iso(shanghaiDay(now, day - 1, 18)),
      capacity: 40,
      agenda: JSON.stringify([
        { time: '14:30', title: '食品安全监管工作介绍' },
        { time: '15:00', title: '参观快检实验室与明厨亮灶平台' },
        { time: '15:50', title: '座谈交流' },
      ]),
      target_groups: JSON.stringify(['npc_deputy', 'cppcc_member', 'citizen', 'media']),
      contact_phone: '0954-2035678',
      status: 'published',
      published_at: iso(shanghaiDay(now, day - 16, 9)),
      created_at: iso(shanghaiDay(now, day - 18, 10)),
    }),
  ]
  const food = A.departments[0].id
  const price = A.departments[1].id
  const actors = {
    organizer: { kind: 'staff', id: A.staff.id, role: 'admin' },
    admin: { kind: 'staff', id: A.staff.id, role: 'admin' },
    handler: { kind: 'staff', id: A.staff.id, role: 'admin' },
    citizen: { kind: 'citizen', id: null, role: null },
  }
  const answer = (d, resultClass, text, extra = {}) => ({ day: d, action: 'answer', to: 'answered', resultClass, answer: text, published: true, ...extra })
  const items = [
    ['YJ2C4E6G8J2L4N6Q8S', '建议在学校食堂推广明厨亮灶，家长可以在手机上看到后厨。', food, [answer(2, 'A', '全市中小学食堂已全部接入明厨亮灶平台，家长可通过“固原市场监管”公众号查看。'), { day: 3, action: 'rate_satisfied', to: 'closed', rating: 5 }]],
    ['YJ3D5F7H9K3M5P7R9T', '农贸市场的电子秤希望定期检定，防止缺斤短两。', price, [answer(3, 'B', '已将全市农贸市场电子秤纳入季度强制检定计划，首轮检定将在下月完成。', { plannedInDays: 30 }), { day: 5, action: 'rate_satisfied', to: 'closed', rating: 4 }]],
    ['YJ4E6G8J2L4N6Q8S2V', '希望公布食品抽检不合格企业名单。', food, [answer(2, 'A', '食品抽检结果每周在市局网站“抽检信息”栏目公布，含不合格企业名单及处置情况。'), { day: 4, action: 'rate_satisfied', to: 'closed', rating: 3 }]],
    ['YJ5F7H9K3M5P7R9T3W', '网购食品出了问题投诉渠道不清楚。', food, [answer(4, 'D', '感谢建议，将在今后的宣传中加强12315投诉渠道介绍。'), { day: 6, action: 'rate_dissatisfied', to: 'reopened', rating: 2, workingDays: 5 }, answer(9, 'A', '已在市局网站和公众号开设网购食品投诉指南专栏，并在开放日现场发放宣传册。'), { day: 10, action: 'rate_satisfied', to: 'closed', rating: 4 }]],
    ['YJ6G8J2L4N6Q8S2V4X', '小区周边流动摊贩卖的熟食没人管。', food, [answer(5, 'C', '流动摊贩的日常管理由城管部门负责，我局已将线索移交，并将联合开展熟食摊点专项检查，因职能限制暂不能单独处理。')]],
    ['YJ7H9K3M5P7R9T3W5Y', '停车收费标准不透明。', price, []],
  ]
  items.forEach(([code, content, department, steps], i) => {
    const id = `demo-scjg-suggestion-${i + 1}`
    statements.push(
      insert('suggestions', {
        id,
        event_id: A.eventId,
        tracking_code: code,
        topic: null,
        content,
        contact: null,
        anonymous: 1,
        public_consent: 1,
        created_at: iso(plus(start, 80 * 60_000 + i * 4 * 60_000)),
      }),
    )
    const flow = [{ day: 1, action: 'assign', to: 'assigned', department, workingDays: 5 }, ...steps.map((s) => (s.day !== undefined ? { ...s, day: s.day + 1 } : s))]
    statements.push(...flowSteps(id, steps.length || i === 5 ? flow : [], { now, eventDay: day, index: i, actors }))
  })
  return statements
}

/**
 * An upcoming demo event: inserted once, and moved to its new dates only once it has ended, so a
 * long-lived local database always has upcoming demos (every id kept).
 */
function upsertUpcoming(event, nowIso) {
  const cols = Object.keys(event)
  return `INSERT INTO events (${cols.join(', ')}) VALUES (${cols.map((k) => q(event[k])).join(', ')})
     ON CONFLICT (id) DO UPDATE SET start_at = excluded.start_at, end_at = excluded.end_at,
       registration_opens_at = excluded.registration_opens_at, registration_closes_at = excluded.registration_closes_at
     WHERE events.end_at < ${q(nowIso)}`
}

/** The second agency's upcoming 阳光厨房 day: 8 seats in a school kitchen, all taken. */
function kitchenEvent(now) {
  return {
    id: DEMO_SECOND_AGENCY.kitchenEventId,
    agency_id: DEMO_SECOND_AGENCY.id,
    title: '走进“阳光厨房”——校园食堂后厨体验日',
    host_unit: '食品安全协调科',
    venue: '固原市某中学食堂（原州区）',
    venue_lat: DEMO_VENUE_POINTS.market[0],
    venue_lng: DEMO_VENUE_POINTS.market[1],
    description: '走进学校食堂后厨，看食材验收、留样和清洗消毒全过程，了解“互联网+明厨亮灶”如何让家长在手机上看后厨。后厨场地有限，每场8人，报满后可加入候补。',
    start_at: iso(shanghaiDay(now, 12, 14, 30)),
    end_at: iso(shanghaiDay(now, 12, 16, 0)),
    registration_opens_at: iso(shanghaiDay(now, -4, 8)),
    registration_closes_at: iso(shanghaiDay(now, 11, 18)),
    capacity: 8,
    agenda: JSON.stringify([
      { time: '14:30', title: '校园食品安全监管介绍' },
      { time: '14:50', title: '参观食材验收、留样与后厨' },
      { time: '15:30', title: '家长代表座谈' },
    ]),
    target_groups: JSON.stringify(['npc_deputy', 'cppcc_member', 'citizen', 'employee', 'community_worker', 'media']),
    contact_phone: '0954-2035678',
    status: 'published',
    published_at: iso(shanghaiDay(now, -4, 9)),
    created_at: iso(shanghaiDay(now, -5, 10)),
  }
}

// ---------------------------------------------------------------------------------------------
// 动态 and messages: the posts an agency's events leave in the feed (活动预告 written when an event
// is published, a 变更通知, an article), and the demo citizen's 我的消息 (the day-before reminder
// and the invitation to evaluate, both sent by SMS), as the API would have written them.

/** 2026年3月20日（周五）: a date in Beijing time, for the posts' text. */
function shanghaiDate(isoText) {
  const d = new Date(Date.parse(isoText) + SHANGHAI)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（周${'日一二三四五六'[d.getUTCDay()]}）`
}

function feedAndMessages(now, day, upcoming, kitchen) {
  const out = []
  const post = (p) =>
    insert('posts', {
      summary: p.body.split('\n')[0].slice(0, 120),
      created_at: p.published_at,
      updated_at: p.published_at,
      author_staff_id: null,
      status: 'published',
      ...p,
    })
  const pastStart = shanghaiDay(now, day, 9, 30)
  out.push(
    post({
      id: 'demo-post-preview-upcoming',
      agency_id: DEMO_AGENCY_ID,
      kind: 'preview',
      event_id: DEMO_EVENT_ID,
      title: `活动预告｜${upcoming.title}`,
      body: [
        `固原市农业农村局定于${shanghaiDate(upcoming.start_at)}上午9:30举办政府开放日活动，主题为“${upcoming.title}”，诚邀社会各界参加。`,
        `活动地点：${upcoming.venue}`,
        '活动安排：09:30 职能介绍；09:50 参观农产品检测实验室；10:30 仪器设备演示；11:00 座谈交流。',
        '邀请对象：人大代表、政协委员、市民代表、企业职工、社区工作者、媒体记者等。',
        `报名方式：在“开放日”小程序或网页报名，名额30人，${shanghaiDate(upcoming.registration_closes_at)} 18:00截止。`,
        `咨询电话：${upcoming.contact_phone}`,
      ].join('\n\n'),
      published_at: iso(plus(now, -2 * HOUR)),
    }),
    post({
      id: 'demo-post-preview-past',
      agency_id: DEMO_AGENCY_ID,
      kind: 'preview',
      event_id: DEMO_PAST_EVENT_ID,
      title: '活动预告｜快检进市场 安全看得见——蔬菜肉品快速检测开放日',
      body: [
        `固原市农业农村局定于${shanghaiDate(iso(pastStart))}上午9:30举办“快检进市场 安全看得见”政府开放日活动，现场观摩蔬菜农药残留、肉品“瘦肉精”快速检测。`,
        '活动地点：固原市农产品质量安全监管中心（快速检测室）',
        '报名方式：在“开放日”小程序或网页报名，名额30人。咨询电话：0954-2021234',
      ].join('\n\n'),
      published_at: iso(shanghaiDay(now, day - 16, 9)),
    }),
    post({
      id: 'demo-post-change-past',
      agency_id: DEMO_AGENCY_ID,
      kind: 'change',
      event_id: DEMO_PAST_EVENT_ID,
      title: '变更通知｜快检进市场 安全看得见——蔬菜肉品快速检测开放日：地点调整',
      body: [
        `${shanghaiDate(iso(pastStart))}举办的“快检进市场 安全看得见”政府开放日活动，座谈交流环节调整到二楼会议室，活动时间不变。`,
        '已报名的群众无需重新报名，请按新地点参加。',
        '咨询电话：0954-2021234',
      ].join('\n\n'),
      published_at: iso(shanghaiDay(now, day - 5, 16)),
    }),
    post({
      id: 'demo-post-article-1',
      agency_id: DEMO_AGENCY_ID,
      kind: 'article',
      event_id: null,
      title: '农产品质量安全“你点我检”活动持续开展',
      body: [
        '为回应群众在政府开放日上提出的意见建议，固原市农业农村局在主要农贸市场持续开展“你点我检”活动，由群众点单选取蔬菜、肉品，检测人员现场快检、当场公布结果。',
        '本月共快检样品326批次，合格率99.4%，对2批次不合格产品依法下架销毁并溯源处理。检测结果每周在市场公示屏和“开放日”动态中公开。',
      ].join('\n\n'),
      published_at: iso(shanghaiDay(now, -3, 15)),
      author_staff_id: null,
    }),
    post({
      id: 'demo-post-preview-kitchen',
      agency_id: DEMO_SECOND_AGENCY.id,
      kind: 'preview',
      event_id: DEMO_SECOND_AGENCY.kitchenEventId,
      title: `活动预告｜${kitchen.title}`,
      body: [
        `固原市市场监督管理局定于${shanghaiDate(kitchen.start_at)}下午2:30举办“${kitchen.title}”政府开放日活动，邀请家长代表走进学校食堂后厨。`,
        `活动地点：${kitchen.venue}`,
        '活动安排：14:30 校园食品安全监管介绍；14:50 参观食材验收、留样与后厨；15:30 家长代表座谈。',
        `报名方式：在“开放日”小程序或网页报名，名额8人，报满后可加入候补，${shanghaiDate(kitchen.registration_closes_at)} 18:00截止。`,
        `咨询电话：${kitchen.contact_phone}`,
      ].join('\n\n'),
      published_at: kitchen.published_at,
    }),
    post({
      id: 'demo-post-article-2',
      agency_id: DEMO_SECOND_AGENCY.id,
      kind: 'article',
      event_id: null,
      title: '校园食品安全守护行动开放日意见建议办理情况通报',
      body: '针对开放日上家长代表提出的校园周边食品安全问题，我局已对学校周边42家食品经营户开展专项检查，整改问题17处，结果已逐条反馈提出人。',
      published_at: iso(shanghaiDay(now, -6, 10)),
    }),
  )

  // 我的消息 of the demo citizen: the reminder the day before the past open day and the
  // invitation to evaluate after it, both sent (their phone erased once sent).
  const registration = `(SELECT id FROM registrations WHERE event_id = ${q(DEMO_PAST_EVENT_ID)} AND phone = ${q(DEMO_CITIZEN_PHONE)})`
  const participant = `(SELECT participant_id FROM registrations WHERE event_id = ${q(DEMO_PAST_EVENT_ID)} AND phone = ${q(DEMO_CITIZEN_PHONE)})`
  const payload = (page) =>
    JSON.stringify({
      title: '快检进市场 安全看得见——蔬菜肉品快速检测开放日',
      startAt: iso(pastStart),
      endAt: iso(shanghaiDay(now, day, 11, 30)),
      venue: '固原市农产品质量安全监管中心（快速检测室、二楼会议室）',
      page,
    })
  for (const [kind, key, page, at] of [
    ['event_reminder', `event_reminder:${iso(pastStart)}:`, 'pages/ticket/index?id=', plus(pastStart, -24 * HOUR + 5 * 60_000)],
    ['evaluation_invite', 'evaluation_invite:', 'pages/evaluate/index?registrationId=', shanghaiDay(now, day, 11, 35)],
  ]) {
    out.push(
      `INSERT OR IGNORE INTO outbox (id, dedupe_key, agency_id, kind, participant_id, phone, event_id, payload, status, channel, attempts, enqueued_at, created_at, sent_at)
       SELECT ${q(`demo-outbox-${kind}`)}, ${q(key)} || ${registration}, ${q(DEMO_AGENCY_ID)}, ${q(kind)}, ${participant}, NULL, ${q(DEMO_PAST_EVENT_ID)},
              json_set(${q(payload(page))}, '$.page', ${q(page)} || ${registration}), 'sent', 'sms', 1, ${q(iso(at))}, ${q(iso(at))}, ${q(iso(plus(at, 2000)))}
       WHERE ${registration} IS NOT NULL`,
    )
  }

  // 我的关注 of the demo citizen: the agency, its upcoming open day and the second agency; and
  // the 关注动态 message the upcoming event's 活动预告 sent them.
  for (const [id, kind, target, at] of [
    ['demo-follow-agency', 'agency', DEMO_AGENCY_ID, shanghaiDay(now, day - 20, 20)],
    ['demo-follow-second-agency', 'agency', DEMO_SECOND_AGENCY.id, shanghaiDay(now, day - 8, 21)],
    ['demo-follow-event', 'event', DEMO_EVENT_ID, plus(now, -HOUR)],
  ]) {
    out.push(
      `INSERT OR IGNORE INTO follows (id, participant_id, target_kind, target_id, created_at)
       SELECT ${q(id)}, ${participant}, ${q(kind)}, ${q(target)}, ${q(iso(at))} WHERE ${participant} IS NOT NULL`,
    )
  }
  const previewAt = plus(now, -2 * HOUR)
  out.push(
    `INSERT OR IGNORE INTO outbox (id, dedupe_key, agency_id, kind, participant_id, phone, event_id, post_id, payload, status, channel, attempts, enqueued_at, created_at, sent_at)
     SELECT 'demo-outbox-new_post', 'new_post:demo-post-preview-upcoming:' || ${participant}, ${q(DEMO_AGENCY_ID)}, 'new_post', ${participant}, NULL,
            ${q(DEMO_EVENT_ID)}, 'demo-post-preview-upcoming',
            ${q(JSON.stringify({ title: `活动预告｜${upcoming.title}`, page: 'pages/post/index?id=demo-post-preview-upcoming' }))},
            'sent', 'sms', 1, ${q(iso(previewAt))}, ${q(iso(previewAt))}, ${q(iso(plus(previewAt, 2000)))}
     WHERE ${participant} IS NOT NULL`,
  )
  return out
}

// ---------------------------------------------------------------------------------------------
// 活动总结 and 答复公开 of the past open day, as the API publishes them (api/src/summaries/): the
// draft's figures frozen when it was published (4 working days after the event, within the 5 of
// the rule), the edited text with 下一步工作, the 索引号 of the agency's code, and a week later the
// 答复公开 of the two answers published by then. api/test/demo-seed.test.ts checks the figures and
// the digest against the API's own builders.

const CATEGORY_LABELS = { citizen: '市民代表', employee: '职工代表', community_worker: '社区工作者', npc_deputy: '人大代表', cppcc_member: '政协委员', civil_servant: '机关事业单位干部', enterprise: '企业代表', media: '新闻媒体', student: '学生/学校', other: '其他' }
const DIMENSION_LABELS = { measures: '监管措施', results: '监管成效', procedures: '办事程序', service: '服务质量', conduct: '工作作风', integrity: '廉政纪律' }
const RESULT_LABELS = { A: '已解决或采纳', B: '正在解决或已列入计划', C: '因条件限制暂不能解决', D: '留作参考' }

/** 百分制 of counts per level (index 0 = 1 分), as shared levelsIndex. */
function levelsIndex(...rows) {
  let sum = 0
  let count = 0
  for (const row of rows) row.forEach((n, i) => ((sum += n * (i + 1)), (count += n)))
  return Math.round((sum / count) * 20 * 10) / 10
}

const PAST_TITLE = '快检进市场 安全看得见——蔬菜肉品快速检测开放日'
const PAST_HOST = '农产品质量安全监管中心'
const PAST_VENUE = '固原市农产品质量安全监管中心（快速检测室、二楼会议室）'
const PAST_AGENDA = [
  { time: '09:30', title: '农产品质量安全监管工作通报' },
  { time: '09:50', title: '快速检测现场观摩与体验' },
  { time: '10:40', title: '抽检与不合格产品处置流程介绍' },
  { time: '11:00', title: '座谈交流、意见征集与无记名测评' },
]

function summaryStatements(now, day) {
  const start = shanghaiDay(now, day, 9, 30)
  const end = shanghaiDay(now, day, 11, 30)
  const publishedDay = weekdaysAfter(now, day, 4)
  const builtAt = shanghaiDay(now, publishedDay, 15, 40)
  const publishedAt = shanghaiDay(now, publishedDay, 16, 0)

  // Who came, by category in the order of the categories (as the API lists them).
  const byCategory = Object.keys(CATEGORY_LABELS).flatMap((category) => {
    const people = [...PAST_PEOPLE, ...PAST_WALK_INS].filter((p) => p[1] === category && p[4] !== 'cancelled')
    return people.length ? [{ category, registered: people.length, checkedIn: people.filter((p) => p[4] === 'in').length }] : []
  })
  const registered = byCategory.reduce((n, c) => n + c.registered, 0)
  const checkedIn = byCategory.reduce((n, c) => n + c.checkedIn, 0)
  const checkinRate = Math.round((checkedIn / registered) * 1000) / 10

  // The suggestions as they stood when the draft was built: answered by then, and the
  // departments they had been assigned to and still held.
  const stepDay = (st) => (st.fromNow !== undefined ? st.fromNow : weekdaysAfter(now, day, st.day))
  const asOf = SUGGESTIONS.map((sg) => {
    const done = (sg.flow ?? []).filter((st) => stepDay(st) < publishedDay)
    let department = null
    let answered = false
    for (const st of done) {
      if (st.action === 'assign') department = st.department
      if (st.action === 'return') department = null
      if (st.action === 'answer') answered = true
      if (st.action === 'rate_dissatisfied') answered = false
    }
    return { ...sg, department, answered }
  })
  const topicCounts = new Map()
  for (const sg of asOf) if (sg.topic) topicCounts.set(sg.topic, (topicCounts.get(sg.topic) ?? 0) + 1)
  const topics = [...topicCounts]
    .map(([topic, count]) => ({ topic, count }))
    .sort((a, b) => b.count - a.count || (a.topic < b.topic ? -1 : 1))
    .slice(0, 5)
  const answered = asOf.filter((sg) => sg.answered).length
  const deptNames = Object.fromEntries(DEMO_DEPARTMENTS.map((d) => [d.id, d.name]))
  const units = [PAST_HOST, ...[...new Set(asOf.filter((sg) => sg.department).map((sg) => deptNames[sg.department]))].sort()]

  const t = PAST_EVALUATION.tallies
  const index = levelsIndex(...Object.values(t))
  const aspects = Object.keys(DIMENSION_LABELS).map((d) => ({ dimension: d, label: DIMENSION_LABELS[d], index: levelsIndex(t[d]) }))

  const figures = {
    event: { id: DEMO_PAST_EVENT_ID, title: PAST_TITLE, hostUnit: PAST_HOST, venue: PAST_VENUE, startAt: iso(start), endAt: iso(end), agenda: PAST_AGENDA },
    units,
    attendance: { registered, checkedIn, checkinRate, byCategory },
    // Every answer by then was within its 5 working days.
    suggestions: { received: SUGGESTIONS.length, answered, answeredOnTime: answered, topics },
    evaluation: { responses: PAST_EVALUATION.answers, index, aspects },
    builtAt: iso(builtAt),
  }

  const date = shanghaiDate(iso(start)).replace(/（.*$/, '')
  const title = `“${PAST_TITLE}”政府开放日活动总结`
  const body = [
    `${date}，固原市农业农村局举办“${PAST_TITLE}”政府开放日活动，邀请人大代表、政协委员和市民代表走进快速检测室，现场观摩蔬菜、肉品快速检测。现将活动有关情况总结如下。`,
    '一、基本情况',
    `${date}上午，${PAST_HOST}在${PAST_VENUE}举办本次开放日活动。${units.slice(1).join('、')}参与活动，并负责相关意见建议的办理。`,
    '二、参加人员',
    `本次活动共报名${registered}人，实际签到${checkedIn}人，签到率${checkinRate}%。其中，${byCategory.map((c) => `${CATEGORY_LABELS[c.category]}报名${c.registered}人、签到${c.checkedIn}人`).join('；')}。`,
    '三、活动安排',
    `活动安排如下：\n${PAST_AGENDA.map((a, i) => `${i + 1}. ${a.time} ${a.title}`).join('\n')}\n代表们亲手操作了农药残留速测卡，对快检的原理和局限有了直观了解。`,
    '四、意见建议',
    `活动中共收到意见建议${SUGGESTIONS.length}条，主要涉及${topics.map((x) => x.topic).join('、')}等方面。截至${shanghaiDate(iso(builtAt)).replace(/（.*$/, '')}，已答复${answered}条，均在规定期限内答复；其余${SUGGESTIONS.length - answered}条正在办理中，办理结果将通过“答复公开”向社会公布。`,
    '五、满意度测评',
    `共有${PAST_EVALUATION.answers}人参加无记名满意度测评，综合满意度指数为${index}（百分制）。各测评项目指数：${aspects.map((a) => `${a.label}${a.index}`).join('，')}。`,
  ].join('\n\n')
  const nextSteps = [
    '一是年底前在全市主要农贸市场全部设置快检结果公示屏，每日公布快检品种、数量和结果。',
    '二是将韭菜、芹菜、豇豆等重点品种的抽检频次由每月1次提高到每月2次，抽检结果按月公开。',
    '三是研究制定不合格农产品处理结果公开办法，并在下一次开放日上通报意见建议的办理情况。',
  ].join('\n')
  const postBody = `${body}\n\n六、下一步工作\n\n${nextSteps}`
  const year = shanghaiDate(iso(publishedAt)).slice(0, 4)
  const out = [
    insert('posts', {
      id: DEMO_SUMMARY_POST_ID,
      agency_id: DEMO_AGENCY_ID,
      kind: 'summary',
      event_id: DEMO_PAST_EVENT_ID,
      title,
      summary: cutSummary(body.split('\n\n')[0]),
      body: postBody,
      published_at: iso(publishedAt),
      created_at: iso(publishedAt),
      updated_at: iso(publishedAt),
      author_staff_id: 'demo-staff-organizer',
      status: 'published',
      index_no: `${DEMO_DISCLOSURE_CODES[DEMO_AGENCY_ID]}/${year}-00001`,
    }),
    `INSERT OR IGNORE INTO event_summaries (event_id, agency_id, title, body, next_steps, figures, status, post_id, created_at, updated_at, published_at, author_staff_id)
     SELECT ${[DEMO_PAST_EVENT_ID, DEMO_AGENCY_ID, title, body, nextSteps, JSON.stringify(figures)].map(q).join(', ')}, 'published', ${q(DEMO_SUMMARY_POST_ID)},
            ${q(iso(plus(builtAt, -20 * 60_000)))}, ${q(iso(publishedAt))}, ${q(iso(publishedAt))}, 'demo-staff-organizer'
     WHERE EXISTS (SELECT 1 FROM posts WHERE id = ${q(DEMO_SUMMARY_POST_ID)} AND kind = 'summary')`,
  ]

  // 答复公开 a week after the event: the answers published (with consent) by then, oldest first.
  const digestDay = weekdaysAfter(now, day, 7)
  const digestAt = shanghaiDay(now, digestDay, 15, 0)
  const shown = SUGGESTIONS.map((sg, i) => ({ sg, i }))
    .filter(({ sg }) => sg.publicConsent && sg.flow?.some((st) => st.action === 'answer' && st.published && stepDay(st) < digestDay))
  const items = shown.map(({ sg }, n) => {
    const answer = sg.flow.find((st) => st.action === 'answer')
    const plannedBy = answer.plannedInDays ? iso(shanghaiDay(now, answer.plannedInDays, 12)).slice(0, 10) : null
    const assigned = sg.flow.filter((st) => st.action === 'assign').at(-1)
    return [
      `${n + 1}. ${sg.topic ? `【${sg.topic}】` : ''}${sg.content}`,
      `答复（${deptNames[assigned.department]}）：${answer.answer}`,
      `办理结果：${RESULT_LABELS[answer.resultClass]}${answer.resultClass === 'B' && plannedBy ? `，计划于${plannedBy}前解决` : ''}`,
    ].join('\n')
  })
  const digestBody = [
    `现将${PAST_HOST}“${PAST_TITLE}”政府开放日活动中收到的意见建议的${items.length}条答复公开如下（已隐去个人信息）。`,
    ...items,
    '完整的答复内容可在“开放日”的公开答复中查看。',
  ].join('\n\n')
  out.push(
    insert('posts', {
      id: DEMO_ANSWERS_POST_ID,
      agency_id: DEMO_AGENCY_ID,
      kind: 'answers',
      event_id: DEMO_PAST_EVENT_ID,
      title: `答复公开｜${PAST_TITLE}`,
      summary: cutSummary(digestBody.split('\n\n')[0]),
      body: digestBody,
      published_at: iso(digestAt),
      created_at: iso(digestAt),
      updated_at: iso(digestAt),
      author_staff_id: 'demo-staff-organizer',
      status: 'published',
    }),
  )
  return out
}

/** shared summarize() for a one-line paragraph: at most 120 characters, cut with …. */
const cutSummary = (text) => (text.length <= 120 ? text : `${text.slice(0, 119)}…`)

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

  people.push(insert('agencies', { id: DEMO_AGENCY_ID, name: '固原市农业农村局', disclosure_code: DEMO_DISCLOSURE_CODES[DEMO_AGENCY_ID] }))
  people.push(insert('agencies', { id: DEMO_SECOND_AGENCY.id, name: DEMO_SECOND_AGENCY.name, disclosure_code: DEMO_DISCLOSURE_CODES[DEMO_SECOND_AGENCY.id] }))
  // A database seeded before the codes existed gets them too (never overwriting one set since).
  for (const [id, code] of Object.entries(DEMO_DISCLOSURE_CODES)) {
    people.push(`UPDATE agencies SET disclosure_code = ${q(code)} WHERE id = ${q(id)} AND disclosure_code IS NULL`)
  }
  for (const d of DEMO_DEPARTMENTS) people.push(insert('departments', { id: d.id, agency_id: DEMO_AGENCY_ID, name: d.name, created_at: nowIso }))
  for (const d of DEMO_SECOND_AGENCY.departments) {
    people.push(insert('departments', { id: d.id, agency_id: DEMO_SECOND_AGENCY.id, name: d.name, created_at: nowIso }))
  }
  for (const s of [...DEMO_STAFF.map((s) => ({ ...s, agencyId: DEMO_AGENCY_ID })), { ...DEMO_SECOND_AGENCY.staff, agencyId: DEMO_SECOND_AGENCY.id }]) {
    people.push(
      insert('staff_users', {
        id: s.id,
        agency_id: s.agencyId,
        username: s.username,
        display_name: s.displayName,
        role: s.role,
        department_id: s.departmentId ?? null,
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
    venue_lat: DEMO_VENUE_POINTS.centre[0],
    venue_lng: DEMO_VENUE_POINTS.centre[1],
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
  people.push(upsertUpcoming(upcoming, nowIso))

  // ---- 签到点 (issue 8 part 1, docs/checkpoints.md): the lab tour's stops and talks ----
  people.push(...demoCheckpointStatements(nowIso))
  // ---- end 签到点 ----

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
      venue_lat: DEMO_VENUE_POINTS.centre[0],
      venue_lng: DEMO_VENUE_POINTS.centre[1],
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

  // ---- Door (issue 8 part 5, docs/door.md): two walk-ins (现场登记) and one manual check-in at
  // the past open day. A walk-in's participant has no phone and no openid (nobody logs in as it),
  // as POST /events/:id/walk-ins makes it; events.walk_in_count is kept by the triggers of 0015.
  PAST_WALK_INS.forEach(([name, category, organization, phone, , [id, minutes]]) => {
    const at = iso(plus(start, minutes * 60_000))
    people.push(insert('participants', { id: `${id}-participant`, phone: null, created_at: at, token_version: 0 }))
    people.push(
      insert('registrations', {
        id, event_id: DEMO_PAST_EVENT_ID, participant_id: `${id}-participant`, name, phone, category, organization,
        status: 'active', short_code: shortCode(id), created_at: at, source: 'walk_in',
      }),
    )
    people.push(
      `INSERT OR IGNORE INTO checkins (registration_id, event_id, staff_id, nonce, checked_in_at, recorded_at)
       SELECT ${q(id)}, ${q(DEMO_PAST_EVENT_ID)}, ${staffId('checker')}, ${q(nonce(id))}, ${q(at)}, ${q(at)}`,
    )
  })
  // 周玉梅 had left her phone at home: checked in by hand after a search by name.
  people.push(`UPDATE checkins SET manual_reason = '忘带手机' WHERE registration_id = 'demo-reg-past-15' AND manual_reason IS NULL`)
  // ---- end of the door block

  /** Active sign-ups of an upcoming event, each by its own account just after an SMS login. */
  const signUpAll = (list, eventId, idPrefix, createdAtOf) =>
    list.forEach(([name, category, organization, phone], i) => {
      const createdAt = createdAtOf(i)
      account(phone, plus(createdAt, -3 * 60_000))
      verify(phone, phone, plus(createdAt, -2 * 60_000))
      register({
        id: `${idPrefix}-${String(i + 1).padStart(2, '0')}`,
        eventId,
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
  // The upcoming open day's first sign-ups, over the last few hours.
  signUpAll(UPCOMING_PEOPLE, DEMO_EVENT_ID, 'demo-reg-upcoming', (i) => plus(now, -(UPCOMING_PEOPLE.length - i) * 37 * 60_000))

  // ---- 候补 (issue 8 §4, docs/waitlist.md): the second agency's 阳光厨房 day is full (8 of 8)
  // and three people wait, the demo citizen second. Moved forward like the upcoming day once
  // ended. An entry keeps the sign-up details while open, as POST /events/:id/waitlist stores them.
  const kitchen = kitchenEvent(now)
  people.push(upsertUpcoming(kitchen, nowIso))
  const kitchenOpens = shanghaiDay(now, -4, 9)
  signUpAll(KITCHEN_PEOPLE, DEMO_SECOND_AGENCY.kitchenEventId, 'demo-reg-kitchen', (i) => plus(kitchenOpens, 20 * 60_000 + i * 3 * HOUR))
  KITCHEN_WAITING.forEach(([name, category, organization, phone], i) => {
    const joined = plus(now, -(KITCHEN_WAITING.length - i) * 5 * HOUR)
    const at = iso(joined)
    account(phone, plus(joined, -3 * 60_000))
    verify(phone, phone, plus(joined, -2 * 60_000))
    people.push(
      `INSERT OR IGNORE INTO waitlist_entries (id, event_id, participant_id, position, name, phone, category, organization, status, changed_by, created_at, updated_at)
       SELECT ${[`demo-wait-kitchen-${i + 1}`, DEMO_SECOND_AGENCY.kitchenEventId].map(q).join(', ')}, id, ${i + 1}, ${[name, phone, category, organization].map(q).join(', ')},
              'waiting', 'participant', ${q(at)}, ${q(at)}
       FROM participants WHERE phone = ${q(phone)}`,
    )
  })
  // ---- end 候补

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
        public_consent: s.publicConsent ? 1 : 0,
        created_at: iso(createdAt),
      }),
    )
    people.push(...flowSteps(`demo-suggestion-${i + 1}`, s.flow ?? [], { now, eventDay: day, index: i }))
  })
  people.push(...secondAgencyStatements(now, nowIso))
  people.push(...feedAndMessages(now, day, upcoming, kitchen))
  people.push(...summaryStatements(now, day))
  people.push(...seatStatements(nowIso, upcoming.registration_closes_at))

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

// ---------------------------------------------------------------------------------------------
// Seats (issue 8 §3, docs/seats.md): the upcoming open day keeps 5 seats for 人大代表 and 5 for
// 政协委员 (the other 20 are the general pool), with one group invitation for each, valid until
// registration closes. Quotas are set only on an event that has none, so a second run (or an
// organiser's own allocation) changes nothing.

/** The demo invitations: category, uses, label, and the code (17 readable characters). */
export const DEMO_INVITATIONS = [
  { id: 'demo-invitation-npc', category: 'npc_deputy', maxUses: 5, label: '市人大常委会联络处', code: 'RDDB26KFR7QM3XHW9' },
  { id: 'demo-invitation-cppcc', category: 'cppcc_member', maxUses: 5, label: '市政协提案委', code: 'ZXWY26KFR9TW4PDM8' },
]
export const DEMO_QUOTAS = { npc_deputy: 5, cppcc_member: 5 }

function seatStatements(nowIso, closesAt) {
  const out = [
    `UPDATE events SET quotas = ${q(JSON.stringify(DEMO_QUOTAS))} WHERE id = ${q(DEMO_EVENT_ID)} AND quotas = '{}'`,
  ]
  for (const inv of DEMO_INVITATIONS) {
    if (!/^[2-9A-HJ-NP-TV-Z]{17}$/.test(inv.code)) throw new Error(`not an invitation code: ${inv.code}`)
    out.push(
      `INSERT OR IGNORE INTO invitations (id, event_id, code, category, max_uses, used_count, expires_at, label, revoked_at, created_by, created_at)
       SELECT ${q(inv.id)}, ${q(DEMO_EVENT_ID)}, ${q(inv.code)}, ${q(inv.category)}, ${inv.maxUses}, 0, ${q(closesAt)}, ${q(inv.label)}, NULL,
              (SELECT id FROM staff_users WHERE username = 'demo'), ${q(nowIso)}`,
    )
  }
  return out
}

