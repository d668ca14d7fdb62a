// Staff CSV downloads (part 7): exact bytes (BOM, CRLF, quoting), masked contacts, the evaluation
// table only from 5 published answers, and who may download.
import { describe, expect, it } from 'vitest'
import { SELF } from 'cloudflare:test'
import { createAgency, createParticipant, createPublishedEvent, createStaff } from './support/fixtures'
import { createDepartment, seedPublishedEvaluation, seedSuggestion } from './support/metrics'

async function download(path: string, token?: string) {
  const res = await SELF.fetch(`http://openday.test/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes) }
}

async function seeded() {
  const agency = await createAgency()
  const organizer = await createStaff(agency.id, 'organizer')
  const event = await createPublishedEvent(agency.id, { startAt: '2026-02-02T02:00:00.000Z', endAt: '2026-02-02T05:00:00.000Z', registrationOpensAt: '2026-01-01T00:00:00.000Z', registrationClosesAt: '2026-02-02T02:00:00.000Z' })
  const testing = await createDepartment(agency.id, '检测科')
  const answered = await seedSuggestion(event.id, {
    createdAt: '2026-03-02T02:00:00.000Z',
    topic: '停车',
    content: '停车难，"周末"尤其，电话13812345678',
    contact: '13812345678',
    steps: [
      { action: 'assign', at: '2026-03-02T03:00:00.000Z', departmentId: testing.id },
      { action: 'answer', at: '2026-03-05T02:00:00.000Z', answer: '已增设车位', resultClass: 'B', plannedBy: '2026-06-30' },
      { action: 'rate', at: '2026-03-05T06:00:00.000Z', rating: 4 },
    ],
  })
  const received = await seedSuggestion(event.id, { createdAt: '2026-03-09T02:00:00.000Z', content: '=1+1 建议' })
  return { agency, organizer, event, answered, received }
}

describe('GET /staff/events/:id/suggestions.csv', () => {
  it('is UTF-8 with BOM, CRLF and RFC 4180 quoting, contacts and numbers masked', async () => {
    const { organizer, event, answered, received } = await seeded()
    const res = await download(`/staff/events/${event.id}/suggestions.csv`, organizer.token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="suggestions-${event.id}.csv"; filename*=UTF-8''${encodeURIComponent(`意见建议-${event.id}`)}.csv`,
    )
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(Array.from(res.bytes.slice(0, 3))).toStrictEqual([0xef, 0xbb, 0xbf])
    const code = (id: string) => `M${id.slice(0, 10).toUpperCase()}`
    expect(res.text).toBe(
      '\uFEFF' +
        '"受理编号","提交时间","主题","内容","联系电话","状态","承办部门","转办时间","答复期限","答复时间","答复分类","计划完成日期","评价","重办次数","办结方式","办结时间"\r\n' +
        `"${code(answered.id)}","2026-03-02 10:00","停车","停车难，""周末""尤其，电话138****5678","138****5678","已办结","检测科","2026-03-02 11:00","2026-03-09 23:59","2026-03-05 10:00","B 正在解决或已列入计划","2026-06-30","满意","0","满意办结","2026-03-05 14:00"\r\n` +
        `"${code(received.id)}","2026-03-09 10:00","","'=1+1 建议","","已受理","","","","","","","","0","",""\r\n`,
    )
    expect(res.text).not.toContain('13812345678')
  })

  it('is for admins and organizers of the event\'s agency only', async () => {
    const { agency, event } = await seeded()
    const path = `/staff/events/${event.id}/suggestions.csv`
    const other = await createStaff((await createAgency()).id, 'admin')
    const participant = await createParticipant()
    expect((await download(path)).status).toBe(401)
    expect((await download(path, participant.token)).status).toBe(403)
    for (const role of ['checker', 'handler'] as const) {
      expect((await download(path, (await createStaff(agency.id, role)).token)).status, role).toBe(403)
    }
    expect((await download(path, other.token)).status).toBe(403)
    expect((await download(path, (await createStaff(agency.id, 'admin')).token)).status).toBe(200)
    expect((await download(`/staff/events/nope/suggestions.csv`, (await createStaff(agency.id, 'admin')).token)).status).toBe(404)
  })
})

describe('GET /staff/events/:id/evaluation.csv', () => {
  it('shows nothing below 5 published answers, even with 5 live ones', async () => {
    const { organizer, event } = await seeded()
    await seedPublishedEvaluation(event.id, [0, 0, 1, 1, 2], [0, 0, 1, 1, 3])
    const res = await download(`/staff/events/${event.id}/evaluation.csv`, organizer.token)
    expect(res.status).toBe(200)
    expect(res.text).toBe(
      '\uFEFF"测评项目","非常不满意(1分)","不满意(2分)","基本满意(3分)","满意(4分)","非常满意(5分)","平均分","百分制指数"\r\n"测评人数不足5人，暂不显示"\r\n',
    )
  })

  it('gives each aspect\'s counts per level, the average and the 百分制 index', async () => {
    const { organizer, event, agency } = await seeded()
    await seedPublishedEvaluation(event.id, [0, 0, 1, 1, 3])
    const res = await download(`/staff/events/${event.id}/evaluation.csv`, organizer.token)
    const aspect = (name: string) => `"${name}","0","0","1","1","3","4.4","88"\r\n`
    expect(res.text).toBe(
      '\uFEFF"测评项目","非常不满意(1分)","不满意(2分)","基本满意(3分)","满意(4分)","非常满意(5分)","平均分","百分制指数"\r\n' +
        ['监管措施', '监管成效', '办事程序', '服务质量', '工作作风', '廉政纪律'].map(aspect).join('') +
        '"总体","","","","","","4.4","88"\r\n"测评人数：5"\r\n',
    )
    expect((await download(`/staff/events/${event.id}/evaluation.csv`, (await createStaff(agency.id, 'checker')).token)).status).toBe(403)
  })
})
