// Client for WeChat's subscribe messages (订阅消息, subscribeMessage.send / sendMessage):
//   POST {base}/cgi-bin/message/subscribe/send?access_token=TOKEN
//   JSON { touser, template_id, page, data: { thing1: { value } … }, miniprogram_state, lang }
// Answer: { errcode: 0, errmsg: 'ok' } or { errcode, errmsg } with the documented codes
// 40003 touser 字段 openid 为空或者不正确, 40037 订阅模板 id 为空不正确,
// 43101 用户拒绝接受消息 (also: no one-time accept left for this template),
// 47003 模板参数不准确 (a value empty or beyond its limit; see fitField in @openday/shared),
// 41030 page 路径不正确, and 40001/42001 for a bad or expired access token.
// Values must already fit their fields: this client sends them as given.

import { withAccessToken, type WechatServerConfig } from './access-token'

export interface SubscribeMessage {
  /** The recipient's openid. */
  touser: string
  templateId: string
  /** The mini-program page opened from the card, e.g. pages/event/index?id=…; none if omitted. */
  page?: string
  /** Template keys (thing1, time2 …) and their values. */
  data: Record<string, string>
  /** developer, trial or formal (the default). */
  miniprogramState?: 'developer' | 'trial' | 'formal'
}

export type SubscribeSendResult =
  | { ok: true }
  | {
      ok: false
      /**
       * refused: the user has no accept left for this template (43101), nothing to retry;
       * invalid: our request is wrong (47003, 40003, 40037, 41030);
       * unavailable: WeChat could not be reached, was busy, or no token could be had.
       */
      reason: 'refused' | 'invalid' | 'unavailable'
      errcode?: number
    }

const INVALID = new Set([47003, 40003, 40037, 41030])

export async function sendSubscribeMessage(
  cfg: WechatServerConfig,
  msg: SubscribeMessage,
  fetchImpl: typeof fetch = fetch,
): Promise<SubscribeSendResult> {
  const unavailable = (errcode?: number): SubscribeSendResult =>
    errcode === undefined ? { ok: false, reason: 'unavailable' } : { ok: false, reason: 'unavailable', errcode }
  const payload = JSON.stringify({
    touser: msg.touser,
    template_id: msg.templateId,
    ...(msg.page ? { page: msg.page } : {}),
    data: Object.fromEntries(Object.entries(msg.data).map(([key, value]) => [key, { value }])),
    miniprogram_state: msg.miniprogramState ?? 'formal',
    lang: 'zh_CN',
  })
  return withAccessToken<SubscribeSendResult>(
    cfg,
    fetchImpl,
    async (token) => {
      const url = new URL('/cgi-bin/message/subscribe/send', cfg.base)
      url.searchParams.set('access_token', token)
      let body: { errcode?: number }
      try {
        const res = await fetchImpl(url.toString(), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: payload,
          signal: AbortSignal.timeout(5000),
        })
        if (!res.ok) return { result: unavailable() }
        body = JSON.parse(await res.text())
      } catch {
        return { result: unavailable() }
      }
      const errcode = typeof body.errcode === 'number' ? body.errcode : undefined
      if (errcode === undefined) return { result: unavailable() }
      if (errcode === 0) return { result: { ok: true } }
      if (errcode === 43101) return { errcode, result: { ok: false, reason: 'refused', errcode } }
      if (INVALID.has(errcode)) return { errcode, result: { ok: false, reason: 'invalid', errcode } }
      return { errcode, result: unavailable(errcode) }
    },
    unavailable,
  )
}
