import { describe, expect, it } from 'vitest'
import { api } from './support/fixtures'

describe('health and error envelope', () => {
  it('answers health without touching D1', async () => {
    const res = await api('/health')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ ok: true })
    expect(res.roundTrips).toBe(0)
  })

  it('answers unknown API paths with the JSON error envelope', async () => {
    const res = await api('/no-such-thing')
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('NOT_FOUND')
    expect(res.json.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('turns malformed JSON into a 400 VALIDATION_FAILED, not a 500', async () => {
    const res = await api('/auth/sms/send', { body: '{"phone": ' })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('VALIDATION_FAILED')
  })

  it('publishes the ticket public key for offline verification', async () => {
    const res = await api('/tickets/public-key')
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    expect(res.json.alg).toBe('Ed25519')
    expect(res.json.publicKey).toMatch(/^[\w-]{43}$/)
  })
})
