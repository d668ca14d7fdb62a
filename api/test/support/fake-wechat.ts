import { createServer, type Server } from 'node:http'
import { listenOnLoopback } from './loopback'

// A local stand-in for WeChat's jscode2session, answering as its documentation says:
// GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code, text/plain JSON,
// { openid, session_key, unionid? } on success, { errcode, errmsg, rid } on failure.
export const FAKE_APP_ID = 'wx-test-appid'
export const FAKE_APP_SECRET = 'test-app-secret'
export const FAKE_SESSION_KEY_PREFIX = 'SESSIONKEY-'

export function startFakeWechat(): Promise<{ server: Server; base: string }> {
  const used = new Set<string>()
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const send = (body: object) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end(JSON.stringify(body))
    }
    const error = (errcode: number, errmsg: string) => send({ errcode, errmsg: `${errmsg}, rid: fake-${Date.now()}` })
    if (url.pathname !== '/sns/jscode2session') {
      res.writeHead(404).end()
      return
    }
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
    send({ openid: `openid-${code.slice(6)}`, session_key: `${FAKE_SESSION_KEY_PREFIX}${code}` })
  })
  return listenOnLoopback(server)
}
