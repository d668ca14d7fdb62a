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
  // Log the kind of failure only: request bodies may carry personal data.
  console.error('unhandled error', err.name, err.message.slice(0, 200))
  return c.json({ error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } }, 500)
}
