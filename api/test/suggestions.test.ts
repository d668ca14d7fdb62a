import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createPublishedEvent, createStaff, eventInput } from './support/fixtures'

let ipCounter = 0
const freshIp = () => `198.51.100.${++ipCounter}`

const suggest = (eventId: string, body: unknown, ip = freshIp(), clientId = 'device-1') =>
  api(`/events/${eventId}/suggestions`, { body, headers: { 'cf-connecting-ip': ip, 'x-client-id': clientId } })

describe('on-the-spot suggestions', () => {
  it('accepts a suggestion without login and finds it by an unguessable tracking code', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const res = await suggest(event.id, { content: '建议增加农药残留快检点，方便群众送检。', topic: '快检服务', contact: '13800001111' })
    expect(res.status).toBe(201)
    expect(res.json.status).toBe('received')
    expect(res.json.trackingCode).toMatch(/^YJ[2-9A-HJ-NP-TV-Z]{16}$/)
    const found = await api(`/suggestions/${res.json.trackingCode}`)
    expect(found.status).toBe(200)
    expect(found.json.suggestion).toMatchObject({
      eventId: event.id,
      eventTitle: event.title,
      topic: '快检服务',
      content: '建议增加农药残留快检点，方便群众送检。',
      status: 'received',
      answer: null,
    })
    // The submitter's contact is for the agency only, never shown with the tracking code.
    expect(JSON.stringify(found.json)).not.toContain('13800001111')
  })

  it('drops the contact of an anonymous suggestion', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const res = await suggest(event.id, { content: '匿名建议', contact: '13800002222', anonymous: true })
    const row = await env.DB.prepare('SELECT contact, anonymous FROM suggestions WHERE tracking_code = ?').bind(res.json.trackingCode).first()
    expect(row).toEqual({ contact: null, anonymous: 1 })
  })

  it('validates content length (1 to 1000 characters)', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const empty = await suggest(event.id, { content: '   ' })
    expect(empty.status).toBe(400)
    expect(empty.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'content', message: '请填写意见建议' })
    const long = await suggest(event.id, { content: '长'.repeat(1001) })
    expect(long.json.error.message).toBe('意见建议不能超过1000字')
    expect((await suggest(event.id, { content: '长'.repeat(1000) })).status).toBe(201)
  })

  it('refuses suggestions for drafts and unknown events', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const draft = await api('/events', { body: eventInput(), token: staff.token })
    expect((await suggest(draft.json.event.id, { content: '建议' })).status).toBe(404)
    expect((await suggest('nope', { content: '建议' })).status).toBe(404)
  })

  it('says clearly when a tracking code is unknown', async () => {
    const res = await api('/suggestions/YJ2222222222222222')
    expect(res.status).toBe(404)
    expect(res.json.error.message).toContain('未找到该编号')
  })

  it('rate-limits one client to 5 suggestions per 10 minutes with a clear message', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id)
    const ip = freshIp()
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await suggest(event.id, { content: `第${i}条建议` }, ip, 'phone-a')).status)
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429])
    const limited = await suggest(event.id, { content: '再来一条' }, ip, 'phone-a')
    expect(limited.json.error.code).toBe('RATE_LIMITED')
    expect(limited.json.error.message).toContain('10分钟')
    // Another visitor on the same venue Wi-Fi is not blocked.
    expect((await suggest(event.id, { content: '另一位访客' }, ip, 'phone-b')).status).toBe(201)
    const n = await env.DB.prepare('SELECT count(*) AS n FROM suggestions WHERE event_id = ?').bind(event.id).first()
    expect(n).toEqual({ n: 6 })
  })
})
