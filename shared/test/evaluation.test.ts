import { describe, expect, it } from 'vitest'
import {
  EVALUATION_MIN_RESPONSES,
  evaluationFigures,
  evaluationSubmissionSchema,
  evaluationWindow,
  registrationInputSchema,
  SCORE_DIMENSION_CODES,
  tokenMessage,
  tokenMessageEvent,
} from '../src'
import { base64urlToBytes, bigIntToBytes, bytesToBase64url, bytesToBigInt, modInverse, modPow } from '../src/evaluation-token'

// The cryptography itself is checked against WebCrypto and @cloudflare/blindrsa-ts in the Workers
// runtime (api/test/evaluation-token.test.ts); here, its plain helpers.

describe('base64url and integers', () => {
  it('encode and decode RFC 4648 §10 vectors (URL-safe alphabet, no padding)', () => {
    const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0))
    const vectors: [string, string][] = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy']]
    for (const [plain, encoded] of vectors) {
      expect(bytesToBase64url(ascii(plain))).toBe(encoded)
      expect(Array.from(base64urlToBytes(encoded))).toEqual(Array.from(ascii(plain)))
    }
    expect(bytesToBase64url(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('-_-_')
    expect(Array.from(base64urlToBytes('-_-_'))).toEqual([0xfb, 0xff, 0xbf])
    expect(() => base64urlToBytes('ab+c')).toThrow()
    expect(() => base64urlToBytes('abcde')).toThrow()
  })

  it('turn big-endian bytes into integers and back', () => {
    expect(bytesToBigInt(Uint8Array.of(1, 0))).toBe(BigInt(256))
    expect(Array.from(bigIntToBytes(BigInt(256), 4))).toEqual([0, 0, 1, 0])
    expect(Array.from(bigIntToBytes(BigInt(0), 0))).toEqual([])
    expect(() => bigIntToBytes(BigInt(65536), 2)).toThrow()
  })

  it('compute modular powers and inverses', () => {
    expect(modPow(BigInt(4), BigInt(13), BigInt(497))).toBe(BigInt(445))
    expect(modInverse(BigInt(3), BigInt(11))).toBe(BigInt(4))
    expect(() => modInverse(BigInt(6), BigInt(9))).toThrow()
  })
})

describe('token messages and schemas', () => {
  it('name their event, with 32 random bytes', () => {
    const m = tokenMessage('abcDEF123', 'A'.repeat(43))
    expect(m).toBe(`openday-eval-v1:abcDEF123:${'A'.repeat(43)}`)
    expect(tokenMessageEvent(m)).toBe('abcDEF123')
    expect(tokenMessageEvent('openday-eval-v1:a:b')).toBeNull()
    expect(() => tokenMessage('a:b', 'A'.repeat(43))).toThrow()
  })

  it('accept a blinded request of exactly 256 bytes at sign-up', () => {
    const base = { name: '张三', phone: '13912345678', category: 'citizen', consent: true }
    expect(registrationInputSchema.safeParse({ ...base, evaluationRequest: 'A'.repeat(342) }).success).toBe(true)
    expect(registrationInputSchema.safeParse(base).success).toBe(true)
    expect(registrationInputSchema.safeParse({ ...base, evaluationRequest: 'A'.repeat(341) }).success).toBe(false)
  })

  it('require a token with the answer', () => {
    const scores = Object.fromEntries(SCORE_DIMENSION_CODES.map((k) => [k, 3]))
    const token = { message: tokenMessage('e1', 'A'.repeat(43)), signature: 'B'.repeat(342) }
    expect(evaluationSubmissionSchema.safeParse({ token, scores }).success).toBe(true)
    expect(evaluationSubmissionSchema.safeParse({ scores }).success).toBe(false)
    expect(evaluationSubmissionSchema.safeParse({ token: { ...token, message: 'hello' }, scores }).success).toBe(false)
  })
})

describe('evaluation window', () => {
  const event = { startAt: '2026-03-10T01:00:00.000Z', endAt: '2026-03-10T04:00:00.000Z' }
  it('opens at the start and closes 7 days after the end', () => {
    expect(evaluationWindow(event, new Date('2026-03-10T00:59:59.999Z'))).toBe('not_open')
    expect(evaluationWindow(event, new Date('2026-03-10T01:00:00.000Z'))).toBe('open')
    expect(evaluationWindow(event, new Date('2026-03-17T04:00:00.000Z'))).toBe('open')
    expect(evaluationWindow(event, new Date('2026-03-17T04:00:00.001Z'))).toBe('closed')
  })
})

describe('evaluationFigures', () => {
  const cells = (counts: Record<number, number>) =>
    SCORE_DIMENSION_CODES.flatMap((dimension) => [1, 2, 3, 4, 5].map((level) => ({ dimension, level, count: counts[level] ?? 0 })))

  it('shows nothing below the minimum', () => {
    expect(evaluationFigures(cells({ 5: EVALUATION_MIN_RESPONSES - 1 }))).toStrictEqual({
      count: 0,
      averages: null,
      overall: null,
      distribution: null,
    })
  })

  it('computes averages, the overall score and the distribution', () => {
    const f = evaluationFigures(cells({ 5: 3, 4: 1, 1: 1 }))
    expect(f.count).toBe(5)
    expect(f.averages?.measures).toBe(4) // (15 + 4 + 1) / 5
    expect(f.overall).toBe(4)
    expect(f.distribution?.integrity).toStrictEqual([1, 0, 0, 1, 3])
  })
})
