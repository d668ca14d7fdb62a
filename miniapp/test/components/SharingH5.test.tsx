// The event page in a browser (IS_H5): 分享 copies the share URL of the page's own origin and
// says 链接已复制; only for published events.
import { render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it, vi } from 'vitest'
import { EventDetailBody } from '../../src/features/events/EventDetail'
import { click } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { mockApi } from '../support/taro'

vi.mock('../../src/lib/platform', async (importOriginal) => ({ ...(await importOriginal<object>()), IS_H5: true, IS_WEAPP: false }))

const EVENT = eventDetail({ id: 'ev1', title: '走进检测实验室', status: 'published' })

describe('分享 in H5', () => {
  it('copies the share URL (/s/e/<id> on this origin) and says so', async () => {
    mockApi(() => [200, { answers: [], page: 1, pageSize: 20, hasMore: false }])
    render(<EventDetailBody event={EVENT} />)
    await click('event-share')
    expect(vi.mocked(Taro.setClipboardData).mock.calls).toStrictEqual([[{ data: `${window.location.origin}/s/e/ev1` }]])
    expect(vi.mocked(Taro.showToast).mock.calls).toStrictEqual([[{ title: '链接已复制', icon: 'success' }]])
  })

  it('is not offered for a cancelled event (its share page is gone)', () => {
    mockApi(() => [200, { answers: [], page: 1, pageSize: 20, hasMore: false }])
    render(<EventDetailBody event={{ ...EVENT, status: 'cancelled' }} />)
    expect(document.getElementById('event-share')).toBeNull()
  })
})
