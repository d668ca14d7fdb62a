import type { MyNotice, NoticeSettings, NoticeSettingsResponse } from '@openday/shared'
import { request } from './request'

// 我的通知设置 and 我的消息 (shapes in shared/src/types.ts).

export type { NoticeSettingsResponse }
export type MyNotification = MyNotice

export type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter'

export const getNoticeSettings = () => request<NoticeSettingsResponse>('/me/notification-settings', { auth: 'participant' })

export const saveNoticeSettings = (settings: NoticeSettings) =>
  request<NoticeSettingsResponse>('/me/notification-settings', { method: 'PUT', body: settings, auth: 'participant' })

/** 全部停止接收: one step, nothing is sent on any channel afterwards. */
export const stopAllNotices = () =>
  request<NoticeSettingsResponse>('/me/notification-settings/stop', { method: 'POST', auth: 'participant' })

export const listMyNotifications = () =>
  request<{ notifications: MyNotification[] }>('/me/notifications', { auth: 'participant' }).then((r) => r.notifications)

/** Records what the person chose in WeChat's subscription dialog (one-time accepts). */
export const recordWechatSubscriptions = (results: Record<string, SubscribeResult>) =>
  request<{ ok: true }>('/me/wechat-subscriptions', { method: 'POST', body: { results }, auth: 'participant' })
