/**
 * Runs pages of the built mini-program (dist/weapp) in miniprogram-simulate: WeChat's own wxml
 * compiler (wcc from miniprogram-compiler) + j-component rendering into jsdom. Shims the parts
 * of the mini-program runtime Taro needs: App/getApp/Page/getCurrentPages and a fake `wx`.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

const require = createRequire(import.meta.url)

/** j-component's wrapper of a rendered node (subset used here). */
export interface SimComponent {
  dom: HTMLElement
  attach(parent: Element): void
  detach(): void
  instance: unknown
  /** The component's setData state (for a Taro page: the node tree under `root`). */
  data: unknown
  querySelector(selector: string): SimComponent | undefined
  querySelectorAll(selector: string): SimComponent[]
  dispatchEvent(name: string, options?: { detail?: unknown }): void
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate') as {
  load(path: string, tagName?: string | object, options?: object): string
  render(id: string, props?: object): SimComponent
  sleep(ms: number): Promise<void>
}

// (fileURLToPath on a string: under jsdom the global URL is not Node's.)
export const DIST = join(dirname(fileURLToPath(import.meta.url)), '../../dist/weapp/')

export interface WxRequest {
  url: string
  method?: string
  data?: unknown
  header?: Record<string, string>
}
export type WxAnswer = { statusCode: number; data: unknown } | 'fail'
export type WxHandler = (req: WxRequest) => WxAnswer

type Anyfn = (...args: any[]) => any // eslint-disable-line @typescript-eslint/no-explicit-any
type Def = Record<string, unknown>

const g = globalThis as Record<string, unknown>
const storage = new Map<string, unknown>()
/** The device's network as wx reports it (getNetworkType, onNetworkStatusChange). */
let connected = true
const networkListeners = new Set<Anyfn>()
let handler: WxHandler = () => ({ statusCode: 404, data: {} })
export const wxRequests: WxRequest[] = []
/** Every call the app made to a wx API (wx.request included), oldest first. */
export const wxCalls: { name: string; args: unknown[] }[] = []
/** Per-test replacements of wx APIs (stubWx), consulted on every call. */
const overrides = new Map<string, Anyfn>()
const rendered: SimComponent[] = []
const pageStack: Def[] = []
let nextQuery: Record<string, string> = {}
let app: Def | undefined

function ok<T extends object>(name: string, extra?: T) {
  return { errMsg: `${name}:ok`, ...(extra ?? {}) }
}

/** Calls success/complete (or fail) callbacks the way wx.* APIs do, on a later tick. */
export function respond(opts: Record<string, Anyfn | unknown>, name: string, result?: object, failed = false) {
  setTimeout(() => {
    const res = failed ? { errMsg: `${name}:fail` } : ok(name, result)
    const cb = (failed ? opts.fail : opts.success) as Anyfn | undefined
    cb?.(res)
    ;(opts.complete as Anyfn | undefined)?.(res)
  }, 0)
}

const systemInfo = {
  brand: 'devtools',
  model: 'iPhone 12',
  pixelRatio: 2,
  screenWidth: 375,
  screenHeight: 812,
  windowWidth: 375,
  windowHeight: 700,
  statusBarHeight: 44,
  language: 'zh_CN',
  version: '8.0.50',
  system: 'iOS 16',
  platform: 'devtools',
  SDKVersion: '3.5.0',
  safeArea: { top: 44, left: 0, right: 375, bottom: 778, width: 375, height: 734 },
}

function makeWx() {
  const asyncApi = (name: string, result?: object) => (opts: Record<string, unknown> = {}) => respond(opts, name, result)
  const wx: Record<string, unknown> = {
    request(opts: WxRequest & Record<string, unknown>) {
      wxRequests.push({ url: opts.url, method: opts.method, data: opts.data, header: opts.header })
      const answer = handler(opts)
      setTimeout(() => {
        if (answer === 'fail') {
          ;(opts.fail as Anyfn | undefined)?.({ errMsg: 'request:fail' })
        } else {
          ;(opts.success as Anyfn | undefined)?.({ ...answer, header: {}, errMsg: 'request:ok' })
        }
        ;(opts.complete as Anyfn | undefined)?.({})
      }, 0)
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
    },
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    getSystemInfoSync: () => systemInfo,
    getWindowInfo: () => systemInfo,
    getDeviceInfo: () => systemInfo,
    getAppBaseInfo: () => systemInfo,
    getSystemInfo: asyncApi('getSystemInfo', systemInfo),
    getMenuButtonBoundingClientRect: () => ({ top: 48, left: 281, right: 368, bottom: 80, width: 87, height: 32 }),
    getLaunchOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
    getEnterOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
    canIUse: () => false,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    showToast: asyncApi('showToast'),
    hideToast: asyncApi('hideToast'),
    showLoading: asyncApi('showLoading'),
    hideLoading: asyncApi('hideLoading'),
    showModal: asyncApi('showModal', { confirm: true, cancel: false }),
    navigateTo: asyncApi('navigateTo'),
    redirectTo: asyncApi('redirectTo'),
    reLaunch: asyncApi('reLaunch'),
    navigateBack: asyncApi('navigateBack'),
    switchTab: asyncApi('switchTab'),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh'),
    pageScrollTo: asyncApi('pageScrollTo'),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle'),
    makePhoneCall: asyncApi('makePhoneCall'),
    addPhoneCalendar: asyncApi('addPhoneCalendar'),
    setClipboardData: asyncApi('setClipboardData'),
    openLocation: asyncApi('openLocation'),
    scanCode: asyncApi('scanCode', { result: '' }),
    // The user accepts every template in WeChat's subscription dialog (stubWx for other choices).
    requestSubscribeMessage: (opts: Record<string, unknown> = {}) =>
      respond(opts, 'requestSubscribeMessage', Object.fromEntries(((opts.tmplIds as string[] | undefined) ?? []).map((id) => [id, 'accept']))),
    getNetworkType: (opts: Record<string, unknown> = {}) =>
      respond(opts, 'getNetworkType', { networkType: connected ? 'wifi' : 'none' }),
    onNetworkStatusChange: (fn: Anyfn) => void networkListeners.add(fn),
    offNetworkStatusChange: (fn?: Anyfn) => void (fn ? networkListeners.delete(fn) : networkListeners.clear()),
    login: asyncApi('login', { code: 'wx-code' }),
    // Secure randomness exists in WeChat (base library 2.15.0+); tests stub it with real bytes.
    getRandomValues: (opts: Record<string, unknown>) => respond(opts, 'getRandomValues', undefined, true),
    onAppShow() {},
    onAppHide() {},
    offAppShow() {},
    offAppHide() {},
    onMemoryWarning() {},
    onError() {},
    createSelectorQuery: () => {
      const q = {
        select: () => q,
        selectAll: () => q,
        selectViewport: () => q,
        boundingClientRect: () => q,
        scrollOffset: () => q,
        fields: () => q,
        in: () => q,
        exec: (cb?: Anyfn) => cb?.([]),
      }
      return q
    },
    env: { USER_DATA_PATH: 'wxfile://usr' },
  }
  // Log every call and let a test replace any API (stubWx). Taro looks wx[name] up per call.
  for (const [name, fn] of Object.entries(wx)) {
    if (typeof fn !== 'function') continue
    wx[name] = (...args: unknown[]) => {
      wxCalls.push({ name, args })
      return (overrides.get(name) ?? (fn as Anyfn))(...args)
    }
  }
  return wx
}

/** Installs the globals once and runs app.js, like the WeChat client does at launch. */
export function launchApp() {
  if (app) return
  g.wx = makeWx()
  g.getApp = () => app
  g.getCurrentPages = () => pageStack
  g.App = (def: Def) => {
    app = def
  }
  g.Page = (def: Def) => {
    const methods: Record<string, Anyfn> = {}
    const fields: Def = {}
    for (const [k, v] of Object.entries(def)) {
      if (typeof v === 'function') methods[k] = v as Anyfn
      else if (k !== 'data') fields[k] = v
    }
    ;(g.Component as Anyfn)({
      data: def.data,
      methods,
      lifetimes: {
        attached(this: Def) {
          Object.assign(this, fields)
          const route = pageStack.length === 0 ? currentRoute : currentRoute
          this.route = route
          this.__route__ = route
          pageStack.push(this)
          methods.onLoad?.call(this, nextQuery)
          methods.onShow?.call(this)
        },
        ready(this: Def) {
          methods.onReady?.call(this)
        },
        detached(this: Def) {
          methods.onUnload?.call(this)
          pageStack.splice(pageStack.indexOf(this), 1)
        },
      },
    })
  }
  require(join(DIST, 'app.js'))
  replayChunks()
  const a = app as Def | undefined
  ;(a?.onLaunch as Anyfn | undefined)?.call(a, { path: 'pages/index/index', query: {}, scene: 1001 })
  ;(a?.onShow as Anyfn | undefined)?.call(a, { path: 'pages/index/index', query: {}, scene: 1001 })
}

let currentRoute = ''

/**
 * simulate.load runs a page's file (and comp.js) again for every render, but webpack runs each of
 * its modules only once, so a page rendered a second time would register nothing. Remember what
 * each chunk registered (Page/Component) on its first run and register it again on later runs.
 */
function replayChunks() {
  const jsonp = (g.wx as Def).webpackJsonp as { push: Anyfn } | undefined
  if (!jsonp) return
  const push = jsonp.push
  const registered = new Map<string, [string, Def][]>()
  jsonp.push = (chunk: unknown[]) => {
    const key = JSON.stringify(chunk[0])
    const seen = registered.get(key)
    if (seen) {
      const r = push.call(jsonp, chunk)
      for (const [ctor, def] of seen) (g[ctor] as Anyfn)(def)
      return r
    }
    const calls: [string, Def][] = []
    const [page, component] = [g.Page as Anyfn, g.Component as Anyfn]
    let inPage = 0
    g.Page = (def: Def) => {
      calls.push(['Page', def])
      inPage++
      try {
        return page(def)
      } finally {
        inPage--
      }
    }
    g.Component = (def: Def) => {
      if (!inPage) calls.push(['Component', def])
      return component(def)
    }
    try {
      return push.call(jsonp, chunk)
    } finally {
      g.Page = page
      g.Component = component
      if (calls.length) registered.set(key, calls)
    }
  }
}

/**
 * Sets the network state wx reports and tells the app's onNetworkStatusChange listeners, as the
 * WeChat client does when the phone loses or regains its connection. (wx.request answers are
 * still up to mockWxApi.)
 */
export function setWxNetwork(isConnected: boolean) {
  connected = isConnected
  for (const fn of networkListeners) fn({ isConnected, networkType: isConnected ? 'wifi' : 'none' })
}

export function mockWxApi(h: WxHandler) {
  handler = h
}

export function setWxStorage(key: string, value: unknown) {
  storage.set(key, value)
}

export function getWxStorage(key: string): unknown {
  return storage.get(key)
}

/**
 * Replaces one wx API until resetWx(), e.g. `stubWx('login', (o) => respond(o, 'login', { code }))`.
 * Calls are still logged in wxCalls.
 */
export function stubWx(name: string, impl: Anyfn) {
  overrides.set(name, impl)
}

/** The arguments of each call to one wx API, oldest first. */
export function callsOf(name: string): unknown[][] {
  return wxCalls.filter((c) => c.name === name).map((c) => c.args)
}

/** Between tests: unloads the rendered pages, empties storage and the logs, drops the stubs. */
export function resetWx() {
  for (const comp of rendered.splice(0)) comp.detach()
  storage.clear()
  wxRequests.length = 0
  wxCalls.length = 0
  overrides.clear()
  handler = () => ({ statusCode: 404, data: {} })
  // Back online; the listeners stay: the app registered them once, as it would in WeChat.
  if (!connected) setWxNetwork(true)
}

/** Loads and renders one page of dist/weapp with the given query; returns its root DOM node. */
export function renderPage(route: string, query: Record<string, string> = {}) {
  launchApp()
  currentRoute = route
  nextQuery = query
  const id = simulate.load(join(DIST, route), { rootPath: DIST, compiler: 'official' })
  const comp = simulate.render(id)
  const parent = document.createElement('div')
  document.body.appendChild(parent)
  comp.attach(parent)
  rendered.push(comp)
  return comp
}

/** Taro renders asynchronously (first render ~300 ms): poll until `check` passes. */
export async function until<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const start = Date.now()
  let last: unknown
  for (;;) {
    try {
      const v = check()
      if (v) return v
    } catch (e) {
      last = e
    }
    if (Date.now() - start > timeoutMs) throw last instanceof Error ? last : new Error('timed out waiting for the page')
    await simulate.sleep(50)
  }
}

/** Taps the element `selector` of a rendered page (it must be there). */
export function tap(page: SimComponent, selector: string) {
  const el = page.querySelector(selector)
  expect(el, selector).toBeDefined()
  el!.dispatchEvent('tap', { detail: {} })
}

/** Types `value` into the input `selector` of a rendered page (it must be there). */
export function input(page: SimComponent, selector: string, value: string) {
  const el = page.querySelector(selector)
  expect(el, selector).toBeDefined()
  el!.dispatchEvent('input', { detail: { value } })
}
