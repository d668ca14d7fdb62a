/** The in-app page of a post (动态), built with the feed screens. */
export const POST_PAGE = '/pages/post/index'

export function postPageUrl(postId: string): string {
  return `${POST_PAGE}?id=${encodeURIComponent(postId)}`
}

/**
 * The API's address as seen from outside the app: H5 calls it at a path of its own origin
 * ('/api/v1'), the mini-program at the configured absolute base (TARO_APP_API_BASE).
 */
export function publicApiBase(base: string = API_BASE): string {
  const trimmed = base.replace(/\/$/, '')
  if (/^https?:\/\//.test(trimmed)) return trimmed
  const origin = typeof window !== 'undefined' && window.location?.origin && window.location.origin !== 'null' ? window.location.origin : H5_ORIGIN
  return `${origin.replace(/\/$/, '')}${trimmed}`
}

/** 打印版: the A4 page of a published summary. */
export function printUrl(postId: string, base?: string): string {
  return `${publicApiBase(base)}/public/posts/${encodeURIComponent(postId)}/print`
}

/** The page a government website shows in an iframe. */
export function embedUrl(postId: string, base?: string): string {
  return `${publicApiBase(base)}/public/posts/${encodeURIComponent(postId)}/embed`
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** 嵌入代码 for a government website's page. */
export function embedCode(postId: string, title: string, base?: string): string {
  return `<iframe src="${attr(embedUrl(postId, base))}" title="${attr(title)}" width="100%" height="800" style="border:0" loading="lazy"></iframe>`
}
