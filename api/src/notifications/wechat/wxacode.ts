// Client for WeChat's unlimited mini-program code (获取不限制的小程序码, getUnlimitedQRCode):
//   POST {base}/wxa/getwxacodeunlimit?access_token=TOKEN
//   JSON { scene, page, check_path, env_version, width }
// Success is the image itself (image/jpeg or image/png); failure is JSON { errcode, errmsg }:
// 41030 page 不存在或未发布 (40159 is its sibling for a bad path: treated alike), 40097 invalid args, 40169 invalid length for scene, 45009 调用频率受限
// (5000/min), -1 system busy, and 40001/42001 for a bad or expired access token.
// scene (documented): 最大32个可见字符，只支持数字，大小写英文以及部分特殊字符 !#$&'()*+,/:;=?@-._~;
// % is not among them, so nothing can be URL-encoded into it. The mini-program receives it in
// options.scene URL-encoded and reads it with decodeURIComponent.
// width: 280–1280 px (default 430). page: no leading '/', no query (parameters go in scene).

import { withAccessToken, type WechatServerConfig } from './access-token'

export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,\/:;=?@\-._~]{1,32}$/

export interface WxacodeRequest {
  scene: string
  /** A page of the released mini-program, e.g. pages/event/index; the home page if omitted. */
  page?: string
  /** 280–1280 px, default 430. */
  width?: number
  envVersion?: 'release' | 'trial' | 'develop'
  /** Default true: WeChat refuses a page the released version does not have (41030). */
  checkPath?: boolean
}

export type WxacodeResult =
  | { ok: true; image: ArrayBuffer; contentType: string }
  | {
      ok: false
      /**
       * invalid_scene: refused before calling, or by WeChat (40097, 40169);
       * invalid_page: 41030 or 40159; quota: 45009; unavailable: unreachable, busy, no token.
       */
      reason: 'invalid_scene' | 'invalid_page' | 'quota' | 'unavailable'
      errcode?: number
    }

export function isValidScene(scene: string): boolean {
  return SCENE_PATTERN.test(scene)
}

/** The scene of an event's code: `e=<id>`. Throws for an id that cannot be put in a scene. */
export function eventScene(eventId: string): string {
  const scene = `e=${eventId}`
  if (!/^[0-9A-Za-z_-]+$/.test(eventId) || !isValidScene(scene)) throw new RangeError('event id does not fit a scene')
  return scene
}

/** Reads a scene back (already decoded with decodeURIComponent): the event it points to, or null. */
export function parseScene(scene: string): { eventId: string } | null {
  const params = new URLSearchParams(scene)
  const eventId = params.get('e')
  if (!eventId || !/^[0-9A-Za-z_-]{1,30}$/.test(eventId)) return null
  return { eventId }
}

export async function getUnlimitedWxacode(
  cfg: WechatServerConfig,
  req: WxacodeRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<WxacodeResult> {
  if (!isValidScene(req.scene)) return { ok: false, reason: 'invalid_scene' }
  const unavailable = (errcode?: number): WxacodeResult =>
    errcode === undefined ? { ok: false, reason: 'unavailable' } : { ok: false, reason: 'unavailable', errcode }
  const payload = JSON.stringify({
    scene: req.scene,
    ...(req.page ? { page: req.page } : {}),
    check_path: req.checkPath ?? true,
    env_version: req.envVersion ?? 'release',
    width: Math.min(1280, Math.max(280, Math.round(req.width ?? 430))),
  })
  return withAccessToken<WxacodeResult>(
    cfg,
    fetchImpl,
    async (token) => {
      const url = new URL('/wxa/getwxacodeunlimit', cfg.base)
      url.searchParams.set('access_token', token)
      let res: Response
      let bytes: ArrayBuffer
      try {
        res = await fetchImpl(url.toString(), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: payload,
          signal: AbortSignal.timeout(5000),
        })
        bytes = await res.arrayBuffer()
      } catch {
        return { result: unavailable() }
      }
      if (!res.ok) return { result: unavailable() }
      const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
      if (contentType === 'image/png' || contentType === 'image/jpeg') {
        return { result: { ok: true, image: bytes, contentType } }
      }
      // Anything else is WeChat's JSON error, whatever content type it came with.
      let body: { errcode?: number }
      try {
        body = JSON.parse(new TextDecoder().decode(bytes))
      } catch {
        return { result: unavailable() }
      }
      const errcode = typeof body.errcode === 'number' && body.errcode !== 0 ? body.errcode : undefined
      if (errcode === undefined) return { result: unavailable() }
      if (errcode === 40097 || errcode === 40169) return { errcode, result: { ok: false, reason: 'invalid_scene', errcode } }
      if (errcode === 41030 || errcode === 40159) return { errcode, result: { ok: false, reason: 'invalid_page', errcode } }
      if (errcode === 45009) return { errcode, result: { ok: false, reason: 'quota', errcode } }
      return { errcode, result: unavailable(errcode) }
    },
    unavailable,
  )
}
