import { zValidator } from '@hono/zod-validator'
import { firstIssue } from '@openday/shared'
import type { z } from 'zod'

/** zValidator with our error envelope: the first issue becomes a Chinese VALIDATION_FAILED naming the field. */
export const json = <T extends z.ZodType>(schema: T) =>
  zValidator('json', schema, (result, c) => {
    if (!result.success) return c.json({ error: { code: 'VALIDATION_FAILED', ...firstIssue(result.error) } }, 400)
  })
