// The door screen links to 现场服务 (one button, docs/door.md).
import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { toBase64Url } from '@openday/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CheckinView } from '../../src/features/checkins/CheckinView'
import { resetScanQueue } from '../../src/features/checkins/useScanQueue'
import { click } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { mockApi, setStorage } from '../support/taro'

vi.mock('../../src/features/checkins/scanner', () => ({ startScanner: async () => ({ stop: () => undefined }) }))
afterEach(() => resetScanQueue())

describe('扫码签到 → 现场服务', () => {
  it('opens the 现场服务 page of the same event', async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
    const publicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey)))
    setStorage('openday.staff.token', 's-token')
    mockApi((req) => {
      if (req.path === '/tickets/public-key') return [200, { alg: 'Ed25519', publicKey }]
      if (req.path === '/events/ev1/dashboard') return [200, { eventId: 'ev1', capacity: 30, registered: 3, checkedIn: 1, walkIns: 0, byCategory: [], suggestions: 0, evaluations: { count: 0, averages: null, overall: null }, updatedAt: new Date().toISOString() }]
      if (req.path === '/events/ev1') return [200, { event: eventDetail() }]
      return [404, {}]
    })
    render(<CheckinView eventId="ev1" />)
    await waitFor(() => expect(document.getElementById('checkin-door')).not.toBeNull())
    expect(document.getElementById('checkin-door')!.textContent).toBe('现场服务：查找、手动签到、现场登记')
    await click('checkin-door')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/staff-door/index?eventId=ev1' })
  })
})
