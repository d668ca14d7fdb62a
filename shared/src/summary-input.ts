// 活动总结's edit form (PUT /staff/events/:id/summary): its own module, so only the pages that edit
// a summary carry its schema (summary.ts is also read by the staff home and the public pages).
import * as z from 'zod/mini'
import './zod'
import { text } from './text-schema'
import { SUMMARY_BODY_MAX, SUMMARY_NEXT_STEPS_MAX, SUMMARY_TITLE_MAX } from './constants'

export const summaryEditSchema = z.object({
  title: text(2, SUMMARY_TITLE_MAX, { required: '请输入标题', min: '标题至少2个字', max: `标题不能超过${SUMMARY_TITLE_MAX}字` }),
  body: text(1, SUMMARY_BODY_MAX, { required: '请输入总结正文', max: `正文不能超过${SUMMARY_BODY_MAX}字` }),
  nextSteps: text(0, SUMMARY_NEXT_STEPS_MAX, { max: `“下一步”不能超过${SUMMARY_NEXT_STEPS_MAX}字` }),
})
export type SummaryEdit = z.infer<typeof summaryEditSchema>
