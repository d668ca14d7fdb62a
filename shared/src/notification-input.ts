// The inputs of 我的通知设置 and of WeChat's subscription dialog: read by the API only, so in a
// module of their own (schemas.ts is in every form page of the app; z.record alone is 0.3 KB).
import * as z from 'zod/mini'
import './zod'

/** 我的通知设置 (PUT /me/notification-settings): the whole setting, as shown. */
export const noticeSettingsSchema = z.object({
  sms: z.boolean({ error: '请选择是否接收短信' }),
  wechat: z.boolean({ error: '请选择是否接收微信服务通知' }),
  mutedKinds: z.array(z.enum(['event_changed', 'event_cancelled', 'event_reminder', 'evaluation_invite', 'answer_published', 'new_post'] as const)).check(z.maxLength(6)),
  stopped: z.boolean(),
})

/** What wx.requestSubscribeMessage answered per template id, sent after the tap. */
export const wechatSubscriptionsSchema = z.object({
  results: z.record(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)), z.enum(['accept', 'reject', 'ban', 'filter'])),
})
