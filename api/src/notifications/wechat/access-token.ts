// Client for WeChat's stable access token (getStableAccessToken):
//   POST {base}/cgi-bin/stable_token  JSON { grant_type: 'client_credential', appid, secret, force_refresh }
// Success: { access_token, expires_in } (seconds, at most 7200). Failure: { errcode, errmsg }, e.g.
// 40013 invalid appid, 40125 invalid appsecret, 40002 invalid grant_type, -1 system busy,
// 45009 too many calls. Documented behaviour (developers.weixin.qq.com, 获取稳定版接口调用凭据):
// - normal mode (force_refresh false): calling again while the token is valid returns the same
//   token, and the platform hands out the next one 5 minutes before the old one expires;
// - force_refresh true invalidates the previous token for every holder and is limited to 20 a
//   day, 30 s apart, so this code never asks for it on its own.
// The token is a secret: it is never logged, and only goes into the query of WeChat's own URLs.

export interface WechatServerConfig {
  /** https://api.weixin.qq.com in production; a local fake in tests. */
  base: string
  appId?: string
  appSecret?: string
}

export type AccessTokenResult =
  | { ok: true; token: string; expiresAt: number }
  | { ok: false; reason: 'unavailable'; errcode?: number }

/** The answers that mean "this token is no longer good": 40001 invalid credential, 42001 expired. */
export const TOKEN_ERRORS: ReadonlySet<number> = new Set([40001, 42001])

/** A token is used until this long before WeChat says it expires. */
export const TOKEN_MARGIN_MS = 5 * 60 * 1000

// Cached in this isolate's memory, per app id. That is enough because the stable token does not
// invalidate the tokens other callers hold (other isolates, other servers asking in normal mode
// all get the same token), so each isolate may fetch and keep its own copy; nothing needs to be
// shared through storage, and a cold isolate costs one call.
const cache = new Map<string, { token: string; expiresAt: number }>()

/**
 * Forgets the cached token of this app, after WeChat answered 40001/42001 to it. With `token`,
 * only if that is still the cached one (a newer token fetched meanwhile is kept).
 */
export function invalidateAccessToken(appId: string, token?: string): void {
  const cached = cache.get(appId)
  if (cached && (token === undefined || cached.token === token)) cache.delete(appId)
}

/** The app's access token: the cached one while it has more than 5 minutes left, else a new one. */
export async function getStableAccessToken(
  cfg: WechatServerConfig,
  opts: { forceRefresh?: boolean; fetchImpl?: typeof fetch } = {},
): Promise<AccessTokenResult> {
  if (!cfg.appId || !cfg.appSecret) return { ok: false, reason: 'unavailable' }
  const forceRefresh = opts.forceRefresh ?? false
  const cached = cache.get(cfg.appId)
  if (cached && !forceRefresh && Date.now() < cached.expiresAt - TOKEN_MARGIN_MS) {
    return { ok: true, token: cached.token, expiresAt: cached.expiresAt }
  }
  let body: { access_token?: unknown; expires_in?: unknown; errcode?: number }
  try {
    const res = await (opts.fetchImpl ?? fetch)(new URL('/cgi-bin/stable_token', cfg.base).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: cfg.appId, secret: cfg.appSecret, force_refresh: forceRefresh }),
      signal: AbortSignal.timeout(5000),
    })
    if (!res.ok) return { ok: false, reason: 'unavailable' }
    // WeChat may answer text/plain, so parse the text ourselves.
    body = JSON.parse(await res.text())
  } catch {
    return { ok: false, reason: 'unavailable' }
  }
  if (body.errcode) return { ok: false, reason: 'unavailable', errcode: body.errcode }
  const token = body.access_token
  const expiresIn = body.expires_in
  if (typeof token !== 'string' || !token || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    return { ok: false, reason: 'unavailable' }
  }
  const expiresAt = Date.now() + expiresIn * 1000
  cache.set(cfg.appId, { token, expiresAt })
  return { ok: true, token, expiresAt }
}

/** What a call with a token answered: WeChat's errcode when it sent JSON with one. */
export type TokenCall<T> = { errcode?: number; result: T }

/**
 * Runs `call` with the app's token. When WeChat answers 40001/42001, the cached token is
 * forgotten, a new one fetched (normal mode) and the call made once more; a second 40001/42001
 * gives `onTokenFailure(errcode)`. A token that cannot be had gives `onTokenFailure(errcode?)`.
 */
export async function withAccessToken<T>(
  cfg: WechatServerConfig,
  fetchImpl: typeof fetch | undefined,
  call: (token: string) => Promise<TokenCall<T>>,
  onTokenFailure: (errcode?: number) => T,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const token = await getStableAccessToken(cfg, { fetchImpl })
    if (!token.ok) return onTokenFailure(token.errcode)
    const answer = await call(token.token)
    if (answer.errcode === undefined || !TOKEN_ERRORS.has(answer.errcode)) return answer.result
    invalidateAccessToken(cfg.appId!, token.token)
    if (attempt >= 2) return onTokenFailure(answer.errcode)
  }
}
