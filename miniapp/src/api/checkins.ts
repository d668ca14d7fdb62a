import type { CheckinResponse, Roster } from '@openday/shared'
import { ApiError, request } from './request'

const enc = encodeURIComponent

export interface CheckinUpload {
  /** The QR content or the 签到码. */
  ticket: string
  /** One per scan, reused by every upload of it: the API counts it once. */
  nonce: string
  /** When the device scanned it (ISO): a scan uploaded late is decided at this time. */
  scannedAt: string
  /** 签到点 (none: the entrance) and 'out' for an exit scan. */
  checkpointId?: string
  direction?: 'in' | 'out'
}

/** One upload of a queued scan (features/checkins/queue.ts sends and re-sends these). */
export const postCheckin = (eventId: string, scan: CheckinUpload) =>
  request<CheckinResponse>(`/events/${enc(eventId)}/checkins`, {
    method: 'POST',
    body: {
      ticket: scan.ticket,
      nonce: scan.nonce,
      scannedAt: scan.scannedAt,
      ...(scan.checkpointId ? { checkpointId: scan.checkpointId } : {}),
      ...(scan.direction === 'out' ? { direction: scan.direction } : {}),
    },
    auth: 'staff',
  })

/** The Ed25519 public key (raw, base64url) that verifies tickets on the device. */
export const getTicketPublicKey = () => request<{ alg: 'Ed25519'; publicKey: string }>('/tickets/public-key')

/**
 * The event's 签到名单 for the offline door. With the tag of the copy the device holds, an
 * unchanged list costs a 304 and no body: resolves to null then.
 */
export async function getRoster(eventId: string, etag?: string): Promise<Roster | null> {
  try {
    return await request<Roster>(`/events/${enc(eventId)}/roster`, { auth: 'staff', headers: etag ? { 'If-None-Match': `"${etag}"` } : undefined })
  } catch (e) {
    if (e instanceof ApiError && e.status === 304) return null
    throw e
  }
}
