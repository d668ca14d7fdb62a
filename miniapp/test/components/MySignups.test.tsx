import { render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EventDetailView } from '../../src/features/events/EventDetail'
import { EventListView } from '../../src/features/events/EventList'
import { MY_SIGNUPS_FRESH_MS } from '../../src/features/events/mySignups'
import { TicketView } from '../../src/features/registration/TicketView'
import { click, text } from '../support/dom'
import { eventDetail, eventSummary, registration } from '../support/fixtures'
import { getStorage, mockApi, page, requests, setStorage, type FakeRequest } from '../support/taro'

const mineA = registration({ id: 'r1', eventId: 'a' })
const cancelledB = registration({ id: 'r2', eventId: 'b', status: 'cancelled', ticket: null })

function api(registrations = [mineA, cancelledB]) {
  return (req: FakeRequest): [number, unknown] => {
    if (req.path === '/events') return [200, { events: [eventSummary({ id: 'a', title: '甲活动' }), eventSummary({ id: 'b', title: '乙活动', seatsLeft: 7 })] }]
    if (req.path.startsWith('/events/')) return [200, { event: eventDetail({ id: req.path.split('/')[2] }) }]
    if (req.path === '/me/registrations') return [200, { registrations }]
    return [404, {}]
  }
}
const asked = () => requests.filter((r) => r.path === '/me/registrations').length

afterEach(() => vi.restoreAllMocks())

describe('已报名 on the event list and detail', () => {
  it('anonymous visitors see the list as before and cause no /me request', async () => {
    mockApi(api())
    render(<EventListView />)
    await screen.findByText('甲活动')
    expect(text('event-a')).toContain('剩余名额 12')
    expect(document.getElementById('event-ticket-a')).toBeNull()
    expect(asked()).toBe(0)
  })

  it('a signed-up participant sees 已报名 with a button to the ticket; a cancelled sign-up does not count', async () => {
    setStorage('openday.participant.token', 'tok-1')
    mockApi(api())
    render(<EventListView />)
    await waitFor(() => expect(text('event-mine-a')).toBe('已报名'))
    expect(text('event-a')).not.toContain('剩余名额')
    expect(document.getElementById('event-mine-b')).toBeNull()
    expect(text('event-b')).toContain('剩余名额 7')
    await click('event-ticket-a')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/ticket/index?id=r1' })
  })

  it('the detail page says 已报名 and leads to the ticket instead of 我要报名', async () => {
    setStorage('openday.participant.token', 'tok-1')
    mockApi(api())
    render(<EventDetailView id="a" />)
    await waitFor(() => expect(document.getElementById('event-signed-up')).not.toBeNull())
    expect(text('event-signed-up')).toContain('已报名')
    expect(document.body.textContent).not.toContain('我要报名')
    await click('event-ticket')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/ticket/index?id=r1' })
    // Signing up family members stays possible while sign-up is open.
    expect(text('event-register')).toBe('为家人报名')
  })

  it('an event without a sign-up keeps 我要报名', async () => {
    setStorage('openday.participant.token', 'tok-1')
    mockApi(api())
    render(<EventDetailView id="b" />)
    await waitFor(() => expect(asked()).toBe(1))
    expect(text('event-register')).toBe('我要报名')
    expect(document.getElementById('event-signed-up')).toBeNull()
  })

  it('is cached briefly on the device: shown at once, fetched again only once it is older than 30 s', async () => {
    setStorage('openday.participant.token', 'tok-1')
    mockApi(api())
    const first = render(<EventListView />)
    await waitFor(() => expect(text('event-mine-a')).toBe('已报名'))
    first.unmount()
    expect(asked()).toBe(1)

    // Within 30 s: straight from the cache, no request, and 已报名 on the first render.
    mockApi((req) => (req.path === '/me/registrations' ? new Promise(() => undefined) : api()(req)))
    render(<EventDetailView id="a" />)
    await waitFor(() => expect(document.getElementById('event-signed-up')).not.toBeNull())
    expect(asked()).toBe(1)

    // Older than 30 s: asked again when the page is shown again.
    const now = Date.now()
    vi.spyOn(Date, 'now').mockReturnValue(now + MY_SIGNUPS_FRESH_MS + 1)
    mockApi(api([]))
    page.show()
    await waitFor(() => expect(asked()).toBe(2))
    await waitFor(() => expect(document.getElementById('event-signed-up')).toBeNull())
  })

  it('keeps no names or phones on the device, and another login never sees the cached list', async () => {
    setStorage('openday.participant.token', 'tok-1')
    mockApi(api())
    const first = render(<EventListView />)
    await waitFor(() => expect(text('event-mine-a')).toBe('已报名'))
    first.unmount()
    const stored = String(getStorage('openday.mySignups'))
    expect(stored).not.toContain(mineA.name)
    expect(stored).not.toContain(mineA.phoneMasked)
    expect(stored).not.toContain('tok-1')

    setStorage('openday.participant.token', 'tok-2')
    mockApi((req) => (req.path === '/me/registrations' ? new Promise(() => undefined) : api()(req)))
    render(<EventListView />)
    await screen.findByText('甲活动')
    expect(document.getElementById('event-mine-a')).toBeNull()
    expect(asked()).toBe(2)
  })

  it('a sign-up just made shows as 已报名 when going back, from what the ticket page loaded', async () => {
    setStorage('openday.participant.token', 'tok-1')
    // The list was seen before signing up for b.
    mockApi(api([]))
    const list = render(<EventListView />)
    await waitFor(() => expect(asked()).toBe(1))
    list.unmount()
    // Signed up for b: the form goes to the ticket, which loads the registrations.
    const newB = registration({ id: 'r9', eventId: 'b' })
    mockApi(api([newB]))
    const ticket = render(<TicketView id="r9" />)
    await waitFor(() => expect(text('ticket-short-code')).toBe(newB.shortCode))
    ticket.unmount()
    // Back on the event, within 30 s of the first load: no new request needed.
    mockApi((req) => (req.path === '/me/registrations' ? new Promise(() => undefined) : api()(req)))
    render(<EventDetailView id="b" />)
    await waitFor(() => expect(document.getElementById('event-signed-up')).not.toBeNull())
  })

  it('cancelling on the ticket page turns the event back to 我要报名', async () => {
    setStorage('openday.participant.token', 'tok-1')
    mockApi((req) => (req.method === 'DELETE' ? [200, { registration: { ...mineA, status: 'cancelled', ticket: null } }] : api()(req)))
    const ticket = render(<TicketView id="r1" />)
    await waitFor(() => expect(document.getElementById('ticket-cancel')).not.toBeNull())
    await click('ticket-cancel')
    await waitFor(() => expect(text('ticket-status')).toBe('已取消'))
    ticket.unmount()
    mockApi((req) => (req.path === '/me/registrations' ? new Promise(() => undefined) : api()(req)))
    render(<EventDetailView id="a" />)
    await waitFor(() => expect(text('event-register')).toBe('我要报名'))
  })
})
