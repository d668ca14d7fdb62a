import Taro, { useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { parseItemScene, sharePath, type ShareKind } from '@openday/shared'
import { IS_H5 } from './platform'

// Sharing an event or a post (docs/sharing.md). The mini-program shares cards (useSharing, with
// enableShareAppMessage/enableShareTimeline in the page's config); H5 copies the share URL,
// whose server-rendered page carries Open Graph tags for link previews (api/src/share/pages.ts).

/** The share card image: in the mini-program's package, and at /share.png on the H5 origin. */
export const SHARE_IMAGE = '/assets/share.png'

/** Where the H5 app lives: this page's own origin in a browser, the configured one in weapp. */
export function h5Origin(): string {
  if (IS_H5 && typeof window !== 'undefined' && window.location?.origin) return window.location.origin
  return H5_ORIGIN
}

/** The share URL of an event or a post (GET /s/e/:id, /s/p/:id on the H5 origin). */
export function shareUrl(kind: ShareKind, id: string, origin = h5Origin()): string {
  return `${origin.replace(/\/$/, '')}${sharePath(kind, id)}`
}

/** 分享 in H5: copies the share URL and says so. */
export function copyShareLink(kind: ShareKind, id: string): Promise<void> {
  return Taro.setClipboardData({ data: shareUrl(kind, id) })
    .then(() => void Taro.showToast({ title: '链接已复制', icon: 'success' }))
    .catch(() => void Taro.showToast({ title: '复制失败，请长按地址栏复制链接', icon: 'none' }))
}

/**
 * The item a page is opened for: `?id=`, or the `scene` of a 小程序码 (`e=<id>` / `p=<id>`,
 * URL-encoded, read with decodeURIComponent). `params` as the page's router has them.
 */
export function itemIdFrom(kind: ShareKind, params: Record<string, string | undefined>): string | undefined {
  const id = params.id
  if (id) {
    try {
      return decodeURIComponent(id)
    } catch {
      return id
    }
  }
  return parseItemScene(kind, params.scene) ?? undefined
}

export interface Sharing {
  title: string
  /** The page with its query, e.g. pages/event/index?id=…; the timeline gets the query only. */
  path: string
  imageUrl?: string
}

/**
 * 转发 and 分享到朋友圈 of the current page (mini-program). Call unconditionally at the top of
 * the page's view; `sharing` undefined (still loading) shares the page as it is. The page config
 * needs enableShareAppMessage and enableShareTimeline. In H5 the hooks register handlers that
 * nothing calls.
 */
export function useSharing(sharing: Sharing | undefined): void {
  useShareAppMessage(() => (sharing ? { title: sharing.title, path: `/${sharing.path.replace(/^\//, '')}`, imageUrl: sharing.imageUrl } : {}))
  useShareTimeline(() => (sharing ? { title: sharing.title, query: sharing.path.split('?')[1] ?? '', imageUrl: sharing.imageUrl } : {}))
}
