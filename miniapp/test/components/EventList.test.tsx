import { render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { EventListView } from '../../src/features/events/EventList'
import { eventSummary } from '../support/fixtures'
import { mockApi, requests } from '../support/taro'

describe('EventListView', () => {
  it('lists the published events with agency, venue and seats left or 已满', async () => {
    mockApi((req) =>
      req.method === 'GET' && req.path === '/events'
        ? [
            200,
            {
              events: [
                eventSummary({ id: 'a', title: '农业农村局开放日', seatsLeft: 7 }),
                eventSummary({ id: 'b', title: '市场监管开放日', agencyName: '固原市市场监督管理局', seatsLeft: 0 }),
              ],
            },
          ]
        : [404, {}],
    )
    render(<EventListView />)
    expect(await screen.findByText('农业农村局开放日')).toBeTruthy()
    const a = document.getElementById('event-a')!
    const b = document.getElementById('event-b')!
    expect(a.textContent).toContain('剩余名额 7')
    expect(a.textContent).toContain('固原市农业农村局')
    expect(a.textContent).toContain('农产品质量安全检测实验室')
    expect(b.textContent).toContain('固原市市场监督管理局')
    expect(b.textContent).toContain('已满')
    expect(b.textContent).not.toContain('剩余名额')
    expect(document.getElementById('event-list-empty')).toBeNull()
    expect(requests.map((r) => r.path)).toEqual(['/events'])
  })

  it('shows the empty state when there are no events', async () => {
    mockApi(() => [200, { events: [] }])
    render(<EventListView />)
    await waitFor(() => expect(document.getElementById('event-list-empty')).not.toBeNull())
    expect(document.getElementById('event-list-empty')!.textContent).toContain('近期暂无开放日活动')
    expect(document.querySelector('[id^="event-"].card')).toBeNull()
  })

  it('shows the network error with a retry that loads again', async () => {
    let fail = true
    mockApi(() => (fail ? 'network' : [200, { events: [eventSummary({ title: '重试后出现' })] }]))
    render(<EventListView />)
    await waitFor(() => expect(document.getElementById('event-list-error')).not.toBeNull())
    expect(document.getElementById('event-list-error')!.textContent).toContain('网络不太好，请检查网络后重试')
    fail = false
    document.getElementById('event-list-error-retry')!.click()
    expect(await screen.findByText('重试后出现')).toBeTruthy()
  })
})
