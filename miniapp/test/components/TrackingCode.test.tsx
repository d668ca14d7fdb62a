import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { SuggestForm } from '../../src/features/suggestions/SuggestForm'
import { normaliseTrackingCode, trackingCodeGroups } from '../../src/features/suggestions/TrackingCode'
import { TrackView } from '../../src/features/suggestions/TrackView'
import { click, text, type } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { suggestionView } from '../support/suggestions'
import { mockApi, requests } from '../support/taro'

const CODE = 'YJ2345679ABCDEFGHJ'
const groupsOf = (id: string) => Array.from(document.querySelectorAll(`#${id} .tracking__group`)).map((g) => g.textContent)

describe('the tracking code', () => {
  it('is split into the prefix and groups of four', () => {
    expect(trackingCodeGroups(CODE)).toEqual(['YJ', '2345', '679A', 'BCDE', 'FGHJ'])
    expect(trackingCodeGroups('YJ7K2M9Q')).toEqual(['YJ', '7K2M', '9Q'])
  })

  it('typed with spaces, dashes or in lower case is the same code', () => {
    expect(normaliseTrackingCode(' yj 2345 679a-bcde　fghj ')).toBe(CODE)
  })

  it('shows whole, grouped, after submitting a suggestion, and the copy button copies it exactly', async () => {
    mockApi((req) => (req.method === 'GET' ? [200, { event: eventDetail({ id: 'ev1' }) }] : [201, { trackingCode: CODE, status: 'received' }]))
    render(<SuggestForm eventId="ev1" />)
    await type('suggest-content', '建议增加引导标识')
    await click('suggest-submit')
    await waitFor(() => expect(groupsOf('suggest-tracking-code')).toEqual(['YJ', '2345', '679A', 'BCDE', 'FGHJ']))
    // The text carries no spaces: a selection or long-press copy gives the exact code.
    expect(text('suggest-tracking-code')).toBe(CODE)
    expect(document.body.textContent).toContain('请截图或复制保存')
    await click('suggest-copy')
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: CODE })
  })

  it('意见查询 accepts the code as written down and shows it grouped with a copy button', async () => {
    mockApi((req) =>
      req.path === `/suggestions/${CODE}`
        ? [200, { suggestion: suggestionView({ trackingCode: CODE, status: 'received', statusLabel: '已受理', answer: null, answeredAt: null, awaitingRating: false }) }]
        : [404, { error: { code: 'NOT_FOUND', message: '未找到' } }],
    )
    render(<TrackView />)
    await type('track-code', 'yj 2345 679a bcde fghj')
    await click('track-submit')
    await waitFor(() => expect(groupsOf('track-tracking-code')).toEqual(['YJ', '2345', '679A', 'BCDE', 'FGHJ']))
    expect(requests.map((r) => r.path)).toEqual([`/suggestions/${CODE}`])
    await click('track-copy')
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: CODE })
  })
})
