import type { ParticipantProfile, StaffProfile, VerifiedPhone } from '@openday/shared'
import { request } from './request'
import { clearSession, getToken, takeSessionEnded, type TokenKind } from './session'

export interface ParticipantLogin {
  token: string
  participant: ParticipantProfile
}

export interface SmsSendResponse {
  sent: true
  expiresIn: number
  resendIn: number
  /** Only when the API runs with DEV_MODE=true. */
  devCode?: string
}

export interface StaffLogin {
  token: string
  staff: StaffProfile
}

export const loginWithWechat = (code: string) =>
  request<ParticipantLogin>('/auth/wechat', { method: 'POST', body: { code } })

export const sendSmsCode = (phone: string) =>
  request<SmsSendResponse>('/auth/sms/send', { method: 'POST', body: { phone } })

export const verifySmsCode = (phone: string, code: string) =>
  request<ParticipantLogin>('/auth/sms/verify', { method: 'POST', body: { phone, code } })

export const loginStaff = (username: string, password: string) =>
  request<StaffLogin>('/auth/staff/login', { method: 'POST', body: { username, password } })

/** Adds a phone to the account: the SMS code from sendSmsCode proves it (same limits as login). */
export const addVerifiedPhone = (phone: string, code: string) =>
  request<{ phone: VerifiedPhone }>('/me/phones', { method: 'POST', body: { phone, code }, auth: 'participant' })

/**
 * Ends the session on the server (every token of this account stops working) and on this
 * device. Offline, the device forgets it anyway.
 */
export async function logout(kind: TokenKind): Promise<void> {
  try {
    if (getToken(kind)) await request<{ ok: true }>('/auth/logout', { method: 'POST', auth: kind, renew: false })
  } catch {
    // already ended, or offline: the token is forgotten below either way
  } finally {
    clearSession(kind, { forgetDevice: true })
    takeSessionEnded(kind) // the user ended it: nothing to explain on the login page
  }
}

export const changeStaffPassword = (currentPassword: string, newPassword: string) =>
  request<StaffLogin>('/auth/staff/password', { method: 'POST', body: { currentPassword, newPassword }, auth: 'staff' })
