// The ticket format, shared by the API (which signs and verifies with WebCrypto) and the door
// device (which verifies offline with @noble/ed25519), so both read a ticket the same way.
//
// A ticket is "OD1.<eventId>.<registrationId>.<Ed25519 signature, base64url>". The signature
// covers "OD1.<eventId>.<registrationId>" as ASCII bytes. Ids are random, so a ticket cannot be
// guessed, and any change to it breaks the signature. Written without TextEncoder or atob:
// WeChat's JS engine does not promise either.

export const TICKET_PREFIX = 'OD1'

const ID = /^[\w-]{1,64}$/
const SIGNATURE = /^[\w-]{86}$/
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export interface ParsedTicket {
  eventId: string
  registrationId: string
  /** The 64 signature bytes. */
  signature: Uint8Array<ArrayBuffer>
  /** The bytes the signature covers. */
  message: Uint8Array<ArrayBuffer>
}

/** True for anything that claims to be a ticket (as opposed to a typed 签到码). */
export function looksLikeTicket(value: string): boolean {
  return value.startsWith(`${TICKET_PREFIX}.`)
}

/** The signed bytes of a ticket: ASCII, since both ids are limited to [A-Za-z0-9_-]. */
export function ticketMessage(eventId: string, registrationId: string): Uint8Array<ArrayBuffer> {
  const text = `${TICKET_PREFIX}.${eventId}.${registrationId}`
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0x7f
  return out
}

export function formatTicket(eventId: string, registrationId: string, signature: Uint8Array): string {
  return `${TICKET_PREFIX}.${eventId}.${registrationId}.${toBase64Url(signature)}`
}

/**
 * Splits a ticket into its ids and the bytes to verify, or null when it is malformed. The
 * signature must be spelled canonically: the last of its 86 characters has 4 unused bits, and a
 * ticket whose unused bits are set would otherwise verify under a different string.
 */
export function parseTicket(ticket: string): ParsedTicket | null {
  const parts = ticket.split('.')
  if (parts.length !== 4 || parts[0] !== TICKET_PREFIX) return null
  const [, eventId, registrationId, sig] = parts
  if (!ID.test(eventId) || !ID.test(registrationId) || !SIGNATURE.test(sig)) return null
  const signature = fromBase64Url(sig)
  if (signature === null || signature.length !== 64 || toBase64Url(signature) !== sig) return null
  return { eventId, registrationId, signature, message: ticketMessage(eventId, registrationId) }
}

/** base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let j = 0; j < chars; j++) out += B64URL[(n >> (18 - 6 * j)) & 63]
  }
  return out
}

/** Decodes base64url (padding optional); null on any character outside the alphabet. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  const s = text.replace(/=+$/, '')
  if (s.length % 4 === 1) return null
  const out = new Uint8Array(Math.floor((s.length * 6) / 8))
  let bits = 0
  let value = 0
  let o = 0
  for (let i = 0; i < s.length; i++) {
    const v = B64URL.indexOf(s[i])
    if (v < 0) return null
    value = ((value << 6) | v) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (value >> bits) & 0xff
    }
  }
  return out
}
