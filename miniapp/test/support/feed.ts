// Fixtures of the feed API's answers (GET /public/feed, GET /public/posts/:id), shaped like the API's own.
import type { Disclosure, FeedPage, PostDetail, PostSummary } from '@openday/shared'

export function postSummary(n: number, over: Partial<PostSummary> = {}): PostSummary {
  return {
    id: `p${n}`,
    kind: 'article',
    agencyId: 'ag1',
    agencyName: '固原市农业农村局',
    eventId: null,
    title: `动态标题${n}`,
    summary: `动态摘要${n}`,
    // 10 March 2026 09:00 Beijing time, an hour earlier per n.
    publishedAt: new Date(Date.parse('2026-03-10T01:00:00.000Z') - n * 3600_000).toISOString(),
    ...over,
  }
}

/** Posts n = from … from + count - 1. */
export function feedPage(from: number, count: number, nextCursor: string | null, over: Partial<PostSummary> = {}): FeedPage {
  return { posts: Array.from({ length: count }, (_, i) => postSummary(from + i, over)), nextCursor }
}

export function postDetail(over: Partial<PostDetail> = {}): PostDetail {
  return {
    ...postSummary(1),
    body: '第一段正文。\n\n第二段<b>不是HTML</b>。',
    updatedAt: '2026-03-10T00:00:00.000Z',
    ...over,
  }
}

export function disclosure(over: Partial<Disclosure> = {}): Disclosure {
  return {
    indexNo: '640400017/2026-00012',
    publisher: '固原市农业农村局',
    issuedAt: '2026-03-09T02:00:00.000Z',
    method: '主动公开',
    validity: '有效',
    ...over,
  }
}
