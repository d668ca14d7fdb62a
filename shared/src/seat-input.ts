// Inputs of the invitation and approval routes (docs/seats.md), for the API and the 名额与邀请 page.
import * as z from 'zod/mini'
import './zod'
import { CATEGORY_CODES } from './constants'
import { text } from './text-schema'

export const invitationInputSchema = z.object({
  category: z.enum(CATEGORY_CODES, { error: '请选择邀请的身份类别' }),
  maxUses: z.int({ error: '请填写可用人数' }).check(z.minimum(1, { error: '可用人数至少为1' }), z.maximum(1000, { error: '可用人数不能超过1000' })),
  expiresAt: z.iso.datetime({ offset: true, error: '有效期格式不正确' }),
  label: z.optional(text(0, 40, { max: '备注不能超过40个字' })),
})
export type InvitationInput = z.infer<typeof invitationInputSchema>

export const declineSchema = z.object({
  reason: text(2, 200, { required: '请填写未通过的原因，报名者会收到这条说明', min: '原因至少2个字', max: '原因不能超过200字' }),
})

