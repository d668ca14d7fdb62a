// Client for Tencent Cloud SMS `SendSms` (API version 2021-01-11), signed with TC3-HMAC-SHA256.
//   POST {base}/  Content-Type: application/json; charset=utf-8
//   X-TC-Action: SendSms, X-TC-Version: 2021-01-11, X-TC-Region, X-TC-Timestamp, Authorization
//   { PhoneNumberSet: ["+8613800000000"], SmsSdkAppId, SignName, TemplateId, TemplateParamSet }
// The answer is always HTTP 200: { Response: { SendStatusSet: [{ PhoneNumber, Code: "Ok" | <error>,
// Message, SerialNo, Fee, IsoCode }], RequestId } } when the request was accepted (each number has
// its own Code), or { Response: { Error: { Code, Message }, RequestId } } when it was not.
// Reused by notifications later: nothing here knows about login codes.

import type { Bindings } from '../../env'
import { tc3Authorization } from './tc3'

export const SENDSMS_VERSION = '2021-01-11'

export interface TencentSmsConfig {
  /** https://sms.tencentcloudapi.com in production; a local fake in tests. */
  base: string
  region: string
  secretId: string
  secretKey: string
  sdkAppId: string
  signName: string
}

/** The account from the Worker's config (keys, app id, signature), or null if any is missing. */
export function tencentAccount(env: Bindings): TencentSmsConfig | null {
  const { TENCENT_SMS_SECRET_ID: secretId, TENCENT_SMS_SECRET_KEY: secretKey, TENCENT_SMS_SDK_APP_ID: sdkAppId } = env
  const signName = env.TENCENT_SMS_SIGN_NAME
  if (!secretId || !secretKey || !sdkAppId || !signName) return null
  return {
    base: env.TENCENT_SMS_API_BASE || 'https://sms.tencentcloudapi.com',
    region: env.TENCENT_SMS_REGION || 'ap-guangzhou',
    secretId,
    secretKey,
    sdkAppId,
    signName,
  }
}

/** Why a message did not go out, in terms of what the caller should do next. */
export type SmsFailure =
  /** This number has had its share of SMS today (provider's per-number daily cap). */
  | 'number_daily_limit'
  /** Too many to this number just now (30 s / 1 h caps): try again later. */
  | 'number_too_frequent'
  /** The number cannot receive SMS: wrong, unparseable, or opted out. */
  | 'number_unreachable'
  /** Our account or configuration (keys, app id, signature, template, balance): operator must act. */
  | 'misconfigured'
  /** The provider is busy or failed, or could not be reached: try again later. */
  | 'unavailable'

export type SmsSendResult =
  | { ok: true; serialNo: string | null }
  | { ok: false; failure: SmsFailure; providerCode: string; retryAfterSeconds?: number }

const NUMBER_DAILY = new Set(['LimitExceeded.PhoneNumberDailyLimit', 'LimitExceeded.PhoneNumberSameContentDailyLimit'])
const NUMBER_FREQUENT: Record<string, number> = {
  'LimitExceeded.PhoneNumberThirtySecondLimit': 30,
  'LimitExceeded.PhoneNumberOneHourLimit': 3600,
}
const NUMBER_UNREACHABLE = new Set([
  'InvalidParameterValue.IncorrectPhoneNumber',
  'FailedOperation.PhoneNumberParseFail',
  'FailedOperation.PhoneNumberInBlacklist',
  'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone',
])
/** Prefixes that mean our side must change something; anything else is treated as transient. */
const MISCONFIGURED_PREFIXES = ['AuthFailure.', 'UnsupportedRegion', 'InvalidAction', 'NoSuchVersion', 'UnauthorizedOperation.', 'FailedOperation.', 'InvalidParameter', 'MissingParameter', 'UnsupportedOperation.']
const TRANSIENT = new Set(['RequestLimitExceeded', 'LimitExceeded.DeliveryFrequencyLimit', 'LimitExceeded.AppDailyLimit', 'LimitExceeded.AppMainlandChinaDailyLimit', 'LimitExceeded.DailyLimit'])

/** Maps a documented error code (request-level or per-number) to what to do about it. */
export function classifySmsError(code: string): { failure: SmsFailure; retryAfterSeconds?: number } {
  if (NUMBER_DAILY.has(code)) return { failure: 'number_daily_limit' }
  if (code in NUMBER_FREQUENT) return { failure: 'number_too_frequent', retryAfterSeconds: NUMBER_FREQUENT[code] }
  if (NUMBER_UNREACHABLE.has(code)) return { failure: 'number_unreachable' }
  if (TRANSIENT.has(code) || code.startsWith('InternalError')) return { failure: 'unavailable', retryAfterSeconds: 60 }
  if (MISCONFIGURED_PREFIXES.some((p) => code.startsWith(p))) return { failure: 'misconfigured' }
  return { failure: 'unavailable', retryAfterSeconds: 60 }
}

interface SendSmsResponse {
  Response?: {
    Error?: { Code?: string; Message?: string }
    SendStatusSet?: { PhoneNumber?: string; Code?: string; Message?: string; SerialNo?: string }[]
    RequestId?: string
  }
}

/** Mainland numbers are sent in E.164: 13800000000 → +8613800000000. */
export function toE164(phone: string): string {
  return phone.startsWith('+') ? phone : `+86${phone}`
}

export async function sendSms(
  cfg: TencentSmsConfig,
  msg: { phone: string; templateId: string; params: string[] },
  fetchImpl: typeof fetch = fetch,
): Promise<SmsSendResult> {
  const url = new URL('/', cfg.base)
  const body = JSON.stringify({
    PhoneNumberSet: [toE164(msg.phone)],
    SmsSdkAppId: cfg.sdkAppId,
    SignName: cfg.signName,
    TemplateId: msg.templateId,
    TemplateParamSet: msg.params,
  })
  const timestampSeconds = Math.floor(Date.now() / 1000)
  const signed = {
    'Content-Type': 'application/json; charset=utf-8',
    Host: url.host,
    'X-TC-Action': 'SendSms',
  }
  const authorization = await tc3Authorization({
    secretId: cfg.secretId,
    secretKey: cfg.secretKey,
    service: 'sms',
    method: 'POST',
    headers: signed,
    body,
    timestampSeconds,
  })
  let parsed: SendSmsResponse
  try {
    const res = await fetchImpl(url.toString(), {
      method: 'POST',
      // Host is signed but set by fetch itself from the URL.
      headers: {
        'Content-Type': signed['Content-Type'],
        'X-TC-Action': signed['X-TC-Action'],
        'X-TC-Version': SENDSMS_VERSION,
        'X-TC-Region': cfg.region,
        'X-TC-Timestamp': String(timestampSeconds),
        Authorization: authorization,
      },
      body,
      signal: AbortSignal.timeout(8000),
    })
    if (!res.ok) return { ok: false, failure: 'unavailable', providerCode: `HTTP ${res.status}`, retryAfterSeconds: 60 }
    parsed = (await res.json()) as SendSmsResponse
  } catch {
    return { ok: false, failure: 'unavailable', providerCode: 'NETWORK', retryAfterSeconds: 60 }
  }
  const response = parsed.Response
  if (!response) return { ok: false, failure: 'unavailable', providerCode: 'MALFORMED', retryAfterSeconds: 60 }
  if (response.Error) {
    const code = response.Error.Code ?? 'UNKNOWN'
    return { ok: false, providerCode: code, ...classifySmsError(code) }
  }
  const status = response.SendStatusSet?.[0]
  if (!status?.Code) return { ok: false, failure: 'unavailable', providerCode: 'MALFORMED', retryAfterSeconds: 60 }
  if (status.Code === 'Ok') return { ok: true, serialNo: status.SerialNo ?? null }
  return { ok: false, providerCode: status.Code, ...classifySmsError(status.Code) }
}
