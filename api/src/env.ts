import type { StaffRole } from '@openday/shared'
import type { ParticipantCheck, StaffCheck } from './auth/session-check'
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
  /**
   * "true" only in local config: SMS codes are echoed back as devCode, and without an SMS
   * provider they are written to the log instead of sent.
   */
  DEV_MODE?: string
  /** Tencent Cloud SMS (SendSms 2021-01-11); login codes need all of these outside dev mode. */
  TENCENT_SMS_API_BASE?: string
  TENCENT_SMS_REGION?: string
  TENCENT_SMS_SDK_APP_ID?: string
  TENCENT_SMS_SIGN_NAME?: string
  /** An approved verification-code template with two parameters: {1} the code, {2} minutes valid. */
  TENCENT_SMS_TEMPLATE_ID?: string
  /** Secrets (wrangler secret put). */
  TENCENT_SMS_SECRET_ID?: string
  TENCENT_SMS_SECRET_KEY?: string
  /**
   * Approved notice templates per kind, JSON: {"event_changed":"2000002",...} (texts and
   * parameters in docs/notifications.md). A kind without a template is not sent by SMS.
   */
  TENCENT_SMS_NOTICE_TEMPLATES?: string
  /**
   * 'off' lets SMS go out at night too. Only for the local end-to-end stack, whose tests run at
   * any hour of the day; unset everywhere else, so no SMS is sent 21:00–08:00.
   */
  SMS_QUIET_HOURS?: string
  /** WeChat subscribe-message template ids per kind, JSON like the SMS templates. */
  WECHAT_NOTICE_TEMPLATES?: string
  /** Messages to the public (api/src/notifications/): producer and consumer of the same Worker. */
  NOTIFY: Queue<{ outboxId: string }>
  /** "false": requests do not forward their messages themselves (API tests drive it). */
  NOTIFY_AUTOFORWARD?: string
}

/** A staff member as the database says now (role and agency are read, not taken from the token). */
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
    /** Set by the in-batch guards of the hot paths (auth/guards.ts); the route must confirm it. */
    staffCheck: StaffCheck
    participantCheck: ParticipantCheck
  }
}
