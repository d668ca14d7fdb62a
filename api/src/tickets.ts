import { fromBase64Url, toBase64Url } from './lib/encoding'

// A ticket is "OD1.<eventId>.<registrationId>.<Ed25519 signature, base64url>". Ed25519 lets a
// scanning device verify tickets offline with only the public key; ids are random, so a ticket
// cannot be guessed, and any change to it breaks the signature.
const PREFIX = 'OD1'

interface Keys {
  privateKey: CryptoKey
  publicKey: CryptoKey
  publicRaw: string
}
let cached: { jwk: string; keys: Promise<Keys> } | null = null

function loadKeys(privateJwk: string): Promise<Keys> {
  if (cached?.jwk === privateJwk) return cached.keys
  const keys = (async () => {
    const jwk = JSON.parse(privateJwk) as JsonWebKey
    // Only the key material: exporters disagree on "alg" ("EdDSA" vs "Ed25519") and key_ops.
    const privateKey = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d }, { name: 'Ed25519' }, false, ['sign'])
    const publicJwk: JsonWebKey = { kty: jwk.kty, crv: jwk.crv, x: jwk.x }
    const publicKey = await crypto.subtle.importKey('jwk', publicJwk, { name: 'Ed25519' }, true, ['verify'])
    return { privateKey, publicKey, publicRaw: jwk.x! }
  })()
  cached = { jwk: privateJwk, keys }
  return keys
}

const message = (eventId: string, registrationId: string) => new TextEncoder().encode(`${PREFIX}.${eventId}.${registrationId}`)

export async function signTicket(privateJwk: string, eventId: string, registrationId: string): Promise<string> {
  const { privateKey } = await loadKeys(privateJwk)
  const sig = await crypto.subtle.sign('Ed25519', privateKey, message(eventId, registrationId))
  return `${PREFIX}.${eventId}.${registrationId}.${toBase64Url(sig)}`
}

export function looksLikeTicket(value: string): boolean {
  return value.startsWith(`${PREFIX}.`)
}

/** Returns the ids a ticket was issued for, or null if it is malformed, altered or forged. */
export async function verifyTicket(
  privateJwk: string,
  ticket: string,
): Promise<{ eventId: string; registrationId: string } | null> {
  const parts = ticket.split('.')
  if (parts.length !== 4 || parts[0] !== PREFIX) return null
  const [, eventId, registrationId, sig] = parts
  if (!/^[\w-]{1,64}$/.test(eventId) || !/^[\w-]{1,64}$/.test(registrationId) || !/^[\w-]{86}$/.test(sig)) return null
  const sigBytes = fromBase64Url(sig)
  // The last of 86 base64url characters has 4 unused bits: accept only the canonical spelling,
  // so that no altered ticket string verifies.
  if (toBase64Url(sigBytes) !== sig) return null
  const { publicKey } = await loadKeys(privateJwk)
  const ok = await crypto.subtle.verify('Ed25519', publicKey, sigBytes, message(eventId, registrationId))
  return ok ? { eventId, registrationId } : null
}

export async function ticketPublicKey(privateJwk: string): Promise<string> {
  return (await loadKeys(privateJwk)).publicRaw
}
