import { render, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import Taro from '@tarojs/taro'
import { SuggestForm } from '../../src/features/suggestions/SuggestForm'
import { TrackView } from '../../src/features/suggestions/TrackView'
import { click, field, text, type } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { mockApi, requests } from '../support/taro'
import { suggestionView } from '../support/suggestions'

const posts = () => requests.filter((r) => r.method === 'POST' && r.path === '/events/ev1/suggestions')

describe('SuggestForm', () => {
  it('counts characters out of 1000 as the visitor types', async () => {
    mockApi(() => [200, { event: eventDetail() }])
    render(<SuggestForm eventId="ev1" />)
    await waitFor(() => expect(text('suggest-content-counter')).toBe('0/1000'))
    await type('suggest-content', '建议增加引导标识')
    await waitFor(() => expect(text('suggest-content-counter')).toBe('8/1000'))
  })

  it('needs no login, sends the form and shows the tracking code large with a copy button', async () => {
    mockApi((req) =>
      req.method === 'GET' ? [200, { event: eventDetail() }] : [201, { trackingCode: 'YJ7K2M9Q', status: 'received' }],
    )
    render(<SuggestForm eventId="ev1" />)
    await type('suggest-content', '建议增加引导标识')
    await type('suggest-contact', '13812345678')
    await click('suggest-submit')
    await waitFor(() => expect(text('suggest-tracking-code')).toBe('YJ7K2M9Q'))
    expect(document.body.textContent).toContain('凭此编号查询办理进度')
    expect(posts()[0].header.Authorization).toBeUndefined()
    expect(posts()[0].body).toStrictEqual({ content: '建议增加引导标识', contact: '13812345678', anonymous: false, publicConsent: false })
    await click('suggest-copy')
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'YJ7K2M9Q' })
  })

  it('anonymous hides and drops the contact', async () => {
    mockApi((req) => (req.method === 'GET' ? [200, { event: eventDetail() }] : [201, { trackingCode: 'C1', status: 'received' }]))
    render(<SuggestForm eventId="ev1" />)
    await type('suggest-content', '好')
    await type('suggest-contact', '13812345678')
    await click('suggest-anonymous')
    expect(document.getElementById('suggest-contact')).toBeNull()
    await click('suggest-submit')
    await waitFor(() => expect(posts()).toHaveLength(1))
    expect(posts()[0].body).toStrictEqual({ content: '好', anonymous: true, publicConsent: false })
  })

  it('requires content and shows the rate-limit message without losing the text', async () => {
    mockApi((req) =>
      req.method === 'GET' ? [200, { event: eventDetail() }] : [429, { error: { code: 'RATE_LIMITED', message: '提交过于频繁，请稍后再试' } }],
    )
    render(<SuggestForm eventId="ev1" />)
    await waitFor(() => expect(document.getElementById('suggest-submit')).not.toBeNull())
    await click('suggest-submit')
    await waitFor(() => expect(text('suggest-content-error')).toBe('请填写意见建议'))
    expect(posts()).toHaveLength(0)
    await type('suggest-content', '第二次提交')
    await click('suggest-submit')
    await waitFor(() => expect(text('suggest-error')).toBe('提交过于频繁，请稍后再试'))
    expect(field('suggest-content').value).toBe('第二次提交')
  })
})

describe('SuggestForm for an event that cannot take suggestions', () => {
  it('loads the event first: no form while loading', async () => {
    let answer: (v: [number, unknown]) => void = () => undefined
    mockApi(() => new Promise((r) => (answer = r)))
    render(<SuggestForm eventId="ev1" />)
    await waitFor(() => expect(document.body.textContent).toContain('正在加载活动'))
    expect(document.getElementById('suggest-content')).toBeNull()
    answer([200, { event: eventDetail({ id: 'ev1' }) }])
    await waitFor(() => expect(document.getElementById('suggest-content')).not.toBeNull())
  })

  it.each([
    ['missing', [404, { error: { code: 'NOT_FOUND', message: '活动不存在或已下线' } }], '该活动不存在或尚未发布'],
    ['cancelled', [200, { event: eventDetail({ id: 'ev1', status: 'cancelled' }) }], '该活动已取消'],
    ['a draft (staff preview)', [200, { event: eventDetail({ id: 'ev1', status: 'draft' }) }], '该活动不存在或尚未发布'],
  ] as const)('%s: says so before anything is typed, with a way home', async (_, answer, message) => {
    mockApi(() => answer as [number, unknown])
    render(<SuggestForm eventId="ev1" />)
    await waitFor(() => expect(document.getElementById('suggest-unavailable')).not.toBeNull())
    expect(text('suggest-unavailable')).toContain(message)
    expect(document.getElementById('suggest-content')).toBeNull()
    expect(document.getElementById('suggest-submit')).toBeNull()
    await click('suggest-unavailable-home')
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('a network failure keeps the form (weak venue network) and says the event is not loaded', async () => {
    let online = false
    mockApi((req) => (!online ? 'network' : req.method === 'GET' ? [200, { event: eventDetail({ id: 'ev1', title: '实验室开放日' }) }] : [404, {}]))
    render(<SuggestForm eventId="ev1" />)
    await waitFor(() => expect(document.getElementById('suggest-event-error')).not.toBeNull())
    expect(document.getElementById('suggest-content')).not.toBeNull()
    online = true
    await click('suggest-event-retry')
    await waitFor(() => expect(document.body.textContent).toContain('实验室开放日'))
    expect(document.getElementById('suggest-event-error')).toBeNull()
  })
})

describe('TrackView', () => {
  it('looks up a code and shows status, content and reply', async () => {
    mockApi(() => [200, { suggestion: suggestionView({ awaitingRating: false }) }])
    render(<TrackView />)
    await type('track-code', 'yj7k2m9q')
    await click('track-submit')
    await waitFor(() => expect(text('track-status')).toBe('已答复'))
    expect(text('track-reply')).toBe('已列入本季度改造计划，将在大厅和走廊增设标识。')
    expect(requests[0].path).toBe('/suggestions/YJ7K2M9Q')
  })

  it('says so when the code is unknown', async () => {
    mockApi(() => [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }])
    render(<TrackView initialCode="NOPE1234" />)
    await waitFor(() => expect(text('track-error')).toBe('未找到该编号的意见建议，请核对编号后重试'))
  })
})
