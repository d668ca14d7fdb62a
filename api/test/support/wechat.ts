import { env } from 'cloudflare:test'
import type { WechatServerConfig } from '../../src/notifications/wechat/access-token'

// The test's side of the fake WeChat server API (test/support/fake-wechat.ts): the user tapping
// 允许, what was delivered, WeChat's clock and failures. The fake is one server for all test
// files, so each test uses openids of its own.

const fakeUrl = (path: string) => `${env.WECHAT_API_BASE}${path}`

export const PATHS = {
  token: '/cgi-bin/stable_token',
  send: '/cgi-bin/message/subscribe/send',
  wxacode: '/wxa/getwxacodeunlimit',
} as const

export function wechatConfig(overrides: Partial<WechatServerConfig> = {}): WechatServerConfig {
  return { base: env.WECHAT_API_BASE, appId: env.WECHAT_APP_ID, appSecret: env.WECHAT_APP_SECRET, ...overrides }
}

async function post(path: string, body: object = {}) {
  const res = await fetch(fakeUrl(path), { method: 'POST', body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`fake WeChat ${path}: ${res.status}`)
  await res.text()
}

/** The user accepted this template `accepts` more times (wx.requestSubscribeMessage → accept). */
export const grantAccepts = (openid: string, templateId: string, accepts: number) => post('/__subscribe', { openid, templateId, accepts })

/** Every token WeChat issued so far is expired on its side. */
export const expireTokens = () => post('/__expire-tokens')

/** The next call to `path` answers this errcode, or this HTTP answer (status, body, content type). */
export const programNext = (path: string, answer: { errcode: number } | { status?: number; body?: string; contentType?: string }) =>
  post('/__program', { path, ...answer })

/** Another server asking for a new token with force_refresh: the old one stops working. */
export const forceRefreshElsewhere = () =>
  post(PATHS.token, { grant_type: 'client_credential', appid: env.WECHAT_APP_ID, secret: env.WECHAT_APP_SECRET, force_refresh: true })

export interface Delivered {
  templateId: string
  page: string | null
  data: Record<string, string>
  miniprogramState: string
  lang: string
}

/** What the fake delivered to this user, oldest first. */
export async function sentTo(openid: string): Promise<Delivered[]> {
  const res = await fetch(fakeUrl(`/__sent?openid=${encodeURIComponent(openid)}`))
  return ((await res.json()) as { messages: Delivered[] }).messages
}

async function calls(): Promise<Record<string, number>> {
  return (await fetch(fakeUrl('/__calls'))).json()
}

/** Runs `fn` and counts the calls it made to the token, send and 小程序码 APIs (only those made). */
export async function countingCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const before = await calls()
  const result = await fn()
  const after = await calls()
  const delta: Record<string, number> = {}
  for (const path of Object.values(PATHS)) {
    const n = (after[path] ?? 0) - (before[path] ?? 0)
    if (n) delta[path] = n
  }
  return { result, calls: delta }
}
