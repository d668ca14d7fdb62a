// 单位公开, 排名 and the event page's 公开答复 (no login): figures as text and as bars whose widths
// are the rates, per department; pagination of the answers; the unranked; empty and error states.
import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { EventDetailView } from '../../src/features/events/EventDetail'
import { AgencyView } from '../../src/features/public/AgencyView'
import { RankingsView, SCORE_METHOD } from '../../src/features/public/RankingsView'
import { click, text } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { agencyPage, publicAnswer, ranking } from '../support/public'
import { mockApi, requests, type FakeRequest } from '../support/taro'

// Fixed: the period options are counted from this day (Tue 2026-03-10, Shanghai).
const NOW = new Date('2026-03-10T02:00:00.000Z')
const gets = (prefix: string) => requests.filter((r) => r.method === 'GET' && r.path.startsWith(prefix)).map((r) => r.path)
const fillWidth = (id: string) => (document.querySelector(`#${id} .pub-bar__fill`) as HTMLElement).style.width

const answersPage = (page: number, hasMore: boolean, n: number) => ({ answers: Array.from({ length: n }, (_, i) => publicAnswer((page - 1) * 20 + i + 1)), page, pageSize: 20, hasMore })

describe('单位公开', () => {
  function agencyApi(req: FakeRequest): [number, unknown] {
    if (req.path.startsWith('/public/agencies/ag1/answers')) return [200, answersPage(req.path.endsWith('page=2') ? 2 : 1, !req.path.endsWith('page=2'), req.path.endsWith('page=2') ? 1 : 20)]
    if (req.path.startsWith('/public/agencies/ag1')) return [200, agencyPage()]
    return [404, { error: { code: 'NOT_FOUND', message: '未找到' } }]
  }

  it('shows the figures, a bar per rate and department whose width is the rate, and the classes', async () => {
    mockApi(agencyApi)
    render(<AgencyView id="ag1" now={NOW} />)
    await waitFor(() => expect(text('pub-fig-received')).toBe('8件受理意见'))
    expect(text('pub-fig-response')).toBe('62.5%答复率')
    expect(text('pub-fig-ontime')).toBe('50%按时答复率')
    expect(text('pub-fig-days')).toBe('2.4个工作日平均答复用时')
    expect(text('pub-fig-evaluation')).toBe('88分测评指数')
    // 检测科: 50 %, 33.3 %, 50 %; 办公室's 满意率 has nothing rated: 暂无 and an empty bar.
    expect(text('pub-dept-d2-bars-response')).toBe('答复率50%')
    expect(fillWidth('pub-dept-d2-bars-response')).toBe('50%')
    expect(fillWidth('pub-dept-d2-bars-ontime')).toBe('33.3%')
    expect(fillWidth('pub-dept-d1-bars-ontime')).toBe('100%')
    expect(text('pub-dept-d1-bars-satisfaction')).toBe('满意率暂无')
    expect(fillWidth('pub-dept-d1-bars-satisfaction')).toBe('0%')
    expect(text('pub-dept-d2')).toContain('受理 4 件 · 已答复 2 件 · 重办率 50%')
    // Classes relative to the 5 answers: A 2 → 40 %.
    expect(text('pub-class-A')).toBe('A类 已解决或采纳2件')
    expect(fillWidth('pub-class-A')).toBe('40%')
    expect(text('pub-upcoming-ev-next')).toContain('四月开放日')
    // 信息公开: summaries and answers disclosed on time, of those due.
    expect(text('pub-disclosure-summaries')).toBe('1/1项活动总结按时发布')
    expect(text('pub-disclosure-answers')).toBe('0/1项意见答复按时公开')
    // 关注单位 is offered; without a login it does not ask the API (the tap goes to login).
    expect(text('follow-agency')).toBe('＋ 关注单位')
    // Without login, and the default period asked without from/to (the copy refreshed at once).
    // The answer list asks for its first page once it has mounted, after the figures.
    await waitFor(() => expect(gets('/public/agencies/ag1')).toEqual(['/public/agencies/ag1', '/public/agencies/ag1/answers']))
    expect(requests.every((r) => r.header.Authorization === undefined)).toBe(true)
  })

  it('says so when the evaluation has fewer than 5 answers', async () => {
    mockApi((req) =>
      req.path.startsWith('/public/feed')
        ? [200, { posts: [], nextCursor: null }]
        : req.path.includes('/answers')
          ? [200, answersPage(1, false, 0)]
          : [200, agencyPage({ figures: { ...agencyPage().figures, evaluationIndex: null } })],
    )
    render(<AgencyView id="ag1" now={NOW} />)
    await waitFor(() => expect(text('pub-fig-evaluation')).toBe('测评人数不足5人测评指数'))
    await waitFor(() => expect(text('pub-answers-empty')).toContain('暂无公开答复'))
  })

  it('asks for the chosen period', async () => {
    mockApi(agencyApi)
    render(<AgencyView id="ag1" now={NOW} />)
    await waitFor(() => expect(text('pub-fig-received')).not.toBe(''))
    await click('pub-period-lastYear')
    await waitFor(() => expect(gets('/public/agencies/ag1?')).toEqual(['/public/agencies/ag1?from=2025-01-01&to=2025-12-31']))
    await click('pub-period-thisYear')
    await waitFor(() => expect(gets('/public/agencies/ag1?')).toContain('/public/agencies/ag1?from=2026-01-01&to=2026-03-10'))
  })

  it('lists the published answers 20 at a time with 加载更多', async () => {
    mockApi(agencyApi)
    render(<AgencyView id="ag1" now={NOW} />)
    await waitFor(() => expect(document.querySelectorAll('#pub-answers .pub-answer')).toHaveLength(20))
    // The first page says more follow: no end line yet.
    expect(document.getElementById('pub-answers-end')).toBeNull()
    expect(text('pub-answer-ans1')).toContain('意见1：希望增加停车位，电话138****5678。')
    expect(text('pub-answer-ans1')).toContain('A类 已解决或采纳')
    expect(text('pub-answer-ans1')).toContain('提出 2026年3月2日 · 答复 2026年3月5日')
    await click('pub-answers-more')
    await waitFor(() => expect(document.querySelectorAll('#pub-answers .pub-answer')).toHaveLength(21))
    expect(gets('/public/agencies/ag1/answers')).toEqual(['/public/agencies/ag1/answers', '/public/agencies/ag1/answers?page=2'])
    expect(document.getElementById('pub-answers-more')).toBeNull()
    expect(text('pub-answers-end')).toBe('已显示全部 21 条公开答复')
  })

  it('offers a retry when the page cannot load', async () => {
    mockApi(() => 'network')
    render(<AgencyView id="ag1" now={NOW} />)
    await waitFor(() => expect(document.getElementById('pub-error-retry')).not.toBeNull())
    mockApi(agencyApi)
    await click('pub-error-retry')
    await waitFor(() => expect(text('pub-fig-received')).toBe('8件受理意见'))
  })
})

describe('各单位排名', () => {
  it('ranks with the score as a bar, lists the unranked after with the reason, and opens an agency', async () => {
    mockApi(() => [200, ranking()])
    render(<RankingsView now={NOW} />)
    await waitFor(() => expect(text('rank-ag1')).toContain('第1名'))
    expect(text('rank-ag1-score')).toBe('综合得分78.4分')
    expect(fillWidth('rank-ag1-score')).toBe('78.4%')
    expect(text('rank-ag2')).toContain('第2名')
    expect(text('rank-ag3-unranked')).toBe('办件少于5件，不参与排名（受理 3 件）')
    expect(document.getElementById('rank-ag3-score')).toBeNull()
    expect(text('rank-method')).toContain(SCORE_METHOD)
    expect(SCORE_METHOD).toContain('按时答复率×30% + 满意率×40% + 测评指数×30%')
    const order = [...document.querySelectorAll('#rank-list .pub-rank')].map((e) => e.id)
    expect(order).toEqual(['rank-ag1', 'rank-ag2', 'rank-ag3'])
    await click('rank-ag2')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/agency/index?id=ag2' })
  })
})

describe("the event page's 公开答复", () => {
  it("lists the event's published answers and links to the agency's page", async () => {
    mockApi((req) => {
      if (req.path === '/events/ev1') return [200, { event: eventDetail({ id: 'ev1', agencyId: 'ag1' }) }]
      if (req.path === '/public/events/ev1/answers') return [200, answersPage(1, false, 1)]
      return [404, { error: { code: 'NOT_FOUND', message: '未找到' } }]
    })
    render(<EventDetailView id="ev1" />)
    await waitFor(() => expect(text('event-answers-end')).toBe('已显示全部 1 条公开答复'))
    expect(document.getElementById('event-answers-more')).toBeNull()
    expect(text('pub-answer-ans1')).toContain('答复1：已增设停车位。')
    // The event is known here: its title is not repeated on each answer.
    expect(text('pub-answer-ans1')).not.toContain('活动：')
    await click('event-agency')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/agency/index?id=ag1' })
  })
})
