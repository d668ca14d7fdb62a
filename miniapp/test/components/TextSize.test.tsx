import { render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { applyStoredTextSize } from '../../src/components/textSize'
import { MyRegistrationsView } from '../../src/features/registration/MyRegistrations'
import { StaffEventsView } from '../../src/features/staff/StaffEventsView'
import { click } from '../support/dom'
import { getStorage, mockApi, setStorage } from '../support/taro'

afterEach(() => document.documentElement.classList.remove('text-large'))

describe('大字模式 (H5)', () => {
  it('the switch on 我的报名 enlarges the whole app at once and is kept on the device', async () => {
    render(<MyRegistrationsView />)
    const toggle = document.getElementById('large-text')!
    expect(toggle.getAttribute('aria-checked')).toBe('false')
    await click('large-text')
    expect(document.documentElement.classList.contains('text-large')).toBe(true)
    expect(getStorage('openday.largeText')).toBe(true)
    expect(toggle.getAttribute('aria-checked')).toBe('true')
    await click('large-text')
    expect(document.documentElement.classList.contains('text-large')).toBe(false)
    expect(getStorage('openday.largeText')).toBeUndefined()
  })

  it('is applied when the app starts, from the device', () => {
    setStorage('openday.largeText', true)
    applyStoredTextSize()
    expect(document.documentElement.classList.contains('text-large')).toBe(true)
  })

  it('staff find the same switch on 活动管理', async () => {
    setStorage('openday.staff.token', 's')
    setStorage('openday.staff.profile', JSON.stringify({ id: 's1', username: 'demo', displayName: '演示', role: 'admin', agencyId: 'a', agencyName: 'A' }))
    mockApi(() => [200, { events: [] }])
    render(<StaffEventsView />)
    await waitFor(() => expect(document.getElementById('large-text')).not.toBeNull())
    await click('large-text')
    expect(document.documentElement.classList.contains('text-large')).toBe(true)
  })
})
