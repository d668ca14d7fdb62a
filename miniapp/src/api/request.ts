import Taro from '@tarojs/taro'
import { ERROR_MESSAGES, PARTICIPANT_TOKEN_RENEW_AFTER_S, type ErrorCode } from '@openday/shared'
import { clientId, getToken, markSessionEnded, replaceToken, tokenSavedAt, type TokenKind } from './session'

export const NETWORK_MESSAGE = '网络不太好，请检查网络后重试'

/** Codes the client itself produces, besides the API's own. */
export type ClientErrorCode = 'NETWORK' | 'HTTP_ERROR'

/** Every failed call ends here, with a message ready to show to the user. */
export class ApiError extends Error {
  constructor(
    /** HTTP status, 0 when the request never got an answer. */
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    /** Form field the error is about, when the API names one. */
    readonly field?: string,
    /** Extra members of the error body, e.g. earliestStartDate for NOTICE_TOO_SHORT. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** The message to show for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message
  return ERROR_MESSAGES.INTERNAL
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  method?: Method
  body?: unknown
  /** Which stored token to send; none by default. */
  auth?: TokenKind
  headers?: Record<string, string>
  /** Participant requests first renew a token older than a day; false for the renewal itself. */
  renew?: boolean
  /** Sent with no token and no X-Client-Id: nothing in the request says who or which device (the evaluation answer). */
  anonymous?: boolean
  /** The answer's bytes (an image), resolved as an ArrayBuffer; errors are still read as JSON. */
  binary?: boolean
}

function isKnownCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in ERROR_MESSAGES
}

function toApiError(status: number, data: unknown): ApiError {
  const body = data && typeof data === 'object' ? (data as Record<string, unknown>) : {}
  const err = body.error && typeof body.error === 'object' ? (body.error as Record<string, unknown>) : null
  if (err && isKnownCode(err.code)) {
    const { code, message, field, ...rest } = err
    const text = typeof message === 'string' && message ? message : ERROR_MESSAGES[code]
    return new ApiError(status, code, text, typeof field === 'string' ? field : undefined, rest)
  }
  if (status === 401) return new ApiError(status, 'UNAUTHENTICATED', ERROR_MESSAGES.UNAUTHENTICATED)
  if (status === 429) return new ApiError(status, 'RATE_LIMITED', ERROR_MESSAGES.RATE_LIMITED)
  if (status === 404) return new ApiError(status, 'NOT_FOUND', ERROR_MESSAGES.NOT_FOUND)
  // A proxy error page or an outage: nothing specific to tell the user.
  return new ApiError(status, status >= 500 ? 'INTERNAL' : 'HTTP_ERROR', ERROR_MESSAGES.INTERNAL)
}

export const SESSION_ENDED_MESSAGE = '登录已过期，请重新登录'
const REVOKED_MESSAGE = '登录已失效，请重新登录'

let renewing: Promise<void> | null = null

/**
 * Participant tokens live 7 days: once the stored one is a day old, trade it for a fresh one
 * (on launch, and before participant requests). Offline, it simply tries again next time; a
 * refused token ends the session like any 401.
 */
export function renewParticipantSession(): Promise<void> {
  const savedAt = tokenSavedAt('participant')
  if (savedAt === null || Date.now() - savedAt < PARTICIPANT_TOKEN_RENEW_AFTER_S * 1000) return Promise.resolve()
  renewing ??= request<{ token: string }>('/auth/refresh', { method: 'POST', auth: 'participant', renew: false })
    .then((r) => replaceToken('participant', r.token))
    .catch(() => undefined)
    .finally(() => {
      renewing = null
    })
  return renewing
}

/** The one way the app talks to /api/v1. Resolves with the parsed JSON body of a 2xx answer. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  if (opts.auth === 'participant' && opts.renew !== false && !opts.anonymous) await renewParticipantSession()
  const header: Record<string, string> = { Accept: 'application/json', ...(opts.anonymous ? {} : { 'X-Client-Id': clientId() }), ...opts.headers }
  if (opts.body !== undefined) header['Content-Type'] = 'application/json'
  if (opts.auth && !opts.anonymous) {
    const token = getToken(opts.auth)
    if (token) header.Authorization = `Bearer ${token}`
  }
  let res: { statusCode: number; data: unknown }
  try {
    res = await Taro.request({
      url: `${API_BASE}${path}`,
      method: opts.method ?? 'GET',
      header,
      data: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      ...(opts.binary ? { dataType: '其他', responseType: 'arraybuffer' as const } : { dataType: 'json' }),
      timeout: 15000,
    })
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE)
  }
  const status = res.statusCode
  let data = res.data
  if (opts.binary && data instanceof ArrayBuffer) {
    if (status >= 200 && status < 300) return data as T
    // An error is JSON; UTF-8 to text without TextDecoder (missing in older base libraries).
    try {
      data = decodeURIComponent(escape(String.fromCharCode.apply(null, new Uint8Array(data) as unknown as number[])))
    } catch {
      data = ''
    }
  }
  if (typeof data === 'string' && data) {
    try {
      data = JSON.parse(data)
    } catch {
      // not JSON: keep the raw text, handled below
    }
  }
  if (status >= 200 && status < 300) return data as T
  const error = toApiError(status, data)
  // A rejected token is useless from now on: forget it so the next screen asks to log in, and
  // tell the login page why (forms keep what was typed themselves).
  if (status === 401 && opts.auth) markSessionEnded(opts.auth, error.message === REVOKED_MESSAGE ? REVOKED_MESSAGE : SESSION_ENDED_MESSAGE)
  throw error
}
