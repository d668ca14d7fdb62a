import { firstIssue } from '@openday/shared'
import { validator } from 'hono/validator'
import type { z } from '@openday/shared'

/**
 * Validates the JSON body against a schema from @openday/shared (zod/mini), the way zValidator
 * does: the first issue becomes a Chinese VALIDATION_FAILED naming the field.
 */
export const json = <T extends z.ZodMiniType>(schema: T) =>
  validator('json', (value, c) => {
    const result = schema.safeParse(value)
    if (!result.success) return c.json({ error: { code: 'VALIDATION_FAILED' as const, ...firstIssue(result.error) } }, 400)
    return result.data as z.output<T>
  })

/** The same for query parameters (filters of list routes). */
export const query = <T extends z.ZodMiniType>(schema: T) =>
  validator('query', (value, c) => {
    const result = schema.safeParse(value)
    if (!result.success) return c.json({ error: { code: 'VALIDATION_FAILED' as const, ...firstIssue(result.error) } }, 400)
    return result.data as z.output<T>
  })
