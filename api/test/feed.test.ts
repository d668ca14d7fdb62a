// 动态: the public feed (keyset pages, agency filter, withdrawn posts hidden, one D1 round trip off
// the partial indexes), one post, the staff's articles (who may write, what is refused and that
// nothing is written then, cache purges) and the 活动预告 / 变更通知 builders' stored text.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { findEvent } from '../src/events/queries'
import { changePostInsert, previewPostInsert } from '../src/feed/posts'
import { makeDb } from '../src/lib/db'
import { api, createAgency, createParticipant, createPublishedEvent, createStaff, eventInput } from './support/fixtures'
import { queryPlan, statementsOf } from './support/metrics'
import { postCount, seedPosts, storedPost } from './support/posts'

const ORIGIN = 'http://openday.test/api/v1'
type Summary = { id: string; title: string; publishedAt: string; agencyId: string }

/** Every page of a feed, following nextCursor; each page one D1 round trip. */
async function walk(query: string) {
  const pages: Summary[][] = []
  let cursor: string | null = null
  do {
    const sep = query ? '&' : '?'
    const res = await api(`/public/feed${query}${cursor ? `${sep}cursor=${cursor}` : ''}`)
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    pages.push(res.json.posts)
    cursor = res.json.nextCursor
  } while (cursor && pages.length < 10)
  return pages
}

describe('GET /public/feed', () => {
  it('pages through 45 posts with equal publication times newest first, 20 at a time, without gaps or repeats', async () => {
    const agency = await createAgency()
    const other = await createAgency()
    // 15 instants, three posts at each: the id orders posts of the same instant.
    const seeded = await seedPosts(
      agency.id,
      Array.from({ length: 45 }, (_, i) => ({ publishedAt: new Date(Date.parse('2026-02-01T00:00:00Z') + Math.floor(i / 3) * 86400_000).toISOString() })),
    )
    await seedPosts(other.id, [{ publishedAt: '2026-02-10T00:00:00Z', title: '他单位的动态' }])
    await seedPosts(agency.id, [{ publishedAt: '2026-02-20T00:00:00Z', title: '已撤回', status: 'withdrawn' }])

    const pages = await walk(`?agencyId=${agency.id}`)
    expect(pages.map((p) => p.length)).toStrictEqual([20, 20, 5])
    const expected = [...seeded].sort((a, b) => (a.publishedAt === b.publishedAt ? (a.id < b.id ? 1 : -1) : a.publishedAt < b.publishedAt ? 1 : -1))
    expect(pages.flat().map((p) => p.id)).toStrictEqual(expected.map((p) => p.id))
    expect(new Set(pages.flat().map((p) => p.id)).size).toBe(45)
    expect(pages.flat().every((p) => p.agencyId === agency.id)).toBe(true)
    // A page boundary falls inside a group of equal times (20 = 6 × 3 + 2).
    expect(pages[0][19].publishedAt).toBe(pages[1][0].publishedAt)

    // Exactly one page: no cursor to an empty page.
    const twenty = await createAgency()
    await seedPosts(twenty.id, Array.from({ length: 20 }, () => ({ publishedAt: '2026-02-01T00:00:00Z' })))
    expect((await walk(`?agencyId=${twenty.id}`)).map((p) => p.length)).toStrictEqual([20])
  })

  it('answers a summary per post with the agency’s name; the site-wide feed mixes agencies by time', async () => {
    await caches.default.delete(`${ORIGIN}/public/feed`)
    const a = await createAgency('甲局')
    const b = await createAgency('乙局')
    const event = await createPublishedEvent(a.id)
    // Later than anything else this file seeds, so these lead the site-wide feed.
    const [a1] = await seedPosts(a.id, [{ publishedAt: '2026-03-10T09:10:00+08:00', title: '甲局预告', summary: '甲局摘要', kind: 'preview', eventId: event.id }])
    const [b1] = await seedPosts(b.id, [{ publishedAt: '2026-03-10T09:20:00+08:00', title: '乙局文章', summary: '乙局摘要' }])
    const res = await api('/public/feed')
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=300')
    expect(res.json.posts.slice(0, 2)).toStrictEqual([
      { id: b1.id, kind: 'article', agencyId: b.id, agencyName: '乙局', eventId: null, title: '乙局文章', summary: '乙局摘要', publishedAt: '2026-03-10T01:20:00.000Z' },
      { id: a1.id, kind: 'preview', agencyId: a.id, agencyName: '甲局', eventId: event.id, title: '甲局预告', summary: '甲局摘要', publishedAt: '2026-03-10T01:10:00.000Z' },
    ])
  })

  it('reads off the partial indexes newest first, without sorting', async () => {
    const agency = await createAgency()
    await seedPosts(agency.id, Array.from({ length: 25 }, (_, i) => ({ publishedAt: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString() })))
    const first = await api(`/public/feed?agencyId=${agency.id}`)
    const cursor = first.json.nextCursor as string
    const checks: [string, string][] = [
      [`/public/feed?agencyId=${agency.id}&cursor=${cursor}`, 'posts_agency_feed'],
      [`/public/feed?cursor=${cursor}`, 'posts_feed'],
    ]
    for (const [path, index] of checks) {
      const statements = await statementsOf(async () => {
        expect((await api(path, { token: 'x' })).status).toBe(200)
      })
      const feedQuery = statements.filter((s) => /from "posts"/.test(s))
      expect(feedQuery).toHaveLength(1)
      const plan = await queryPlan(feedQuery[0])
      expect(plan.join('\n')).toMatch(new RegExp(`SEARCH posts USING INDEX ${index} \\(`))
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|SCAN posts/)
    }
  })

  it('refuses a cursor it did not make, and an unknown agency', async () => {
    for (const cursor of ['abc', 'MjAyNi0wMy0xMHxhYmM', '%24%24', btoa('2026-03-10T02:00:00.000Z|a b').replace(/=+$/, '')]) {
      const res = await api(`/public/feed?cursor=${cursor}`)
      expect(res.status, cursor).toBe(400)
      expect(res.json).toStrictEqual({ error: { code: 'VALIDATION_FAILED', message: '翻页参数无效，请从第一页重新加载', field: 'cursor' } })
    }
    const unknown = await api('/public/feed?agencyId=nope')
    expect(unknown.status).toBe(404)
    expect(unknown.json).toStrictEqual({ error: { code: 'NOT_FOUND', message: '单位不存在' } })
  })
})

describe('GET /public/posts/:id', () => {
  it('is one published post with its body; withdrawn and unknown posts are 404', async () => {
    const agency = await createAgency('丙局')
    const [post, gone] = await seedPosts(agency.id, [
      { publishedAt: '2026-03-02T10:00:00+08:00', title: '活动总结', summary: '总结摘要', body: '第一段\n\n第二段', kind: 'summary' },
      { publishedAt: '2026-03-03T10:00:00+08:00', status: 'withdrawn' },
    ])
    const res = await api(`/public/posts/${post.id}`)
    expect(res.status).toBe(200)
    expect(res.json).toStrictEqual({
      post: {
        id: post.id,
        kind: 'summary',
        agencyId: agency.id,
        agencyName: '丙局',
        eventId: null,
        title: '活动总结',
        summary: '总结摘要',
        body: '第一段\n\n第二段',
        publishedAt: '2026-03-02T02:00:00.000Z',
        updatedAt: '2026-03-02T02:00:00.000Z',
      },
    })
    for (const id of [gone.id, 'nope']) {
      const missing = await api(`/public/posts/${id}`)
      expect(missing.status).toBe(404)
      expect(missing.json).toStrictEqual({ error: { code: 'NOT_FOUND', message: '动态不存在或已撤回' } })
    }
  })
})

describe('staff articles', () => {
  it('an organiser writes, corrects and withdraws an article of their agency', async () => {
    const agency = await createAgency('丁局')
    const organiser = await createStaff(agency.id, 'organizer')
    const event = await createPublishedEvent(agency.id)
    const created = await api('/staff/posts', {
      token: organiser.token,
      body: { title: '  开放日活动圆满结束  ', body: '3月10日，开放日活动圆满结束。\r\n共有30名市民代表参加。\r\n\r\n\r\n感谢各位的参与。  ', eventId: event.id },
    })
    expect(created.status).toBe(201)
    const id = created.json.post.id
    expect(created.json.post).toStrictEqual({
      id,
      kind: 'article',
      agencyId: agency.id,
      agencyName: '丁局',
      eventId: event.id,
      title: '开放日活动圆满结束',
      summary: '3月10日，开放日活动圆满结束。 共有30名市民代表参加。',
      body: '3月10日，开放日活动圆满结束。\n共有30名市民代表参加。\n\n感谢各位的参与。',
      publishedAt: '2026-03-10T02:00:00.000Z',
      updatedAt: '2026-03-10T02:00:00.000Z',
      status: 'published',
      authorStaffId: organiser.id,
    })
    expect(await storedPost(id)).toMatchObject({ agency_id: agency.id, kind: 'article', status: 'published', author_staff_id: organiser.id, event_id: event.id })

    // A new body: the summary that followed the body follows it; the place in the feed stays.
    const patched = await api(`/staff/posts/${id}`, { method: 'PATCH', token: organiser.token, body: { body: '更正后的正文。\n\n第二段。', eventId: null } })
    expect(patched.status).toBe(200)
    expect(patched.json.post).toMatchObject({ summary: '更正后的正文。', body: '更正后的正文。\n\n第二段。', eventId: null, publishedAt: '2026-03-10T02:00:00.000Z' })
    // A summary written by hand stays when only the body changes.
    await api(`/staff/posts/${id}`, { method: 'PATCH', token: organiser.token, body: { summary: '手写摘要' } })
    const again = await api(`/staff/posts/${id}`, { method: 'PATCH', token: organiser.token, body: { body: '又一次更正。' } })
    expect(again.json.post).toMatchObject({ summary: '手写摘要', body: '又一次更正。', title: '开放日活动圆满结束' })
    expect(await storedPost(id)).toMatchObject({ summary: '手写摘要', body: '又一次更正。', event_id: null })

    const withdrawn = await api(`/staff/posts/${id}/withdraw`, { method: 'POST', token: organiser.token })
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.json.post.status).toBe('withdrawn')
    expect(await storedPost(id)).toMatchObject({ status: 'withdrawn' })
    // Withdrawing again changes nothing; a withdrawn post cannot be edited.
    expect((await api(`/staff/posts/${id}/withdraw`, { method: 'POST', token: organiser.token })).json.post.status).toBe('withdrawn')
    const late = await api(`/staff/posts/${id}`, { method: 'PATCH', token: organiser.token, body: { title: '撤回后再改' } })
    expect(late.status).toBe(409)
    expect(late.json).toStrictEqual({ error: { code: 'INVALID_STATE', message: '该动态已撤回，不能修改' } })
    expect(await storedPost(id)).toMatchObject({ title: '开放日活动圆满结束', status: 'withdrawn' })
    expect((await api(`/public/feed?agencyId=${agency.id}`)).json.posts).toStrictEqual([])
  })

  it('GET /staff/posts lists the agency’s posts of every kind and status, newest first, and no one else’s', async () => {
    const agency = await createAgency()
    const other = await createAgency()
    const admin = await createStaff(agency.id, 'admin')
    const rows = await seedPosts(agency.id, [
      { publishedAt: '2026-03-01T00:00:00Z', kind: 'preview' },
      { publishedAt: '2026-03-03T00:00:00Z', kind: 'change', status: 'withdrawn' },
      { publishedAt: '2026-03-02T00:00:00Z', kind: 'article' },
    ])
    await seedPosts(other.id, [{ publishedAt: '2026-03-04T00:00:00Z' }])
    const res = await api('/staff/posts', { token: admin.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.json.posts.map((p: { id: string; kind: string; status: string }) => [p.id, p.kind, p.status])).toStrictEqual([
      [rows[1].id, 'change', 'withdrawn'],
      [rows[2].id, 'article', 'published'],
      [rows[0].id, 'preview', 'published'],
    ])
    expect(res.json.nextCursor).toBeNull()

    // 20 a page, like the public feed.
    const more = await seedPosts(agency.id, Array.from({ length: 20 }, () => ({ publishedAt: '2026-02-01T00:00:00Z' })))
    const first = await api('/staff/posts', { token: admin.token })
    expect(first.json.posts).toHaveLength(20)
    const second = await api(`/staff/posts?cursor=${first.json.nextCursor}`, { token: admin.token })
    expect(second.json.nextCursor).toBeNull()
    expect([...first.json.posts, ...second.json.posts].map((p: { id: string }) => p.id).sort()).toStrictEqual([...rows, ...more].map((p) => p.id).sort())
    expect((await api('/staff/posts?cursor=bad', { token: admin.token })).status).toBe(400)
  })

  it('only admins and organisers of the post’s agency may use the staff routes', async () => {
    const agency = await createAgency()
    const other = await createAgency()
    const [post] = await seedPosts(agency.id, [{ publishedAt: '2026-03-01T00:00:00Z', title: '原标题' }])
    const participant = await createParticipant()
    const callers = {
      none: undefined,
      participant: participant.token,
      checker: (await createStaff(agency.id, 'checker')).token,
      handler: (await createStaff(agency.id, 'handler')).token,
      otherAdmin: (await createStaff(other.id, 'admin')).token,
      admin: (await createStaff(agency.id, 'admin')).token,
      organizer: (await createStaff(agency.id, 'organizer')).token,
    }
    const routes = [
      { name: 'list', method: 'GET', path: '/staff/posts', body: undefined },
      { name: 'create', method: 'POST', path: '/staff/posts', body: { title: '新文章', body: '正文' } },
      { name: 'edit', method: 'PATCH', path: `/staff/posts/${post.id}`, body: { title: '改过的标题' } },
      { name: 'withdraw', method: 'POST', path: `/staff/posts/${post.id}/withdraw`, body: undefined },
    ]
    const expected: Record<keyof typeof callers, number[]> = {
      none: [401, 401, 401, 401],
      participant: [403, 403, 403, 403],
      checker: [403, 403, 403, 403],
      handler: [403, 403, 403, 403],
      // Another agency's admin: their own (empty) list, their own article, but not this post.
      otherAdmin: [200, 201, 404, 404],
      admin: [200, 201, 200, 200],
      organizer: [200, 201, 409, 200],
    }
    for (const [who, token] of Object.entries(callers) as [keyof typeof callers, string | undefined][]) {
      const before = await postCount(agency.id)
      const statuses = []
      for (const r of routes) {
        const res = await api(r.path, { method: r.method, body: r.body, token })
        statuses.push(res.status)
        if (res.status >= 400) expect(Object.keys(res.json.error).sort(), `${who} ${r.name}`).toEqual(expect.arrayContaining(['code', 'message']))
        if (who === 'otherAdmin' && r.name === 'list') expect(res.json.posts.map((p: { agencyId: string }) => p.agencyId)).not.toContain(agency.id)
      }
      expect(statuses, who).toStrictEqual(expected[who])
      const after = await postCount(agency.id)
      const refused = who !== 'admin' && who !== 'organizer'
      if (refused) {
        expect(after, who).toBe(before)
        expect(await storedPost(post.id), who).toMatchObject({ title: '原标题', status: 'published' })
      } else {
        expect(after, who).toBe(before + 1)
      }
      // The admin withdrew it; the organiser then meets a withdrawn post (409) and withdraws again.
      if (who === 'admin') expect(await storedPost(post.id)).toMatchObject({ title: '改过的标题', status: 'withdrawn' })
    }
    expect(await postCount(other.id)).toBe(1)
  })

  it('refuses bad input with a Chinese message naming the field, and writes nothing', async () => {
    const agency = await createAgency()
    const other = await createAgency()
    const admin = await createStaff(agency.id, 'admin')
    const ownDraft = (await api('/events', { token: admin.token, body: eventInput() })).json.event
    const foreign = await createPublishedEvent(other.id)
    const cases: [unknown, string, string][] = [
      [{ body: '正文' }, 'title', '请输入标题'],
      [{ title: '标', body: '正文' }, 'title', '标题至少2个字'],
      [{ title: '标'.repeat(101), body: '正文' }, 'title', '标题不能超过100字'],
      [{ title: '标题', body: ' \n ' }, 'body', '请输入正文'],
      [{ title: '标题', body: '字'.repeat(20_001) }, 'body', '正文不能超过20000字'],
      [{ title: '标题', body: '正文', summary: '摘'.repeat(121) }, 'summary', '摘要不能超过120字'],
      [{ title: '标题', body: '正文', eventId: 'a b' }, 'eventId', '关联活动格式不正确'],
      [{ title: '标题', body: '正文', eventId: foreign.id }, 'eventId', '关联的活动不存在，或不是本单位已发布的活动'],
      [{ title: '标题', body: '正文', eventId: ownDraft.id }, 'eventId', '关联的活动不存在，或不是本单位已发布的活动'],
      [{ title: '标题', body: '正文', eventId: 'unknownEvent' }, 'eventId', '关联的活动不存在，或不是本单位已发布的活动'],
    ]
    for (const [body, field, message] of cases) {
      const res = await api('/staff/posts', { token: admin.token, body })
      expect(res.status, message).toBe(400)
      expect(res.json, message).toStrictEqual({ error: { code: 'VALIDATION_FAILED', message, field } })
    }
    const malformed = await api('/staff/posts', { token: admin.token, body: '{"title":' })
    expect(malformed.status).toBe(400)
    expect(malformed.json.error.code).toBe('VALIDATION_FAILED')
    expect(await postCount(agency.id)).toBe(0)

    const [post] = await seedPosts(agency.id, [{ publishedAt: '2026-03-01T00:00:00Z', title: '原标题', summary: '原摘要', body: '原正文' }])
    for (const [body, field, message] of cases.slice(1)) {
      const res = await api(`/staff/posts/${post.id}`, { method: 'PATCH', token: admin.token, body })
      expect(res.status, message).toBe(400)
      expect(res.json.error, message).toMatchObject({ code: 'VALIDATION_FAILED', field, message })
    }
    expect(await storedPost(post.id)).toMatchObject({ title: '原标题', summary: '原摘要', body: '原正文', event_id: null, updated_at: '2026-03-01T00:00:00.000Z' })
  })
})

describe('the edge cache follows the staff’s writes', () => {
  it('a new article, a correction and a withdrawal show at once in the feeds and the post page', async () => {
    const agency = await createAgency()
    const admin = await createStaff(agency.id, 'admin')
    const [old] = await seedPosts(agency.id, [{ publishedAt: '2026-03-01T00:00:00Z', title: '旧动态' }])
    const paths = ['/public/feed', `/public/feed?agencyId=${agency.id}`, '/public/feed.xml', `/public/agencies/${agency.id}/feed.xml`, `/public/posts/${old.id}`]
    const warm = async () => {
      for (const p of paths) await api(p)
      for (const p of paths) expect((await api(p)).headers.get('cf-cache-status'), p).toBe('HIT')
    }
    const fresh = async () => {
      for (const p of paths) expect((await api(p)).headers.get('cf-cache-status'), p).toBeNull()
    }

    await warm()
    const created = await api('/staff/posts', { token: admin.token, body: { title: '新发布的文章', body: '正文' } })
    expect(created.status).toBe(201)
    for (const p of paths.slice(0, 4)) {
      const res = await api(p)
      expect(res.headers.get('cf-cache-status'), p).toBeNull()
      expect(JSON.stringify(res.json), p).toContain('新发布的文章')
    }

    await warm()
    expect((await api(`/staff/posts/${old.id}`, { method: 'PATCH', token: admin.token, body: { title: '更正后的旧动态' } })).status).toBe(200)
    await fresh()
    expect((await api(`/public/posts/${old.id}`)).json.post.title).toBe('更正后的旧动态')

    await warm()
    expect((await api(`/staff/posts/${old.id}/withdraw`, { method: 'POST', token: admin.token })).status).toBe(200)
    expect((await api(`/public/posts/${old.id}`)).status).toBe(404)
    expect((await api(`/public/feed?agencyId=${agency.id}`)).json.posts.map((p: Summary) => p.title)).toStrictEqual(['新发布的文章'])
    expect((await api(`/public/agencies/${agency.id}/feed.xml`)).json).not.toContain('更正后的旧动态')
  })
})

describe('the 活动预告 and 变更通知 builders', () => {
  async function eventRow() {
    const agency = await createAgency('固原市农业农村局')
    const e = await createPublishedEvent(agency.id, {
      title: '掌稳农产品安全之舵 守护百姓“舌尖上的安全”',
      hostUnit: '农产品质量安全监管中心',
      venue: '固原市农产品质量安全监管中心检测实验室',
      description: '',
      startAt: '2026-03-20T09:00:00+08:00',
      endAt: '2026-03-20T11:30:00+08:00',
      registrationOpensAt: '2026-03-10T09:00:00+08:00',
      registrationClosesAt: '2026-03-19T18:00:00+08:00',
      capacity: 30,
      agenda: [{ time: '09:00', title: '职能介绍' }, { title: '参观农产品检测实验室' }],
      targetGroups: ['citizen', 'npc_deputy'],
      contactPhone: '0954-2032123',
    })
    const db = makeDb(env.DB)
    const row = await findEvent(db, e.id)
    return { agency, db, row: row!, eventId: e.id }
  }

  it('previewPostInsert stores the notice with every fact, in the batch it is given', async () => {
    const { agency, db, row, eventId } = await eventRow()
    const staff = await createStaff(agency.id, 'organizer')
    await db.batch([previewPostInsert(db, row, new Date('2026-03-10T02:00:00Z'), staff.id)])
    const stored = await env.DB.prepare('SELECT * FROM posts WHERE agency_id = ?1').bind(agency.id).all()
    expect(stored.results).toHaveLength(1)
    const { id, ...rest } = stored.results[0] as Record<string, unknown>
    expect(id).toMatch(/^[0-9A-Za-z]{22}$/)
    expect(rest).toStrictEqual({
      agency_id: agency.id,
      kind: 'preview',
      event_id: eventId,
      title: '活动预告｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”',
      summary: '2026年3月20日（周五）09:00–11:30在固原市农产品质量安全监管中心检测实验室举办，名额30人，报名截止2026年3月19日（周四）18:00。',
      body:
        '活动主题：掌稳农产品安全之舵 守护百姓“舌尖上的安全”\n开放单位：农产品质量安全监管中心\n活动时间：2026年3月20日（周五）09:00–11:30\n活动地点：固原市农产品质量安全监管中心检测实验室' +
        '\n\n活动安排：\n09:00 职能介绍\n参观农产品检测实验室' +
        '\n\n开放对象：市民代表、人大代表' +
        '\n\n报名时间：2026年3月10日（周二）09:00至2026年3月19日（周四）18:00\n报名方式：在“开放日”小程序或网页报名，名额30人' +
        '\n\n咨询电话：0954-2032123',
      published_at: '2026-03-10T02:00:00.000Z',
      created_at: '2026-03-10T02:00:00.000Z',
      updated_at: '2026-03-10T02:00:00.000Z',
      author_staff_id: staff.id,
      status: 'published',
      index_no: null,
    })
    const feed = await api(`/public/feed?agencyId=${agency.id}`)
    expect(feed.json.posts.map((p: { id: string; kind: string }) => [p.id, p.kind])).toStrictEqual([[id, 'preview']])
  })

  it('changePostInsert stores the notice of a new time, a new venue and a cancellation', async () => {
    const { agency, db, row } = await eventRow()
    const moved = { ...row, startAt: '2026-03-27T01:00:00.000Z', endAt: '2026-03-27T03:30:00.000Z' }
    await db.batch([
      changePostInsert(db, moved, { kind: 'time', before: { startAt: row.startAt, endAt: row.endAt }, after: { startAt: moved.startAt, endAt: moved.endAt }, reason: '检测设备检修' }, new Date('2026-03-10T02:00:00Z')),
      changePostInsert(db, { ...moved, venue: '二楼会议室' }, { kind: 'venue', before: row.venue, after: '二楼会议室' }, new Date('2026-03-10T03:00:00Z')),
      changePostInsert(db, { ...moved, venue: '二楼会议室' }, { kind: 'cancel', reason: '天气原因' }, new Date('2026-03-10T04:00:00Z')),
    ])
    const stored = await env.DB.prepare('SELECT kind, title, summary, body, published_at, author_staff_id FROM posts WHERE agency_id = ?1 ORDER BY published_at').bind(agency.id).all()
    const q = '“掌稳农产品安全之舵 守护百姓“舌尖上的安全””'
    expect(stored.results).toStrictEqual([
      {
        kind: 'change',
        title: '变更通知｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”：时间调整',
        summary: `原定于2026年3月20日（周五）09:00–11:30举办的${q}政府开放日活动，时间调整为2026年3月27日（周五）09:00–11:30，地点不变（固原市农产品质量安全监管中心检测实验室）。`,
        body: `原定于2026年3月20日（周五）09:00–11:30举办的${q}政府开放日活动，时间调整为2026年3月27日（周五）09:00–11:30，地点不变（固原市农产品质量安全监管中心检测实验室）。\n\n调整原因：检测设备检修\n\n已报名的群众无需重新报名。如不能按新时间参加，请在“我的报名”中取消报名，把名额留给他人。\n\n咨询电话：0954-2032123`,
        published_at: '2026-03-10T02:00:00.000Z',
        author_staff_id: null,
      },
      {
        kind: 'change',
        title: '变更通知｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”：地点调整',
        summary: `2026年3月27日（周五）09:00–11:30举办的${q}政府开放日活动，活动地点由固原市农产品质量安全监管中心检测实验室调整为二楼会议室，时间不变。`,
        body: `2026年3月27日（周五）09:00–11:30举办的${q}政府开放日活动，活动地点由固原市农产品质量安全监管中心检测实验室调整为二楼会议室，时间不变。\n\n已报名的群众无需重新报名，请按新地点参加。\n\n咨询电话：0954-2032123`,
        published_at: '2026-03-10T03:00:00.000Z',
        author_staff_id: null,
      },
      {
        kind: 'change',
        title: '变更通知｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”：活动取消',
        summary: `原定于2026年3月27日（周五）09:00–11:30在二楼会议室举办的${q}政府开放日活动取消。`,
        body: `原定于2026年3月27日（周五）09:00–11:30在二楼会议室举办的${q}政府开放日活动取消。\n\n取消原因：天气原因\n\n由此带来的不便，敬请谅解。\n\n咨询电话：0954-2032123`,
        published_at: '2026-03-10T04:00:00.000Z',
        author_staff_id: null,
      },
    ])
  })

  it('the database refuses a summary over 120 characters and an unknown kind', async () => {
    const agency = await createAgency()
    await expect(seedPosts(agency.id, [{ publishedAt: '2026-03-01T00:00:00Z', summary: '摘'.repeat(121) }])).rejects.toThrow(/CHECK constraint failed/)
    await expect(seedPosts(agency.id, [{ publishedAt: '2026-03-01T00:00:00Z', kind: 'notice' as never }])).rejects.toThrow(/CHECK constraint failed/)
    expect(await postCount(agency.id)).toBe(0)
  })
})
