import { zValidator } from '@hono/zod-validator'
import { ERROR_MESSAGES } from '@openday/shared'
import type { z } from 'zod'

/** zValidator with our error envelope: the first issue becomes a Chinese VALIDATION_FAILED naming the field. */
export const json = <T extends z.ZodType>(schema: T) =>
  zValidator('json', schema, (result, c) => {
    if (!result.success) {
      const issue = result.error.issues[0]
      const field = issue?.path.join('.') || undefined
      return c.json(
        { error: { code: 'VALIDATION_FAILED', message: issue?.message ?? ERROR_MESSAGES.VALIDATION_FAILED, field } },
        400,
      )
    }
  })
