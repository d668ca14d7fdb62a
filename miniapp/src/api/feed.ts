import type { FeedPage, PostDetail } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

// 动态: no login, the same for everyone (edge-cached). The first page is asked without `cursor`.
export const getFeed = ({ agencyId, cursor }: { agencyId?: string; cursor?: string | null } = {}) => {
  const q = [agencyId ? `agencyId=${enc(agencyId)}` : '', cursor ? `cursor=${enc(cursor)}` : ''].filter(Boolean).join('&')
  return request<FeedPage>(`/public/feed${q ? `?${q}` : ''}`)
}

export const getPost = (id: string) => request<{ post: PostDetail }>(`/public/posts/${enc(id)}`).then((r) => r.post)

/** The 政府信息公开 print version of a post (an HTML page of the API). */
export const postPrintUrl = (id: string) => `${API_BASE}/public/posts/${enc(id)}/print`
