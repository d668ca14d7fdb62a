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
}

export function clearSession(kind: TokenKind): void {
  try {
    Taro.removeStorageSync(TOKEN_KEYS[kind])
    Taro.removeStorageSync(PROFILE_KEYS[kind])
  } catch {
    // storage unavailable: nothing to clear
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
