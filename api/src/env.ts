import type { StaffRole } from '@openday/shared'
import type { Db } from './lib/db'

export interface Bindings {
  DB: D1Database
  ASSETS?: Fetcher
  /** HMAC key for session tokens. */
  SESSION_SECRET: string
  /** Ed25519 private key as JWK JSON; its public half verifies tickets offline. */
  TICKET_PRIVATE_KEY: string
  /** Encrypts the per-event evaluation signing keys at rest (AES-GCM key derived with HKDF). */
  EVALUATION_KEY_SECRET: string
  WECHAT_API_BASE: string
  WECHAT_APP_ID?: string
  WECHAT_APP_SECRET?: string
  /** "true" only in local config: SMS codes are echoed back as devCode. */
  DEV_MODE?: string
}

export interface StaffSession {
  kind: 'staff'
  id: string
  role: StaffRole
  agencyId: string
  name: string
}
export interface ParticipantSession {
  kind: 'participant'
  id: string
}

export interface AppEnv {
  Bindings: Bindings
  Variables: {
    db: Db
    d1: D1Database
    staff: StaffSession
    participant: ParticipantSession
  }
}
