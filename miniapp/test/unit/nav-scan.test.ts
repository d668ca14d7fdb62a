import { describe, expect, it } from 'vitest'
import { h5DocumentSwitch, pageUrl } from '../../src/lib/nav'

describe('H5: the check-in screen has its own document at /scan/', () => {
  it('loads /scan/ to open the check-in page from the main document', () => {
    expect(h5DocumentSwitch(pageUrl('staffCheckin', { eventId: 'ev 1' }), '/')).toBe('/scan/#/pages/staff-checkin/index?eventId=ev%201')
  })

  it('goes back to the main document for any other page', () => {
    expect(h5DocumentSwitch(pageUrl('staffEvents'), '/scan/')).toBe('/#/pages/staff-events/index')
    expect(h5DocumentSwitch(pageUrl('staffLogin', { redirect: '/pages/staff-checkin/index?eventId=e' }), '/scan/index.html')).toBe(
      '/#/pages/staff-login/index?redirect=%2Fpages%2Fstaff-checkin%2Findex%3FeventId%3De',
    )
  })

  it('stays in the same document otherwise', () => {
    expect(h5DocumentSwitch(pageUrl('event', { id: 'x' }), '/')).toBeNull()
    expect(h5DocumentSwitch(pageUrl('staffCheckin', { eventId: 'x' }), '/scan/')).toBeNull()
  })
})
