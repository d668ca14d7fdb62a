// 动态 as RSS 2.0: GET /public/feed.xml and /public/agencies/:id/feed.xml, read back with a real
// feed parser (@rowanmanning/feed-parser) and checked as well-formed XML (fast-xml-parser's
// validator): titles, links to the H5 post page, dates, Chinese text, `<&>` and `]]>` in the text,
// the last 50 posts only, withdrawn posts left out, edge cache, 404 for an unknown agency.
import { parseFeed } from '@rowanmanning/feed-parser'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { api, createAgency } from './support/fixtures'
import { seedPosts } from './support/posts'

const ORIGIN = 'http://openday.test'
const RSS = 'application/rss+xml; charset=utf-8'
const pageOf = (id: string) => `${ORIGIN}/#/pages/post/index?id=${id}`

async function readFeed(path: string) {
  const res = await api(path)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe(RSS)
  const xml = res.json as string
  expect(XMLValidator.validate(xml)).toBe(true)
  return { res, xml, feed: parseFeed(xml) }
}

describe('GET /public/agencies/:id/feed.xml', () => {
  it('is RSS 2.0 of the agency’s published posts, newest first, with escaping and Chinese text intact', async () => {
    const agency = await createAgency('固原市农业农村局 & <监管中心>')
    const other = await createAgency()
    const [older, newer, withdrawn] = await seedPosts(agency.id, [
      {
        publishedAt: '2026-03-01T08:00:00+08:00',
        kind: 'preview',
        title: '活动预告｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”',
        summary: '3月20日（周五）在检测实验室举办，名额30人。',
        body: '活动主题：掌稳农产品安全之舵\n开放单位：固原市农业农村局\n\n报名方式：在“开放日”小程序或网页报名，名额30人',
      },
      {
        publishedAt: '2026-03-09T17:30:00+08:00',
        title: 'A <b>&amp; B</b> ]]> 与 ]]> 检测 & “抽检”',
        summary: '摘要 <i>x</i> & y ]]> z',
        body: '第一段 <script>alert(1)</script> & 甲\n第二行\n\n第二段\u0007（控制字符已去掉）',
      },
      { publishedAt: '2026-03-09T18:00:00+08:00', title: '已撤回的文章', status: 'withdrawn' },
    ])
    await seedPosts(other.id, [{ publishedAt: '2026-03-09T20:00:00+08:00', title: '他单位的动态' }])

    const { res, xml, feed } = await readFeed(`/public/agencies/${agency.id}/feed.xml`)
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=300')
    expect(feed.meta.type).toBe('rss')
    expect(feed.title).toBe('固原市农业农村局 & <监管中心>·动态')
    expect(feed.url).toBe(`${ORIGIN}/#/pages/agency/index?id=${agency.id}`)
    expect(feed.self).toBe(`${ORIGIN}/api/v1/public/agencies/${agency.id}/feed.xml`)
    expect(feed.language).toBe('zh-CN')
    expect(feed.updated?.toISOString()).toBe('2026-03-09T09:30:00.000Z')

    // The parser reads titles as HTML-ish text (it decodes entities); the XML itself keeps the
    // stored text exactly, `&amp;` included (read with fast-xml-parser below).
    expect(feed.items.map((i) => i.title)).toStrictEqual(['A <b>& B</b> ]]> 与 ]]> 检测 & “抽检”', '活动预告｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”'])
    const raw = new XMLParser({ ignoreAttributes: true }).parse(xml)
    expect(raw.rss.channel.item.map((i: { title: string }) => i.title)).toStrictEqual([
      'A <b>&amp; B</b> ]]> 与 ]]> 检测 & “抽检”',
      '活动预告｜掌稳农产品安全之舵 守护百姓“舌尖上的安全”',
    ])
    expect(feed.items.map((i) => i.url)).toStrictEqual([pageOf(newer.id), pageOf(older.id)])
    expect(feed.items.map((i) => i.id)).toStrictEqual([pageOf(newer.id), pageOf(older.id)])
    expect(feed.items.map((i) => i.published?.toISOString())).toStrictEqual(['2026-03-09T09:30:00.000Z', '2026-03-01T00:00:00.000Z'])
    expect(feed.items.map((i) => i.description)).toStrictEqual(['摘要 <i>x</i> & y ]]> z', '3月20日（周五）在检测实验室举办，名额30人。'])
    expect(feed.items.map((i) => i.categories.map((k) => k.label))).toStrictEqual([['文章'], ['活动预告']])
    expect(feed.items.map((i) => i.authors.map((a) => a.name))).toStrictEqual([[agency.name], [agency.name]])
    // The body as HTML paragraphs in content:encoded: the text's own markup escaped, the control
    // character gone (read at the XML level: the feed parser decodes entities for display).
    expect(raw.rss.channel.item.map((i: Record<string, string>) => i['content:encoded'])).toStrictEqual([
      '<p>第一段 &lt;script&gt;alert(1)&lt;/script&gt; &amp; 甲<br>第二行</p><p>第二段（控制字符已去掉）</p>',
      '<p>活动主题：掌稳农产品安全之舵<br>开放单位：固原市农业农村局</p><p>报名方式：在“开放日”小程序或网页报名，名额30人</p>',
    ])
    expect(feed.items[0].content).toContain('第二段（控制字符已去掉）')
    expect(xml).not.toContain(withdrawn.id)
    expect(xml).not.toContain('他单位的动态')

    // Served from the edge cache the second time, without D1.
    const again = await api(`/public/agencies/${agency.id}/feed.xml`)
    expect([again.headers.get('cf-cache-status'), again.roundTrips, again.json]).toStrictEqual(['HIT', 0, xml])
  })

  it('has the last 50 posts only, and an empty channel for an agency without posts', async () => {
    const agency = await createAgency()
    const seeded = await seedPosts(
      agency.id,
      Array.from({ length: 55 }, (_, i) => ({ publishedAt: new Date(Date.parse('2026-02-01T00:00:00Z') + i * 3600_000).toISOString(), title: `第${i + 1}条` })),
    )
    const { feed } = await readFeed(`/public/agencies/${agency.id}/feed.xml`)
    expect(feed.items).toHaveLength(50)
    expect(feed.items.map((i) => i.url)).toStrictEqual(seeded.slice(5).reverse().map((p) => pageOf(p.id)))
    expect(feed.items[0].title).toBe('第55条')
    expect(feed.items[49].title).toBe('第6条')

    const empty = await createAgency('没有动态的局')
    const none = await readFeed(`/public/agencies/${empty.id}/feed.xml`)
    expect(none.feed.title).toBe('没有动态的局·动态')
    expect(none.feed.items).toStrictEqual([])
  })

  it('is 404 for an unknown agency, not cached', async () => {
    const res = await api('/public/agencies/nope/feed.xml')
    expect(res.status).toBe(404)
    expect(res.json).toStrictEqual({ error: { code: 'NOT_FOUND', message: '单位不存在' } })
    expect(await caches.default.match(`${ORIGIN}/api/v1/public/agencies/nope/feed.xml`)).toBeUndefined()
  })
})

describe('GET /public/feed.xml', () => {
  it('has every agency’s published posts, newest first, with the agency as creator', async () => {
    await caches.default.delete(`${ORIGIN}/api/v1/public/feed.xml`)
    const a = await createAgency('甲局')
    const b = await createAgency('乙局')
    // Later than anything else this file seeds, so these lead the feed.
    const [a1, a2] = await seedPosts(a.id, [
      { publishedAt: '2026-03-10T09:00:00+08:00', title: '甲局一' },
      { publishedAt: '2026-03-10T09:40:00+08:00', title: '甲局二', status: 'withdrawn' },
    ])
    const [b1] = await seedPosts(b.id, [{ publishedAt: '2026-03-10T09:30:00+08:00', title: '乙局一' }])
    const { feed, xml } = await readFeed('/public/feed.xml')
    expect(feed.title).toBe('开放日·动态')
    expect(feed.url).toBe(`${ORIGIN}/`)
    expect(feed.self).toBe(`${ORIGIN}/api/v1/public/feed.xml`)
    expect(feed.items.slice(0, 2).map((i) => [i.title, i.url, i.published?.toISOString(), i.authors[0]?.name])).toStrictEqual([
      ['乙局一', pageOf(b1.id), '2026-03-10T01:30:00.000Z', '乙局'],
      ['甲局一', pageOf(a1.id), '2026-03-10T01:00:00.000Z', '甲局'],
    ])
    expect(xml).not.toContain(a2.id)
    expect(feed.items.length).toBeLessThanOrEqual(50)
  })
})
