// Sharing (docs/sharing.md): the share pages crawlers read (Open Graph, escaped, only published
// items, 404 pages), the 小程序码 of events and posts against the fake WeChat (image, errcodes as
// our JSON errors, not configured), and the venue's map point (both or neither, ranges, stored).
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { itemScene, parseItemScene } from '@openday/shared'
import worker from '../src/index'
import { SCENE_PATTERN } from '../src/notifications/wechat/wxacode'
import { newId } from '../src/lib/ids'
import { api, createAgency, createPublishedEvent, createStaff, eventInput } from './support/fixtures'
import { FAKE_PNG_BASE64 } from './support/fake-wechat-data'
import { seedPosts } from './support/posts'
import { countingCalls, PATHS, programNext } from './support/wechat'

const SITE = 'http://openday.test'

async function page(path: string) {
  const res = await SELF.fetch(`${SITE}${path}`)
  return { status: res.status, html: await res.text(), headers: res.headers }
}

/** The content of `<meta property="name">`, unescaped as a browser would read it. */
function og(html: string, property: string): string | undefined {
  const m = new RegExp(`<meta property="${property}" content="([^"]*)">`).exec(html)
  return m?.[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

async function insertDraftEvent(agencyId: string) {
  const e = await createPublishedEvent(agencyId)
  await env.DB.prepare("UPDATE events SET status = 'draft', published_at = NULL WHERE id = ?1").bind(e.id).run()
  return e
}

describe('share pages (GET /s/e/:id, /s/p/:id)', () => {
  it('an event: Open Graph tags with its time and venue, a link and a script to the H5 page', async () => {
    const agency = await createAgency('固原市农业农村局')
    const e = await createPublishedEvent(agency.id, {
      title: '走进检测实验室',
      venue: '原州区检测中心三楼',
      startAt: '2026-03-20T01:00:00.000Z',
      endAt: '2026-03-20T03:30:00.000Z',
    })
    const res = await page(`/s/e/${e.id}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.html.startsWith('<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">')).toBe(true)
    expect(res.html).toContain('<title>走进检测实验室 - 开放日</title>')
    const tags = Object.fromEntries(
      ['og:type', 'og:site_name', 'og:title', 'og:description', 'og:url', 'og:image', 'og:image:width', 'og:image:height'].map((p) => [p, og(res.html, p)]),
    )
    expect(tags).toStrictEqual({
      'og:type': 'website',
      'og:site_name': '开放日',
      'og:title': '走进检测实验室',
      'og:description': '2026年3月20日（周五）09:00–11:30，原州区检测中心三楼（固原市农业农村局）',
      'og:url': `${SITE}/s/e/${e.id}`,
      'og:image': `${SITE}/share.png`,
      'og:image:width': '500',
      'og:image:height': '400',
    })
    expect(res.html).toContain(`<a id="open" href="${SITE}/#/pages/event/index?id=${e.id}">打开活动页面</a>`)
    // The one inline script is allowed by its hash, nothing else may run.
    const script = /<script>([^<]*)<\/script>/.exec(res.html)![1]
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(script))
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)))
    expect(res.headers.get('content-security-policy')).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; script-src 'sha256-${hash}'`,
    )
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=300')
  })

  it('escapes every text: a title or venue with markup stays text', async () => {
    const agency = await createAgency('局<b>&"\'')
    const e = await createPublishedEvent(agency.id, { title: '</title><script>alert(1)</script>"\'&', venue: '"><img src=x onerror=alert(1)>' })
    const res = await page(`/s/e/${e.id}`)
    expect(res.status).toBe(200)
    expect(res.html).not.toContain('<script>alert')
    expect(res.html).not.toContain('<img')
    expect(res.html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp; - 开放日</title>')
    expect(og(res.html, 'og:title')).toBe('</title><script>alert(1)</script>"\'&')
    expect(og(res.html, 'og:description')).toMatch(/，"><img src=x onerror=alert\(1\)>（局<b>&"'）$/)
    expect(res.html.match(/<script>/g)).toHaveLength(1)
  })

  it('a post: its summary, og:type article and the publication time', async () => {
    const agency = await createAgency()
    const [post] = await seedPosts(agency.id, [{ publishedAt: '2026-03-01T02:00:00.000Z', title: '开放日活动总结', summary: '摘要 <em>要点</em>' }])
    const res = await page(`/s/p/${post.id}`)
    expect(res.status).toBe(200)
    expect([og(res.html, 'og:type'), og(res.html, 'og:title'), og(res.html, 'og:description'), og(res.html, 'og:url'), og(res.html, 'article:published_time')]).toStrictEqual([
      'article',
      '开放日活动总结',
      '摘要 <em>要点</em>',
      `${SITE}/s/p/${post.id}`,
      '2026-03-01T02:00:00.000Z',
    ])
    expect(res.html).toContain(`<a id="open" href="${SITE}/#/pages/post/index?id=${post.id}">打开动态页面</a>`)
  })

  it('unknown, draft, cancelled events and withdrawn posts are 404 pages, not cached', async () => {
    const agency = await createAgency()
    const draft = await insertDraftEvent(agency.id)
    const cancelled = await createPublishedEvent(agency.id, { title: '已取消的活动' })
    await env.DB.prepare("UPDATE events SET status = 'cancelled', cancel_reason = '场地检修', cancelled_at = ?2 WHERE id = ?1").bind(cancelled.id, new Date().toISOString()).run()
    const [withdrawn] = await seedPosts(agency.id, [{ publishedAt: '2026-03-01T00:00:00Z', status: 'withdrawn', title: '撤回的动态' }])
    for (const [path, text] of [
      [`/s/e/${newId()}`, '活动不存在或已下线'],
      [`/s/e/${draft.id}`, '活动不存在或已下线'],
      [`/s/e/${cancelled.id}`, '活动不存在或已下线'],
      [`/s/p/${withdrawn.id}`, '动态不存在或已撤回'],
      [`/s/p/${newId()}`, '动态不存在或已撤回'],
    ]) {
      const res = await page(path)
      expect(res.status, path).toBe(404)
      expect(res.html).toContain(`<h1>${text}</h1>`)
      expect(res.html).not.toContain('og:')
      expect(res.html).not.toContain(draft.title)
      expect(res.headers.get('cache-control')).toBeNull()
    }
    expect((await page(`/s/e/${cancelled.id}`)).html).not.toContain('已取消的活动')
  })

  it('a staff change reaches the share page at once (the cached copy is purged)', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const { id } = await createPublishedEvent(agency.id, { title: '原来的标题' })
    expect(og((await page(`/s/e/${id}`)).html, 'og:title')).toBe('原来的标题')
    expect(await caches.default.match(`${SITE}/s/e/${id}`)).toBeDefined()
    expect((await api(`/events/${id}`, { method: 'PATCH', body: { title: '新的标题' }, token: staff.token })).status).toBe(200)
    expect(og((await page(`/s/e/${id}`)).html, 'og:title')).toBe('新的标题')
  })
})

describe('小程序码 (GET /public/events/:id/wxacode, /public/posts/:id/wxacode)', () => {
  const png = () => Array.from(atob(FAKE_PNG_BASE64), (c) => c.charCodeAt(0))
  const code = (path: string) => SELF.fetch(`${SITE}/api/v1${path}`)

  it('a published event and post: WeChat’s PNG, kept at the edge for a day', async () => {
    const agency = await createAgency()
    const e = await createPublishedEvent(agency.id)
    const [post] = await seedPosts(agency.id, [{ publishedAt: '2026-03-01T00:00:00Z' }])
    for (const path of [`/public/events/${e.id}/wxacode`, `/public/posts/${post.id}/wxacode`]) {
      const { result: res, calls } = await countingCalls(() => code(path))
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/png')
      expect(res.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=86400')
      expect(Array.from(new Uint8Array(await res.arrayBuffer()))).toStrictEqual(png())
      expect(calls[PATHS.wxacode]).toBe(1)
      // Again: from the edge cache, WeChat is not asked.
      const again = await countingCalls(() => code(path).then((r) => r.arrayBuffer()))
      expect(again.calls).toStrictEqual({})
    }
  })

  it('scenes: e=<id> / p=<id> fit WeChat’s 32 characters and come back from the URL-encoded option', async () => {
    for (let i = 0; i < 50; i++) {
      const id = newId()
      for (const kind of ['event', 'post'] as const) {
        const scene = itemScene(kind, id)!
        expect(scene).toBe(`${kind === 'event' ? 'e' : 'p'}=${id}`)
        expect(scene.length).toBeLessThanOrEqual(32)
        expect(SCENE_PATTERN.test(scene)).toBe(true)
        // The page gets options.scene URL-encoded (e%3D<id>) and reads it with decodeURIComponent.
        expect(parseItemScene(kind, encodeURIComponent(scene))).toBe(id)
        expect(parseItemScene(kind === 'event' ? 'post' : 'event', encodeURIComponent(scene))).toBeNull()
      }
    }
    expect(itemScene('event', 'x'.repeat(31))).toBeNull()
    expect(itemScene('event', 'a&b')).toBeNull()
    // The route's page and scene are ones the fake accepts: it refuses pages the released app
    // lacks (41030) and scenes WeChat would not take (40097/40169).
    const agency = await createAgency()
    const e = await createPublishedEvent(agency.id)
    expect((await code(`/public/events/${e.id}/wxacode`)).status).toBe(200)
  })

  it.each([
    [41030, 502, 'WXACODE_FAILED', '小程序码生成失败：线上版本的小程序没有这个页面，请发布新版本后再试', null],
    [40159, 502, 'WXACODE_FAILED', '小程序码生成失败：线上版本的小程序没有这个页面，请发布新版本后再试', null],
    [40169, 502, 'WXACODE_FAILED', '小程序码生成失败：参数不符合微信的要求', null],
    [45009, 503, 'WXACODE_BUSY', '小程序码生成次数已达微信的限制，请1分钟后再试', '60'],
    [-1, 503, 'WXACODE_BUSY', '微信服务暂时繁忙，小程序码请稍后再试', '30'],
  ])('WeChat errcode %i → %i %s, not cached', async (errcode, status, errorCode, message, retryAfter) => {
    const agency = await createAgency()
    const e = await createPublishedEvent(agency.id)
    await programNext(PATHS.wxacode, { errcode })
    const res = await code(`/public/events/${e.id}/wxacode`)
    expect(res.status).toBe(status)
    expect(await res.json()).toStrictEqual({ error: { code: errorCode, message, errcode } })
    expect(res.headers.get('retry-after')).toBe(retryAfter)
    expect(res.headers.get('cache-control')).toBeNull()
    // Nothing was kept: the next call asks WeChat again and gets the image.
    expect((await code(`/public/events/${e.id}/wxacode`)).status).toBe(200)
  })

  it('40001 (a token WeChat no longer takes): one new token and one retry give the image; twice is a configuration error', async () => {
    const agency = await createAgency()
    const [e1, e2] = [await createPublishedEvent(agency.id), await createPublishedEvent(agency.id)]
    await programNext(PATHS.wxacode, { errcode: 40001 })
    const first = await countingCalls(() => code(`/public/events/${e1.id}/wxacode`))
    expect(first.result.status).toBe(200)
    expect(first.calls).toStrictEqual({ [PATHS.token]: 1, [PATHS.wxacode]: 2 })
    await programNext(PATHS.wxacode, { errcode: 40001 })
    await programNext(PATHS.wxacode, { errcode: 40001 })
    const res = await code(`/public/events/${e2.id}/wxacode`)
    expect(res.status).toBe(502)
    expect(await res.json()).toStrictEqual({
      error: { code: 'WXACODE_FAILED', message: '小程序码生成失败：微信接口凭证无效，请检查小程序的 AppID、AppSecret 和 IP 白名单', errcode: 40001 },
    })
  })

  it('only published items: unknown, draft, cancelled events and withdrawn posts are 404 without asking WeChat', async () => {
    const agency = await createAgency()
    const draft = await insertDraftEvent(agency.id)
    const cancelled = await createPublishedEvent(agency.id)
    await env.DB.prepare("UPDATE events SET status = 'cancelled' WHERE id = ?1").bind(cancelled.id).run()
    const [withdrawn] = await seedPosts(agency.id, [{ publishedAt: '2026-03-01T00:00:00Z', status: 'withdrawn' }])
    for (const [path, message] of [
      [`/public/events/${newId()}/wxacode`, '活动不存在或已下线'],
      [`/public/events/${draft.id}/wxacode`, '活动不存在或已下线'],
      [`/public/events/${cancelled.id}/wxacode`, '活动不存在或已下线'],
      [`/public/events/${'x'.repeat(40)}/wxacode`, '活动不存在或已下线'],
      [`/public/posts/${withdrawn.id}/wxacode`, '动态不存在或已撤回'],
    ]) {
      const { result, calls } = await countingCalls(async () => {
        const res = await code(path)
        return { status: res.status, body: await res.json() }
      })
      expect(result, path).toStrictEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message } } })
      expect(calls).toStrictEqual({})
    }
  })

  it('without a WeChat app id and secret (local development): 503 WXACODE_UNAVAILABLE, nothing asked', async () => {
    const agency = await createAgency()
    const e = await createPublishedEvent(agency.id)
    const ctx = createExecutionContext()
    const { result } = await countingCalls(async () => {
      const res = await worker.fetch(new Request(`${SITE}/api/v1/public/events/${e.id}/wxacode`), { ...env, WECHAT_APP_ID: undefined, WECHAT_APP_SECRET: '' }, ctx)
      await waitOnExecutionContext(ctx)
      return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') }
    })
    expect(result).toStrictEqual({
      status: 503,
      body: { error: { code: 'WXACODE_UNAVAILABLE', message: '未配置微信小程序的 AppID 和 AppSecret，不能生成小程序码（本地开发时属正常）' } },
      retryAfter: null,
    })
  })
})

describe('the venue’s map point (venueLat / venueLng, GCJ-02)', () => {
  const stored = async (id: string) =>
    env.DB.prepare('SELECT venue_lat AS lat, venue_lng AS lng FROM events WHERE id = ?1').bind(id).first<{ lat: number | null; lng: number | null }>()

  it('is stored on create and patch, shown in the detail, and cleared with two nulls', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const created = await api('/events', { body: eventInput({ venueLat: 36.0158, venueLng: 106.2426 }), token: staff.token })
    expect(created.status).toBe(201)
    const id = created.json.event.id
    expect([created.json.event.venueLat, created.json.event.venueLng]).toStrictEqual([36.0158, 106.2426])
    expect(await stored(id)).toStrictEqual({ lat: 36.0158, lng: 106.2426 })
    const moved = await api(`/events/${id}`, { method: 'PATCH', body: { venueLat: 36.02, venueLng: 106.25 }, token: staff.token })
    expect(moved.status).toBe(200)
    expect(await stored(id)).toStrictEqual({ lat: 36.02, lng: 106.25 })
    const detail = await api(`/events/${id}`, { token: staff.token })
    expect([detail.json.event.venueLat, detail.json.event.venueLng]).toStrictEqual([36.02, 106.25])
    // A patch without the point keeps it.
    expect((await api(`/events/${id}`, { method: 'PATCH', body: { capacity: 40 }, token: staff.token })).status).toBe(200)
    expect(await stored(id)).toStrictEqual({ lat: 36.02, lng: 106.25 })
    expect((await api(`/events/${id}`, { method: 'PATCH', body: { venueLat: null, venueLng: null }, token: staff.token })).status).toBe(200)
    expect(await stored(id)).toStrictEqual({ lat: null, lng: null })
    const none = await api('/events', { body: eventInput(), token: staff.token })
    expect([none.json.event.venueLat, none.json.event.venueLng]).toStrictEqual([null, null])
    expect(await stored(none.json.event.id)).toStrictEqual({ lat: null, lng: null })
  })

  it.each([
    [{ venueLat: 36.0 }, 'venueLng', '纬度和经度须同时填写，或都不填'],
    [{ venueLng: 106.24 }, 'venueLat', '纬度和经度须同时填写，或都不填'],
    [{ venueLat: 36.0, venueLng: null }, 'venueLng', '纬度和经度须同时填写，或都不填'],
    [{ venueLat: 2.9, venueLng: 106.24 }, 'venueLat', '纬度须在3到54之间（中国境内的地点）'],
    [{ venueLat: 54.1, venueLng: 106.24 }, 'venueLat', '纬度须在3到54之间（中国境内的地点）'],
    [{ venueLat: 36.0, venueLng: 72.9 }, 'venueLng', '经度须在73到136之间（中国境内的地点）'],
    [{ venueLat: 36.0, venueLng: 136.1 }, 'venueLng', '经度须在73到136之间（中国境内的地点）'],
    // Swapped (lng, lat) is out of range too.
    [{ venueLat: 106.24, venueLng: 36.0 }, 'venueLat', '纬度须在3到54之间（中国境内的地点）'],
    [{ venueLat: '36.0', venueLng: 106.24 }, 'venueLat', '纬度须为数字'],
  ])('refuses %o (create and patch), storing nothing', async (point, field, message) => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const res = await api('/events', { body: { ...eventInput({ title: '地图点校验' }), ...point }, token: staff.token })
    expect(res.status).toBe(400)
    expect(res.json).toStrictEqual({ error: { code: 'VALIDATION_FAILED', message, field } })
    const n = await env.DB.prepare('SELECT count(*) AS n FROM events WHERE agency_id = ?1').bind(agency.id).first<{ n: number }>()
    expect(n?.n).toBe(0)
    const ok = await api('/events', { body: eventInput({ venueLat: 36.0, venueLng: 106.24 }), token: staff.token })
    const patched = await api(`/events/${ok.json.event.id}`, { method: 'PATCH', body: point, token: staff.token })
    expect(patched.status).toBe(400)
    expect(patched.json).toStrictEqual({ error: { code: 'VALIDATION_FAILED', message, field } })
    expect(await stored(ok.json.event.id)).toStrictEqual({ lat: 36.0, lng: 106.24 })
  })
})
