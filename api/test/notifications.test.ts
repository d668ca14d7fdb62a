import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { OUTBOX_MAX_ATTEMPTS } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { deliver, consumeNotify, consumeNotifyDeadLetters } from '../src/notifications/consumer'
import { forwardOutbox, LOST_AFTER_MS, type NotifyMessage } from '../src/notifications/outbox'
import { runNoticeJob } from '../src/notifications/jobs'
import { sendersFor } from '../src/notifications/senders'
import { makeDb } from '../src/lib/db'
import worker from '../src/index'
import { setNow } from './support/clock'
import { FAKE_SMS } from './support/fake-tencent-sms'
import { DAY, HOUR, api, createAgency, createParticipant, createPublishedEvent, createStaff, runningNow, signUp } from './support/fixtures'
import { inbox, phoneSeries, programNext } from './support/sms'
import { grantAccepts, sentTo } from './support/wechat'
import { agencySetup, submit } from './support/handling'

// The clock is frozen at Tuesday 2026-03-10 10:00 Shanghai (support/clock.ts).
const phone = phoneSeries('1372')
const db = () => makeDb(env.DB)
const template = (kind: string) => FAKE_SMS.noticeTemplates[kind][0]

/** A queue double that records what was put on it (the real NOTIFY would deliver it at once). */
function recordingQueue() {
  const sent: { body: NotifyMessage; delaySeconds?: number }[] = []
  return {
    sent,
    NOTIFY: {
      async send(body: NotifyMessage, opts?: { delaySeconds?: number }) {
        sent.push({ body, delaySeconds: opts?.delaySeconds })
      },
      async sendBatch(messages: { body: NotifyMessage }[]) {
        for (const m of messages) sent.push({ body: m.body })
      },
    } as unknown as Queue<NotifyMessage>,
  }
}

const row = (id: string) =>
  env.DB.prepare('SELECT status, channel, attempts, phone, enqueued_at, not_before, last_error, sent_at, dead_at FROM outbox WHERE id = ?1')
    .bind(id)
    .first<Record<string, string | number | null>>()
const idsOf = async (eventId: string) =>
  (await env.DB.prepare('SELECT id FROM outbox WHERE event_id = ?1 ORDER BY phone').bind(eventId).all<{ id: string }>()).results.map((r) => r.id)

/** A cancelled event with one sign-up per phone: one pending event_cancelled row each. */
async function cancelledEventFor(...phones: string[]) {
  const agency = await createAgency()
  const organiser = await createStaff(agency.id, 'organizer')
  const event = await createPublishedEvent(agency.id, { startAt: '2026-03-30T01:30:00.000Z', endAt: '2026-03-30T04:00:00.000Z' })
  const people = []
  for (const p of phones) {
    const person = await createParticipant()
    expect((await signUp(event.id, person.token, { phone: p })).status).toBe(201)
    people.push(person)
  }
  expect((await api(`/events/${event.id}/cancel`, { body: { reason: '场地检修' }, token: organiser.token })).status).toBe(200)
  return { agency, organiser, event, people, ids: await idsOf(event.id) }
}

describe('the forwarder puts pending messages on the queue', () => {
  it('takes each pending row once, marks it, and takes it again only if it never arrived', async () => {
    const { ids } = await cancelledEventFor(phone(), phone())
    const q = recordingQueue()
    const now = new Date()
    expect(await forwardOutbox(q, db(), now)).toBeGreaterThanOrEqual(2)
    const mine = q.sent.filter((m) => ids.includes(m.body.outboxId)).map((m) => m.body.outboxId).sort()
    expect(mine).toStrictEqual([...ids].sort())
    for (const id of ids) expect((await row(id))!.enqueued_at).toBe(now.toISOString())

    const again = recordingQueue()
    await forwardOutbox(again, db(), new Date(now.getTime() + LOST_AFTER_MS - 1))
    expect(again.sent.filter((m) => ids.includes(m.body.outboxId))).toStrictEqual([])
    // Still pending after LOST_AFTER_MS: the message was lost on the way; forward it again.
    const lost = recordingQueue()
    await forwardOutbox(lost, db(), new Date(now.getTime() + LOST_AFTER_MS))
    expect(lost.sent.filter((m) => ids.includes(m.body.outboxId)).length).toBe(2)
  })
})

describe('the consumer sends by SMS through the provider', () => {
  it('sends once with the approved template and the date, erases the phone, and does not send again', async () => {
    const p = phone()
    const { ids } = await cancelledEventFor(p)
    const senders = sendersFor(env)
    expect(await deliver(db(), senders, ids[0], new Date())).toStrictEqual({ done: true, status: 'sent' })
    expect(await inbox(p)).toStrictEqual([{ templateId: template('event_cancelled'), params: ['3月30日'], signName: FAKE_SMS.signName }])
    expect(await row(ids[0])).toMatchObject({ status: 'sent', channel: 'sms', attempts: 1, phone: null, sent_at: new Date().toISOString() })
    // The same message delivered again (the queue delivers at least once): nothing more is sent.
    expect(await deliver(db(), senders, ids[0], new Date())).toStrictEqual({ done: true, status: 'already' })
    expect(await inbox(p)).toHaveLength(1)
  })

  it('sends one SMS when two consumers get the same message at the same time', async () => {
    const p = phone()
    const { ids } = await cancelledEventFor(p)
    const senders = sendersFor(env)
    const results = await Promise.all([1, 2, 3].map(() => deliver(db(), senders, ids[0], new Date())))
    expect(results.filter((r) => r.done && r.status === 'sent')).toHaveLength(1)
    expect(await inbox(p)).toHaveLength(1)
    expect((await row(ids[0]))!.attempts).toBe(1)
  })

  it('never sends at night: waits until 08:00 Beijing time without spending a try', async () => {
    const p = phone()
    const { ids } = await cancelledEventFor(p)
    setNow('2026-03-10T22:30:00+08:00')
    const at = new Date()
    expect(await deliver(db(), sendersFor(env), ids[0], at)).toStrictEqual({ done: false, retryAfterSeconds: 9.5 * 3600, why: 'quiet_hours' })
    expect(await inbox(p)).toStrictEqual([])
    expect(await row(ids[0])).toMatchObject({ status: 'pending', attempts: 0, not_before: '2026-03-11T00:00:00.000Z' })
    // Through the queue handler: a new message delayed to the morning, the delivery acked.
    const q = recordingQueue()
    const batch = createMessageBatch<NotifyMessage>('openday-notify', [{ id: 'm1', timestamp: at, attempts: 1, body: { outboxId: ids[0] } }])
    const ctx = createExecutionContext()
    await consumeNotify(batch, { ...env, NOTIFY: q.NOTIFY }, at)
    expect(q.sent).toStrictEqual([{ body: { outboxId: ids[0] }, delaySeconds: 9.5 * 3600 }])
    expect(await getQueueResult(batch, ctx)).toMatchObject({ explicitAcks: ['m1'], retryMessages: [] })
    // 07:59:59 still night; 08:00 sends.
    expect((await deliver(db(), sendersFor(env), ids[0], new Date('2026-03-11T07:59:59+08:00'))).done).toBe(false)
    expect(await deliver(db(), sendersFor(env), ids[0], new Date('2026-03-11T08:00:00+08:00'))).toStrictEqual({ done: true, status: 'sent' })
    expect(await inbox(p)).toHaveLength(1)
  })

  it('sends at night only where SMS_QUIET_HOURS is off (the local end-to-end stack), and not for any other value', async () => {
    const p = phone()
    const { ids } = await cancelledEventFor(p)
    setNow('2026-03-10T22:30:00+08:00')
    expect((await deliver(db(), sendersFor({ ...env, SMS_QUIET_HOURS: 'on' }), ids[0], new Date())).done).toBe(false)
    expect(await inbox(p)).toStrictEqual([])
    expect(await deliver(db(), sendersFor({ ...env, SMS_QUIET_HOURS: 'off' }), ids[0], new Date())).toStrictEqual({ done: true, status: 'sent' })
    expect(await inbox(p)).toHaveLength(1)
    expect(await row(ids[0])).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('retries with back-off, then keeps the failure in 发送失败 for admins, who can send it again', async () => {
    const p = phone()
    const { agency, ids } = await cancelledEventFor(p)
    const senders = sendersFor(env)
    const delays: number[] = []
    for (let i = 1; i <= OUTBOX_MAX_ATTEMPTS; i++) {
      await programNext(p, { error: 'InternalError.Timeout' })
      const r = await deliver(db(), senders, ids[0], new Date())
      if (!r.done) delays.push(r.retryAfterSeconds)
      else expect(r).toStrictEqual({ done: true, status: 'dead' })
    }
    expect(delays).toStrictEqual([60, 120, 600, 1800])
    expect(await row(ids[0])).toMatchObject({ status: 'dead', attempts: 5, phone: p, last_error: '短信 InternalError.Timeout', dead_at: new Date().toISOString() })
    expect(await inbox(p)).toStrictEqual([])

    const admin = await createStaff(agency.id, 'admin')
    const list = await api('/staff/notifications/failed', { token: admin.token })
    expect(list.status).toBe(200)
    expect(list.json.failed).toStrictEqual([
      {
        id: ids[0],
        kind: 'event_cancelled',
        title: expect.stringMatching(/^活动取消：/),
        eventId: expect.any(String),
        phoneMasked: `${p.slice(0, 3)}****${p.slice(7)}`,
        attempts: 5,
        lastError: '短信 InternalError.Timeout',
        createdAt: new Date().toISOString(),
        deadAt: new Date().toISOString(),
      },
    ])
    // Other agencies' admins and other roles see nothing of it.
    const otherAdmin = await createStaff((await createAgency()).id, 'admin')
    expect((await api('/staff/notifications/failed', { token: otherAdmin.token })).json.failed).toStrictEqual([])
    expect((await api(`/staff/notifications/${ids[0]}/retry`, { method: 'POST', token: otherAdmin.token })).status).toBe(404)
    const organiser = await createStaff(agency.id, 'organizer')
    expect((await api('/staff/notifications/failed', { token: organiser.token })).status).toBe(403)
    expect((await row(ids[0]))!.status).toBe('dead')

    expect((await api(`/staff/notifications/${ids[0]}/retry`, { method: 'POST', token: admin.token })).status).toBe(200)
    expect(await row(ids[0])).toMatchObject({ status: 'pending', attempts: 0, dead_at: null, enqueued_at: null })
    expect(await deliver(db(), senders, ids[0], new Date())).toStrictEqual({ done: true, status: 'sent' })
    expect(await inbox(p)).toHaveLength(1)
  })

  it('gives up at once on a number that cannot receive SMS', async () => {
    const p = phone()
    const { ids } = await cancelledEventFor(p)
    await programNext(p, { code: 'InvalidParameterValue.IncorrectPhoneNumber' })
    expect(await deliver(db(), sendersFor(env), ids[0], new Date())).toStrictEqual({ done: true, status: 'dead' })
    expect(await row(ids[0])).toMatchObject({ status: 'dead', attempts: 1, last_error: '短信 InvalidParameterValue.IncorrectPhoneNumber' })
  })

  it('hands the queue a retry with the delay, and the dead-letter consumer keeps what the queue gave up on', async () => {
    const p = phone()
    const { ids } = await cancelledEventFor(p, phone())
    await programNext(p, { error: 'InternalError.Timeout' })
    const batch = createMessageBatch<NotifyMessage>('openday-notify', [
      { id: 'a', timestamp: new Date(), attempts: 1, body: { outboxId: ids[0] } },
      { id: 'b', timestamp: new Date(), attempts: 1, body: { outboxId: ids[1] } },
    ])
    const ctx = createExecutionContext()
    await consumeNotify(batch, env)
    expect(await getQueueResult(batch, ctx)).toMatchObject({ explicitAcks: ['b'], retryMessages: [{ msgId: 'a' }] })
    expect((await row(ids[1]))!.status).toBe('sent')
    const dlq = createMessageBatch<NotifyMessage>('openday-notify-dlq', [
      { id: 'a', timestamp: new Date(), attempts: 1, body: { outboxId: ids[0] } },
      { id: 'b', timestamp: new Date(), attempts: 1, body: { outboxId: ids[1] } },
    ])
    await consumeNotifyDeadLetters(dlq, env)
    expect(await row(ids[0])).toMatchObject({ status: 'dead', last_error: '短信 InternalError.Timeout' })
    expect((await row(ids[1]))!.status).toBe('sent')
  })
})

describe('我的通知设置 decide what is sent', () => {
  it('sends nothing outside the app when stopped or muted, and everything again when switched back', async () => {
    const p1 = phone()
    const p2 = phone()
    const { people, ids, event } = await cancelledEventFor(p1, p2)
    const [first, second] = people
    const stop = await api('/me/notification-settings/stop', { method: 'POST', token: first.token })
    expect(stop.status).toBe(200)
    expect(stop.json.settings).toStrictEqual({ sms: true, wechat: true, mutedKinds: [], stopped: true })
    const muted = await api('/me/notification-settings', {
      method: 'PUT',
      body: { sms: true, wechat: true, mutedKinds: ['event_cancelled'], stopped: false },
      token: second.token,
    })
    expect(muted.status).toBe(200)
    expect(await env.DB.prepare('SELECT sms, wechat, muted_kinds, stopped FROM notification_settings WHERE participant_id = ?1').bind(second.id).first()).toStrictEqual({
      sms: 1,
      wechat: 1,
      muted_kinds: '["event_cancelled"]',
      stopped: 0,
    })
    for (const id of ids) expect(await deliver(db(), sendersFor(env), id, new Date())).toStrictEqual({ done: true, status: 'skipped' })
    expect(await inbox(p1)).toStrictEqual([])
    expect(await inbox(p2)).toStrictEqual([])
    // 我的消息 still lists it, for that person only.
    const mine = await api('/me/notifications', { token: first.token })
    expect(mine.json.notifications).toHaveLength(1)
    expect(mine.json.notifications[0]).toMatchObject({ kind: 'event_cancelled', status: 'skipped', channel: 'inapp', title: expect.stringMatching(/^活动取消：/) })
    expect(mine.json.notifications[0].body).toContain('原因：场地检修')
    expect(mine.json.notifications[0].page).toBe(`pages/event/index?id=${event.id}`)
  })

  it('refuses bad settings with 400 and nothing stored, and needs a login', async () => {
    const person = await createParticipant()
    expect((await api('/me/notification-settings')).status).toBe(401)
    const bad = await api('/me/notification-settings', { method: 'PUT', body: { sms: 'yes', wechat: true, mutedKinds: [], stopped: false }, token: person.token })
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('VALIDATION_FAILED')
    const unknownKind = await api('/me/notification-settings', { method: 'PUT', body: { sms: true, wechat: true, mutedKinds: ['ads'], stopped: false }, token: person.token })
    expect(unknownKind.status).toBe(400)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM notification_settings WHERE participant_id = ?1').bind(person.id).first('n')).toBe(0)
    const defaults = await api('/me/notification-settings', { token: person.token })
    expect(defaults.json.settings).toStrictEqual({ sms: true, wechat: true, mutedKinds: [], stopped: false })
  })
})

describe('the notices cron', () => {
  it('reminds those signed up the day before, invites those checked in after, once each', async () => {
    const agency = await createAgency()
    const checker = await createStaff(agency.id, 'checker')
    // Starts in 23 hours: reminded. Starts in 25 hours: not yet.
    const soon = await createPublishedEvent(agency.id, { startAt: new Date(Date.now() + 23 * HOUR).toISOString(), endAt: new Date(Date.now() + 26 * HOUR).toISOString() })
    const later = await createPublishedEvent(agency.id, { startAt: new Date(Date.now() + 25 * HOUR).toISOString(), endAt: new Date(Date.now() + 28 * HOUR).toISOString() })
    const running = await createPublishedEvent(agency.id, runningNow())
    const a = await createParticipant()
    const soonReg = (await signUp(soon.id, a.token, { phone: phone() })).json.registration
    await signUp(later.id, a.token, { phone: phone() })
    const came = (await signUp(running.id, a.token, { phone: phone() })).json.registration
    await signUp(running.id, a.token, { phone: phone() })
    expect((await api(`/events/${running.id}/checkins`, { body: { ticket: came.ticket }, token: checker.token })).json.result).toBe('checked_in')

    const q = recordingQueue()
    const atNow = await runNoticeJob({ DB: env.DB, NOTIFY: q.NOTIFY }, new Date())
    expect(atNow).toMatchObject({ reminders: 1, invites: 0 })
    const reminder = await env.DB.prepare("SELECT dedupe_key, payload FROM outbox WHERE kind = 'event_reminder' AND event_id = ?1").bind(soon.id).first<{ dedupe_key: string; payload: string }>()
    expect(reminder!.dedupe_key).toBe(`event_reminder:${soon.startAt}:${soonReg.id}`)
    expect(JSON.parse(reminder!.payload)).toStrictEqual({ title: soon.title, startAt: soon.startAt, endAt: soon.endAt, venue: soon.venue, page: `pages/ticket/index?id=${soonReg.id}` })
    // The running event ends in 2 hours; an hour after it ended, only the one checked in is invited.
    const after = new Date(Date.now() + 3 * HOUR)
    expect(await runNoticeJob({ DB: env.DB, NOTIFY: q.NOTIFY }, after)).toMatchObject({ invites: 1 })
    expect(await runNoticeJob({ DB: env.DB, NOTIFY: q.NOTIFY }, after)).toMatchObject({ reminders: 0, invites: 0 })
    const invites = await env.DB.prepare("SELECT dedupe_key FROM outbox WHERE kind = 'evaluation_invite' AND event_id = ?1").bind(running.id).all()
    expect(invites.results).toStrictEqual([{ dedupe_key: `evaluation_invite:${came.id}` }])
    // Everything written was put on the queue.
    const pending = await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND enqueued_at IS NULL").first('n')
    expect(pending).toBe(0)
    // A postponed event is reminded again for its new start.
    await env.DB.prepare('UPDATE events SET start_at = ?1 WHERE id = ?2').bind(new Date(Date.now() + 47 * HOUR).toISOString(), soon.id).run()
    expect(await runNoticeJob({ DB: env.DB, NOTIFY: q.NOTIFY }, new Date(Date.now() + DAY))).toMatchObject({ reminders: 1 })
  })
})

describe('POST /dev/scheduled (npm start’s stand-in for Cron Triggers)', () => {
  const call = (devMode: string) =>
    worker.fetch(
      new Request(`http://openday.test/api/v1/dev/scheduled?cron=${encodeURIComponent('*/5 * * * *')}&time=${Date.now()}`, { method: 'POST' }),
      { ...env, DEV_MODE: devMode, NOTIFY: recordingQueue().NOTIFY },
      createExecutionContext(),
    )

  it('does not exist outside local development', async () => {
    const res = await call('false')
    expect(res.status).toBe(404)
    expect(await res.json()).toStrictEqual({ error: { code: 'NOT_FOUND', message: '接口不存在' } })
  })

  it('runs the cron it names in dev mode', async () => {
    const agency = await createAgency()
    const soon = await createPublishedEvent(agency.id, { startAt: new Date(Date.now() + 2 * HOUR).toISOString(), endAt: new Date(Date.now() + 4 * HOUR).toISOString() })
    await signUp(soon.id, (await createParticipant()).token, { phone: phone() })
    expect((await call('true')).status).toBe(200)
    expect(await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'event_reminder' AND event_id = ?1").bind(soon.id).first('n')).toBe(1)
  })
})

describe('WeChat subscribe messages first, SMS as the fallback', () => {
  /** A cancelled event with one WeChat user signed up: their openid, phone and outbox row. */
  async function wechatRegistrant() {
    const p = phone()
    const openid = `openid-outbox-${p}`
    const { people, ids, event } = await cancelledEventFor(p)
    await env.DB.prepare('UPDATE participants SET wechat_openid = ?1 WHERE id = ?2').bind(openid, people[0].id).run()
    return { p, openid, person: people[0], id: ids[0], event }
  }
  const accepts = (participantId: string) =>
    env.DB.prepare("SELECT accepts FROM wechat_subscriptions WHERE participant_id = ?1 AND template_id = 'TPL-EVENT-CHANGE'").bind(participantId).first('accepts')

  it('sends the subscribe message with the template’s fields when the person accepted one, and uses the accept up', async () => {
    const { p, openid, person, id, event } = await wechatRegistrant()
    const tapped = await api('/me/wechat-subscriptions', { body: { results: { 'TPL-EVENT-CHANGE': 'accept', 'TPL-REMINDER': 'reject', 'TPL-UNKNOWN': 'accept' } }, token: person.token })
    expect(tapped.status).toBe(200)
    expect(await accepts(person.id)).toBe(1)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM wechat_subscriptions WHERE participant_id = ?1').bind(person.id).first('n')).toBe(1)
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 1)

    expect(await deliver(db(), sendersFor(env), id, new Date())).toStrictEqual({ done: true, status: 'sent' })
    expect(await sentTo(openid)).toStrictEqual([
      {
        templateId: 'TPL-EVENT-CHANGE',
        page: `pages/event/index?id=${event.id}`,
        data: { thing1: '掌稳农产品安全之舵 守护百姓“舌尖上的…', time2: '2026年3月30日 09:30', phrase3: '活动取消', thing4: '场地检修' },
        miniprogramState: 'formal',
        lang: 'zh_CN',
      },
    ])
    expect(await row(id)).toMatchObject({ status: 'sent', channel: 'wechat', phone: null })
    expect(await accepts(person.id)).toBe(0)
    expect(await inbox(p)).toStrictEqual([])
  })

  it('falls back to SMS when WeChat answers 43101, and believes it', async () => {
    const { p, openid, person, id } = await wechatRegistrant()
    // We think one accept is left; WeChat has none (the person used it elsewhere or switched it off).
    await grantAccepts(openid, 'TPL-EVENT-CHANGE', 0)
    await api('/me/wechat-subscriptions', { body: { results: { 'TPL-EVENT-CHANGE': 'accept' } }, token: person.token })
    expect(await deliver(db(), sendersFor(env), id, new Date())).toStrictEqual({ done: true, status: 'sent' })
    expect(await row(id)).toMatchObject({ status: 'sent', channel: 'sms' })
    expect(await inbox(p)).toHaveLength(1)
    expect(await accepts(person.id)).toBe(0)
  })

  it('goes straight to SMS without an accept, and keeps at most 20 accepts; 拒绝并不再询问 clears them', async () => {
    const { p, openid, person, id } = await wechatRegistrant()
    expect(await deliver(db(), sendersFor(env), id, new Date())).toStrictEqual({ done: true, status: 'sent' })
    expect(await sentTo(openid)).toStrictEqual([])
    expect(await inbox(p)).toHaveLength(1)
    for (let i = 0; i < 22; i++) await api('/me/wechat-subscriptions', { body: { results: { 'TPL-EVENT-CHANGE': 'accept' } }, token: person.token })
    expect(await accepts(person.id)).toBe(20)
    await api('/me/wechat-subscriptions', { body: { results: { 'TPL-EVENT-CHANGE': 'ban' } }, token: person.token })
    expect(await accepts(person.id)).toBe(0)
  })
})

describe('意见答复: the submitter is told when their suggestion is answered', () => {
  const S = (id: string, step: string) => `/staff/suggestions/${id}/${step}`
  const answersOf = async (suggestionId: string) =>
    (
      await env.DB.prepare("SELECT participant_id, phone, suggestion_id, payload, dedupe_key FROM outbox WHERE kind = 'answer_published' AND suggestion_id = ?1")
        .bind(suggestionId)
        .all<{ participant_id: string | null; phone: string | null; suggestion_id: string; payload: string; dedupe_key: string }>()
    ).results

  it('writes one message per answer, in the answer step’s batch, and sends the code’s last 4 characters by SMS', async () => {
    const t = await agencySetup()
    const contact = phone()
    const s = await submit(t.event.id, { contact })
    const noContact = await submit(t.event.id, {})
    for (const id of [s.id, noContact.id]) {
      expect((await api(S(id, 'assign'), { body: { departmentId: t.dept.id, assigneeId: t.handler.id }, token: t.organizer.token })).status).toBe(200)
    }
    // A refused answer (a handler of another department) writes nothing.
    expect((await api(S(s.id, 'answer'), { body: { answer: '已安排专人在检测大厅入口安装指引牌。', resultClass: 'A', publish: false }, token: t.otherHandler.token })).status).toBe(404)
    expect(await answersOf(s.id)).toStrictEqual([])

    const at = new Date().toISOString()
    expect((await api(S(s.id, 'answer'), { body: { answer: '指引牌已于本周安装在检测大厅入口，欢迎监督。', resultClass: 'A', publish: false }, token: t.handler.token })).status).toBe(200)
    expect((await api(S(noContact.id, 'answer'), { body: { answer: '指引牌已于本周安装在检测大厅入口，欢迎监督。', resultClass: 'A', publish: false }, token: t.handler.token })).status).toBe(200)
    const rows = await answersOf(s.id)
    expect(rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) }))).toStrictEqual([
      {
        participant_id: null,
        phone: contact,
        suggestion_id: s.id,
        payload: { title: t.event.title, codeTail: s.code.slice(-4), answeredAt: at, page: 'pages/my-suggestions/index' },
        dedupe_key: `answer_published:${s.id}:${at}`,
      },
    ])
    // Neither a contact nor a login: nobody to tell.
    expect(await answersOf(noContact.id)).toStrictEqual([])

    const [{ id }] = (await env.DB.prepare("SELECT id FROM outbox WHERE kind = 'answer_published' AND suggestion_id = ?1").bind(s.id).all<{ id: string }>()).results
    expect(await deliver(db(), sendersFor(env), id, new Date())).toStrictEqual({ done: true, status: 'sent' })
    expect(await inbox(contact)).toStrictEqual([{ templateId: template('answer_published'), params: [s.code.slice(-4)], signName: FAKE_SMS.signName }])
  })
})
