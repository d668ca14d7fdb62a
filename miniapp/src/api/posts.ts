import type { PostInput, PostPatch, StaffPost, StaffPostPage } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

// 动态管理: the agency's posts of every kind and status (admin and organizer).

/** One page, newest first; the first page is asked without `cursor`. */
export const listStaffPosts = (cursor?: string | null) =>
  request<StaffPostPage>(`/staff/posts${cursor ? `?cursor=${enc(cursor)}` : ''}`, { auth: 'staff' })

/** 发布 an article: public in 动态 at once; the API tells the agency's followers. */
export const createPost = (input: PostInput) =>
  request<{ post: StaffPost }>('/staff/posts', { method: 'POST', body: input, auth: 'staff' }).then((r) => r.post)

/** Corrects a published post: only the fields in `patch` change. */
export const updatePost = (id: string, patch: PostPatch) =>
  request<{ post: StaffPost }>(`/staff/posts/${enc(id)}`, { method: 'PATCH', body: patch, auth: 'staff' }).then((r) => r.post)

/** 撤回: the post leaves every public read; it cannot be restored. */
export const withdrawPost = (id: string) =>
  request<{ post: StaffPost }>(`/staff/posts/${enc(id)}/withdraw`, { method: 'POST', body: {}, auth: 'staff' }).then((r) => r.post)
