import Taro from '@tarojs/taro'
import type { EvaluationKeyResponse } from '@openday/shared'

/**
 * What this phone keeps for one registration's evaluation token. Only the phone knows the message
 * and the unblinding factor, so only it can turn the server's blind signature into a token; the
 * server cannot tell which token came from which sign-up. Once the answer is accepted the
 * secrets are wiped and only "used" remains: a lost or wiped phone loses its token.
 */
export interface StoredToken {
  eventId: string
  key: Pick<EvaluationKeyResponse, 'n' | 'e'>
  message: string
  /** Unblinds the blind signature (secret). */
  inv: string
  /** The blinded request this phone sent (to notice when another phone replaced it). */
  blindedMessage: string
  /** The finished token's signature, kept until the answer is accepted so a retry re-sends it. */
  signature?: string
}

export type TokenState = { used: true; eventId: string } | ({ used?: false } & StoredToken)

const tokenKey = (registrationId: string) => `openday.evaluation.${registrationId}`
const pendingKey = (attempt: string) => `openday.evaluation.pending.${attempt}`

function read(key: string): TokenState | null {
  try {
    const raw = Taro.getStorageSync(key)
    return typeof raw === 'string' && raw ? (JSON.parse(raw) as TokenState) : null
  } catch {
    return null
  }
}

function write(key: string, value: TokenState): void {
  Taro.setStorageSync(key, JSON.stringify(value))
}

export const loadToken = (registrationId: string) => read(tokenKey(registrationId))
export const saveToken = (registrationId: string, token: StoredToken) => write(tokenKey(registrationId), token)

/** After the answer is accepted (or the server says it already was): forget the secrets. */
export function markUsed(registrationId: string, eventId: string): void {
  write(tokenKey(registrationId), { used: true, eventId })
}

/** A request made for one sign-up form submission, reused by its retries (same idempotency key). */
export const loadPending = (attempt: string) => read(pendingKey(attempt)) as StoredToken | null
export const savePending = (attempt: string, token: StoredToken) => write(pendingKey(attempt), token)

/** The sign-up succeeded: the pending request now belongs to the registration. */
export function adoptPending(attempt: string, registrationId: string): void {
  const pending = loadPending(attempt)
  if (!pending) return
  saveToken(registrationId, pending)
  try {
    Taro.removeStorageSync(pendingKey(attempt))
  } catch {
    // storage unavailable: the pending copy is harmless
  }
}
