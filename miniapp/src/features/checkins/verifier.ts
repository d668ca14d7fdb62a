import Taro from '@tarojs/taro'
import { ENTRANCE_ID, decidePointOffline, fromBase64Url, looksLikeTicket, parseTicket, type DeviceCheckin, type DevicePointScans, type OfflineVerdict, type PointScanResult, type RosterIndex } from '@openday/shared'
import { getTicketPublicKey } from '../../api/checkins'

/**
 * What the device can say about a scan before the server answers. With the event's roster
 * (签到名单, roster.ts) the device decides like the server, with the same decideScan: one of the
 * server's outcomes (checked_in, already_checked_in, cancelled, pending_approval, wrong_event, invalid, not_open,
 * ended). Without a roster it can only check the signature:
 * - valid: the ticket's Ed25519 signature is good and it is for this event (票据有效，待同步);
 * - invalid: malformed or not signed by us (无效票据);
 * - wrong_event: a genuine ticket of another event (非本场活动);
 * - saved: cannot be judged here (a typed 签到码, or no key yet): 已保存，待同步.
 * The server's answer always replaces it.
 */
export type Provisional = 'valid' | 'saved' | PointScanResult

export const PROVISIONAL_LABELS: Record<Provisional, string> = {
  valid: '票据有效，待同步',
  saved: '已保存，待同步',
  checked_in: '签到成功',
  already_checked_in: '重复签到',
  cancelled: '报名或活动已取消',
  pending_approval: '待审核',
  wrong_event: '非本场活动',
  invalid: '无效票据',
  not_open: '未到签到时间',
  ended: '活动已结束',
  exited: '已登记离开',
  already_exited: '已登记过离开',
  not_checked_in: '尚未在此签到，不能登记离开',
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
            .catch(() => {
              loading = undefined // the chunk did not load (no network yet): try again next time
              return null
            })
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

/**
 * The device's decision on one scan with the roster: the same ScanFacts and the same decideScan
 * as the server (shared/src/roster.ts), from the roster plus this device's own check-ins. A
 * ticket needs the verifier (it checks the signature); a typed 签到码 only needs the roster.
 * Null when it cannot decide (no roster, or a ticket and no verifier): the signature-only
 * verdict above applies.
 */
export function rosterVerdict(
  value: string,
  index: RosterIndex | null,
  deviceCheckins: ReadonlyMap<string, DeviceCheckin>,
  verify: VerifyFn | null,
  nonce: string,
  now: Date,
): OfflineVerdict | null {
  return rosterPointVerdict(value, index, { checkins: deviceCheckins, exits: new Map() }, verify, nonce, now, { checkpointId: ENTRANCE_ID, direction: 'in' })
}

/**
 * The same at any point and for exits (签到点, 出): the server's decideScan / decidePointExit on
 * the roster and this device's own scans at that point (shared decidePointOffline).
 */
export function rosterPointVerdict(
  value: string,
  index: RosterIndex | null,
  device: DevicePointScans,
  verify: VerifyFn | null,
  nonce: string,
  now: Date,
  point: { checkpointId: string; direction: 'in' | 'out' },
): OfflineVerdict | null {
  if (!index) return null
  if (looksLikeTicket(value) && !verify) return null
  const key = fromBase64Url(index.roster.publicKey)
  const check = (signature: Uint8Array, message: Uint8Array) => !!verify && !!key && key.length === 32 && verify(signature, message, key)
  return decidePointOffline(index, { ticket: value, nonce, now, ...point }, device, check)
}

/** The public key that came with the roster (raw 32 bytes), or null. */
export function rosterKey(index: RosterIndex | null): Uint8Array | null {
  const key = index ? fromBase64Url(index.roster.publicKey) : null
  return key && key.length === 32 ? key : null
}
