// Lists that leave the system (issue 8 part 6, docs/door.md): the registrations and the check-in
// log (entrance and points, with in/out and the source) as CSV with BOM, masked by default; the full
// list for admins with a reason only, audited in the read's batch; organizers and checkers refused.
import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, signUp } from './support/fixtures'
import { setNow } from './support/clock'

async function download(path: string, token?: string) {
  const res = await SELF.fetch(`http://openday.test/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes) }
}

const at = (hhmm: string) => `2026-03-10T${hhmm}:00.000Z`

/** 09:00–12:00 Shanghai today; four people: scanned, manual, cancelled, walk-in; a stop with an exit. */
async function seeded() {
  const agency = await createAgency()
  const admin = await createStaff(agency.id, 'admin')
  const organizer = await createStaff(agency.id, 'organizer')
  const checker = await createStaff(agency.id, 'checker')
  const event = await createPublishedEvent(agency.id, {
    startAt: at('01:00'),
    endAt: at('04:00'),
    registrationOpensAt: '2026-03-01T00:00:00.000Z',
    registrationClosesAt: at('03:00'),
  })
  const reg = async (time: string, name: string, phone: string, category: any, organization?: string) => {
    setNow(at(time))
    const p = await createParticipant()
    const res = await signUp(event.id, p.token, { name, phone, category, ...(organization ? { organization } : {}) })
    expect(res.status).toBe(201)
    return { ...res.json.registration, token: p.token }
  }
  const a = await reg('01:40', '欧阳娜娜', '13800001234', 'npc_deputy', '市人大')
  const b = await reg('01:41', '张三丰', '13911115678', 'media')
  const c = await reg('01:42', '李四', '13922229999', 'citizen')
  setNow(at('01:43'))
  await api(`/me/registrations/${c.id}`, { method: 'DELETE', token: c.token })
  setNow(at('02:00'))
  expect((await api(`/events/${event.id}/checkins`, { body: { ticket: a.ticket }, token: checker.token })).json.result).toBe('checked_in')
  setNow(at('02:05'))
  expect((await api(`/events/${event.id}/checkins/manual`, { body: { registrationId: b.id, reason: '忘带手机' }, token: checker.token })).status).toBe(200)
  setNow(at('02:10'))
  expect((await api(`/events/${event.id}/walk-ins`, { body: { name: '刘备', phone: '13512345678', category: 'community_worker', organization: '东关街道' }, token: checker.token })).status).toBe(201)
  const cp = crypto.randomUUID()
  await env.DB.batch([
    env.DB.prepare(`INSERT INTO checkpoints (id, event_id, name, position, created_at) VALUES (?1, ?2, '气相色谱仪', 1, ?3)`).bind(cp, event.id, at('00:00')),
    env.DB.prepare(
      `INSERT INTO checkpoint_scans (checkpoint_id, registration_id, event_id, source, nonce, checked_in_at, recorded_at, exited_at)
       VALUES (?1, ?2, ?3, 'self', 'n-cp-1', ?4, ?4, ?5)`,
    ).bind(cp, a.id, event.id, at('02:15'), at('02:20')),
    env.DB.prepare(`UPDATE checkins SET exited_at = ?2 WHERE registration_id = ?1`).bind(a.id, at('02:30')),
  ])
  setNow(at('05:00'))
  return { agency, admin, organizer, checker, event }
}

const csv = (rows: string[][]) => '\uFEFF' + rows.map((r) => r.map((f) => `"${f}"`).join(',') + '\r\n').join('')

const REG_HEADER = ['序号', '姓名', '手机号', '身份类别', '工作单位', '报名方式', '报名状态', '报名时间', '取消时间', '签到时间', '签到方式']
const LOG_HEADER = ['时间', '签到点', '类型', '姓名', '手机号', '身份类别', '方式', '手动签到原因', '工作人员']

function registrationRows(full: boolean) {
  const n = (fullName: string, masked: string) => (full ? fullName : masked)
  return [
    REG_HEADER,
    ['1', n('欧阳娜娜', '欧***'), n('13800001234', '138****1234'), '人大代表', '市人大', '网上报名', '有效', '2026-03-10 09:40', '', '2026-03-10 10:00', '扫码签到'],
    ['2', n('张三丰', '张**'), n('13911115678', '139****5678'), '新闻媒体', '', '网上报名', '有效', '2026-03-10 09:41', '', '2026-03-10 10:05', '手动签到（忘带手机）'],
    ['3', n('李四', '李*'), n('13922229999', '139****9999'), '市民代表', '', '网上报名', '已取消', '2026-03-10 09:42', '2026-03-10 09:43', '', ''],
    ['4', n('刘备', '刘*'), n('13512345678', '135****5678'), '社区工作者', '东关街道', '现场登记', '有效', '2026-03-10 10:10', '', '2026-03-10 10:10', '现场登记'],
  ]
}

function logRows(full: boolean, staffName: string) {
  const ou = full ? ['欧阳娜娜', '13800001234'] : ['欧***', '138****1234']
  return [
    LOG_HEADER,
    ['2026-03-10 10:00', '入口', '签到', ...ou, '人大代表', '工作人员扫码', '', staffName],
    ['2026-03-10 10:05', '入口', '签到', ...(full ? ['张三丰', '13911115678'] : ['张**', '139****5678']), '新闻媒体', '手动签到', '忘带手机', staffName],
    ['2026-03-10 10:10', '入口', '签到', ...(full ? ['刘备', '13512345678'] : ['刘*', '135****5678']), '社区工作者', '现场登记', '', staffName],
    ['2026-03-10 10:15', '气相色谱仪', '签到', ...ou, '人大代表', '本人扫码', '', ''],
    ['2026-03-10 10:20', '气相色谱仪', '签出', ...ou, '人大代表', '本人扫码', '', ''],
    ['2026-03-10 10:30', '入口', '签出', ...ou, '人大代表', '工作人员扫码', '', ''],
  ]
}

const audits = (eventId: string) =>
  env.DB.prepare(`SELECT staff_id, agency_id, what, reason, row_count, created_at FROM export_audit WHERE event_id = ?1 ORDER BY created_at, what`)
    .bind(eventId)
    .all()
    .then((r) => r.results)

describe('CSV exports: masked by default', () => {
  it('registrations: BOM, the columns, names and phones masked, for admins and organizers; no audit', async () => {
    const { admin, organizer, event } = await seeded()
    for (const who of [admin, organizer]) {
      const res = await download(`/staff/events/${event.id}/registrations.csv`, who.token)
      expect(res.status).toBe(200)
      expect(Array.from(res.bytes.slice(0, 3))).toStrictEqual([0xef, 0xbb, 0xbf])
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="registrations-${event.id}.csv"; filename*=UTF-8''${encodeURIComponent(`报名名单-${event.id}`)}.csv`,
      )
      expect(res.headers.get('cache-control')).toBe('private, no-store')
      expect(res.text).toBe(csv(registrationRows(false)))
    }
    expect(await audits(event.id)).toEqual([])
  })

  it('check-in log: entrance and points, in and out, scanned / self / manual with reason / walk-in', async () => {
    const { organizer, checker, event } = await seeded()
    const res = await download(`/staff/events/${event.id}/checkins.csv`, organizer.token)
    expect(res.status).toBe(200)
    expect(res.text).toBe(csv(logRows(false, `工作人员${checker.id.slice(0, 2)}`)))
    expect(res.text).not.toMatch(/娜娜|13800001234|三丰|刘备/)
  })
})

describe('full exports: admins with a reason, audited in the same batch', () => {
  it('an admin with a reason gets names and phones; the audit row says who, when, what, why and how many', async () => {
    const { agency, admin, checker, event } = await seeded()
    const reason = '报送区人大代表联络办核对名单'
    const regs = await download(`/staff/events/${event.id}/registrations.csv?full=1&reason=${encodeURIComponent(reason)}`, admin.token)
    expect(regs.status).toBe(200)
    expect(regs.text).toBe(csv(registrationRows(true)))
    expect(regs.headers.get('content-disposition')).toBe(
      `attachment; filename="registrations-full-${event.id}.csv"; filename*=UTF-8''${encodeURIComponent(`报名名单-完整-${event.id}`)}.csv`,
    )
    const log = await download(`/staff/events/${event.id}/checkins.csv?full=1&reason=${encodeURIComponent(reason)}`, admin.token)
    expect(log.text).toBe(csv(logRows(true, `工作人员${checker.id.slice(0, 2)}`)))
    expect(await audits(event.id)).toEqual([
      { staff_id: admin.id, agency_id: agency.id, what: 'checkins', reason, row_count: 6, created_at: at('05:00') },
      { staff_id: admin.id, agency_id: agency.id, what: 'registrations', reason, row_count: 4, created_at: at('05:00') },
    ])
  })

  it('no reason, or too short: 400 and nothing audited', async () => {
    const { admin, event } = await seeded()
    for (const q of ['?full=1', '?full=1&reason=', '?full=1&reason=%E6%9F%A5']) {
      const res = await download(`/staff/events/${event.id}/registrations.csv${q}`, admin.token)
      expect(res.status, q).toBe(400)
      expect(JSON.parse(res.text)).toEqual({ error: { code: 'VALIDATION_FAILED', message: '完整导出须填写用途（至少4个字），将记入审计日志', field: 'reason' } })
    }
    expect(await audits(event.id)).toEqual([])
  })

  it('organizers get masked only; checkers, handlers, other agencies and participants nothing', async () => {
    const { agency, organizer, checker, event } = await seeded()
    const full = `?full=1&reason=${encodeURIComponent('核对名单用途')}`
    for (const what of ['registrations', 'checkins']) {
      const path = `/staff/events/${event.id}/${what}.csv`
      const refused = await download(path + full, organizer.token)
      expect(refused.status).toBe(403)
      expect(JSON.parse(refused.text)).toEqual({ error: { code: 'FORBIDDEN', message: '完整导出仅限管理员；您可以导出脱敏名单' } })
      for (const token of [checker.token, (await createStaff(agency.id, 'handler')).token]) {
        expect((await download(path, token)).status).toBe(403)
        expect((await download(path + full, token)).status).toBe(403)
      }
      const stranger = await createStaff((await createAgency()).id, 'admin')
      expect((await download(path + full, stranger.token)).status).toBe(403)
      expect((await download(path, (await createParticipant()).token)).status).toBe(403)
      expect((await download(path)).status).toBe(401)
      expect((await download(`/staff/events/nope/${what}.csv`, stranger.token)).status).toBe(404)
    }
    expect(await audits(event.id)).toEqual([])
  })
})
