// Client for WeChat's code-to-session endpoint:
//   GET {base}/sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code
// Success: { openid, session_key, unionid? }. Failure: { errcode, errmsg } with e.g.
// 40029 invalid code, 40163 code been used, 45011 rate limit, 40226 high-risk user, -1 busy.
// The session_key is a secret of the server and must never reach the client.

export type WechatSessionResult =
  | { ok: true; openid: string; unionid?: string }
  | { ok: false; reason: 'invalid_code' | 'rejected' | 'unavailable'; errcode?: number }

const INVALID_CODE_ERRORS = new Set([40029, 40163])

export async function codeToSession(
  cfg: { base: string; appId?: string; appSecret?: string },
  code: string,
  fetchImpl: typeof fetch = fetch,
): Promise<WechatSessionResult> {
  if (!cfg.appId || !cfg.appSecret) return { ok: false, reason: 'unavailable' }
  const url = new URL('/sns/jscode2session', cfg.base)
  url.searchParams.set('appid', cfg.appId)
  url.searchParams.set('secret', cfg.appSecret)
  url.searchParams.set('js_code', code)
  url.searchParams.set('grant_type', 'authorization_code')
  let body: { openid?: string; unionid?: string; session_key?: string; errcode?: number; errmsg?: string }
  try {
    const res = await fetchImpl(url.toString(), { signal: AbortSignal.timeout(5000) })
    if (!res.ok) return { ok: false, reason: 'unavailable' }
    // WeChat answers text/plain for some errors, so parse the text ourselves.
    body = JSON.parse(await res.text())
  } catch {
    return { ok: false, reason: 'unavailable' }
  }
  if (body.errcode && body.errcode !== 0) {
    if (INVALID_CODE_ERRORS.has(body.errcode)) return { ok: false, reason: 'invalid_code', errcode: body.errcode }
    if (body.errcode === -1 || body.errcode === 45011) return { ok: false, reason: 'unavailable', errcode: body.errcode }
    return { ok: false, reason: 'rejected', errcode: body.errcode }
  }
  if (!body.openid) return { ok: false, reason: 'unavailable' }
  return { ok: true, openid: body.openid, unionid: body.unionid }
}
