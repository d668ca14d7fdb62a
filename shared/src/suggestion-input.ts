// The suggestion form's schema in a module of its own: the 意见建议 page carries it without the
// event, check-in and evaluation schemas of schemas.ts (its first-load budget is 130 KB).
import * as z from 'zod/mini'
import './zod' // z.config: the zh-CN messages
import { phoneSchema } from './phone-schema'
import { text } from './text-schema'

export const suggestionInputSchema = z.object({
  content: text(1, 1000, { required: '请填写意见建议', max: '意见建议不能超过1000字' }),
  topic: z.optional(text(0, 40, { max: '主题不能超过40字' })),
  /** A mainland mobile to be told of the answer (SUGGESTION_CONTACT_PURPOSE); dropped when anonymous. */
  contact: z.optional(phoneSchema),
  anonymous: z.optional(z.boolean()),
  /** 同意在隐去个人信息后公开 (SUGGESTION_PUBLIC_CONSENT_TEXT): only then may the answer be published. */
  publicConsent: z.optional(z.boolean()),
})
export type SuggestionInput = z.infer<typeof suggestionInputSchema>
