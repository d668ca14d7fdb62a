import { formatTicket, looksLikeTicket, parseTicket, ticketMessage } from '@openday/shared'

// The ticket format (parsing, the signed bytes, the canonical base64url check) lives in
// @openday/shared, so the door device verifying offline and this API read tickets alike.
// Signing stays here: only the server holds the private key.
export { looksLikeTicket }

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

export async function signTicket(privateJwk: string, eventId: string, registrationId: string): Promise<string> {
  const { privateKey } = await loadKeys(privateJwk)
  const sig = await crypto.subtle.sign('Ed25519', privateKey, ticketMessage(eventId, registrationId))
  return formatTicket(eventId, registrationId, new Uint8Array(sig))
}

/** Returns the ids a ticket was issued for, or null if it is malformed, altered or forged. */
export async function verifyTicket(
  privateJwk: string,
  ticket: string,
): Promise<{ eventId: string; registrationId: string } | null> {
  const parsed = parseTicket(ticket)
  if (!parsed) return null
  const { publicKey } = await loadKeys(privateJwk)
  const ok = await crypto.subtle.verify('Ed25519', publicKey, parsed.signature, parsed.message)
  return ok ? { eventId: parsed.eventId, registrationId: parsed.registrationId } : null
}

/** The raw public key (base64url, 32 bytes) that verifies tickets on the door devices. */
export async function ticketPublicKey(privateJwk: string): Promise<string> {
  return (await loadKeys(privateJwk)).publicRaw
}
