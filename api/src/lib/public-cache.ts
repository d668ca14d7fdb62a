import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/** Where the API is mounted; cache keys are absolute URLs under it. */
export const API_BASE_PATH = '/api/v1'

/** Responses for logged-in callers may differ per person: no shared cache may keep them. */
const PRIVATE = 'private, no-store'

/**
 * Same resource, same key: the query string is dropped so `?x=random` cannot skip the cache,
 * except the parameters a route names (`keep`), put back in that fixed order.
 */
function keyFor(url: string, path?: string, keep: readonly string[] = []): string {
  const u = new URL(url)
  const kept = new URLSearchParams()
  for (const name of keep) {
    const value = u.searchParams.get(name)
    if (value !== null) kept.set(name, value)
  }
  const query = kept.toString()
  return `${u.origin}${path ?? u.pathname}${query ? `?${query}` : ''}`
}

function inBackground(c: Context<AppEnv>, work: Promise<unknown>): Promise<unknown> | undefined {
  try {
    c.executionCtx.waitUntil(work)
    return undefined
  } catch {
    // No execution context (a direct app.fetch call): finish the work before answering.
    return work
  }
}

/**
 * Public reads served from the Workers Cache API (`caches.default`) for anonymous callers.
 *
 * - A GET without `Authorization` is answered from the cache when there (`CF-Cache-Status: HIT`,
 *   no D1 round trip); otherwise the handler runs and a 200 without its own `Cache-Control` is
 *   stored for `edgeSeconds`. Browsers are told `max-age=0`, so they always ask again, and a
 *   staff member who just edited an event never sees an older copy from the browser's cache.
 * - A handler that must not be shared (e.g. a draft) sets `Cache-Control` itself.
 * - Callers with a token bypass the cache and get `private, no-store`.
 * - `keepQuery` names the query parameters that select a different answer (e.g. a period);
 *   any other parameter is ignored by the key.
 *
 * `caches.default` lives in each Cloudflare data centre: `purgePublic` clears the one that
 * served the change, and `edgeSeconds` bounds how long other data centres may lag.
 */
export const publicCache = (edgeSeconds: number, keepQuery: readonly string[] = []) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method !== 'GET' || c.req.header('authorization')) {
      await next()
      if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', PRIVATE)
      return
    }
    const key = keyFor(c.req.url, undefined, keepQuery)
    const hit = await caches.default.match(key)
    // A cached response's headers are immutable; later middleware adds its own.
    if (hit) return new Response(hit.body, hit)
    await next()
    if (c.res.status !== 200 || c.res.headers.has('cache-control') || c.res.headers.has('set-cookie')) return
    c.res.headers.set('cache-control', `public, max-age=0, s-maxage=${edgeSeconds}`)
    const stored = inBackground(c, caches.default.put(key, c.res.clone()))
    if (stored) await stored
  })

/**
 * Deletes the cached copies of these API paths (relative to /api/v1, e.g. `/events/abc`), so
 * the next anonymous read sees a staff member's change. Awaited: a local cache operation, no D1.
 */
export async function purgePublic(c: Context<AppEnv>, ...apiPaths: string[]): Promise<void> {
  await purgeSitePaths(c, ...apiPaths.map((p) => `${API_BASE_PATH}${p}`))
}

/** Like purgePublic, for paths from the site's root (the share pages under /s/). */
export async function purgeSitePaths(c: Context<AppEnv>, ...paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => caches.default.delete(keyFor(c.req.url, p))))
}
