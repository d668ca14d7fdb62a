import { describe, expect, it } from 'vitest'
import { formatTicket, fromBase64Url, looksLikeTicket, parseTicket, ticketMessage, toBase64Url } from '../src'

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0))
const sig = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff)

describe('base64url', () => {
  it('encodes and decodes the RFC 4648 test vectors, without padding', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ]
    for (const [plain, encoded] of vectors) {
      expect(toBase64Url(bytes(plain))).toBe(encoded)
      expect(fromBase64Url(encoded)).toEqual(bytes(plain))
    }
    // The URL-safe alphabet: 0xfb 0xff -> "-_8" (standard base64 would say "+/8=").
    expect(toBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8')
    expect(fromBase64Url('-_8')).toEqual(Uint8Array.of(0xfb, 0xff))
    expect(fromBase64Url('Zm9v+A')).toBeNull()
  })
})

describe('ticket format', () => {
  it('round-trips a ticket and gives the signed message bytes', () => {
    const ticket = formatTicket('ev_1', 'reg-2', sig)
    expect(ticket).toMatch(/^OD1\.ev_1\.reg-2\.[\w-]{86}$/)
    expect(looksLikeTicket(ticket)).toBe(true)
    expect(looksLikeTicket('ABCD2345')).toBe(false)
    const parsed = parseTicket(ticket)!
    expect(parsed.eventId).toBe('ev_1')
    expect(parsed.registrationId).toBe('reg-2')
    expect(parsed.signature).toEqual(sig)
    expect(parsed.message).toEqual(bytes('OD1.ev_1.reg-2'))
    expect(ticketMessage('ev_1', 'reg-2')).toEqual(parsed.message)
  })

  it('refuses malformed tickets and non-canonical signatures', () => {
    const ticket = formatTicket('ev1', 'reg1', sig)
    const s = ticket.split('.')[3]
    // The last character carries 2 bits of the signature and 4 unused ones: changing only an
    // unused bit decodes to the same bytes, so it must be refused.
    const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = B64URL.indexOf(s[85])
    const sameBytes = `OD1.ev1.reg1.${s.slice(0, 85)}${B64URL[last ^ 1]}`
    expect(fromBase64Url(sameBytes.split('.')[3])).toEqual(sig)
    for (const bad of [
      sameBytes,
      'OD1.x.y.z',
      `OD2.ev1.reg1.${s}`,
      `OD1.ev1.reg1.${s}.extra`,
      `OD1.ev1.reg1.${s.slice(0, 85)}`,
      `OD1.ev 1.reg1.${s}`,
      `OD1.${'e'.repeat(65)}.reg1.${s}`,
      `OD1.ev1.reg1.${s.slice(0, 85)}+`,
    ]) {
      expect(parseTicket(bad), bad).toBeNull()
    }
  })
})
