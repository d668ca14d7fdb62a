import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { SUGGESTION_CONTACT_PURPOSE, SUGGESTION_PUBLIC_CONSENT_TEXT } from '@openday/shared'
import { describe, expect, it, vi } from 'vitest'
import { MyRegistrationsView } from '../../src/features/registration/MyRegistrations'
import { MySuggestionsView } from '../../src/features/suggestions/MySuggestions'
import { REOPEN_CONFIRM_TEXT } from '../../src/features/suggestions/RatingForm'
import { SuggestForm } from '../../src/features/suggestions/SuggestForm'
import { TrackView } from '../../src/features/suggestions/TrackView'
import { click, field, text, type } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { mySuggestion, step, suggestionView } from '../support/suggestions'
import { mockApi, requests, setStorage, type FakeRequest } from '../support/taro'

const posts = (path: string) => requests.filter((r) => r.method === 'POST' && r.path === path)
const ratingPosts = () => posts('/suggestions/YJ7K2M9Q/rating')

describe('意见建议表: public consent and contact', () => {
  const api = (req: FakeRequest): [number, unknown] =>
    req.method === 'GET' ? [200, { event: eventDetail({ id: 'ev1' }) }] : [201, { trackingCode: 'YJ7K2M9Q', status: 'received' }]

  it('states the purpose of publishing, leaves it unticked, and sends publicConsent: true only when ticked', async () => {
    mockApi(api)
    render(<SuggestForm eventId="ev1" />)
    await waitFor(() => expect(document.getElementById('suggest-public')).not.toBeNull())
    expect(text('suggest-public-purpose')).toBe(SUGGESTION_PUBLIC_CONSENT_TEXT)
    expect(document.getElementById('suggest-public')!.getAttribute('aria-checked')).toBe('false')
    expect(document.body.textContent).toContain(SUGGESTION_CONTACT_PURPOSE)
    await type('suggest-content', '建议公开检测结果')
    await click('suggest-public')
    expect(document.getElementById('suggest-public')!.getAttribute('aria-checked')).toBe('true')
    await click('suggest-submit')
    await waitFor(() => expect(posts('/events/ev1/suggestions')).toHaveLength(1))
    expect(posts('/events/ev1/suggestions')[0].body).toStrictEqual({ content: '建议公开检测结果', anonymous: false, publicConsent: true })
  })

  it('refuses a contact that is not a mainland mobile before sending, keeping what was typed', async () => {
    mockApi(api)
    render(<SuggestForm eventId="ev1" />)
    await type('suggest-content', '建议增加停车位')
    await type('suggest-contact', '010-1234567')
    await click('suggest-submit')
    await waitFor(() => expect(text('suggest-contact-error')).toBe('请输入正确的11位手机号码'))
    expect(posts('/events/ev1/suggestions')).toHaveLength(0)
    expect(field('suggest-content').value).toBe('建议增加停车位')
  })

  it('logged in: says it will also appear under 我的意见 and sends the login with it', async () => {
    setStorage('openday.participant.token', 'p-token')
    mockApi(api)
    render(<SuggestForm eventId="ev1" />)
    await waitFor(() => expect(text('suggest-mine-hint')).toContain('也会出现在“我的意见”中'))
    await type('suggest-content', '建议延长开放时间')
    await click('suggest-submit')
    await waitFor(() => expect(text('suggest-tracking-code')).toBe('YJ7K2M9Q'))
    expect(posts('/events/ev1/suggestions')[0].header.Authorization).toBe('Bearer p-token')
    expect(text('suggest-mine-note')).toContain('我的意见')
  })

  it('logged in but anonymous: no login is sent and 我的意见 is not promised', async () => {
    setStorage('openday.participant.token', 'p-token')
    mockApi(api)
    render(<SuggestForm eventId="ev1" />)
    await type('suggest-content', '匿名意见')
    await click('suggest-anonymous')
    expect(text('suggest-mine-hint')).toContain('不会')
    await click('suggest-submit')
    await waitFor(() => expect(text('suggest-tracking-code')).toBe('YJ7K2M9Q'))
    expect(posts('/events/ev1/suggestions')[0].header.Authorization).toBeUndefined()
    expect(document.getElementById('suggest-mine-note')).toBeNull()
  })
})

describe('意见查询: the answer, the timeline and the 好差评 rating', () => {
  it('shows status, department, the public timeline with dates, the class and the planned date of a class B answer', async () => {
    mockApi(() => [200, { suggestion: suggestionView() }])
    render(<TrackView initialCode="YJ7K2M9Q" />)
    await waitFor(() => expect(text('track-status')).toBe('已答复'))
    expect(text('track-department')).toBe('检测科')
    const steps = Array.from(document.querySelectorAll('#track-timeline .timeline__step')).map((e) => e.textContent)
    expect(steps).toStrictEqual([
      '受理2026年3月3日（周二）10:00已受理',
      '转办2026年3月4日（周三）09:00办理中',
      '答复2026年3月6日（周五）15:30已答复',
    ])
    expect(text('track-class')).toBe('B类：正在解决或已列入计划')
    expect(text('track-planned')).toBe('计划完成日期：2026年4月30日')
    expect(document.getElementById('rate-score-5')!.textContent).toContain('非常满意')
    expect(document.getElementById('rate-score-1')!.textContent).toContain('非常不满意')
  })

  it('a satisfied rating is sent as chosen, with the comment, and the closed state is shown', async () => {
    const closed = suggestionView({
      status: 'closed',
      statusLabel: '已办结',
      awaitingRating: false,
      rating: 4,
      closeReason: 'satisfied',
      timeline: [...suggestionView().timeline, step('rate_satisfied', '评价', '2026-03-10T02:00:00.000Z', 'closed', '已办结')],
    })
    mockApi((req) => (req.method === 'POST' ? [200, { suggestion: closed, status: 'closed' }] : [200, { suggestion: suggestionView() }]))
    render(<TrackView initialCode="YJ7K2M9Q" />)
    await waitFor(() => expect(document.getElementById('rate-submit')).not.toBeNull())
    await click('rate-score-4')
    await type('rate-comment', '答复及时')
    await click('rate-submit')
    await waitFor(() => expect(text('track-status')).toBe('已办结'))
    expect(Taro.showModal).not.toHaveBeenCalled()
    expect(ratingPosts()).toHaveLength(1)
    expect(ratingPosts()[0].body).toStrictEqual({ rating: 4, comment: '答复及时' })
    expect(text('track-rated')).toContain('已办结')
    expect(text('track-rating')).toBe('满意')
    expect(text('track-close-reason')).toBe('满意办结')
    expect(document.getElementById('rate-submit')).toBeNull()
  })

  it('asks for a rating before sending', async () => {
    mockApi(() => [200, { suggestion: suggestionView() }])
    render(<TrackView initialCode="YJ7K2M9Q" />)
    await waitFor(() => expect(document.getElementById('rate-submit')).not.toBeNull())
    await click('rate-submit')
    await waitFor(() => expect(text('rate-error')).toBe('请选择满意程度'))
    expect(ratingPosts()).toHaveLength(0)
  })

  it('a 1–2 is confirmed first (sent back for 重新办理); cancelled nothing is sent, confirmed it is and 重新办理 is shown', async () => {
    const reopened = suggestionView({
      status: 'reopened',
      statusLabel: '重新办理',
      awaitingRating: false,
      answer: null,
      answeredAt: null,
      resultClass: null,
      resultClassLabel: null,
      plannedBy: null,
      rating: null,
    })
    mockApi((req) => (req.method === 'POST' ? [200, { suggestion: reopened, status: 'reopened' }] : [200, { suggestion: suggestionView() }]))
    render(<TrackView initialCode="YJ7K2M9Q" />)
    await waitFor(() => expect(document.getElementById('rate-submit')).not.toBeNull())
    await click('rate-score-2')
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    await click('rate-submit')
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]).toMatchObject({ content: REOPEN_CONFIRM_TEXT })
    expect(ratingPosts()).toHaveLength(0)

    await click('rate-submit') // the default answer of the double is 确定
    await waitFor(() => expect(text('track-status')).toBe('重新办理'))
    expect(ratingPosts()).toHaveLength(1)
    expect(ratingPosts()[0].body).toStrictEqual({ rating: 2 })
    expect(text('track-rated')).toContain('重新办理')
    expect(document.getElementById('rate-submit')).toBeNull()
  })

  it('a failed send keeps the choice and the comment', async () => {
    let online = false
    mockApi((req) => (req.method === 'POST' && !online ? 'network' : [200, { suggestion: suggestionView() }]))
    render(<TrackView initialCode="YJ7K2M9Q" />)
    await waitFor(() => expect(document.getElementById('rate-submit')).not.toBeNull())
    await click('rate-score-5')
    await type('rate-comment', '很好')
    await click('rate-submit')
    await waitFor(() => expect(text('rate-error')).toBe('网络不太好，请检查网络后重试'))
    expect(document.getElementById('rate-score-5')!.getAttribute('aria-checked')).toBe('true')
    expect(field('rate-comment').value).toBe('很好')
    online = true
  })

  it('an answer already rated elsewhere says so instead of a bare error', async () => {
    mockApi((req) =>
      req.method === 'POST'
        ? [409, { error: { code: 'INVALID_TRANSITION', message: '当前状态不能进行此操作' } }]
        : [200, { suggestion: suggestionView() }],
    )
    render(<TrackView initialCode="YJ7K2M9Q" />)
    await waitFor(() => expect(document.getElementById('rate-submit')).not.toBeNull())
    await click('rate-score-3')
    await click('rate-submit')
    await waitFor(() => expect(text('rate-error')).toContain('已评价过或已办结'))
  })

  it('a merged item says it was merged, shows the answer the API gives and offers no rating', async () => {
    mockApi(() => [
      200,
      {
        suggestion: suggestionView({
          status: 'merged',
          statusLabel: '已合并',
          resultClass: 'A',
          resultClassLabel: '已解决或采纳',
          plannedBy: null,
          answer: '已在大厅增设引导标识。',
          awaitingRating: false,
          timeline: [
            step('submit', '受理', '2026-03-03T02:00:00.000Z', 'received', '已受理'),
            step('merge', '合并', '2026-03-04T01:00:00.000Z', 'merged', '已合并'),
          ],
        }),
      },
    ])
    render(<TrackView initialCode="YJ7K2M9Q" />)
    await waitFor(() => expect(text('track-status')).toBe('已合并'))
    expect(text('track-merged')).toContain('合并办理')
    expect(text('track-reply')).toBe('已在大厅增设引导标识。')
    expect(text('track-class')).toBe('A类：已解决或采纳')
    expect(document.getElementById('track-planned')).toBeNull()
    expect(document.getElementById('rate-submit')).toBeNull()
  })

  it('not yet answered: no answer, no rating, the timeline so far', async () => {
    mockApi(() => [
      200,
      {
        suggestion: suggestionView({
          status: 'received',
          statusLabel: '已受理',
          departmentName: null,
          answer: null,
          answeredAt: null,
          resultClass: null,
          resultClassLabel: null,
          plannedBy: null,
          awaitingRating: false,
          timeline: [step('submit', '受理', '2026-03-03T02:00:00.000Z', 'received', '已受理')],
        }),
      },
    ])
    render(<TrackView initialCode="YJ7K2M9Q" />)
    await waitFor(() => expect(text('track-status')).toBe('已受理'))
    expect(document.getElementById('track-department')).toBeNull()
    expect(document.getElementById('track-reply')).toBeNull()
    expect(document.getElementById('rate-submit')).toBeNull()
    expect(document.querySelectorAll('#track-timeline .timeline__step')).toHaveLength(1)
  })
})

describe('我的意见', () => {
  it('is reachable from 我的报名', async () => {
    setStorage('openday.participant.token', 'p-token')
    mockApi(() => [200, { registrations: [] }])
    render(<MyRegistrationsView />)
    await waitFor(() => expect(document.getElementById('my-suggestions')).not.toBeNull())
    await click('my-suggestions')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/my-suggestions/index' })
  })

  it('lists the visitor’s suggestions with the login, and each opens 意见查询 with its code', async () => {
    setStorage('openday.participant.token', 'p-token')
    mockApi(() => [
      200,
      {
        suggestions: [
          mySuggestion(),
          mySuggestion({ trackingCode: 'YJAB2345', topic: null, status: 'assigned', statusLabel: '办理中', answeredAt: null, awaitingRating: false }),
        ],
      },
    ])
    render(<MySuggestionsView />)
    await waitFor(() => expect(document.getElementById('mysug-YJ7K2M9Q')).not.toBeNull())
    expect(requests[0].path).toBe('/me/suggestions')
    expect(requests[0].header.Authorization).toBe('Bearer p-token')
    expect(text('mysug-YJ7K2M9Q')).toContain('已答复，请评价')
    expect(text('mysug-YJAB2345')).toContain('办理中')
    expect(text('mysug-YJAB2345')).toContain('食品检测实验室开放日')
    await click('mysug-YJAB2345')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/track/index?code=YJAB2345' })
  })

  it('empty: says so, with a way to the events', async () => {
    setStorage('openday.participant.token', 'p-token')
    mockApi(() => [200, { suggestions: [] }])
    render(<MySuggestionsView />)
    await waitFor(() => expect(document.getElementById('mysug-empty')).not.toBeNull())
    await click('mysug-browse')
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('offline: an error with a retry that loads the list', async () => {
    setStorage('openday.participant.token', 'p-token')
    let online = false
    mockApi(() => (online ? [200, { suggestions: [mySuggestion()] }] : 'network'))
    render(<MySuggestionsView />)
    await waitFor(() => expect(text('mysug-error')).toContain('网络不太好'))
    online = true
    await click('mysug-error-retry')
    await waitFor(() => expect(document.getElementById('mysug-YJ7K2M9Q')).not.toBeNull())
  })

  it('not logged in: asks to log in and sends nothing', async () => {
    mockApi(() => [200, { suggestions: [] }])
    render(<MySuggestionsView />)
    await waitFor(() => expect(document.getElementById('mysug-login')).not.toBeNull())
    expect(requests).toHaveLength(0)
  })
})
