/**
 * Test double of '@tarojs/taro' (aliased in vitest.config.ts): the APIs and hooks the app uses,
 * with an in-memory storage, a fake API behind Taro.request and controllable page lifecycle.
 */
import { useEffect, useRef } from 'react'
import { vi } from 'vitest'

export const API_PREFIX = 'http://api.test/api/v1'

export interface FakeRequest {
  method: string
  path: string
  body: unknown
  header: Record<string, string>
}
/** [status, body] answers the request; an Error (or 'network') makes it fail like a lost connection. */
export type FakeAnswer = [number, unknown] | Error | 'network'
export type ApiHandler = (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>

let handler: ApiHandler = () => [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
export const requests: FakeRequest[] = []

/** Installs the fake API used by Taro.request. */
export function mockApi(h: ApiHandler) {
  handler = h
}

const storage = new Map<string, unknown>()
const showHandlers = new Set<() => void>()
const hideHandlers = new Set<() => void>()
const pullHandlers = new Set<() => void>()
let routerParams: Record<string, string> = {}

const request = vi.fn(async (opts: { url: string; method?: string; data?: unknown; header?: Record<string, string> }) => {
  const body = typeof opts.data === 'string' ? JSON.parse(opts.data) : opts.data
  const req: FakeRequest = {
    method: opts.method ?? 'GET',
    path: opts.url.startsWith(API_PREFIX) ? opts.url.slice(API_PREFIX.length) : opts.url,
    body,
    header: opts.header ?? {},
  }
  requests.push(req)
  const answer = await handler(req)
  if (answer === 'network' || answer instanceof Error) throw new Error('request:fail')
  return { statusCode: answer[0], data: answer[1], header: {} }
})

const Taro = {
  request,
  getStorageSync: vi.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: vi.fn((key: string, value: unknown) => void storage.set(key, value)),
  removeStorageSync: vi.fn((key: string) => void storage.delete(key)),
  navigateTo: vi.fn(async (_: { url: string }) => ({ errMsg: 'navigateTo:ok' })),
  redirectTo: vi.fn(async (_: { url: string }) => ({ errMsg: 'redirectTo:ok' })),
  reLaunch: vi.fn(async (_: { url: string }) => ({ errMsg: 'reLaunch:ok' })),
  navigateBack: vi.fn(async () => ({ errMsg: 'navigateBack:ok' })),
  getCurrentPages: vi.fn(() => [{}]),
  showToast: vi.fn(async () => ({ errMsg: 'showToast:ok' })),
  showModal: vi.fn(async () => ({ confirm: true, cancel: false, errMsg: 'showModal:ok' })),
  makePhoneCall: vi.fn(async () => ({ errMsg: 'makePhoneCall:ok' })),
  setClipboardData: vi.fn(async () => ({ errMsg: 'setClipboardData:ok' })),
  scanCode: vi.fn(async () => ({ result: '', errMsg: 'scanCode:ok' })),
  login: vi.fn(async () => ({ code: 'wx-code', errMsg: 'login:ok' })),
  stopPullDownRefresh: vi.fn(async () => ({ errMsg: 'stopPullDownRefresh:ok' })),
  setNavigationBarTitle: vi.fn(async (_: { title: string }) => ({ errMsg: 'setNavigationBarTitle:ok' })),
  pageScrollTo: vi.fn(async (_: { selector?: string }) => ({ errMsg: 'pageScrollTo:ok' })),
  downloadFile: vi.fn(async (_: { url: string; header?: Record<string, string> }) => ({ statusCode: 200, tempFilePath: 'wxfile://tmp/report.csv', errMsg: 'downloadFile:ok' })),
  // Not promisified in the weapp runtime: the app uses its callbacks.
  addPhoneCalendar: vi.fn((opts: { success?: (r: unknown) => void }) => void opts.success?.({ errMsg: 'addPhoneCalendar:ok' })),
  shareFileMessage: vi.fn(async (_: { filePath: string; fileName?: string }) => ({ errMsg: 'shareFileMessage:ok' })),
  openLocation: vi.fn(async (_: { latitude: number; longitude: number; name?: string; address?: string; scale?: number }) => ({ errMsg: 'openLocation:ok' })),
  arrayBufferToBase64: vi.fn((buf: ArrayBuffer) => Buffer.from(buf).toString('base64')),
}

export default Taro

/** The page becomes visible on mount (like the first onShow), and again on page.show(). */
export function useDidShow(cb: () => void) {
  const ref = useRef(cb)
  ref.current = cb
  useEffect(() => {
    const fn = () => ref.current()
    showHandlers.add(fn)
    fn()
    return () => void showHandlers.delete(fn)
  }, [])
}

export function useDidHide(cb: () => void) {
  const ref = useRef(cb)
  ref.current = cb
  useEffect(() => {
    const fn = () => ref.current()
    hideHandlers.add(fn)
    return () => void hideHandlers.delete(fn)
  }, [])
}

export function usePullDownRefresh(cb: () => void) {
  const ref = useRef(cb)
  ref.current = cb
  useEffect(() => {
    const fn = () => ref.current()
    pullHandlers.add(fn)
    return () => void pullHandlers.delete(fn)
  }, [])
}

/** The page's 转发 / 分享到朋友圈 handlers (useShareAppMessage / useShareTimeline), latest first. */
export const shareHandlers: { app?: () => unknown; timeline?: () => unknown } = {}
export function useShareAppMessage(cb: () => unknown) {
  shareHandlers.app = cb
}
export function useShareTimeline(cb: () => unknown) {
  shareHandlers.timeline = cb
}

export function useRouter() {
  return { params: routerParams, path: '' }
}

/** Controls for tests. */
export const page = {
  show: () => showHandlers.forEach((f) => f()),
  hide: () => hideHandlers.forEach((f) => f()),
  pullDown: () => pullHandlers.forEach((f) => f()),
}

export function setRouterParams(p: Record<string, string>) {
  routerParams = p
}

export function setStorage(key: string, value: unknown) {
  storage.set(key, value)
}

export function getStorage(key: string) {
  return storage.get(key)
}

/** Back to a clean state between tests. */
export function resetTaro() {
  storage.clear()
  requests.length = 0
  routerParams = {}
  delete shareHandlers.app
  delete shareHandlers.timeline
  handler = () => [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
  for (const fn of Object.values(Taro)) if (vi.isMockFunction(fn)) fn.mockClear()
}
