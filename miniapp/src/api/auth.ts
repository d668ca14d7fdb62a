import type { ParticipantProfile, StaffProfile } from '@openday/shared'
import { request } from './request'

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
