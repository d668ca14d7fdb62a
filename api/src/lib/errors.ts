import { ERROR_MESSAGES, type ErrorCode } from '@openday/shared'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message ?? ERROR_MESSAGES[code])
  }
}

export const fail = (status: ContentfulStatusCode, code: ErrorCode, message?: string, extra?: Record<string, unknown>) =>
  new ApiError(status, code, message, extra)

/**
 * D1's answers when its queue is full ("D1 DB is overloaded. Requests queued for too long." and
 * "D1 DB is overloaded. Too many requests queued.", prefixed "D1_ERROR: "; Cloudflare's D1 error
 * list). drizzle wraps them, so the whole cause chain is searched.
 */
export function isD1Overloaded(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message.includes('D1 DB is overloaded')) return true
  }
  return false
}

/** Seconds a client should wait before retrying when D1 is overloaded. */
export const OVERLOADED_RETRY_AFTER_SECONDS = 5

/** What an unexpected error may put in the log: never the bound values of a failed query. */
function describeForLog(err: Error): string {
  const chain: string[] = []
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    chain.push(`${e.name}: ${e.message.split('\nparams:')[0].slice(0, 200)}`)
  }
  return chain.join(' <- ')
}

/** The single error envelope: every failure leaves the API as `{ error: { code, message } }`. */
export function handleError(err: Error, c: Context) {
  if (err instanceof ApiError) {
    return c.json({ error: { code: err.code, message: err.message, ...err.extra } }, err.status)
  }
  if (err instanceof HTTPException) {
    const status = err.status
    if (status === 401) return c.json({ error: { code: 'UNAUTHENTICATED', message: ERROR_MESSAGES.UNAUTHENTICATED } }, 401)
    if (status >= 400 && status < 500)
      return c.json({ error: { code: 'VALIDATION_FAILED', message: ERROR_MESSAGES.VALIDATION_FAILED } }, status)
  }
  if (isD1Overloaded(err)) {
    // Not a bug: the database sheds load. The client waits and tries again.
    return c.json({ error: { code: 'OVERLOADED', message: ERROR_MESSAGES.OVERLOADED } }, 503, {
      'Retry-After': String(OVERLOADED_RETRY_AFTER_SECONDS),
    })
  }
  // Log the kind of failure only: request bodies and query parameters may carry personal data.
  console.error('unhandled error', describeForLog(err))
  return c.json({ error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } }, 500)
}
