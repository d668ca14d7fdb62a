/*
 * The door's offline app shell (H5 only; copied to dist/h5/door-sw.js by config/index.ts).
 * Registered by the check-in page (offline-shell.ts) with the page's own folder as its scope, so
 * a door device that lost its network can reload the check-in page and keep scanning: the scans
 * themselves wait in localStorage (features/checkins/queue.ts), never here.
 *
 * - API calls (/api/) are never touched: the scan queue decides what to repeat.
 * - Hashed files (/js/, /css/, /static/) are immutable: cache first.
 * - Everything else (the HTML shell) is network first, falling back to the cached copy.
 */
const CACHE = 'openday-door-shell-v1'
const IMMUTABLE = /^\/(js|css|static)\//

self.addEventListener('install', () => self.skipWaiting())

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name)
      await self.clients.claim()
    })(),
  )
})

self.addEventListener('message', (event) => {
  // A page that loaded while this worker was still installing asks to be taken over.
  if (event.data && event.data.type === 'claim') {
    event.waitUntil(self.clients.claim())
    return
  }
  // The page lists what it loaded before this worker controlled it: cache those too.
  const urls = event.data && event.data.type === 'cache-shell' && Array.isArray(event.data.urls) ? event.data.urls : []
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE)
      for (const url of urls) {
        if (!isShellUrl(new URL(url, self.location.origin))) continue
        if (await cache.match(url, { ignoreSearch: true })) continue
        try {
          const res = await fetch(url, { cache: 'no-cache' })
          if (res.ok) await cache.put(url, res)
        } catch (e) {
          // offline meanwhile: the next page load lists it again
        }
      }
    })(),
  )
})

function isShellUrl(url) {
  return url.origin === self.location.origin && !url.pathname.startsWith('/api/')
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (!isShellUrl(url)) return
  event.respondWith(IMMUTABLE.test(url.pathname) ? cacheFirst(request) : networkFirst(request))
})

async function cacheFirst(request) {
  const cache = await caches.open(CACHE)
  const hit = await cache.match(request)
  if (hit) return hit
  const res = await fetch(request)
  if (res.ok) await cache.put(request, res.clone())
  return res
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE)
  try {
    const res = await fetch(request)
    if (res.ok) await cache.put(request, res.clone())
    return res
  } catch (e) {
    const hit = await cache.match(request, { ignoreSearch: true })
    if (hit) return hit
    throw e
  }
}
