// The agency's evaluation report and downloads (part 7): per aspect the count at each level, the
// average and the 百分制 index over the published events starting in the period, only from the
// published counters (steps of 5 answers), nothing below 5; the agency's CSVs; who may read them.
// Fixed clock: Tue 2026-03-10 10:00 Shanghai, so the default period is 2025-03-11 … 2026-03-10.
import { SELF } from 'cloudflare:test'
import { SCORE_DIMENSION_CODES } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff } from './support/fixtures'
import { createDepartment, seedPublishedEvaluation, seedSuggestion } from './support/metrics'

const at = (iso: string) => ({ startAt: iso, endAt: new Date(Date.parse(iso) + 3 * 3600_000).toISOString(), registrationOpensAt: '2024-01-01T00:00:00.000Z', registrationClosesAt: iso })
const each = <T,>(v: T) => Object.fromEntries(SCORE_DIMENSION_CODES.map((d) => [d, v]))

async function seeded() {
  const agency = await createAgency('固原市农业农村局')
  const organizer = await createStaff(agency.id, 'organizer')
  // 5 published of 7 live answers: 3, 4, 5, 5, 5 → 4.4.
  const feb = await createPublishedEvent(agency.id, { title: '二月开放日', ...at('2026-02-02T02:00:00.000Z') })
  await seedPublishedEvaluation(feb.id, [0, 0, 1, 1, 3], [0, 0, 1, 1, 5])
  // 10 published: five 4s and five 5s → 4.5.
  const jan = await createPublishedEvent(agency.id, { title: '一月开放日', ...at('2026-01-10T02:00:00.000Z') })
  await seedPublishedEvaluation(jan.id, [0, 0, 0, 5, 5])
  // 4 live answers, none published: nothing shown, nothing added to the total.
  const mar = await createPublishedEvent(agency.id, { title: '三月开放日', ...at('2026-03-01T02:00:00.000Z') })
  await seedPublishedEvaluation(mar.id, [0, 0, 0, 0, 0], [4, 0, 0, 0, 0])
  // Outside the period, and another agency's: never counted.
  const old = await createPublishedEvent(agency.id, { title: '前年开放日', ...at('2024-06-03T02:00:00.000Z') })
  await seedPublishedEvaluation(old.id, [5, 0, 0, 0, 0])
  const other = await createAgency()
  await seedPublishedEvaluation((await createPublishedEvent(other.id, at('2026-02-02T02:00:00.000Z'))).id, [5, 0, 0, 0, 0])
  return { agency, organizer, feb, jan, mar, other }
}

const hidden = { count: 0, averages: null, overall: null, distribution: null }

describe('GET /staff/evaluation-report', () => {
  it('sums the published counters of the events in the period; each event from 5 answers only', async () => {
    const { organizer, feb, jan, mar } = await seeded()
    const res = await api('/staff/evaluation-report', { token: organizer.token })
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(2) // the session check, then one batch
    // 15 answers: 1 × 3, 6 × 4, 8 × 5 = 67 → 4.47 (百分制 89.3, from 67 ÷ 15); the 2 unpublished 5s are not in it.
    expect(res.json).toStrictEqual({
      period: { from: '2025-03-11', to: '2026-03-10' },
      overall: { count: 15, averages: each(4.47), overall: 4.47, distribution: each([0, 0, 1, 6, 8]) },
      events: [
        { id: mar.id, title: '三月开放日', startAt: '2026-03-01T02:00:00.000Z', figures: hidden },
        { id: feb.id, title: '二月开放日', startAt: '2026-02-02T02:00:00.000Z', figures: { count: 5, averages: each(4.4), overall: 4.4, distribution: each([0, 0, 1, 1, 3]) } },
        { id: jan.id, title: '一月开放日', startAt: '2026-01-10T02:00:00.000Z', figures: { count: 10, averages: each(4.5), overall: 4.5, distribution: each([0, 0, 0, 5, 5]) } },
      ],
    })
  })

  it('takes a period, and shows nothing below 5 answers for the agency either', async () => {
    const { organizer } = await seeded()
    const feb = await api('/staff/evaluation-report?from=2026-02-01&to=2026-02-28', { token: organizer.token })
    expect(feb.json.overall).toStrictEqual({ count: 5, averages: each(4.4), overall: 4.4, distribution: each([0, 0, 1, 1, 3]) })
    const march = await api('/staff/evaluation-report?from=2026-03-01&to=2026-03-10', { token: organizer.token })
    expect(march.json.overall).toStrictEqual(hidden)
    const bad = await api('/staff/evaluation-report?from=2026-03-10&to=2026-03-01', { token: organizer.token })
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'to' })
  })

  it('is for admins and organizers, of their own agency', async () => {
    const { agency, other } = await seeded()
    for (const path of ['/staff/evaluation-report', '/staff/evaluation.csv', '/staff/suggestions.csv']) {
      expect((await api(path)).status, path).toBe(401)
      expect((await api(path, { token: (await createParticipant()).token })).status, path).toBe(403)
      for (const role of ['handler', 'checker'] as const) expect((await api(path, { token: (await createStaff(agency.id, role)).token })).status, `${path} ${role}`).toBe(403)
      expect((await api(path, { token: (await createStaff(agency.id, 'admin')).token })).status, path).toBe(200)
    }
    // Another agency's admin reads its own figures: its one event of 5 answers, all 1s.
    const theirs = await api('/staff/evaluation-report', { token: (await createStaff(other.id, 'admin')).token })
    expect(theirs.json.overall.distribution).toStrictEqual(each([5, 0, 0, 0, 0]))
    expect(theirs.json.events).toHaveLength(1)
  })
})

async function download(path: string, token: string) {
  const res = await SELF.fetch(`http://openday.test/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes) }
}

describe("the agency's downloads", () => {
  it('测评结果: the agency table, then one line per event (below 5: not shown)', async () => {
    const { organizer } = await seeded()
    const res = await download('/staff/evaluation.csv', organizer.token)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="evaluation-2025-03-11-2026-03-10.csv"; filename*=UTF-8''${encodeURIComponent('测评结果-2025-03-11至2026-03-10')}.csv`,
    )
    const aspect = (name: string) => `"${name}","0","0","1","6","8","4.47","89.3"\r\n`
    expect(res.text).toBe(
      '\uFEFF"本单位 2025-03-11 至 2026-03-10 开始的活动"\r\n' +
        '"测评项目","非常不满意(1分)","不满意(2分)","基本满意(3分)","满意(4分)","非常满意(5分)","平均分","百分制指数"\r\n' +
        ['监管措施', '监管成效', '办事程序', '服务质量', '工作作风', '廉政纪律'].map(aspect).join('') +
        '"总体","","","","","","4.47","89.3"\r\n"测评人数：15"\r\n\r\n' +
        '"活动","开始时间","测评人数","总体平均分","百分制指数"\r\n' +
        '"三月开放日","2026-03-01 10:00","测评人数不足5人，暂不显示","",""\r\n' +
        '"二月开放日","2026-02-02 10:00","5","4.4","88"\r\n' +
        '"一月开放日","2026-01-10 10:00","10","4.5","90"\r\n',
    )
  })

  it('意见建议表: every suggestion of the agency submitted in the period, with its event; contacts masked', async () => {
    const { agency, organizer, feb, other } = await seeded()
    const testing = await createDepartment(agency.id, '检测科')
    const s1 = await seedSuggestion(feb.id, {
      createdAt: '2026-03-02T02:00:00.000Z',
      content: '停车难，电话13812345678',
      contact: '13812345678',
      steps: [{ action: 'assign', at: '2026-03-02T03:00:00.000Z', departmentId: testing.id }],
    })
    await seedSuggestion(feb.id, { createdAt: '2025-03-10T15:59:59.999Z', content: '期间之前' })
    await seedSuggestion((await createPublishedEvent(other.id)).id, { createdAt: '2026-03-02T02:00:00.000Z', content: '他局意见' })
    const res = await download('/staff/suggestions.csv', organizer.token)
    expect(res.status).toBe(200)
    expect(Array.from(res.bytes.slice(0, 3))).toStrictEqual([0xef, 0xbb, 0xbf])
    expect(res.text).toBe(
      '\uFEFF"受理编号","活动","提交时间","主题","内容","联系电话","状态","承办部门","转办时间","答复期限","答复时间","答复分类","计划完成日期","评价","重办次数","办结方式","办结时间"\r\n' +
        `"M${s1.id.slice(0, 10).toUpperCase()}","二月开放日","2026-03-02 10:00","","停车难，电话138****5678","138****5678","办理中","检测科","2026-03-02 11:00","2026-03-09 23:59","","","","","0","",""\r\n`,
    )
  })
})
