import Taro from '@tarojs/taro'
import type { ParticipantProfile, StaffProfile } from '@openday/shared'
import { randomId } from '../lib/id'

/** Participant and staff sessions are kept apart: a staff member may also sign up as a citizen. */
export type TokenKind = 'participant' | 'staff'

const TOKEN_KEYS: Record<TokenKind, string> = {
  participant: 'openday.participant.token',
  staff: 'openday.staff.token',
}
const PROFILE_KEYS: Record<TokenKind, string> = {
  participant: 'openday.participant.profile',
  staff: 'openday.staff.profile',
}
/** When the stored token was issued (ms): participant tokens are renewed once a day old. */
const SAVED_AT_KEYS: Record<TokenKind, string> = {
  participant: 'openday.participant.savedAt',
  staff: 'openday.staff.savedAt',
}
/** Why the last session ended without the user asking (expired, revoked), for the login page. */
const ENDED_KEYS: Record<TokenKind, string> = {
  participant: 'openday.participant.ended',
  staff: 'openday.staff.ended',
}
const VERIFIED_PHONES_KEY = 'openday.verifiedPhones'

function read(key: string): string | null {
  try {
    const v = Taro.getStorageSync(key)
    return typeof v === 'string' && v ? v : null
  } catch {
    return null
  }
}

export function getToken(kind: TokenKind): string | null {
  return read(TOKEN_KEYS[kind])
}

export function hasToken(kind: TokenKind): boolean {
  return getToken(kind) !== null
}

export function saveSession(kind: 'participant', token: string, profile: ParticipantProfile): void
export function saveSession(kind: 'staff', token: string, profile: StaffProfile): void
export function saveSession(kind: TokenKind, token: string, profile: ParticipantProfile | StaffProfile): void {
  Taro.setStorageSync(TOKEN_KEYS[kind], token)
  Taro.setStorageSync(PROFILE_KEYS[kind], JSON.stringify(profile))
  Taro.setStorageSync(SAVED_AT_KEYS[kind], String(Date.now()))
  remove(ENDED_KEYS[kind])
}

/** A renewed token for the same session. */
export function replaceToken(kind: TokenKind, token: string): void {
  Taro.setStorageSync(TOKEN_KEYS[kind], token)
  Taro.setStorageSync(SAVED_AT_KEYS[kind], String(Date.now()))
}

/**
 * When the stored token was saved (ms). A token saved by an older version of the app has no
 * date: it counts from now, so it is renewed a day later like any other.
 */
export function tokenSavedAt(kind: TokenKind): number | null {
  if (!getToken(kind)) return null
  const at = Number(read(SAVED_AT_KEYS[kind]))
  if (Number.isFinite(at) && at > 0) return at
  const now = Date.now()
  try {
    Taro.setStorageSync(SAVED_AT_KEYS[kind], String(now))
  } catch {
    // storage full: renewal waits for the next launch
  }
  return now
}

function remove(key: string) {
  try {
    Taro.removeStorageSync(key)
  } catch {
    // storage unavailable: nothing to clear
  }
}

/**
 * Ends the session on this device. Logging out (`forgetDevice`) also forgets the phones this
 * device verified; an expired or revoked session keeps them, since the same person logs back in.
 */
export function clearSession(kind: TokenKind, { forgetDevice = false } = {}): void {
  remove(TOKEN_KEYS[kind])
  remove(PROFILE_KEYS[kind])
  remove(SAVED_AT_KEYS[kind])
  if (forgetDevice && kind === 'participant') remove(VERIFIED_PHONES_KEY)
}

/** The session was ended by the server (expired, revoked): remember why for the login page. */
export function markSessionEnded(kind: TokenKind, message: string): void {
  clearSession(kind)
  try {
    Taro.setStorageSync(ENDED_KEYS[kind], message)
  } catch {
    // the login page then simply asks to log in
  }
}

/** Why the last session ended, once (the login page shows it, then it is gone). */
export function takeSessionEnded(kind: TokenKind): string | null {
  const message = read(ENDED_KEYS[kind])
  if (message) remove(ENDED_KEYS[kind])
  return message
}

export function getParticipantProfile(): ParticipantProfile | null {
  const raw = read(PROFILE_KEYS.participant)
  if (!raw) return null
  try {
    return JSON.parse(raw) as ParticipantProfile
  } catch {
    return null
  }
}

/**
 * Full numbers this account verified by SMS on this device, newest first. The server only ever
 * returns them masked; the sign-up form prefills the newest and skips the SMS step for these.
 */
export function verifiedPhones(): string[] {
  const me = getParticipantProfile()
  const raw = read(VERIFIED_PHONES_KEY)
  if (!me || !raw) return []
  try {
    const stored = JSON.parse(raw) as { participantId?: string; phones?: unknown }
    if (stored.participantId !== me.id || !Array.isArray(stored.phones)) return []
    return stored.phones.filter((p): p is string => typeof p === 'string')
  } catch {
    return []
  }
}

export function rememberVerifiedPhone(phone: string): void {
  const me = getParticipantProfile()
  if (!me) return
  const phones = [phone, ...verifiedPhones().filter((p) => p !== phone)].slice(0, 5)
  try {
    Taro.setStorageSync(VERIFIED_PHONES_KEY, JSON.stringify({ participantId: me.id, phones }))
  } catch {
    // not remembered: the next sign-up asks for a code again
  }
}

export function getStaffProfile(): StaffProfile | null {
  const raw = read(PROFILE_KEYS.staff)
  if (!raw) return null
  try {
    return JSON.parse(raw) as StaffProfile
  } catch {
    return null
  }
}

const CLIENT_ID_KEY = 'openday.client-id'

/**
 * A random id of this install, kept across sessions. The API rate-limits anonymous forms per
 * client; without it every visitor on the venue's Wi-Fi (one address) would share one budget.
 */
export function clientId(): string {
  const stored = read(CLIENT_ID_KEY)
  if (stored) return stored
  const id = randomId()
  try {
    Taro.setStorageSync(CLIENT_ID_KEY, id)
  } catch {
    // Storage full or blocked: a per-launch id still separates this visitor from others.
  }
  return id
}
