// The event page's 公开答复 (GET /public/events/:id/answers), and public reads that are fresh
// after each handling step: the agency page, its answers, the event's answers and the ranking
// are cached at the edge for 5 minutes, and a step that changes them deletes the cached copies.
// Fixed clock: Tue 2026-03-10 10:00 Shanghai.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createPublishedEvent } from './support/fixtures'
import { agencySetup, post, submit } from './support/handling'

const ANSWER = '已在检测实验室门口增设指引牌，如有疑问请拨打13912345678。'

/** A suggestion with consent, assigned to the handler's department and answered (A, published). */
async function answered(setup: Awaited<ReturnType<typeof agencySetup>>, eventId: string, content: string) {
  const { code, id } = await submit(eventId, { content, publicConsent: true, contact: '13812345678' })
  expect((await post(`/staff/suggestions/${id}/assign`, setup.organizer.token, { departmentId: setup.dept.id })).status).toBe(200)
  const res = await post(`/staff/suggestions/${id}/answer`, setup.handler.token, { answer: ANSWER, resultClass: 'A', publish: true })
  expect(res.status).toBe(200)
  return { code, id }
}

describe('GET /public/events/:id/answers', () => {
  it("lists one published event's published answers in force, masked, in one D1 round trip", async () => {
    const setup = await agencySetup()
    const otherEvent = await createPublishedEvent(setup.agency.id, { title: '另一场开放日' })
    const mine = await answered(setup, setup.event.id, '建议增加停车位，联系13812345678。')
    await answered(setup, otherEvent.id, '另一场的意见')
    // Answered but not published (no consent): never listed.
    const { id: unconsented } = await submit(setup.event.id, { content: '不同意公开的意见' })
    await post(`/staff/suggestions/${unconsented}/assign`, setup.organizer.token, { departmentId: setup.dept.id })
    await post(`/staff/suggestions/${unconsented}/answer`, setup.handler.token, { answer: '仅告知本人的答复。', resultClass: 'D', publish: false })

    const res = await api(`/public/events/${setup.event.id}/answers`)
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    expect(res.json).toStrictEqual({
      answers: [
        {
          id: mine.id,
          event: { id: setup.event.id, title: setup.event.title },
          department: '检测科',
          topic: null,
          content: '建议增加停车位，联系138****5678。',
          answer: '已在检测实验室门口增设指引牌，如有疑问请拨打139****5678。',
          resultClass: 'A',
          plannedBy: null,
          submittedAt: '2026-03-10T02:00:00.000Z',
          answeredAt: '2026-03-10T02:00:00.000Z',
        },
      ],
      page: 1,
      pageSize: 20,
      hasMore: false,
    })
    expect(JSON.stringify(res.json)).not.toContain(mine.code)
  })

  it('answers 404 for an unknown or unpublished event, 400 for a bad page', async () => {
    const setup = await agencySetup()
    await answered(setup, setup.event.id, '建议增加停车位。')
    expect((await api('/public/events/nope/answers')).status).toBe(404)
    await env.DB.prepare(`UPDATE events SET status = 'draft' WHERE id = ?`).bind(setup.event.id).run()
    const draft = await api(`/public/events/${setup.event.id}/answers`)
    expect(draft.status).toBe(404)
    expect(draft.json.error.code).toBe('NOT_FOUND')
    const bad = await api(`/public/events/${setup.event.id}/answers?page=0`)
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'page' })
  })
})

describe('public reads after a handling step', () => {
  it('are fresh at once: the cached agency page, answers, event answers and ranking are dropped', async () => {
    const setup = await agencySetup()
    const { id, code } = await submit(setup.event.id, { content: '建议增加停车位。', publicConsent: true })
    await post(`/staff/suggestions/${id}/assign`, setup.organizer.token, { departmentId: setup.dept.id })
    const reads = [
      `/public/agencies/${setup.agency.id}`,
      `/public/agencies/${setup.agency.id}/answers`,
      `/public/events/${setup.event.id}/answers`,
      '/public/rankings',
    ]
    const read = () => Promise.all(reads.map((r) => api(r)))
    const cached = async () => (await read()).map((r) => r.headers.get('cf-cache-status'))
    await read()
    expect(await cached()).toEqual(['HIT', 'HIT', 'HIT', 'HIT'])

    // The answer, published: every read is fresh and shows it.
    await post(`/staff/suggestions/${id}/answer`, setup.handler.token, { answer: '已列入计划，年底前增设。', resultClass: 'B', plannedBy: '2026-12-31', publish: true })
    const [page, answers, eventAnswers, ranking] = await read()
    expect([page, answers, eventAnswers, ranking].map((r) => r.headers.get('cf-cache-status'))).toEqual([null, null, null, null])
    expect(page.json.figures.answered).toBe(1)
    expect(answers.json.answers.map((a: { id: string }) => a.id)).toEqual([id])
    expect(eventAnswers.json.answers.map((a: { id: string }) => a.id)).toEqual([id])
    expect(ranking.json.agencies.find((a: { agency: { id: string } }) => a.agency.id === setup.agency.id).figures.answered).toBe(1)

    // The citizen's 不满意: reopened, the answer leaves the public lists at once.
    expect(await cached()).toEqual(['HIT', 'HIT', 'HIT', 'HIT'])
    expect((await api(`/suggestions/${code}/rating`, { body: { rating: 1 } })).status).toBe(200)
    const [page2, answers2, eventAnswers2] = await read()
    expect(page2.json.figures.reopenRate).toBe(100)
    expect(answers2.json.answers).toEqual([])
    expect(eventAnswers2.json.answers).toEqual([])

    // Assigning another item changes the department's figures: fresh again.
    const second = await submit(setup.event.id, { content: '建议延长开放时间。' })
    await read()
    await post(`/staff/suggestions/${second.id}/assign`, setup.organizer.token, { departmentId: setup.otherDept.id })
    const office = (await api(`/public/agencies/${setup.agency.id}`)).json.departments.find((d: { name: string }) => d.name === '办公室')
    expect(office.figures.received).toBe(1)
  })
})
