import { IS_H5 } from '../../lib/platform'

/** Served from the root of the H5 build (copied there by config/index.ts). */
export const DOOR_SW_URL = '/door-sw.js'

/**
 * H5: keeps the check-in page's own files in a service worker's cache, so a door device that
 * lost its network can still reload the page (the mini-program is kept by WeChat itself). The
 * scope is the page's folder ("/" or "/scan/"), so nothing outside it is touched.
 */
let started = false

export function keepShellOffline(): void {
  if (started || !IS_H5 || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  if (typeof window === 'undefined' || !window.isSecureContext) return
  started = true
  const scope = new URL('./', window.location.href).pathname
  const shellUrls = (entries: PerformanceEntryList) => {
    const urls: string[] = []
    for (const e of entries) {
      const url = new URL(e.name)
      if (url.origin === window.location.origin && !url.pathname.startsWith('/api/')) urls.push(url.pathname + url.search)
    }
    return urls
  }
  const post = (urls: string[]) => {
    const worker = navigator.serviceWorker.controller
    if (urls.length && worker) worker.postMessage({ type: 'cache-shell', urls })
  }
  navigator.serviceWorker
    .register(DOOR_SW_URL, { scope })
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      // Until the worker controls this page, files it loads bypass the worker: list them all
      // (the worker fetches what it lacks) once it takes over, and every file loaded after that
      // (a chunk may finish loading just as it takes over).
      const listAll = () => post([window.location.pathname, ...shellUrls(performance.getEntriesByType('resource'))])
      navigator.serviceWorker.addEventListener('controllerchange', listAll)
      if (typeof PerformanceObserver === 'function') {
        new PerformanceObserver((list) => post(shellUrls(list.getEntries()))).observe({ type: 'resource' })
      }
      if (navigator.serviceWorker.controller) listAll()
      // This page loaded before the worker was active: have it take the page over now.
      else reg.active?.postMessage({ type: 'claim' })
    })
    .catch(() => undefined) // no offline shell: scanning and the queue work all the same
}
