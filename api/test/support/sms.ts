import { env } from 'cloudflare:test'
import { api } from './fixtures'

// The phone's side of SMS tests: what the fake Tencent Cloud delivered, and how to make it fail.
// The fake is one server for all test files, so each file takes numbers from its own prefix.

export function phoneSeries(prefix: string) {
  let n = 0
  return () => `${prefix}${String(++n).padStart(11 - prefix.length, '0')}`
}

const fakeUrl = (path: string) => `${env.TENCENT_SMS_API_BASE}${path}`

/** Messages the fake delivered to this phone, oldest first. */
export async function inbox(phone: string): Promise<{ templateId: string; params: string[]; signName: string }[]> {
  const res = await fetch(fakeUrl(`/__inbox?phone=${encodeURIComponent(`+86${phone}`)}`))
  return ((await res.json()) as { messages: { templateId: string; params: string[]; signName: string }[] }).messages
}

/** The code in the last SMS this phone received, as its owner would read it. */
export async function lastCode(phone: string): Promise<string> {
  const messages = await inbox(phone)
  if (!messages.length) throw new Error(`no SMS for ${phone}`)
  return messages[messages.length - 1].params[0]
}

/** The next send to `phone` gets this per-number Code, or this request-level Error. */
export async function programNext(phone: string, answer: { code: string } | { error: string } | { status: number }) {
  await fetch(fakeUrl('/__program'), { method: 'POST', body: JSON.stringify({ phone: `+86${phone}`, ...answer }) })
}

/** A device: its own X-Client-Id at an address. */
export function device(name: string, address = '198.51.100.1') {
  return { 'x-client-id': name, 'cf-connecting-ip': address }
}

export function sendCode(phone: string, headers: Record<string, string> = device('phone-owner')) {
  return api('/auth/sms/send', { body: { phone }, headers })
}

export function verifyCode(phone: string, code: string, headers: Record<string, string> = device('phone-owner')) {
  return api('/auth/sms/verify', { body: { phone, code }, headers })
}

/** A code that is not `code`. */
export const wrongCode = (code: string, i = 1) => String((Number(code) + i) % 1_000_000).padStart(6, '0')

export async function counter(keyPrefix: string) {
  const rows = await env.DB.prepare('SELECT key, window_start, count FROM rate_limits WHERE key LIKE ?1')
    .bind(`${keyPrefix}:%`)
    .all<{ key: string; window_start: number; count: number }>()
  return rows.results
}
