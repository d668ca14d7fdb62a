// The device's own verdict on a scan (features/checkins/verifier.ts, codes.ts): tickets signed
// with WebCrypto Ed25519 as the API signs them, verified by @noble/ed25519 without WebCrypto.
import { formatTicket, ticketMessage, toBase64Url } from '@openday/shared'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { maskScan, readScanned, readTyped } from '../../src/features/checkins/codes'
import { cachedPublicKey, loadVerifier, provisionalVerdict, refreshPublicKey, type VerifyFn } from '../../src/features/checkins/verifier'
import { mockApi, setStorage } from '../support/taro'

let keys: CryptoKeyPair
let publicKey: Uint8Array
let verify: VerifyFn

/** A ticket exactly as the API issues it (api/src/tickets.ts). */
async function issue(eventId: string, registrationId: string, key = keys.privateKey) {
  const sig = await crypto.subtle.sign('Ed25519', key, ticketMessage(eventId, registrationId))
  return formatTicket(eventId, registrationId, new Uint8Array(sig))
}

beforeAll(async () => {
  keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
  publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey))
  verify = (await loadVerifier())!
})
afterEach(() => vi.unstubAllGlobals())

describe('offline verdict on a ticket', () => {
  it('tells a good ticket of this event, a forged or altered one, and another event’s ticket apart', async () => {
    const good = await issue('ev1', 'reg1')
    const other = await issue('ev2', 'reg2')
    const stranger = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
    const forged = await issue('ev1', 'reg1', stranger.privateKey)
    const swapped = good.replace('.reg1.', '.reg9.')
    const sig = good.split('.')[3]
    const flipped = good.slice(0, -86) + sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11)

    const verdict = (value: string) => provisionalVerdict({ kind: 'ticket', value }, 'ev1', verify, publicKey)
    expect(verdict(good)).toBe('valid')
    expect(verdict(other)).toBe('wrong_event')
    expect(verdict(forged)).toBe('invalid')
    expect(verdict(swapped)).toBe('invalid')
    expect(verdict(flipped)).toBe('invalid')
    expect(verdict('https://example.com/not-ours')).toBe('invalid')
    expect(verdict('OD1.ev1.reg1.short')).toBe('invalid')
    // A forged ticket claiming another event is not "another event's ticket": it is invalid.
    expect(verdict(await issue('ev2', 'reg2', stranger.privateKey))).toBe('invalid')
  })

  it('cannot judge a typed 签到码, nor any ticket before it has the key or the verifier', async () => {
    const good = await issue('ev1', 'reg1')
    expect(provisionalVerdict({ kind: 'code', value: 'ABCD2345' }, 'ev1', verify, publicKey)).toBe('saved')
    expect(provisionalVerdict({ kind: 'ticket', value: good }, 'ev1', verify, null)).toBe('saved')
    expect(provisionalVerdict({ kind: 'ticket', value: good }, 'ev1', null, publicKey)).toBe('saved')
  })

  it('needs no WebCrypto (WeChat has none)', async () => {
    const good = await issue('ev1', 'reg1')
    const bad = await issue('ev1', 'reg2')
    vi.stubGlobal('crypto', undefined)
    expect(globalThis.crypto).toBeUndefined()
    expect(provisionalVerdict({ kind: 'ticket', value: good }, 'ev1', verify, publicKey)).toBe('valid')
    expect(provisionalVerdict({ kind: 'ticket', value: bad.replace('.reg2.', '.reg1.') }, 'ev1', verify, publicKey)).toBe('invalid')
  })
})

describe('the public key', () => {
  it('is fetched, cached in storage, and the cached copy serves while offline', async () => {
    const raw = toBase64Url(publicKey)
    mockApi((req) => (req.path === '/tickets/public-key' ? [200, { alg: 'Ed25519', publicKey: raw }] : [404, {}]))
    expect(cachedPublicKey()).toBeNull()
    expect(await refreshPublicKey()).toEqual(publicKey)
    expect(cachedPublicKey()).toEqual(publicKey)
    mockApi(() => 'network')
    expect(await refreshPublicKey()).toEqual(publicKey)
  })

  it('ignores a stored or served key that is not 32 bytes of Ed25519', async () => {
    setStorage('openday.tickets.public-key', 'AAAA')
    expect(cachedPublicKey()).toBeNull()
    mockApi(() => [200, { alg: 'RS256', publicKey: toBase64Url(publicKey) }])
    expect(await refreshPublicKey()).toBeNull()
  })
})

describe('reading what was scanned or typed', () => {
  it('takes a ticket typed by a handheld scanner exactly as typed, and cleans up only a 签到码', async () => {
    const ticket = await issue('ev1', 'Reg_With-Case')
    expect(readTyped(`  ${ticket}\n`)).toEqual({ kind: 'ticket', value: ticket })
    expect(readTyped('abcd 2345')).toEqual({ kind: 'code', value: 'ABCD2345' })
    expect(readTyped('ab-cd-23-45')).toEqual({ kind: 'code', value: 'ABCD2345' })
    expect(readTyped('AB')).toEqual({ error: '请扫描票据或输入签到码' })
    expect(readTyped('   ')).toEqual({ error: '请扫描票据或输入签到码' })
    expect(readScanned(` ${ticket} `)).toEqual({ kind: 'ticket', value: ticket })
    expect(readScanned('  ')).toBeNull()
  })

  it('shows only part of a code or ticket in lists', async () => {
    const ticket = await issue('ev1', 'reg1')
    expect(maskScan({ kind: 'code', value: 'ABCD2345' })).toBe('签到码 AB****45')
    expect(maskScan({ kind: 'ticket', value: ticket })).toBe(`电子票 …${ticket.slice(-4)}`)
    expect(maskScan({ kind: 'ticket', value: 'https://example.com/a?phone=13812345678' })).toBe('无法识别的二维码')
  })
})

describe('the verifier against noble’s own verify()', () => {
  it('gives ed.verify’s strict answer on valid, altered and malformed signatures', async () => {
    const ed = await import('@noble/ed25519')
    const { verifySignature } = await import('../../src/features/checkins/ed25519')
    const L = ed.Point.CURVE().n
    const toLE = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
    const fromLE = (b: Uint8Array) => b.reduceRight((n, x) => (n << 8n) | BigInt(x), 0n)
    const cases: { sig: Uint8Array; msg: Uint8Array; pub: Uint8Array; label: string }[] = []
    for (let i = 0; i < 40; i++) {
      const msg = ticketMessage(`ev${i}`, `reg${i}`)
      const sig = new Uint8Array(await crypto.subtle.sign('Ed25519', keys.privateKey, msg))
      cases.push({ sig, msg, pub: publicKey, label: `valid ${i}` })
      const other = ticketMessage(`ev${i}`, `reg${i + 1}`)
      cases.push({ sig, msg: other, pub: publicKey, label: `other message ${i}` })
      const bit = [0, 31, 32, 63][i % 4]
      const flipped = sig.slice()
      flipped[bit] ^= 1 << i % 8
      cases.push({ sig: flipped, msg, pub: publicKey, label: `flipped byte ${bit} ${i}` })
      const bigS = sig.slice()
      bigS.set(toLE(fromLE(sig.subarray(32)) + L), 32) // the same S + L: malleable, refused
      cases.push({ sig: bigS, msg, pub: publicKey, label: `S + L ${i}` })
    }
    const msg = ticketMessage('ev0', 'reg0')
    const sig = new Uint8Array(await crypto.subtle.sign('Ed25519', keys.privateKey, msg))
    const nonCanonicalR = sig.slice()
    nonCanonicalR.set(Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 0x7f : 0xff)), 0) // y ≥ p
    const identity = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0)) // a small-order key
    cases.push(
      { sig: nonCanonicalR, msg, pub: publicKey, label: 'non-canonical R' },
      { sig: new Uint8Array(64), msg, pub: publicKey, label: 'zero signature' },
      { sig: sig.subarray(0, 63), msg, pub: publicKey, label: 'short signature' },
      { sig, msg, pub: identity, label: 'small-order key' },
      { sig, msg, pub: new Uint8Array(32).fill(0xff), label: 'key not on the curve' },
    )
    let valid = 0
    for (const c of cases) {
      let expected = false
      try {
        expected = ed.verify(c.sig, c.msg, c.pub, { zip215: false })
      } catch {
        expected = false
      }
      expect(verifySignature(c.sig, c.msg, c.pub), c.label).toBe(expected)
      if (expected) valid++
    }
    expect(valid).toBe(40)
  })
})
