// The citizen's side: the form's consent and contact, the public view with its timeline, the
// 好差评 rating, and 我的意见.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createParticipant, markPhoneVerified } from './support/fixtures'
import { setNow } from './support/clock'
import { agencySetup, post, refreshTokens, submit } from './support/handling'

const row = (code: string) =>
  env.DB.prepare('SELECT contact, anonymous, public_consent, participant_id FROM suggestions WHERE tracking_code = ?').bind(code).first()

describe('the suggestion form', () => {
  it('stores publicConsent, a mainland mobile contact and the logged-in submitter', async () => {
    const t = await agencySetup()
    const me = await createParticipant()
    const s = await submit(t.event.id, { publicConsent: true, contact: ' 13812345678 ' }, me.token)
    expect(await row(s.code)).toStrictEqual({ contact: '13812345678', anonymous: 0, public_consent: 1, participant_id: me.id })
    const plain = await submit(t.event.id)
    expect(await row(plain.code)).toStrictEqual({ contact: null, anonymous: 0, public_consent: 0, participant_id: null })
  })

  it('anonymous drops the contact and the login; a staff token is not a submitter', async () => {
    const t = await agencySetup()
    const me = await createParticipant()
    const anon = await submit(t.event.id, { anonymous: true, contact: '13812345678', publicConsent: true }, me.token)
    expect(await row(anon.code)).toStrictEqual({ contact: null, anonymous: 1, public_consent: 1, participant_id: null })
    const byStaff = await submit(t.event.id, {}, t.admin.token)
    expect(await row(byStaff.code)).toStrictEqual({ contact: null, anonymous: 0, public_consent: 0, participant_id: null })
  })

  it('refuses a contact that is not a mainland mobile, and nothing is stored', async () => {
    const t = await agencySetup()
    for (const contact of ['me@example.com', '王先生 15809546612', '1380000111', '12812345678']) {
      const res = await api(`/events/${t.event.id}/suggestions`, { body: { content: '建议', contact } })
      expect([res.status, res.json.error]).toStrictEqual([400, { code: 'VALIDATION_FAILED', field: 'contact', message: '请输入正确的11位手机号码' }])
    }
    const n = await env.DB.prepare('SELECT count(*) AS n FROM suggestions WHERE event_id = ?').bind(t.event.id).first()
    expect(n).toStrictEqual({ n: 0 })
  })
})

describe('GET /suggestions/:trackingCode', () => {
  it('shows the status, a public timeline without staff names or internal steps, the answer with its class', async () => {
    const t = await agencySetup()
    const members = [t.admin, t.organizer, t.handler, t.otherHandler]
    const s = await submit(t.event.id, { topic: '送检指引', contact: '13812345678', publicConsent: true })
    const S = (step: string) => `/staff/suggestions/${s.id}/${step}`
    const view = async () => {
      const res = await api(`/suggestions/${s.code}`)
      // The item and its timeline in one batch.
      expect(res.roundTrips).toBe(1)
      return res.json.suggestion
    }
    const base = {
      trackingCode: s.code,
      eventId: t.event.id,
      eventTitle: t.event.title,
      topic: '送检指引',
      content: '建议在检测实验室门口增设指引牌，方便群众找到送检窗口。',
      createdAt: '2026-03-10T02:00:00.000Z',
      rating: null,
      closeReason: null,
    }
    const submitted = { action: 'submit', label: '受理', at: '2026-03-10T02:00:00.000Z', status: 'received', statusLabel: '已受理' }
    expect(await view()).toStrictEqual({
      ...base,
      status: 'received',
      statusLabel: '已受理',
      departmentName: null,
      answer: null,
      answeredAt: null,
      resultClass: null,
      resultClassLabel: null,
      plannedBy: null,
      timeline: [submitted],
      awaitingRating: false,
    })

    // Assigned to the wrong department, returned, reassigned, urged, answered: the citizen sees 转办 twice and 答复.
    await post(S('assign'), t.organizer.token, { departmentId: t.otherDept.id })
    setNow('2026-03-10T11:00:00+08:00')
    await post(S('return'), t.otherHandler.token, { reason: '不属于本部门职责' })
    setNow('2026-03-10T12:00:00+08:00')
    await post(S('assign'), t.organizer.token, { departmentId: t.dept.id })
    setNow('2026-03-11T09:00:00+08:00')
    await refreshTokens(...members)
    await post(S('urge'), t.admin.token, { note: '内部催办意见' })
    setNow('2026-03-12T09:00:00+08:00')
    await refreshTokens(...members)
    await post(S('answer'), t.handler.token, { answer: '已列入改造计划，4月底前安装指引牌。', resultClass: 'B', plannedBy: '2026-04-30', publish: true })
    const answered = await view()
    expect(answered).toStrictEqual({
      ...base,
      status: 'answered',
      statusLabel: '已答复',
      departmentName: '检测科',
      answer: '已列入改造计划，4月底前安装指引牌。',
      answeredAt: '2026-03-12T01:00:00.000Z',
      resultClass: 'B',
      resultClassLabel: '正在解决或已列入计划',
      plannedBy: '2026-04-30',
      timeline: [
        submitted,
        { action: 'assign', label: '转办', at: '2026-03-10T02:00:00.000Z', status: 'assigned', statusLabel: '办理中' },
        { action: 'assign', label: '转办', at: '2026-03-10T04:00:00.000Z', status: 'assigned', statusLabel: '办理中' },
        { action: 'answer', label: '答复', at: '2026-03-12T01:00:00.000Z', status: 'answered', statusLabel: '已答复' },
      ],
      awaitingRating: true,
    })
    const text = JSON.stringify(answered)
    for (const hidden of [t.handler.name, t.admin.name, t.organizer.name, '内部催办意见', '不属于本部门职责', '13812345678', '138****']) expect(text).not.toContain(hidden)

    setNow('2026-03-13T09:00:00+08:00')
    const rated = await post(`/suggestions/${s.code}/rating`, undefined, { rating: 5, comment: '很满意' })
    expect(rated.status).toBe(200)
    expect(rated.json.status).toBe('closed')
    expect(rated.json.suggestion).toMatchObject({ status: 'closed', statusLabel: '已办结', awaitingRating: false, rating: 5, closeReason: 'satisfied' })
    expect(rated.json.suggestion.timeline.at(-1)).toStrictEqual({ action: 'rate_satisfied', label: '评价', at: '2026-03-13T01:00:00.000Z', status: 'closed', statusLabel: '已办结' })
  })
})

describe('POST /suggestions/:trackingCode/rating', () => {
  it('takes 1–5 and an optional comment, once per answer, only after an answer', async () => {
    const t = await agencySetup()
    const s = await submit(t.event.id)
    const rate = (body: unknown) => post(`/suggestions/${s.code}/rating`, undefined, body)
    const early = await rate({ rating: 5 })
    expect([early.status, early.json.error.code, early.json.error.message]).toStrictEqual([409, 'INVALID_TRANSITION', '该意见建议当前为“已受理”，答复后才能评价'])
    await post(`/staff/suggestions/${s.id}/assign`, t.organizer.token, { departmentId: t.dept.id })
    await post(`/staff/suggestions/${s.id}/answer`, t.handler.token, { answer: '已经处理完毕，感谢监督。', resultClass: 'A', publish: false })
    for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: '5' }, {}, { rating: 3, comment: '长'.repeat(501) }]) {
      const res = await rate(body)
      expect([res.status, res.json.error.code]).toStrictEqual([400, 'VALIDATION_FAILED'])
    }
    expect((await rate({ rating: 3 })).status).toBe(200)
    const again = await rate({ rating: 1 })
    expect([again.status, again.json.error.message]).toStrictEqual([409, '该意见建议当前为“已办结”，每次答复只能评价一次'])
    const stored = await env.DB.prepare('SELECT status, rating, close_reason, reopen_count FROM suggestions WHERE id = ?').bind(s.id).first()
    expect(stored).toStrictEqual({ status: 'closed', rating: 3, close_reason: 'satisfied', reopen_count: 0 })
    expect((await post('/suggestions/YJ2222222222222222/rating', undefined, { rating: 5 })).status).toBe(404)
  })
})

describe('GET /me/suggestions (我的意见)', () => {
  it('lists the participant’s own, by login or by a contact equal to a verified phone; nobody else’s', async () => {
    const t = await agencySetup()
    const me = await createParticipant()
    const other = await createParticipant()
    await markPhoneVerified(me.token, '13912340000')
    const byLogin = await submit(t.event.id, { topic: '登录提交' }, me.token)
    setNow('2026-03-10T10:05:00+08:00')
    const byContact = await submit(t.event.id, { topic: '留了手机号', contact: '13912340000' })
    await submit(t.event.id, { topic: '别人的', contact: '13912349999' }, other.token)
    await submit(t.event.id, { topic: '匿名', anonymous: true, contact: '13912340000' }, me.token)
    await refreshTokens(t.organizer, t.handler)
    await post(`/staff/suggestions/${byContact.id}/assign`, t.organizer.token, { departmentId: t.dept.id })
    await post(`/staff/suggestions/${byContact.id}/answer`, t.handler.token, { answer: '已经处理完毕，感谢监督。', resultClass: 'A', publish: false })
    const res = await api('/me/suggestions', { token: me.token })
    const item = (code: string, topic: string, extra: object) => ({
      trackingCode: code,
      eventId: t.event.id,
      eventTitle: t.event.title,
      topic,
      content: '建议在检测实验室门口增设指引牌，方便群众找到送检窗口。',
      ...extra,
    })
    expect(res.json).toStrictEqual({
      suggestions: [
        item(byContact.code, '留了手机号', { status: 'answered', createdAt: '2026-03-10T02:05:00.000Z', answeredAt: '2026-03-10T02:05:00.000Z', statusLabel: '已答复', awaitingRating: true }),
        item(byLogin.code, '登录提交', { status: 'received', createdAt: '2026-03-10T02:00:00.000Z', answeredAt: null, statusLabel: '已受理', awaitingRating: false }),
      ],
    })
    expect((await api('/me/suggestions', { token: (await createParticipant()).token })).json).toStrictEqual({ suggestions: [] })
  })
})
