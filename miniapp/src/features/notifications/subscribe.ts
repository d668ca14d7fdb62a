import Taro from '@tarojs/taro'
import type { SubscribeResult } from '../../api/notifications'

/** WeChat shows at most 3 templates in one subscription dialog. */
export const MAX_TEMPLATES_PER_REQUEST = 3

/**
 * 订阅活动通知 in the mini-program: WeChat's one-time subscription dialog for these templates.
 * Must be called straight from the tap (WeChat refuses it otherwise): nothing is awaited first.
 * Resolves with the choice per template id. H5 has no such dialog (subscribe.h5.ts).
 */
export async function requestSubscribe(tmplIds: string[]): Promise<Record<string, SubscribeResult>> {
  const ids = tmplIds.slice(0, MAX_TEMPLATES_PER_REQUEST)
  let res: Record<string, unknown>
  try {
    // Taro's type also demands Alipay's entityIds; WeChat takes tmplIds alone.
    const option = { tmplIds: ids } as unknown as Taro.requestSubscribeMessage.Option
    res = (await Taro.requestSubscribeMessage(option)) as unknown as Record<string, unknown>
  } catch {
    throw new Error('未能订阅：请在微信“设置 → 通知”中允许接收小程序消息后重试')
  }
  const out: Record<string, SubscribeResult> = {}
  for (const id of ids) {
    const v = res[id]
    if (v === 'accept' || v === 'reject' || v === 'ban' || v === 'filter') out[id] = v
  }
  return out
}
