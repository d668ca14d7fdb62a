import type { CheckinResponse } from '@openday/shared'
import { ApiError, request } from './request'

const enc = encodeURIComponent

export const postCheckin = (eventId: string, ticket: string, nonce: string) =>
  request<CheckinResponse>(`/events/${enc(eventId)}/checkins`, {
    method: 'POST',
    body: { ticket, nonce },
    auth: 'staff',
  })

export interface RetryOptions {
  /** Retries after the first attempt, on network failure only. */
  retries?: number
  /** Wait before retry n (1-based). */
  delayMs?: (attempt: number) => number
  onRetry?: (attempt: number) => void
  sleep?: (ms: number) => Promise<void>
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * Sends one scan. A network failure is retried with the very same body (same nonce), which the
 * API answers with the first result and never counts twice. Other errors are not retried.
 */
export async function checkinWithRetry(
  eventId: string,
  ticket: string,
  nonce: string,
  { retries = 3, delayMs = (n) => 500 * n, onRetry, sleep = defaultSleep }: RetryOptions = {},
): Promise<CheckinResponse> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await postCheckin(eventId, ticket, nonce)
    } catch (e) {
      const network = e instanceof ApiError && e.code === 'NETWORK'
      if (!network || attempt >= retries) throw e
      onRetry?.(attempt + 1)
      await sleep(delayMs(attempt + 1))
    }
  }
}

/** The Ed25519 public key (raw, base64url) that verifies tickets on the device. */
export const getTicketPublicKey = () => request<{ alg: 'Ed25519'; publicKey: string }>('/tickets/public-key')
