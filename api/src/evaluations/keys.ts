import { RSABSSA } from '@cloudflare/blindrsa-ts'
import { EVALUATION_MODULUS_BITS, type EvaluationKeyResponse, EVALUATION_SUITE } from '@openday/shared'
import { base64urlToBytes, bigIntToBytes, bytesToBigInt, modPow } from '@openday/shared/evaluation-token'
import { fromBase64Url, toBase64Url } from '../lib/encoding'

// Per-event RSA keys for evaluation tokens (RFC 9474, RSABSSA-SHA384-PSSZERO-Deterministic). One
// key per event, so a token of one event can never answer another. The private key is stored
// encrypted with AES-GCM under a key derived from EVALUATION_KEY_SECRET, bound to its event.

const suite = () => RSABSSA.SHA384.PSSZero.Deterministic({ supportsRSARAW: true })
const KEY_FORMAT = 'v1'

export interface StoredEvaluationKey {
  /** JSON of the public JWK ({ kty, n, e }). */
  publicKey: string
  /** `v1.<iv>.<AES-GCM ciphertext of the PKCS#8 private key>`, base64url. */
  privateKey: string
}

async function wrappingKey(secret: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveKey'])
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('openday-evaluation-keys'), info: new TextEncoder().encode(KEY_FORMAT) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}

/** A new key pair for an event (about 100 ms of CPU: done once per event). */
export async function generateEvaluationKey(secret: string, eventId: string): Promise<StoredEvaluationKey> {
  const pair = await RSABSSA.SHA384.generateKey({ modulusLength: EVALUATION_MODULUS_BITS, publicExponent: Uint8Array.of(1, 0, 1) })
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey
  const pkcs8 = (await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(eventId) },
    await wrappingKey(secret),
    pkcs8,
  )
  return {
    publicKey: JSON.stringify({ kty: 'RSA', n: jwk.n, e: jwk.e }),
    privateKey: `${KEY_FORMAT}.${toBase64Url(iv)}.${toBase64Url(sealed)}`,
  }
}

export function publicKeyResponse(eventId: string, publicKey: string): EvaluationKeyResponse {
  const { n, e } = JSON.parse(publicKey) as { n: string; e: string }
  return { eventId, suite: EVALUATION_SUITE, n, e }
}

async function importPrivateKey(secret: string, eventId: string, sealed: string): Promise<CryptoKey> {
  const [format, iv, data] = sealed.split('.')
  if (format !== KEY_FORMAT || !iv || !data) throw new Error('unknown evaluation key format')
  const pkcs8 = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64Url(iv), additionalData: new TextEncoder().encode(eventId) },
    await wrappingKey(secret),
    fromBase64Url(data),
  )
  // workerd's RSA-RAW computes m^d mod n natively (~1 ms); the pure-JS path takes ~220 ms.
  return crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-RAW', hash: 'SHA-384' }, false, ['sign'])
}

/**
 * The blind signature of a stored request (RFC 9474 BlindSign), or null when the request is not
 * a number below the modulus. Checked with the public key before it leaves (RFC 9474 §4.3 step
 * 3), so a faulty signature can never reveal anything about the private key.
 */
export async function blindSign(secret: string, eventId: string, key: StoredEvaluationKey, blindedMessage: string): Promise<string | null> {
  const { n: nText, e: eText } = JSON.parse(key.publicKey) as { n: string; e: string }
  const n = bytesToBigInt(base64urlToBytes(nText))
  const e = bytesToBigInt(base64urlToBytes(eText))
  const k = Math.ceil(n.toString(2).length / 8)
  const blinded = base64urlToBytes(blindedMessage)
  const m = bytesToBigInt(blinded)
  if (blinded.length !== k || m >= n) return null
  const signature = await suite().blindSign(await importPrivateKey(secret, eventId, key.privateKey), blinded)
  if (modPow(bytesToBigInt(signature), e, n) !== m) throw new Error('signing failure')
  return toBase64Url(bigIntToBytes(bytesToBigInt(signature), k))
}

/** RSASSA-PSS-VERIFY of a finalized token with the event's public key. */
export async function verifyToken(publicKey: string, message: string, signature: string): Promise<boolean> {
  const { n, e } = JSON.parse(publicKey) as { n: string; e: string }
  const key = await crypto.subtle.importKey('jwk', { kty: 'RSA', n, e }, { name: 'RSA-PSS', hash: 'SHA-384' }, false, ['verify'])
  return suite().verify(key, base64urlToBytes(signature), new TextEncoder().encode(message))
}

/** What is stored for a spent token: SHA-256 of the random message, nothing else. */
export async function spentTokenHash(message: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(message)))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}
