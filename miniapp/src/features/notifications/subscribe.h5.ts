import type { SubscribeResult } from '../../api/notifications'

export const MAX_TEMPLATES_PER_REQUEST = 3

/** Browsers have no WeChat subscription dialog: H5 never shows the button (see subscribe.ts). */
export async function requestSubscribe(_tmplIds: string[]): Promise<Record<string, SubscribeResult>> {
  throw new Error('请在微信小程序中订阅活动通知')
}
