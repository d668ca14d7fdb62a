import type { Follow, FollowKind } from '@openday/shared'
import { request } from './request'

// 关注 (GET/POST/DELETE /me/follows; shapes in shared/src/summary.ts).

export const listFollows = () => request<{ follows: Follow[] }>('/me/follows', { auth: 'participant' }).then((r) => r.follows)

/** Follows an agency or event by id, or a suggestion by its tracking code; following twice is fine. */
export const addFollow = (kind: FollowKind, target: string) =>
  request<{ follow: Follow }>('/me/follows', { method: 'POST', body: { kind, target }, auth: 'participant' }).then((r) => r.follow)

export const removeFollow = (id: string) => request<null>(`/me/follows/${encodeURIComponent(id)}`, { method: 'DELETE', auth: 'participant' })
