import Taro from '@tarojs/taro'
import { fromBase64Url, parseTicket } from '@openday/shared'
import { getTicketPublicKey } from '../../api/checkins'

/**
 * What the device can say about a scan before the server answers:
 * - valid: the ticket's Ed25519 signature is good and it is for this event (票据有效，待同步);
 * - invalid: malformed or not signed by us (无效票据);
 * - wrong_event: a genuine ticket of another event (非本场活动);
 * - saved: cannot be judged here (a typed 签到码, or no key yet): 已保存，待同步.
 * The server's answer always replaces it.
 */
export type Provisional = 'valid' | 'invalid' | 'wrong_event' | 'saved'

export const PROVISIONAL_LABELS: Record<Provisional, string> = {
  valid: '票据有效，待同步',
  invalid: '无效票据',
  wrong_event: '非本场活动',
  saved: '已保存，待同步',
}

export type VerifyFn = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean

const KEY_STORAGE = 'openday.tickets.public-key'

/** The public key cached on this device (raw 32 bytes), or null. */
export function cachedPublicKey(): Uint8Array | null {
  try {
    const stored = Taro.getStorageSync(KEY_STORAGE)
    if (typeof stored !== 'string' || !stored) return null
    const raw = fromBase64Url(stored)
    return raw && raw.length === 32 ? raw : null
  } catch {
    return null
  }
}

/** Fetches the key when the network allows and caches it; keeps the cached one otherwise. */
export async function refreshPublicKey(): Promise<Uint8Array | null> {
  try {
    const { alg, publicKey } = await getTicketPublicKey()
    const raw = alg === 'Ed25519' ? fromBase64Url(publicKey) : null
    if (raw && raw.length === 32) {
      Taro.setStorageSync(KEY_STORAGE, publicKey)
      return raw
    }
  } catch {
    // offline or refused: the cached key (if any) still verifies
  }
  return cachedPublicKey()
}

let loading: Promise<VerifyFn | null> | undefined

/**
 * Loads the Ed25519 verifier once (and warms it up). Resolves to null where it cannot run (no
 * BigInt): scans are then only "saved" until the server answers.
 */
export function loadVerifier(): Promise<VerifyFn | null> {
  if (!loading) {
    loading =
      typeof BigInt !== 'function'
        ? Promise.resolve(null)
        : import('./ed25519')
            .then((m) => {
              m.warmUp()
              return m.verifySignature
            })
            .catch(() => null)
  }
  return loading
}

/** Builds the verifier's table for this key now (a few ms), not at the first scan. */
export function primeVerifier(verify: VerifyFn | null, publicKey: Uint8Array | null): void {
  if (verify && publicKey) verify(new Uint8Array(64), new Uint8Array(0), publicKey)
}

/** The verdict on one scan, at once and without the network. */
export function provisionalVerdict(
  scan: { kind: 'ticket' | 'code'; value: string },
  scanningEventId: string,
  verify: VerifyFn | null,
  publicKey: Uint8Array | null,
): Provisional {
  if (scan.kind === 'code') return 'saved'
  const ticket = parseTicket(scan.value)
  if (!ticket) return 'invalid'
  if (!verify || !publicKey) return 'saved'
  if (!verify(ticket.signature, ticket.message, publicKey)) return 'invalid'
  if (ticket.eventId !== scanningEventId) return 'wrong_event'
  return 'valid'
}
