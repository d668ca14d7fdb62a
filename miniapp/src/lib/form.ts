import Taro from '@tarojs/taro'
import type { z } from '@openday/shared'

type ParseError = z.core.$ZodError

export type FieldErrors = Record<string, string>

/** The first message per field (path joined with '.') of a failed parse. */
export function fieldErrors(error: ParseError): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_form'
    if (!(key in out)) out[key] = issue.message
  }
  return out
}

/** '' → undefined, so optional fields are left out instead of sent empty. */
export function optional(s: string): string | undefined {
  const t = s.trim()
  return t ? t : undefined
}

/**
 * Brings the first invalid field into view (in form order), so that a message far above the
 * submit button is not missed. `fieldIds` maps error keys to element ids, in form order.
 */
export function scrollToFirstError(errors: FieldErrors, fieldIds: [key: string, id: string][]): void {
  const first = fieldIds.find(([key]) => errors[key])
  if (!first) return
  try {
    Taro.pageScrollTo({ selector: `#${first[1]}`, offsetTop: -80, duration: 200 }).catch(() => undefined)
  } catch {
    // scrolling is a convenience only
  }
}
