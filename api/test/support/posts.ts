// Posts at fixed times, written straight to D1 (as the builders' INSERTs would), for the feed tests.
import { env } from 'cloudflare:test'
import type { PostKind } from '@openday/shared'
import { newId } from '../../src/lib/ids'

export interface SeedPost {
  publishedAt: string
  title?: string
  summary?: string
  body?: string
  kind?: PostKind
  eventId?: string | null
  status?: 'published' | 'withdrawn'
  id?: string
}

export async function seedPosts(agencyId: string, seeds: SeedPost[]) {
  const rows = seeds.map((s, i) => ({
    id: s.id ?? newId(),
    agencyId,
    kind: s.kind ?? 'article',
    eventId: s.eventId ?? null,
    title: s.title ?? `动态${i + 1}`,
    summary: s.summary ?? `摘要${i + 1}`,
    body: s.body ?? `正文${i + 1}`,
    publishedAt: new Date(s.publishedAt).toISOString(),
    status: s.status ?? 'published',
  }))
  if (rows.length === 0) return rows
  await env.DB.batch(
    rows.map((r) =>
      env.DB.prepare(
        `INSERT INTO posts (id, agency_id, kind, event_id, title, summary, body, published_at, created_at, updated_at, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8, ?9)`,
      ).bind(r.id, r.agencyId, r.kind, r.eventId, r.title, r.summary, r.body, r.publishedAt, r.status),
    ),
  )
  return rows
}

export async function storedPost(id: string) {
  return env.DB.prepare('SELECT * FROM posts WHERE id = ?1').bind(id).first<Record<string, unknown>>()
}

export async function postCount(agencyId: string) {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM posts WHERE agency_id = ?1').bind(agencyId).first<{ n: number }>()
  return row?.n ?? 0
}
