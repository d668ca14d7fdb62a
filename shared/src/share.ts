// Sharing an event or a post (docs/sharing.md): the server-rendered share URLs that crawlers read
// (Open Graph), the mini-program pages, and the scene of a 小程序码. Pure, used by the API and the app.

export type ShareKind = 'event' | 'post'

/** The mini-program page of each kind (no leading slash, as getwxacodeunlimit wants it). */
export const SHARE_PAGES: Record<ShareKind, string> = { event: 'pages/event/index', post: 'pages/post/index' }

/** Path of the share page (GET /s/e/:id, /s/p/:id): Open Graph for crawlers, then the H5 page. */
export function sharePath(kind: ShareKind, id: string): string {
  return `/s/${kind === 'event' ? 'e' : 'p'}/${encodeURIComponent(id)}`
}

/** The H5 app's page (hash route) of an event or a post, relative to the origin. */
export function h5PagePath(kind: ShareKind, id: string): string {
  return `/#/${SHARE_PAGES[kind]}?id=${encodeURIComponent(id)}`
}

// A 小程序码's scene: at most 32 visible characters of 0-9 A-Z a-z !#$&'()*+,/:;=?@-._~ (WeChat's
// getwxacodeunlimit). `e=<id>` or `p=<id>`; our ids (22 characters of base64url) fit with room.
// The page receives it URL-encoded in options.scene and reads it with decodeURIComponent.
const SCENE_KEYS: Record<ShareKind, string> = { event: 'e', post: 'p' }
const SCENE_ID = /^[0-9A-Za-z_-]{1,30}$/

/** The scene of an item's 小程序码, or null for an id that cannot be put in one. */
export function itemScene(kind: ShareKind, id: string): string | null {
  return SCENE_ID.test(id) ? `${SCENE_KEYS[kind]}=${id}` : null
}

/**
 * The item a page's `scene` option points to, as the page receives it (URL-encoded; a scene
 * already decoded reads the same), or null. Only `kind`'s key counts: an event page ignores `p=`.
 */
export function parseItemScene(kind: ShareKind, raw: string | undefined | null): string | null {
  if (!raw) return null
  let scene = raw
  try {
    scene = decodeURIComponent(raw)
  } catch {
    return null
  }
  const m = /^([ep])=([0-9A-Za-z_-]{1,30})$/.exec(scene)
  return m && m[1] === SCENE_KEYS[kind] ? m[2] : null
}
