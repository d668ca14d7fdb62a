// zod/mini directly (see schemas.ts): the re-exported namespace would ship all of zod with the app.
import * as z from 'zod/mini'
import './zod' // z.config: the zh-CN messages
import { EVALUATION_MODULUS_BYTES, TOKEN_MESSAGE } from './evaluation-rules'
import { evaluationInputSchema } from './schemas'

export * from './evaluation-rules'

// The inputs of the anonymous evaluation's routes (docs/privacy.md).

/** base64url (no padding) of exactly `bytes` bytes. */
const base64urlOf = (bytes: number, error: string) =>
  z.string({ error }).check(z.regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 8) / 6)}}$`), { error }))

export const evaluationRequestSchema = z.object({
  evaluationRequest: base64urlOf(EVALUATION_MODULUS_BYTES, '测评凭证请求格式不正确'),
})

/** The answer, sent without any login: the token proves the right to answer once. */
export const evaluationSubmissionSchema = z.extend(evaluationInputSchema, {
  token: z.object(
    {
      message: z.string({ error: '测评凭证无效' }).check(z.regex(TOKEN_MESSAGE, { error: '测评凭证无效' })),
      signature: base64urlOf(EVALUATION_MODULUS_BYTES, '测评凭证无效'),
    },
    { error: '缺少测评凭证' },
  ),
})
export type EvaluationSubmission = z.infer<typeof evaluationSubmissionSchema>
