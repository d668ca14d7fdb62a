// 动态 in the app: the home page's 活动 | 动态 tabs (kept in the address), the feed's pages, states
// and pull-down, the post page (with and without the 政府信息公开 header, 404), the agency page's
// 最新动态 and events, and the page of an ended event with its 活动总结.
import { act, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventDetailView } from '../../src/features/events/EventDetail'
import { EventListView } from '../../src/features/events/EventList'
import { PostView } from '../../src/features/feed/PostView'
import { AgencyView } from '../../src/features/public/AgencyView'
import IndexPage from '../../src/pages/index/index'
import { click, text } from '../support/dom'
import { disclosure, feedPage, postDetail } from '../support/feed'
import { eventDetail } from '../support/fixtures'
import { agencyPage, publicAnswer } from '../support/public'
import { mockApi, page, requests, setRouterParams, type FakeAnswer, type FakeRequest } from '../support/taro'

/** Tuesday 10 March 2026, 10:00 in Beijing. */
const NOW = new Date('2026-03-10T02:00:00.000Z')
const NOT_FOUND: FakeAnswer = [404, { error: { code: 'NOT_FOUND', message: '动态不存在或已撤回' } }]
const gets = (prefix: string) => requests.filter((r) => r.method === 'GET' && r.path.startsWith(prefix)).map((r) => r.path)
const cards = () => [...document.querySelectorAll('#feed-list .post-card')].map((e) => e.id)
const selected = (id: string) => document.getElementById(id)!.getAttribute('aria-selected')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
  window.history.replaceState(null, '', '/')
})
afterEach(() => vi.useRealTimers())

/** The home page's API: no events, and the feed as `feed` answers it. */
function homeApi(feed: (req: FakeRequest) => FakeAnswer) {
  mockApi((req) => (req.path === '/events' ? [200, { events: [] }] : req.path.startsWith('/public/feed') ? feed(req) : NOT_FOUND))
}

describe('the home page’s 活动 | 动态 tabs', () => {
  it('switches to 动态 and back, says which tab is selected, and keeps the tab in the address', async () => {
    homeApi(() => [200, feedPage(1, 2, null)])
    render(<EventListView />)
    await waitFor(() => expect(document.getElementById('event-list-empty')).not.toBeNull())
    expect(document.getElementById('home-tabs')!.getAttribute('role')).toBe('tablist')
    expect(selected('home-tab-events')).toBe('true')
    expect(selected('home-tab-feed')).toBe('false')
    expect(gets('/public/feed')).toEqual([])

    await click('home-tab-feed')
    await waitFor(() => expect(cards()).toEqual(['post-p1', 'post-p2']))
    expect(selected('home-tab-feed')).toBe('true')
    expect(selected('home-tab-events')).toBe('false')
    expect(document.getElementById('home-tab-feed')!.getAttribute('role')).toBe('tab')
    expect(window.location.hash).toBe('#/pages/index/index?tab=feed')
    expect(document.getElementById('event-list')).toBeNull()

    await click('home-tab-events')
    await waitFor(() => expect(document.getElementById('event-list-empty')).not.toBeNull())
    expect(window.location.hash).toBe('#/pages/index/index')
    expect(document.getElementById('feed-list')).toBeNull()
  })

  it('opens on 动态 from the page query (?tab=feed), filtered to an agency with &agencyId=, until 查看全部', async () => {
    homeApi((req) => [200, feedPage(1, 1, null, req.path.includes('agencyId=ag2') ? { agencyId: 'ag2', agencyName: '固原市市场监督管理局' } : {})])
    setRouterParams({ tab: 'feed', agencyId: 'ag2' })
    render(<IndexPage />)
    await waitFor(() => expect(cards()).toEqual(['post-p1']))
    expect(selected('home-tab-feed')).toBe('true')
    expect(gets('/')).toEqual(['/public/feed?agencyId=ag2'])
    expect(text('feed-filter')).toContain('只看固原市市场监督管理局的动态')

    await click('feed-show-all')
    await waitFor(() => expect(gets('/public/feed')).toEqual(['/public/feed?agencyId=ag2', '/public/feed']))
    await waitFor(() => expect(document.getElementById('feed-filter')).toBeNull())
    expect(window.location.hash).toBe('#/pages/index/index?tab=feed')
  })
})

describe('FeedView (动态)', () => {
  it('lists kind, title, summary, agency and date; 加载更多 follows the cursor until the last page; a post opens its page', async () => {
    homeApi((req) =>
      req.path === '/public/feed'
        ? [200, feedPage(1, 20, 'CUR1', { kind: 'summary' })]
        : req.path === '/public/feed?cursor=CUR1'
          ? [200, feedPage(21, 5, null)]
          : NOT_FOUND,
    )
    render(<EventListView tab="feed" />)
    await waitFor(() => expect(cards()).toHaveLength(20))
    const first = document.getElementById('post-p1')!.textContent
    expect(first).toContain('活动总结')
    expect(first).toContain('动态标题1')
    expect(first).toContain('动态摘要1')
    expect(first).toContain('固原市农业农村局')
    expect(first).toContain('2026年3月10日')
    expect(document.getElementById('feed-end')).toBeNull()

    await click('feed-more')
    await waitFor(() => expect(cards()).toHaveLength(25))
    expect(cards().slice(19, 21)).toEqual(['post-p20', 'post-p21'])
    expect(document.getElementById('post-p21')!.textContent).toContain('文章')
    expect(document.getElementById('feed-more')).toBeNull()
    expect(text('feed-end')).toBe('已显示全部动态')
    expect(gets('/public/feed')).toEqual(['/public/feed', '/public/feed?cursor=CUR1'])

    await click('post-p21')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/post/index?id=p21' })
  })

  it('pages an agency’s feed with its agencyId and the cursor', async () => {
    mockApi((req) =>
      req.path === '/public/feed?agencyId=ag1'
        ? [200, feedPage(1, 20, 'CUR1')]
        : req.path === '/public/feed?agencyId=ag1&cursor=CUR1'
          ? [200, feedPage(21, 1, null)]
          : NOT_FOUND,
    )
    const { FeedView } = await import('../../src/features/feed/FeedView')
    render(<FeedView agencyId="ag1" />)
    await waitFor(() => expect(cards()).toHaveLength(20))
    await click('feed-more')
    await waitFor(() => expect(cards()).toHaveLength(21))
    expect(gets('/public/feed')).toEqual(['/public/feed?agencyId=ag1', '/public/feed?agencyId=ag1&cursor=CUR1'])
  })

  it('says 暂无动态 when there are none', async () => {
    homeApi(() => [200, { posts: [], nextCursor: null }])
    render(<EventListView tab="feed" />)
    await waitFor(() => expect(text('feed-empty')).toBe('暂无动态'))
    expect(document.getElementById('feed-list')).toBeNull()
  })

  it('shows the error with 重试, which loads again', async () => {
    let fail = true
    homeApi(() => (fail ? [500, { error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' } }] : [200, feedPage(1, 1, null)]))
    render(<EventListView tab="feed" />)
    await waitFor(() => expect(text('feed-error')).toContain('服务暂时不可用'))
    expect(document.getElementById('feed-offline')).toBeNull()
    fail = false
    await click('feed-error-retry')
    await waitFor(() => expect(cards()).toEqual(['post-p1']))
  })

  it('offline: says the network is not connected, 重试 loads once it is back; a failed pull-down keeps the list and says so', async () => {
    let online = false
    homeApi(() => (online ? [200, feedPage(1, 2, null)] : 'network'))
    render(<EventListView tab="feed" />)
    await waitFor(() => expect(text('feed-offline')).toContain('网络未连接'))
    online = true
    await click('feed-offline-retry')
    await waitFor(() => expect(cards()).toEqual(['post-p1', 'post-p2']))

    online = false
    await act(async () => page.pullDown())
    await waitFor(() => expect(text('feed-stale')).toContain('网络未连接，显示的是上次加载的动态'))
    expect(cards()).toEqual(['post-p1', 'post-p2'])
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled()
  })

  it('pull-down loads the first page again and starts the list over', async () => {
    let round = 1
    homeApi((req) => (req.path === '/public/feed?cursor=CUR1' ? [200, feedPage(30, 1, null)] : [200, feedPage(round, 1, 'CUR1')]))
    render(<EventListView tab="feed" />)
    await waitFor(() => expect(cards()).toEqual(['post-p1']))
    await click('feed-more')
    await waitFor(() => expect(cards()).toEqual(['post-p1', 'post-p30']))
    round = 2
    await act(async () => page.pullDown())
    await waitFor(() => expect(cards()).toEqual(['post-p2']))
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled()
  })
})

describe('PostView (动态详情)', () => {
  it('shows kind, title, agency, time and the body as plain paragraphs; links the event; titles the page', async () => {
    mockApi((req) => (req.path === '/public/posts/p1' ? [200, { post: postDetail({ kind: 'preview', eventId: 'ev1', title: '活动预告｜四月开放日' }) }] : NOT_FOUND))
    render(<PostView id="p1" />)
    await waitFor(() => expect(text('post-title')).toBe('活动预告｜四月开放日'))
    expect(text('post-kind')).toBe('活动预告')
    expect(text('post-agency')).toContain('固原市农业农村局')
    expect(text('post-time')).toBe('发布时间：2026年3月10日（周二）08:00')
    const paras = [...document.querySelectorAll('#post-body .post-body__p')].map((e) => e.textContent)
    expect(paras).toEqual(['第一段正文。', '第二段<b>不是HTML</b>。'])
    expect(document.querySelector('#post-body b')).toBeNull()
    expect(document.getElementById('post-disclosure')).toBeNull()
    expect(Taro.setNavigationBarTitle).toHaveBeenCalledWith({ title: '活动预告｜四月开放日' })

    await click('post-agency')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/agency/index?id=ag1' })
    await click('post-event')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/event/index?id=ev1' })
  })

  it('a published 活动总结 shows the 政府信息公开 header as a table and 打印版 opens the print version', async () => {
    mockApi((req) =>
      req.path === '/public/posts/p7' ? [200, { post: postDetail({ id: 'p7', kind: 'summary', title: '四月开放日活动总结', disclosure: disclosure() }) }] : NOT_FOUND,
    )
    const open = vi.spyOn(window, 'open').mockImplementation(() => null)
    render(<PostView id="p7" />)
    await waitFor(() => expect(document.getElementById('post-disclosure')).not.toBeNull())
    const table = document.querySelector('#post-disclosure [role="table"]')!
    const rows = [...table.querySelectorAll('[role="row"]')].map((r) => [r.querySelector('[role="rowheader"]')!.textContent, r.querySelector('[role="cell"]')!.textContent])
    expect(rows).toEqual([
      ['索引号', '640400017/2026-00012'],
      ['发布机构', '固原市农业农村局'],
      ['发文时间', '2026年3月9日（周一）10:00'],
      ['公开方式', '主动公开'],
      ['有效性', '有效'],
      ['标题', '四月开放日活动总结'],
    ])
    expect(document.getElementById('post-event')).toBeNull()
    await click('post-print')
    expect(open).toHaveBeenCalledWith('http://api.test/api/v1/public/posts/p7/print', '_blank', 'noopener')
    open.mockRestore()
  })

  it('404: 该动态不存在或已撤回, with a way back to 动态', async () => {
    mockApi(() => NOT_FOUND)
    render(<PostView id="gone" />)
    await waitFor(() => expect(document.getElementById('post-not-found')).not.toBeNull())
    expect(text('post-not-found')).toContain('该动态不存在或已撤回')
    expect(document.getElementById('post-title')).toBeNull()
    await click('post-not-found-feed')
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index?tab=feed' })
  })

  it('offline and other errors offer 重试', async () => {
    let answer: FakeAnswer = 'network'
    mockApi(() => answer)
    render(<PostView id="p1" />)
    await waitFor(() => expect(text('post-offline')).toContain('网络未连接'))
    answer = [200, { post: postDetail() }]
    await click('post-offline-retry')
    await waitFor(() => expect(text('post-title')).toBe('动态标题1'))
  })
})

describe('单位公开: 最新动态 and the events', () => {
  function agencyApi(feed: FakeAnswer, events = agencyPage().events) {
    mockApi((req) => {
      if (req.path === '/public/feed?agencyId=ag1') return feed
      if (req.path.startsWith('/public/agencies/ag1/answers')) return [200, { answers: [publicAnswer(1)], page: 1, pageSize: 20, hasMore: false }]
      if (req.path.startsWith('/public/agencies/ag1')) return [200, agencyPage({ events })]
      return NOT_FOUND
    })
  }

  it('shows the agency’s newest 5 posts, 查看全部动态 opens its feed, and upcoming and past events open their pages', async () => {
    agencyApi([200, feedPage(1, 7, null)])
    render(<AgencyView id="ag1" now={NOW} />)
    await waitFor(() => expect(document.getElementById('pub-posts-list')).not.toBeNull())
    expect([...document.querySelectorAll('#pub-posts-list .post-card')].map((e) => e.id)).toEqual(['pub-post-p1', 'pub-post-p2', 'pub-post-p3', 'pub-post-p4', 'pub-post-p5'])
    await click('pub-posts-all')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/index/index?tab=feed&agencyId=ag1' })
    await click('pub-post-p2')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/post/index?id=p2' })

    expect(text('pub-upcoming-ev-next')).toContain('四月开放日')
    expect(text('pub-past-ev-past')).toContain('二月开放日')
    expect(text('pub-past-ev-past')).toContain('已结束')
    await click('pub-past-ev-past')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/event/index?id=ev-past' })
    await click('pub-upcoming-ev-next')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/event/index?id=ev-next' })
  })

  it('says 暂无动态 and that there are no events, upcoming or past', async () => {
    agencyApi([200, { posts: [], nextCursor: null }], { upcoming: [], past: [] })
    render(<AgencyView id="ag1" now={NOW} />)
    await waitFor(() => expect(text('pub-posts-empty')).toBe('暂无动态'))
    expect(text('pub-upcoming-empty')).toBe('暂无即将举办的活动')
    expect(text('pub-past-empty')).toBe('暂无往期活动')
    expect(document.getElementById('pub-posts-all')).toBeNull()
  })

  it('a feed that fails leaves the rest of the page, with 重试', async () => {
    agencyApi([500, { error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' } }])
    render(<AgencyView id="ag1" now={NOW} />)
    await waitFor(() => expect(document.getElementById('pub-posts-error-retry')).not.toBeNull())
    expect(text('pub-upcoming-ev-next')).toContain('四月开放日')
  })
})

describe('the page of an ended event', () => {
  const ended = { startAt: '2026-03-03T01:30:00.000Z', endAt: '2026-03-03T03:30:00.000Z', registrationOpensAt: '2026-02-20T01:00:00.000Z', registrationClosesAt: '2026-03-02T10:00:00.000Z' }

  it('says 活动已结束 with how many signed up, links its 活动总结, and offers no sign-up', async () => {
    mockApi((req) => (req.path === '/events/ev1' ? [200, { event: eventDetail({ ...ended, capacity: 30, seatsLeft: 12, summaryPostId: 'p9' }) }] : [200, { answers: [], page: 1, pageSize: 20, hasMore: false }]))
    render(<EventDetailView id="ev1" />)
    await waitFor(() => expect(document.getElementById('event-ended')).not.toBeNull())
    expect(text('event-ended')).toContain('活动已结束')
    expect(text('event-ended-registered')).toBe('本次活动共 18 人报名（名额 30 人）。')
    expect(document.getElementById('event-register')).toBeNull()
    expect(document.getElementById('event-calendar')).toBeNull()
    await click('event-summary')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/post/index?id=p9' })
  })

  it('without a published summary says it will be shown there; an upcoming event is not ended', async () => {
    mockApi((req) => (req.path === '/events/ev1' ? [200, { event: eventDetail({ ...ended, summaryPostId: null }) }] : [200, { answers: [], page: 1, pageSize: 20, hasMore: false }]))
    const first = render(<EventDetailView id="ev1" />)
    await waitFor(() => expect(document.getElementById('event-ended')).not.toBeNull())
    expect(text('event-ended')).toContain('活动总结发布后将在本页显示')
    expect(document.getElementById('event-summary')).toBeNull()
    first.unmount()

    mockApi((req) => (req.path === '/events/ev1' ? [200, { event: eventDetail({ summaryPostId: null }) }] : [200, { answers: [], page: 1, pageSize: 20, hasMore: false }]))
    render(<EventDetailView id="ev1" />)
    await waitFor(() => expect(document.getElementById('event-register')).not.toBeNull())
    expect(document.getElementById('event-ended')).toBeNull()
  })
})
