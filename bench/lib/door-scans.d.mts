// Types of door-scans.mjs for miniapp/test/unit/door-decision-time.test.ts.
import type { CheckinResult, DeviceCheckin, OfflineVerdict, Roster } from '@openday/shared'

export interface DoorData {
  roster: Roster
  scans: string[]
  expected: CheckinResult[]
  now: number
}
export declare function prng(seed: number): () => number
export declare function doorData(opts: {
  people?: number
  scans?: number
  now: number
  publicKey: string
  sign(message: Uint8Array): Uint8Array
  formatTicket(eventId: string, registrationId: string, signature: Uint8Array): string
  ticketMessage(eventId: string, registrationId: string): Uint8Array
}): DoorData
export declare function timeDecisions(
  decide: (value: string, device: Map<string, DeviceCheckin>, nonce: string, now: Date) => OfflineVerdict | null,
  data: DoorData,
): {
  scans: number
  firstMs: number
  medianMs: number
  p95Ms: number
  worstBatchMs: number
  meanMs: number
  wrong: number
  outcomes: Record<string, number>
}
