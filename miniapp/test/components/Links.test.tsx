import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { ComponentType } from 'react'
import { describe, expect, it } from 'vitest'
import { EventDetailView } from '../../src/features/events/EventDetail'
import EvaluatePage from '../../src/pages/evaluate/index'
import EventPage from '../../src/pages/event/index'
import NotFoundPage from '../../src/pages/not-found/index'
import RegisterPage from '../../src/pages/register/index'
import CheckinPage from '../../src/pages/staff-checkin/index'
import DashboardPage from '../../src/pages/staff-dashboard/index'
import VenueQrPage from '../../src/pages/staff-venue-qr/index'
import SuggestPage from '../../src/pages/suggest/index'
import TicketPage from '../../src/pages/ticket/index'
import { click, text } from '../support/dom'
import { mockApi, requests, setRouterParams, setStorage } from '../support/taro'

const pages: [string, ComponentType, string][] = [
  ['活动详情', EventPage, '活动'],
  ['报名', RegisterPage, '活动'],
  ['无记名测评', EvaluatePage, '报名记录'],
  ['意见建议表', SuggestPage, '活动'],
  ['电子票', TicketPage, '电子票'],
  ['扫码签到', CheckinPage, '活动'],
  ['实时数据', DashboardPage, '活动'],
  ['现场二维码', VenueQrPage, '活动'],
]

describe('a link without its id', () => {
  it.each(pages)('%s says the link is incomplete, asks the API nothing and offers a way home', async (_, Page, what) => {
    // Logged in as both, so no page sends the visitor to a login first.
    setStorage('openday.participant.token', 'p')
    setStorage('openday.staff.token', 's')
    setRouterParams({ eventId: '', id: '' })
    render(<Page />)
    await waitFor(() => expect(document.getElementById('missing-link')).not.toBeNull())
    expect(text('missing-link')).toContain(`链接中缺少${what}编号`)
    expect(requests).toEqual([])
    await click('missing-link-home')
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })
})

describe('pages that do not exist', () => {
  it('the not-found page says so and leads home', async () => {
    render(<NotFoundPage />)
    expect(text('not-found')).toContain('页面不存在')
    await click('not-found-home')
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('an event id the API does not know shows that the event is gone, not a retry loop', async () => {
    mockApi(() => [404, { error: { code: 'NOT_FOUND', message: '活动不存在或已下线' } }])
    render(<EventDetailView id="nope" />)
    await waitFor(() => expect(document.getElementById('event-not-found')).not.toBeNull())
    expect(text('event-not-found')).toContain('该活动不存在或已下线')
  })
})
