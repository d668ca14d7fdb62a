import { env } from 'cloudflare:test'
import { FOLLOWS_MAX } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { followerNotices, suggestionFollowerNotices } from '../src/follows/followers'
import { makeDb } from '../src/lib/db'
import { newId } from '../src/lib/ids'
import { DAY, api, createAgency, createParticipant, createPublishedEvent, createStaff, eventInput, signUp } from './support/fixtures'
import { agencySetup, submit } from './support/handling'
import { phoneSeries } from './support/sms'

// 关注: following agencies, events and suggestions, and the messages followers get in the batch
// that publishes. The clock is frozen at Tuesday 2026-03-10 10:00 Shanghai (support/clock.ts).
const phone = phoneSeries('1375')

/** A participant who logged in with a phone (the phone SMS goes to). */
async function personWithPhone() {
  const person = await createParticipant()
  const p = phone()
  await env.DB.prepare('UPDATE participants SET phone = ?1 WHERE id = ?2').bind(p, person.id).run()
  return { ...person, phone: p }
}

const follow = (token: string, kind: string, target: string) => api('/me/follows', { body: { kind, target }, token })

const storedFollows = (participantId: string) =>
  env.DB.prepare('SELECT participant_id, target_kind, target_id FROM follows WHERE participant_id = ?1 ORDER BY target_kind, target_id')
    .bind(participantId)
    .all()
    .then((r) => r.results)

/** The new_post messages of a post: who, which phone, what it says. */
const newPostRows = (postId: string) =>
  env.DB.prepare("SELECT participant_id, phone, event_id, post_id, payload, dedupe_key, status FROM outbox WHERE kind = 'new_post' AND post_id = ?1 ORDER BY phone")
    .bind(postId)
    .all<Record<string, string | null>>()
    .then((r) => r.results.map((row) => ({ ...row, payload: JSON.parse(row.payload as string) }) as Record<string, unknown>))

const postsOf = (eventId: string, kind: string) =>
  env.DB.prepare('SELECT id, title FROM posts WHERE event_id = ?1 AND kind = ?2').bind(eventId, kind).all<{ id: string; title: string }>().then((r) => r.results)

/** A draft made through the API, 20 days out (the notice rule holds). */
async function draftEvent(organiserToken: string, overrides = {}) {
  const res = await api('/events', { body: eventInput(overrides), token: organiserToken })
  expect(res.status).toBe(201)
  return res.json.event as { id: string; title: string }
}

describe('POST/GET/DELETE /me/follows', () => {
  it('follows an agency once, lists it, and unfollows; the stored rows follow exactly', async () => {
    const agency = await createAgency('固原市农业农村局')
    const person = await createParticipant()
    const first = await follow(person.token, 'agency', agency.id)
    expect(first.status).toBe(201)
    const id = first.json.follow.id
    expect(first.json).toStrictEqual({
      follow: { id, kind: 'agency', targetId: agency.id, title: '固原市农业农村局', trackingCode: null, createdAt: '2026-03-10T02:00:00.000Z' },
    })
    // Following again changes nothing and answers the same follow.
    const again = await follow(person.token, 'agency', agency.id)
    expect(again.status).toBe(200)
    expect(again.json).toStrictEqual(first.json)
    expect(await storedFollows(person.id)).toStrictEqual([{ participant_id: person.id, target_kind: 'agency', target_id: agency.id }])

    expect((await api('/me/follows', { token: person.token })).json).toStrictEqual({ follows: [first.json.follow] })

    // Someone else cannot remove it (404, nothing deleted); the owner can.
    const other = await createParticipant()
    expect((await api(`/me/follows/${id}`, { method: 'DELETE', token: other.token })).status).toBe(404)
    expect(await storedFollows(person.id)).toHaveLength(1)
    expect((await api(`/me/follows/${id}`, { method: 'DELETE', token: person.token })).status).toBe(204)
    expect(await storedFollows(person.id)).toStrictEqual([])
    expect((await api(`/me/follows/${id}`, { method: 'DELETE', token: person.token })).status).toBe(404)
  })

  it('follows a published event and a suggestion by its tracking code, never a draft or an unknown one', async () => {
    const t = await agencySetup()
    const person = await createParticipant()
    const s = await submit(t.event.id, {})
    const byCode = await follow(person.token, 'suggestion', ` ${s.code.toLowerCase()} `)
    expect(byCode.status).toBe(201)
    expect(byCode.json.follow).toStrictEqual({
      id: byCode.json.follow.id,
      kind: 'suggestion',
      targetId: s.id,
      title: `意见建议（查询码尾号${s.code.slice(-4)}）`,
      trackingCode: s.code,
      createdAt: '2026-03-10T02:00:00.000Z',
    })
    expect((await follow(person.token, 'event', t.event.id)).status).toBe(201)

    const draft = await draftEvent(t.organizer.token)
    const refused = [
      await follow(person.token, 'event', draft.id),
      await follow(person.token, 'event', newId()),
      await follow(person.token, 'agency', newId()),
      await follow(person.token, 'suggestion', 'ABCD-EFGH-JKMN'),
    ]
    expect(refused.map((r) => [r.status, r.json.error.code])).toStrictEqual([
      [404, 'NOT_FOUND'],
      [404, 'NOT_FOUND'],
      [404, 'NOT_FOUND'],
      [404, 'NOT_FOUND'],
    ])
    expect(refused[3].json.error.message).toBe('查询码不存在，请核对后重试')
    expect(await storedFollows(person.id)).toStrictEqual(
      [
        { participant_id: person.id, target_kind: 'event', target_id: t.event.id },
        { participant_id: person.id, target_kind: 'suggestion', target_id: s.id },
      ],
    )
  })

  it('refuses bad input, strangers and staff with a Chinese message, writing nothing', async () => {
    const agency = await createAgency()
    const person = await createParticipant()
    const staff = await createStaff(agency.id, 'admin')
    const bad = await api('/me/follows', { body: { kind: 'department', target: agency.id }, token: person.token })
    expect(bad.status).toBe(400)
    expect(bad.json.error).toStrictEqual({ code: 'VALIDATION_FAILED', message: '请选择关注的对象', field: 'kind' })
    expect((await api('/me/follows', { body: { kind: 'agency', target: '' }, token: person.token })).status).toBe(400)
    expect((await follow('', 'agency', agency.id)).status).toBe(401)
    expect((await follow(staff.token, 'agency', agency.id)).status).toBe(403)
    expect((await api('/me/follows')).status).toBe(401)
    const count = await env.DB.prepare('SELECT count(*) AS n FROM follows WHERE target_id = ?1').bind(agency.id).first<{ n: number }>()
    expect(count).toStrictEqual({ n: 0 })
  })

  it(`stops at ${FOLLOWS_MAX} follows per person`, async () => {
    const person = await createParticipant()
    const agencies = await Promise.all(Array.from({ length: 2 }, () => createAgency()))
    const fill = Array.from({ length: FOLLOWS_MAX - 1 }, (_, i) =>
      env.DB.prepare("INSERT INTO follows (id, participant_id, target_kind, target_id, created_at) VALUES (?1, ?2, 'event', ?3, ?4)").bind(
        newId(),
        person.id,
        `e${i}`,
        '2026-03-01T00:00:00.000Z',
      ),
    )
    await env.DB.batch(fill)
    expect((await follow(person.token, 'agency', agencies[0].id)).status).toBe(201)
    const over = await follow(person.token, 'agency', agencies[1].id)
    expect([over.status, over.json.error.code]).toStrictEqual([409, 'FOLLOW_LIMIT'])
    const n = await env.DB.prepare('SELECT count(*) AS n FROM follows WHERE participant_id = ?1').bind(person.id).first<{ n: number }>()
    expect(n).toStrictEqual({ n: FOLLOWS_MAX })
    // Following what one already follows is still fine at the limit.
    expect((await follow(person.token, 'agency', agencies[0].id)).status).toBe(200)
  })
})

describe('followers are told in the batch that publishes', () => {
  it('publishing an event writes one 关注动态 message per follower of the agency, and a second publish none', async () => {
    const agency = await createAgency()
    const organiser = await createStaff(agency.id, 'organizer')
    const [a, b, stranger] = await Promise.all([personWithPhone(), personWithPhone(), personWithPhone()])
    await follow(a.token, 'agency', agency.id)
    await follow(b.token, 'agency', agency.id)
    await follow(stranger.token, 'agency', (await createAgency()).id)
    const draft = await draftEvent(organiser.token)
    // Two publishes at once: one wins, and only its post is announced.
    const results = await Promise.all([1, 2].map(() => api(`/events/${draft.id}/publish`, { body: {}, token: organiser.token })))
    expect(results.map((r) => r.status).sort()).toStrictEqual([200, 409])
    const [preview] = await postsOf(draft.id, 'preview')
    const payload = { title: preview.title, page: `pages/post/index?id=${preview.id}` }
    expect(await newPostRows(preview.id)).toStrictEqual(
      [a, b]
        .sort((x, y) => x.phone.localeCompare(y.phone))
        .map((p) => ({
          participant_id: p.id,
          phone: p.phone,
          event_id: draft.id,
          post_id: preview.id,
          payload,
          dedupe_key: `new_post:${preview.id}:${p.id}`,
          status: 'pending',
        })),
    )
    const count = () => env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'new_post' AND event_id = ?1").bind(draft.id).first()
    expect(await count()).toStrictEqual({ n: 2 })
    // A publish that lands in the same millisecond as the first (the clock is frozen) still
    // finds the 活动预告 written: no second post, no second message.
    await env.DB.prepare("UPDATE events SET status = 'draft' WHERE id = ?1").bind(draft.id).run()
    expect((await api(`/events/${draft.id}/publish`, { body: {}, token: organiser.token })).status).toBe(200)
    expect(await postsOf(draft.id, 'preview')).toHaveLength(1)
    expect(await count()).toStrictEqual({ n: 2 })
  })

  it('an article tells the followers of the agency and of its event once each; a refused article tells nobody', async () => {
    const agency = await createAgency()
    const organiser = await createStaff(agency.id, 'organizer')
    const event = await createPublishedEvent(agency.id)
    const [agencyFan, eventFan, both] = await Promise.all([personWithPhone(), personWithPhone(), personWithPhone()])
    await follow(agencyFan.token, 'agency', agency.id)
    await follow(eventFan.token, 'event', event.id)
    await follow(both.token, 'agency', agency.id)
    await follow(both.token, 'event', event.id)
    const refused = await api('/staff/posts', { body: { title: '', body: '正文', eventId: event.id }, token: organiser.token })
    expect(refused.status).toBe(400)
    expect(await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'new_post' AND event_id = ?1").bind(event.id).first()).toStrictEqual({ n: 0 })

    const res = await api('/staff/posts', { body: { title: '开放日筹备情况', body: '检测实验室已完成布展。', eventId: event.id }, token: organiser.token })
    expect(res.status).toBe(201)
    const rows = await newPostRows(res.json.post.id)
    expect(rows.map((r) => r.participant_id).sort()).toStrictEqual([agencyFan.id, eventFan.id, both.id].sort())
    expect(rows.every((r) => r.phone !== null && r.event_id === event.id)).toBe(true)
  })

  it('a change of time tells followers by 关注动态 but not those signed up (they get 活动变更)', async () => {
    const agency = await createAgency()
    const organiser = await createStaff(agency.id, 'organizer')
    const event = await createPublishedEvent(agency.id)
    const [follower, registrant] = await Promise.all([personWithPhone(), personWithPhone()])
    await follow(follower.token, 'event', event.id)
    await follow(registrant.token, 'event', event.id)
    expect((await signUp(event.id, registrant.token, { phone: registrant.phone })).status).toBe(201)
    const later = new Date(Date.parse(event.startAt) + 7 * DAY).toISOString()
    const end = new Date(Date.parse(event.endAt) + 7 * DAY).toISOString()
    expect((await api(`/events/${event.id}`, { method: 'PATCH', body: { startAt: later, endAt: end }, token: organiser.token })).status).toBe(200)
    const [change] = await postsOf(event.id, 'change')
    expect((await newPostRows(change.id)).map((r) => r.participant_id)).toStrictEqual([follower.id])
    const changed = await env.DB.prepare("SELECT participant_id FROM outbox WHERE kind = 'event_changed' AND event_id = ?1").bind(event.id).all()
    expect(changed.results).toStrictEqual([{ participant_id: registrant.id }])
  })

  it('an answer tells those who follow the suggestion (not the submitter twice), only when the answer is stored', async () => {
    const t = await agencySetup()
    const submitter = await personWithPhone()
    const s = await submit(t.event.id, {}, submitter.token)
    const follower = await personWithPhone()
    await follow(follower.token, 'suggestion', s.code)
    await follow(submitter.token, 'suggestion', s.code)
    const S = (step: string) => `/staff/suggestions/${s.id}/${step}`
    expect((await api(S('assign'), { body: { departmentId: t.dept.id, assigneeId: t.handler.id }, token: t.organizer.token })).status).toBe(200)
    const answer = { answer: '指引牌已于本周安装在检测大厅入口，欢迎监督。', resultClass: 'A', publish: false }
    expect((await api(S('answer'), { body: answer, token: t.otherHandler.token })).status).toBe(404)
    const at = new Date().toISOString()
    expect((await api(S('answer'), { body: answer, token: t.handler.token })).status).toBe(200)
    const rows = await env.DB.prepare("SELECT participant_id, phone, payload, dedupe_key FROM outbox WHERE kind = 'answer_published' AND suggestion_id = ?1 ORDER BY dedupe_key")
      .bind(s.id)
      .all<Record<string, string>>()
    expect(rows.results.map((r) => ({ ...r, payload: JSON.parse(r.payload) }))).toStrictEqual([
      {
        participant_id: submitter.id,
        phone: null,
        payload: { title: t.event.title, codeTail: s.code.slice(-4), answeredAt: at, page: 'pages/my-suggestions/index' },
        dedupe_key: `answer_published:${s.id}:${at}`,
      },
      {
        participant_id: follower.id,
        phone: follower.phone,
        payload: { title: '您关注的意见建议', codeTail: s.code.slice(-4), answeredAt: at, page: 'pages/follows/index' },
        dedupe_key: `answer_published:${s.id}:${at}:${follower.id}`,
      },
    ])
  })

  it('the statements write nothing for an answer or a post that was not stored', async () => {
    const t = await agencySetup()
    const s = await submit(t.event.id, {})
    const follower = await personWithPhone()
    await follow(follower.token, 'suggestion', s.code)
    await follow(follower.token, 'agency', t.agency.id)
    const db = makeDb(env.DB)
    // As if the answer step's UPDATE had lost a race: the suggestion holds no answer at this time.
    await suggestionFollowerNotices(db, s.id, new Date().toISOString())
    expect((await env.DB.prepare('SELECT kind FROM outbox WHERE participant_id = ?1').bind(follower.id).all()).results).toStrictEqual([])
    // A post id whose insert did not happen, and a withdrawn post.
    await followerNotices(db, { id: newId(), agencyId: t.agency.id, eventId: t.event.id }, new Date().toISOString())
    const withdrawn = await api('/staff/posts', { body: { title: '开放日筹备情况', body: '检测实验室已完成布展。' }, token: t.organizer.token })
    await env.DB.prepare("UPDATE posts SET status = 'withdrawn' WHERE id = ?1").bind(withdrawn.json.post.id).run()
    await env.DB.prepare('DELETE FROM outbox WHERE participant_id = ?1').bind(follower.id).run()
    await followerNotices(db, { id: withdrawn.json.post.id, agencyId: t.agency.id, eventId: null }, new Date().toISOString())
    const rows = await env.DB.prepare('SELECT kind FROM outbox WHERE participant_id = ?1').bind(follower.id).all()
    expect(rows.results).toStrictEqual([])
  })
})
