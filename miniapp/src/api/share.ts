import Taro from '@tarojs/taro'
import type { ShareKind } from '@openday/shared'
import { request } from './request'

/**
 * The 小程序码 of a published event or post (GET /public/{events,posts}/:id/wxacode), as a data
 * URL for <Image>. Fails with the API's message, e.g. WXACODE_UNAVAILABLE when WeChat is not set up.
 */
export async function getWxacode(kind: ShareKind, id: string): Promise<string> {
  const bytes = await request<ArrayBuffer>(`/public/${kind === 'event' ? 'events' : 'posts'}/${encodeURIComponent(id)}/wxacode`, { binary: true })
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength))
  const type = head[0] === 0xff && head[1] === 0xd8 ? 'image/jpeg' : 'image/png'
  return `data:${type};base64,${Taro.arrayBufferToBase64(bytes)}`
}
