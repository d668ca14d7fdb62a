import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { limitKey } from '../src/auth/limits'
import worker from '../src/index'
import { advance } from './support/clock'
import { api } from './support/fixtures'
import { inbox, lastCode, phoneSeries, programNext } from './support/sms'

// The Tencent Cloud SendSms client against the local fake, which checks the TC3 signature and
// answers with the provider's documented error codes.

const nextPhone = phoneSeries('1660001')
afterEach(() => vi.restoreAllMocks())

async function send(phone: string, overrides: Partial<typeof env> = {}) {
  const ctx = createExecutionContext()
  const req = new Request('http://openday.test/api/v1/auth/sms/send', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-id': crypto.randomUUID() },
    body: JSON.stringify({ phone }),
  })
  const res = await worker.fetch(req, { ...env, DEV_MODE: 'false', ...overrides }, ctx)
  await waitOnExecutionContext(ctx)
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> }
}

/** SMS counted against this phone today (Asia/Shanghai day). */
async function sentToday(phone: string): Promise<number> {
  const key = await limitKey(env.SESSION_SECRET, 'sms-send-phone-day', phone)
  const row = await env.DB.prepare('SELECT count FROM rate_limits WHERE key = ?1').bind(key).first<{ count: number }>()
  return row?.count ?? 0
}

describe('Tencent Cloud SMS client', () => {
  it('signs SendSms so the provider accepts it, and a resend carries the same code with the minutes left', async () => {
    const phone = nextPhone()
    expect(await send(phone)).toStrictEqual({ status: 200, retryAfter: null, body: { sent: true, expiresIn: 300, resendIn: 60 } })
    const code = await lastCode(phone)
    expect(code).toMatch(/^\d{6}$/)
    advance(61_000)
    expect((await send(phone)).body).toStrictEqual({ sent: true, expiresIn: 239, resendIn: 60 })
    expect(await inbox(phone)).toStrictEqual([
      { templateId: '2000001', params: [code, '5'], signName: '开放日' },
      { templateId: '2000001', params: [code, '4'], signName: '开放日' },
    ])
    expect(await sentToday(phone)).toBe(2)
    expect((await api('/auth/sms/verify', { body: { phone, code } })).status).toBe(200)
  })

  it('a wrong secret key fails the signature check: 503, nothing counted, the next try goes at once', async () => {
    const phone = nextPhone()
    const errors = vi.spyOn(console, 'error')
    const res = await send(phone, { TENCENT_SMS_SECRET_KEY: 'not-the-key' })
    expect(res).toStrictEqual({
      status: 503,
      retryAfter: null,
      body: { error: { code: 'SMS_UNAVAILABLE', message: '短信服务暂时不可用，请稍后再试；微信小程序内可使用微信一键登录' } },
    })
    expect(errors).toHaveBeenCalledWith('[sms] provider refused the request: AuthFailure.SignatureFailure')
    expect(await inbox(phone)).toStrictEqual([])
    expect(await sentToday(phone)).toBe(0)
    expect((await send(phone)).status).toBe(200)
    expect(await sentToday(phone)).toBe(1)
  })

  it.each([
    ['FailedOperation.TemplateIncorrectOrUnapproved', { TENCENT_SMS_TEMPLATE_ID: '999' }],
    ['FailedOperation.SignatureIncorrectOrUnapproved', { TENCENT_SMS_SIGN_NAME: '别的签名' }],
    ['UnauthorizedOperation.SmsSdkAppIdVerifyFail', { TENCENT_SMS_SDK_APP_ID: '1400999999' }],
    ['AuthFailure.SecretIdNotFound', { TENCENT_SMS_SECRET_ID: 'AKIDunknown' }],
    ['UnsupportedRegion', { TENCENT_SMS_REGION: 'ap-nowhere' }],
  ])('configuration the provider refuses (%s) is a 503 for the user and a log line for the operator', async (providerCode, overrides) => {
    const phone = nextPhone()
    const errors = vi.spyOn(console, 'error')
    const res = await send(phone, overrides)
    expect(res.status).toBe(503)
    expect((res.body as { error: { code: string } }).error.code).toBe('SMS_UNAVAILABLE')
    expect(errors).toHaveBeenCalledWith(`[sms] provider refused the request: ${providerCode}`)
    expect(await sentToday(phone)).toBe(0)
  })

  const untilMidnight = String(14 * 3600) // FIXED_NOW is 10:00 in Shanghai
  it.each([
    [{ code: 'LimitExceeded.PhoneNumberDailyLimit' }, 429, untilMidnight, { code: 'SMS_DAILY_LIMIT', message: '该手机号今日获取验证码的次数已达上限，请明天再试', retryAfter: 14 * 3600 }],
    [{ code: 'LimitExceeded.PhoneNumberThirtySecondLimit' }, 429, '30', { code: 'SMS_TOO_FREQUENT', message: '验证码发送过于频繁，请1分钟后再试', retryAfter: 30 }],
    [{ code: 'LimitExceeded.PhoneNumberOneHourLimit' }, 429, '3600', { code: 'SMS_TOO_FREQUENT', message: '验证码发送过于频繁，请60分钟后再试', retryAfter: 3600 }],
    [{ code: 'InvalidParameterValue.IncorrectPhoneNumber' }, 400, null, { code: 'SMS_NUMBER_UNREACHABLE', message: '该号码无法接收短信，请检查号码或换一个手机号', field: 'phone' }],
    [{ code: 'FailedOperation.PhoneNumberInBlacklist' }, 400, null, { code: 'SMS_NUMBER_UNREACHABLE', message: '该号码无法接收短信，请检查号码或换一个手机号', field: 'phone' }],
    [{ error: 'FailedOperation.InsufficientBalanceInSmsPackage' }, 503, null, { code: 'SMS_UNAVAILABLE', message: '短信服务暂时不可用，请稍后再试；微信小程序内可使用微信一键登录' }],
    [{ error: 'InternalError.Timeout' }, 503, '60', { code: 'SMS_UNAVAILABLE', message: '短信发送失败，请稍后重试', retryAfter: 60 }],
    [{ error: 'RequestLimitExceeded' }, 503, '60', { code: 'SMS_UNAVAILABLE', message: '短信发送失败，请稍后重试', retryAfter: 60 }],
  ] as const)('maps %o to %i with what to do next, and does not count the SMS', async (answer, status, retryAfter, error) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const phone = nextPhone()
    await programNext(phone, answer)
    expect(await send(phone)).toStrictEqual({ status, retryAfter, body: { error } })
    expect(await sentToday(phone)).toBe(0)
    // Nothing was sent, so the person may ask again at once (the fake answers normally now).
    expect((await send(phone)).status).toBe(200)
    expect((await api('/auth/sms/verify', { body: { phone, code: await lastCode(phone) } })).status).toBe(200)
  })

  it('a provider behind a failing gateway (HTTP 502) is a 503 with Retry-After, and nothing is counted', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const phone = nextPhone()
    await programNext(phone, { status: 502 })
    const res = await send(phone)
    expect(res).toStrictEqual({
      status: 503,
      retryAfter: '60',
      body: { error: { code: 'SMS_UNAVAILABLE', message: '短信发送失败，请稍后重试', retryAfter: 60 } },
    })
    expect(await sentToday(phone)).toBe(0)
  })
})
