import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { logout } from '../../src/api/auth'
import { listMyRegistrations } from '../../src/api/registrations'
import { ApiError, renewParticipantSession } from '../../src/api/request'
import { rememberVerifiedPhone, saveSession, takeSessionEnded, verifiedPhones } from '../../src/api/session'
import { getStorage, mockApi, requests, setStorage } from '../support/taro'

const DAY = 24 * 3600 * 1000
const NOW = Date.parse('2026-03-10T02:00:00.000Z')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
})
afterEach(() => vi.useRealTimers())

function participantSavedAt(ms: number) {
  setStorage('openday.participant.token', 'old-token')
  setStorage('openday.participant.profile', JSON.stringify({ id: 'p1', phoneMasked: '138****5678' }))
  setStorage('openday.participant.savedAt', String(ms))
}

describe('participant session renewal', () => {
  it('trades a token older than a day for a fresh one before the next participant request, once', async () => {
    participantSavedAt(NOW - DAY - 1)
    mockApi((req) => {
      if (req.path === '/auth/refresh') return [200, { token: 'new-token' }]
      if (req.path === '/me/registrations') return [200, { registrations: [] }]
      return [404, {}]
    })
    await Promise.all([listMyRegistrations(), listMyRegistrations()])
    expect(requests.map((r) => [r.path, r.header.Authorization])).toEqual([
      ['/auth/refresh', 'Bearer old-token'],
      ['/me/registrations', 'Bearer new-token'],
      ['/me/registrations', 'Bearer new-token'],
    ])
    expect(getStorage('openday.participant.savedAt')).toBe(String(NOW))
  })

  it('leaves a token younger than a day alone', async () => {
    participantSavedAt(NOW - DAY + 1)
    mockApi(() => [200, { registrations: [] }])
    await listMyRegistrations()
    expect(requests.map((r) => r.path)).toEqual(['/me/registrations'])
  })

  it('dates a token saved by an older version of the app from now, without a request', async () => {
    setStorage('openday.participant.token', 'legacy-token')
    await renewParticipantSession()
    expect(requests).toEqual([])
    expect(getStorage('openday.participant.savedAt')).toBe(String(NOW))
  })

  it('offline, keeps the token and tries again next time', async () => {
    participantSavedAt(NOW - 2 * DAY)
    mockApi(() => 'network')
    await renewParticipantSession()
    expect(getStorage('openday.participant.token')).toBe('old-token')
  })

  it('an expired or revoked token ends the session and tells the login page, keeping the verified phones', async () => {
    participantSavedAt(NOW - 8 * DAY)
    rememberVerifiedPhone('13812345678')
    mockApi(() => [401, { error: { code: 'UNAUTHENTICATED', message: '请先登录' } }])
    await expect(listMyRegistrations()).rejects.toBeInstanceOf(ApiError)
    expect(getStorage('openday.participant.token')).toBeUndefined()
    expect(takeSessionEnded('participant')).toBe('登录已过期，请重新登录')
    expect(takeSessionEnded('participant')).toBeNull()
    // The same person logs back in: the number is still offered.
    saveSession('participant', 't2', { id: 'p1', phoneMasked: '138****5678' })
    expect(verifiedPhones()).toEqual(['13812345678'])
  })
})

describe('logout', () => {
  it('ends every session on the server, then forgets the token and the verified phones here', async () => {
    participantSavedAt(NOW)
    rememberVerifiedPhone('13812345678')
    mockApi(() => [200, { ok: true }])
    await logout('participant')
    expect(requests.map((r) => [r.method, r.path, r.header.Authorization])).toEqual([['POST', '/auth/logout', 'Bearer old-token']])
    expect(getStorage('openday.participant.token')).toBeUndefined()
    expect(getStorage('openday.verifiedPhones')).toBeUndefined()
    expect(takeSessionEnded('participant')).toBeNull()
  })

  it('offline, still forgets the session on this device', async () => {
    setStorage('openday.staff.token', 'staff-token')
    mockApi(() => 'network')
    await logout('staff')
    expect(getStorage('openday.staff.token')).toBeUndefined()
  })
})

describe('verified phones', () => {
  it('belong to the account that verified them', () => {
    saveSession('participant', 't1', { id: 'p1', phoneMasked: null })
    rememberVerifiedPhone('13812345678')
    rememberVerifiedPhone('13900001111')
    expect(verifiedPhones()).toEqual(['13900001111', '13812345678'])
    saveSession('participant', 't2', { id: 'someone-else', phoneMasked: null })
    expect(verifiedPhones()).toEqual([])
  })
})
