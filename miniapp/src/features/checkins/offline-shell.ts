import { IS_H5 } from '../../lib/platform'

/** Served from the root of the H5 build (copied there by config/index.ts). */
export const DOOR_SW_URL = '/door-sw.js'

/**
 * H5: keeps the check-in page's own files in a service worker's cache, so a door device that
 * lost its network can still reload the page (the mini-program is kept by WeChat itself). The
 * scope is the page's folder ("/" or "/scan/"), so nothing outside it is touched.
 */
export function keepShellOffline(): void {
  if (!IS_H5 || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  if (typeof window === 'undefined' || !window.isSecureContext) return
  const scope = new URL('./', window.location.href).pathname
  const listLoaded = (worker: ServiceWorker | null | undefined) => {
    if (!worker) return
    const urls = new Set<string>([window.location.pathname])
    for (const e of performance.getEntriesByType('resource')) {
      const url = new URL(e.name)
      if (url.origin === window.location.origin && !url.pathname.startsWith('/api/')) urls.add(url.pathname + url.search)
    }
    worker.postMessage({ type: 'cache-shell', urls: [...urls] })
  }
  navigator.serviceWorker
    .register(DOOR_SW_URL, { scope })
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      // Files loaded later (the verifier, the camera) pass through the worker once it controls the page.
      navigator.serviceWorker.addEventListener('controllerchange', () => listLoaded(navigator.serviceWorker.controller))
      listLoaded(reg.active)
      // This page loaded before the worker was active: have it take the page over now.
      if (!navigator.serviceWorker.controller) reg.active?.postMessage({ type: 'claim' })
    })
    .catch(() => undefined) // no offline shell: scanning and the queue work all the same
}
