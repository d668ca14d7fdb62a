// The trimmed-text schema every input schema is built from, in a module of its own: a page that
// uses one feature's schemas (意见办理's steps, 活动总结, 关注 …) then carries only those, not every
// schema of schemas.ts (webpack keeps a module whole; zod/mini calls at module level stay).
import * as z from 'zod/mini'
import './zod'

/** A trimmed string of min..max characters, with our own message for each way it can fail. */
export const text = (min: number, max: number, messages: { required?: string; min?: string; max?: string } = {}) =>
  z.string({ error: messages.required ?? messages.min }).check(
    z.trim(),
    ...(min > 0 ? [z.minLength(min, { error: messages.min ?? messages.required })] : []),
    z.maxLength(max, { error: messages.max }),
  )
