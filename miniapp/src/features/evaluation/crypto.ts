import type { RandomBytes } from '@openday/shared/evaluation-token'
import { IS_WEAPP } from '../../lib/platform'

/** Old WeChat engines (iOS before 14) have no BigInt: they cannot make or use a token. */
export const hasBigInt = (): boolean => typeof BigInt === 'function'

type WxRandom = { getRandomValues?: (o: { length: number; success: (r: { randomValues: ArrayBuffer }) => void; fail: (e: unknown) => void }) => void }
declare const wx: WxRandom | undefined

/**
 * Cryptographically secure random bytes, never Math.random: WeChat's wx.getRandomValues
 * (base library 2.15.0+, asynchronous) in the mini-program, WebCrypto in H5.
 */
export const secureRandom: RandomBytes = (length) => {
  if (IS_WEAPP) {
    return new Promise((resolve, reject) => {
      const api = typeof wx === 'undefined' ? undefined : wx
      if (!api?.getRandomValues) return reject(new Error('wx.getRandomValues is not available'))
      api.getRandomValues({
        length,
        success: (res) => resolve(new Uint8Array(res.randomValues)),
        fail: (e) => reject(e instanceof Error ? e : new Error('wx.getRandomValues failed')),
      })
    })
  }
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (!c?.getRandomValues) return Promise.reject(new Error('no secure random source'))
  return Promise.resolve(c.getRandomValues(new Uint8Array(length)))
}

export type TokenClient = typeof import('@openday/shared/evaluation-token')

/**
 * The token code, loaded only where BigInt exists: its hashing library builds BigInt constants
 * as it loads, which would stop the whole page on an old engine. (Taro turns this import() into
 * a plain require() in the mini-program, so nothing is fetched.)
 */
export async function loadTokenClient(): Promise<TokenClient | null> {
  if (!hasBigInt()) return null
  return import('@openday/shared/evaluation-token')
}
