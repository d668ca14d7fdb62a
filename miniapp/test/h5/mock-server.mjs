// Preview server for the H5 build with an in-memory fake of /api/v1 (no database, no Worker).
// Usage: node test/h5/mock-server.mjs [port]   then open http://127.0.0.1:<port>/
// Only for looking at the UI and screenshots; the real contract is tested against the API.
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../dist/h5/', import.meta.url))
const port = Number(process.argv[2] ?? 4173)
const day = 24 * 3600 * 1000
const iso = (ms) => new Date(ms).toISOString()
const now = Date.now()

const events = [
  {
    id: 'ev1',
    title: "掌稳农产品安全之舵 守护百姓'舌尖上的安全'",
    agencyName: '固原市农业农村局',
    agencyId: 'ag1',
    hostUnit: '农产品质量安全监管中心',
    venue: '固原市原州区农产品质量安全检测实验室（文化街 88 号）',
    startAt: iso(now + 10 * day),
    endAt: iso(now + 10 * day + 2 * 3600 * 1000),
    registrationOpensAt: iso(now - day),
    registrationClosesAt: iso(now + 9 * day),
    capacity: 30,
    seatsLeft: 12,
    status: 'published',
    description: '走进检测实验室，了解农产品从田间到餐桌的质量安全监管全过程。',
    agenda: [
      { time: '09:30', title: '签到入场' },
      { time: '09:40-10:10', title: '职能介绍与监管工作情况通报' },
      { time: '10:10-11:00', title: '参观样品前处理、农残检测实验室及气相色谱仪等仪器' },
      { time: '11:00-11:30', title: '面对面交流答疑' },
    ],
    targetGroups: ['npc_deputy', 'cppcc_member', 'citizen', 'media'],
    contactPhone: '0954-2035678',
    publishedAt: iso(now - 2 * day),
    noticeOverrideReason: null,
  },
  {
    id: 'ev2',
    title: '走进市场监管：食品快检实验室开放日',
    agencyName: '固原市市场监督管理局',
    agencyId: 'ag2',
    hostUnit: '食品检验检测中心',
    venue: '固原市检验检测中心二楼',
    startAt: iso(now + 20 * day),
    endAt: iso(now + 20 * day + 3 * 3600 * 1000),
    registrationOpensAt: iso(now - day),
    registrationClosesAt: iso(now + 19 * day),
    capacity: 40,
    seatsLeft: 0,
    status: 'published',
    description: null,
    agenda: [],
    targetGroups: [],
    contactPhone: null,
    publishedAt: iso(now - 2 * day),
    noticeOverrideReason: null,
  },
]
const summary = ({ description, agenda, targetGroups, contactPhone, publishedAt, noticeOverrideReason, agencyId, ...s }) => s

const registrations = [
  {
    id: 'r1',
    eventId: 'ev1',
    event: { title: events[0].title, venue: events[0].venue, startAt: events[0].startAt, endAt: events[0].endAt },
    name: '张三',
    phoneMasked: '138****5678',
    category: 'citizen',
    organization: null,
    status: 'active',
    shortCode: 'ABCD2345',
    ticket: 'v1.eyJyIjoicjEiLCJlIjoiZXYxIn0.c2lnbmF0dXJlLWZvci1wcmV2aWV3LW9ubHktbm90LXJlYWwtZWQyNTUxOQ',
    createdAt: iso(now - day),
    checkedInAt: null,
    evaluated: false,
  },
]

const outcomes = [
  { result: 'checked_in', attendee: { nameMasked: '张*', category: 'citizen' } },
  { result: 'already_checked_in', attendee: { nameMasked: '李**', category: 'npc_deputy' }, checkedInAt: iso(now - 600000), checkedInBy: '王核验' },
  { result: 'invalid' },
]
let scanCount = 0

function api(method, path, body) {
  const m = (re) => path.match(re)
  if (method === 'GET' && path === '/events') return [200, { events: events.map(summary) }]
  if (method === 'GET' && m(/^\/events\/([^/]+)$/)) {
    const e = events.find((x) => x.id === m(/^\/events\/([^/]+)$/)[1])
    return e ? [200, { event: e }] : [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
  }
  if (method === 'POST' && path === '/auth/sms/send') return [200, { sent: true, expiresIn: 300, resendIn: 60, devCode: '123456' }]
  if (method === 'POST' && path === '/auth/sms/verify')
    return body.code === '123456'
      ? [200, { token: 'p-token', participant: { id: 'p1', phoneMasked: '138****5678' } }]
      : [400, { error: { code: 'SMS_CODE_INVALID', message: '验证码错误，请重新输入', field: 'code' } }]
  if (method === 'POST' && path === '/auth/staff/login')
    return body.password === 'secret'
      ? [200, { token: 's-token', staff: { id: 's1', username: body.username, displayName: '王核验', role: 'organizer', agencyId: 'ag1', agencyName: '固原市农业农村局' } }]
      : [401, { error: { code: 'LOGIN_FAILED', message: '用户名或密码错误' } }]
  if (method === 'GET' && path === '/me/registrations') return [200, { registrations }]
  if (method === 'POST' && m(/^\/events\/[^/]+\/registrations$/)) return [201, { registration: registrations[0] }]
  if (method === 'DELETE' && m(/^\/me\/registrations\//)) return [200, { registration: { ...registrations[0], status: 'cancelled', ticket: null } }]
  if (method === 'POST' && m(/^\/events\/[^/]+\/suggestions$/)) return [201, { trackingCode: 'YJ7K2M9Q', status: 'received' }]
  if (method === 'GET' && m(/^\/suggestions\//))
    return [200, { suggestion: { trackingCode: 'YJ7K2M9Q', eventId: 'ev1', eventTitle: events[0].title, topic: '办事流程', content: '建议在实验室门口增加引导标识。', status: 'replied', createdAt: iso(now - 3 * day), reply: '感谢您的建议，我们已在入口处增设引导标识和讲解员。', repliedAt: iso(now - day) } }]
  if (method === 'GET' && path === '/staff/events') return [200, { events: [...events.map(summary), { ...summary(events[1]), id: 'ev3', title: '2027年春季开放日（草稿）', status: 'draft' }] }]
  if (method === 'POST' && m(/^\/events\/[^/]+\/checkins$/)) return [200, outcomes[scanCount++ % outcomes.length]]
  if (method === 'GET' && m(/^\/events\/[^/]+\/dashboard$/))
    return [200, { eventId: 'ev1', capacity: 30, registered: 18, checkedIn: 11, byCategory: [{ category: 'citizen', registered: 10, checkedIn: 6 }, { category: 'npc_deputy', registered: 5, checkedIn: 4 }, { category: 'media', registered: 3, checkedIn: 1 }], suggestions: 4, evaluations: { count: 6, averages: { measures: 4.5, results: 4.33, procedures: 4.17, service: 4.67, conduct: 4.5, integrity: 4.83 }, overall: 4.5 }, updatedAt: new Date().toISOString() }]
  if (method === 'POST' && m(/^\/events\/[^/]+\/evaluations$/)) return [201, { ok: true }]
  if (method === 'POST' && path === '/events') return [201, { event: { ...events[0], id: 'ev9', status: 'draft' } }]
  if (method === 'POST' && m(/^\/events\/[^/]+\/publish$/))
    return body.overrideReason ? [200, { event: { ...events[0], status: 'published' } }] : [409, { error: { code: 'NOTICE_TOO_SHORT', message: '活动开始前须至少提前5个工作日发布预告；如确需发布，请填写说明理由', earliestStartDate: '2026-12-11', workingDays: 3 } }]
  return [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' }

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x')
  if (url.pathname.startsWith('/api/v1/')) {
    let raw = ''
    for await (const c of req) raw += c
    const [status, body] = api(req.method, url.pathname.slice('/api/v1'.length), raw ? JSON.parse(raw) : {})
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    return res.end(JSON.stringify(body))
  }
  let file = normalize(join(root, url.pathname))
  if (!file.startsWith(root)) return res.writeHead(403).end()
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
    const data = await readFile(file)
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
    res.end(data)
  } catch {
    res.writeHead(404).end('not found')
  }
}).listen(port, '127.0.0.1', () => console.log(`preview on http://127.0.0.1:${port}/`))
