import { createServer, type Server } from 'node:http'
import { FAKE_APP_ID, FAKE_APP_SECRET, FAKE_PAGES, FAKE_PNG_BASE64, FAKE_SESSION_KEY_PREFIX, FAKE_TEMPLATES, FAKE_TOKEN_SECONDS } from './fake-wechat-data'
import { listenOnLoopback } from './loopback'

// A local stand-in for WeChat's server API, answering as its documentation says (text/plain
// JSON; { errcode, errmsg } on failure):
// - GET  /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code
//        → { openid, session_key, unionid? }
// - POST /cgi-bin/stable_token { grant_type: 'client_credential', appid, secret, force_refresh }
//        → { access_token, expires_in }; 40002 grant_type, 40013 appid, 40125 secret. Normal mode
//        gives the current token while it is valid, and a new one in its last 5 minutes (the
//        old one stays valid until it expires); force_refresh invalidates the old one at once.
// - POST /cgi-bin/message/subscribe/send?access_token= { touser, template_id, page, data,
//        miniprogram_state, lang } → { errcode: 0, errmsg: 'ok' }; 41001 no token, 40001 a token
//        it did not issue (or one a force_refresh replaced), 42001 an expired one, 40003 an openid
//        it does not know, 40037 an unknown template, 47003 a value missing, empty or beyond its
//        documented limit, 43101 no one-time accept left (a delivery uses one up).
// - POST /wxa/getwxacodeunlimit?access_token= { scene, page, check_path, env_version, width }
//        → a PNG (image/png); 40169 scene empty or longer than 32, 40097 scene with a character
//        WeChat does not allow or another invalid argument, 41030 a page the released app lacks,
//        and the token errors above.
// Tokens expire on the fake's own (real) clock, not the tests' frozen one: tests move the
// Worker's clock to pass the client's cache, and call /__expire-tokens to expire WeChat's side.
//
// Test controls (not part of WeChat's API):
//   POST /__subscribe { openid, templateId, accepts } → the user taps 允许 `accepts` more times
//   GET  /__sent?openid=                              → { messages: [{ templateId, page, data, miniprogramState, lang }] }
//   POST /__expire-tokens                             → every token issued so far is expired now
//   POST /__program { path, errcode }                 → the next call to `path` answers this errcode
//   POST /__program { path, status?, body?, contentType? } → the next call to `path` gets this HTTP
//                                                       answer instead (a gateway failing, a proxy's page)
//   GET  /__calls                                     → { '/cgi-bin/stable_token': n, … } calls per path so far
export { FAKE_APP_ID, FAKE_APP_SECRET, FAKE_PAGES, FAKE_PNG_BASE64, FAKE_SESSION_KEY_PREFIX, FAKE_TEMPLATES, FAKE_TOKEN_SECONDS } from './fake-wechat-data'
const FAKE_PNG = Buffer.from(FAKE_PNG_BASE64, 'base64')

// The documented value limits (subscribeMessage.send, 订阅消息参数值内容限制说明), written
// independently of the app's fitField so the fake judges by the rule, not by the app.
const len = (s: string) => Array.from(s).length
const CLOCK = '([01]?\\d|2[0-3]):[0-5]\\d'
const DAY = '\\d{4}年\\d{1,2}月\\d{1,2}日'
const TIME = new RegExp(`^(${DAY} )?${CLOCK}(~(${DAY} )?${CLOCK})?$`)
const DATE = new RegExp(`^${DAY}( ${CLOCK})?(~${DAY}( ${CLOCK})?)?$`)
const VALUE_RULES: Record<string, (v: string) => boolean> = {
  thing: (v) => len(v) <= 20 && !/\p{Cc}/u.test(v),
  phrase: (v) => /^\p{Script=Han}{1,5}$/u.test(v),
  name: (v) => (/\p{Script=Han}/u.test(v) ? /^[\p{Script=Han}A-Za-z·]{1,10}$/u.test(v) : /^[\p{Script=Latin}\p{M}\p{P}\p{S} ]{1,20}$/u.test(v) && !/\p{Extended_Pictographic}/u.test(v)),
  character_string: (v) => /^[!-~]{1,32}$/.test(v),
  number: (v) => /^-?\d{1,32}(\.\d+)?$/.test(v),
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  time: (v) => TIME.test(v),
  date: (v) => DATE.test(v),
}

/** The first template value WeChat would refuse, named as in its errmsg, or null. */
function invalidValue(keys: string[], data: unknown): string | null {
  for (const key of keys) {
    const value = (data as Record<string, { value?: unknown }> | undefined)?.[key]?.value
    if (typeof value !== 'string' || value === '') return `data.${key}.value is empty`
    const kind = /^([a-z_]+?)\d+$/.exec(key)?.[1] ?? ''
    if (!VALUE_RULES[kind]?.(value)) return `data.${key}.value invalid`
  }
  return null
}

const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/

export function startFakeWechat(): Promise<{ server: Server; base: string }> {
  const used = new Set<string>()
  const knownOpenids = new Set<string>()
  const tokens = new Map<string, { expiresAt: number; revoked: boolean }>()
  let current: string | null = null
  let issued = 0
  const accepts = new Map<string, number>()
  const sent = new Map<string, object[]>()
  const programmed = new Map<string, { errcode?: number; status?: number; body?: string; contentType?: string }[]>()
  const calls: Record<string, number> = {}

  const issueToken = () => {
    const token = `FAKE-TOKEN-${++issued}-${Math.random().toString(36).slice(2)}`
    tokens.set(token, { expiresAt: Date.now() + FAKE_TOKEN_SECONDS * 1000, revoked: false })
    current = token
    return token
  }

  const server = createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const path = url.pathname
      const send = (body: object) => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end(JSON.stringify(body))
      }
      const error = (errcode: number, errmsg: string) => send({ errcode, errmsg: `${errmsg} rid: fake-${Date.now()}` })
      const json = (): Record<string, unknown> | null => {
        try {
          const v = JSON.parse(raw)
          return v && typeof v === 'object' ? v : null
        } catch {
          return null
        }
      }

      // --- test controls
      if (path === '/__calls') return send({ ...calls })
      if (path === '/__sent') return send({ messages: sent.get(url.searchParams.get('openid') ?? '') ?? [] })
      if (path === '/__expire-tokens' && req.method === 'POST') {
        for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, Date.now() - 1)
        return send({ ok: true })
      }
      if (path === '/__subscribe' && req.method === 'POST') {
        const { openid, templateId, accepts: n } = JSON.parse(raw) as { openid: string; templateId: string; accepts: number }
        knownOpenids.add(openid)
        const key = `${openid}\n${templateId}`
        accepts.set(key, (accepts.get(key) ?? 0) + n)
        return send({ ok: true })
      }
      if (path === '/__program' && req.method === 'POST') {
        const { path: target, ...answer } = JSON.parse(raw) as { path: string; errcode?: number; status?: number; body?: string; contentType?: string }
        programmed.set(target, [...(programmed.get(target) ?? []), answer])
        return send({ ok: true })
      }

      calls[path] = (calls[path] ?? 0) + 1
      const next = programmed.get(path)?.shift()
      if (next?.status || next?.body !== undefined) {
        res.writeHead(next.status ?? 200, { 'content-type': next.contentType ?? 'text/html' })
        res.end(next.body ?? '<html><body>502 Bad Gateway</body></html>')
        return
      }
      if (next?.errcode !== undefined) return error(next.errcode, '(programmed by the test)')

      // The access_token in the query of the APIs that need one.
      const checkToken = (): boolean => {
        const token = url.searchParams.get('access_token')
        const t = token ? tokens.get(token) : undefined
        if (!token) error(41001, 'access_token missing')
        else if (!t || t.revoked) error(40001, 'invalid credential, access_token is invalid or not latest')
        else if (Date.now() >= t.expiresAt) error(42001, 'access_token expired')
        else return true
        return false
      }

      if (path === '/sns/jscode2session' && req.method === 'GET') {
        const q = url.searchParams
        if (q.get('grant_type') !== 'authorization_code') return error(40002, 'invalid grant_type')
        if (q.get('appid') !== FAKE_APP_ID) return error(40013, 'invalid appid')
        if (q.get('secret') !== FAKE_APP_SECRET) return error(40125, 'invalid appsecret')
        const code = q.get('js_code') ?? ''
        if (code === 'busy') return error(-1, 'system error')
        if (code === 'risky') return error(40226, 'high risk user')
        if (!code.startsWith('valid-')) return error(40029, 'invalid code')
        if (used.has(code)) return error(40163, 'code been used')
        used.add(code)
        knownOpenids.add(`openid-${code.slice(6)}`)
        return send({ openid: `openid-${code.slice(6)}`, session_key: `${FAKE_SESSION_KEY_PREFIX}${code}` })
      }

      if (path === '/cgi-bin/stable_token' && req.method === 'POST') {
        const body = json()
        if (!body) return error(47001, 'data format error')
        if (body.grant_type !== 'client_credential') return error(40002, 'invalid grant_type')
        if (body.appid !== FAKE_APP_ID) return error(40013, 'invalid appid')
        if (body.secret !== FAKE_APP_SECRET) return error(40125, 'invalid appsecret')
        if (body.force_refresh === true) {
          if (current) tokens.get(current)!.revoked = true
          issueToken()
        } else {
          const t = current ? tokens.get(current) : undefined
          if (!t || t.revoked || t.expiresAt - Date.now() < 5 * 60 * 1000) issueToken()
        }
        const remaining = Math.ceil((tokens.get(current!)!.expiresAt - Date.now()) / 1000)
        return send({ access_token: current, expires_in: remaining })
      }

      if (path === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
        if (!checkToken()) return
        const body = json()
        if (!body) return error(47001, 'data format error')
        const openid = typeof body.touser === 'string' ? body.touser : ''
        if (!knownOpenids.has(openid)) return error(40003, 'invalid openid')
        const templateId = typeof body.template_id === 'string' ? body.template_id : ''
        const keys = FAKE_TEMPLATES[templateId]
        if (!keys) return error(40037, 'invalid template_id')
        const invalid = invalidValue(keys, body.data)
        if (invalid) return error(47003, `argument invalid! ${invalid}`)
        const key = `${openid}\n${templateId}`
        const left = accepts.get(key) ?? 0
        if (left < 1) return error(43101, 'user refuse to accept the msg')
        accepts.set(key, left - 1)
        const data = Object.fromEntries(keys.map((k) => [k, (body.data as Record<string, { value: string }>)[k].value]))
        sent.set(openid, [...(sent.get(openid) ?? []), { templateId, page: body.page ?? null, data, miniprogramState: body.miniprogram_state ?? 'formal', lang: body.lang ?? 'zh_CN' }])
        return send({ errcode: 0, errmsg: 'ok' })
      }

      if (path === '/wxa/getwxacodeunlimit' && req.method === 'POST') {
        if (!checkToken()) return
        const body = json()
        if (!body) return error(47001, 'data format error')
        const scene = body.scene
        if (typeof scene !== 'string' || scene.length === 0 || scene.length > 32) return error(40169, 'invalid length for scene, or the data is not json string')
        if (!SCENE_CHARS.test(scene)) return error(40097, 'invalid args')
        const width = body.width ?? 430
        if (typeof width !== 'number' || width < 280 || width > 1280) return error(40097, 'invalid args')
        if (body.env_version !== undefined && !['release', 'trial', 'develop'].includes(body.env_version as string)) return error(40097, 'invalid args')
        const page = body.page
        if (page !== undefined) {
          if (typeof page !== 'string' || page.startsWith('/') || page.includes('?')) return error(41030, 'invalid page')
          if (body.check_path !== false && !FAKE_PAGES.includes(page)) return error(41030, 'invalid page')
        }
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(FAKE_PNG.length) })
        res.end(FAKE_PNG)
        return
      }

      res.writeHead(404).end()
    })
  })
  return listenOnLoopback(server)
}
