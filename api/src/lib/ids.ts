// Crockford-like alphabet without 0/1/I/O/U: easy to read aloud and to type from a ticket.
const READABLE = '23456789ABCDEFGHJKLMNPQRSTVWXYZ'
const URL_SAFE = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

function randomString(alphabet: string, length: number): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2))
    for (const b of bytes) {
      if (b < limit && out.length < length) out += alphabet[b % alphabet.length]
    }
  }
  return out
}

/** 128-bit-ish random id for rows that appear in URLs. */
export const newId = () => randomString(URL_SAFE, 22)
/** 8 readable characters (~39 bits) typed by staff when a QR code will not scan. */
export const newShortCode = () => randomString(READABLE, 8)
/** ~80 bits: the only key to a suggestion, so it must not be guessable. */
export const newTrackingCode = () => 'YJ' + randomString(READABLE, 16)

/** 17 readable characters (≈ 84 bits): an invitation code (邀请码), the only key to reserved seats. */
export const newInvitationCode = () => randomString(READABLE, 17)

export const SHORT_CODE_PATTERN = /^[2-9A-HJ-NP-TV-Z]{8}$/
/**
 * An admin's one-time password for a new or reset staff account: 12 readable characters
 * (~59 bits) in groups of four, e.g. `K7QM-3XHD-9RTW`; it only lets its holder set their own.
 */
export const newOneTimePassword = () => randomString(READABLE, 12).replace(/(.{4})(?=.)/g, '$1-')
