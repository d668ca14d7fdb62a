import { formatEventTime, h5PagePath, sharePath, type ShareKind } from '@openday/shared'
import { and, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { agencies, events, posts } from '../db/schema'
import type { AppEnv } from '../env'
import { makeDb } from '../lib/db'
import { publicCache } from '../lib/public-cache'

// Share URLs (GET /s/e/:id, /s/p/:id): the H5 app is a single page with hash routes, and link
// previews (WeChat's, other apps', search engines) neither run scripts nor see the hash. These
// small pages carry the item's Open Graph tags, then send people on to the app's page with a
// script (crawlers stay and read the tags). Only published events and posts; anything else is a
// 404 page. Kept at the edge like the other public reads; staff changes purge them.
export const SHARE_EDGE_SECONDS = 300
export const SITE_NAME = '开放日'
/** The share image (miniapp/src/assets/share.png, copied to the H5 root by the build). */
export const SHARE_IMAGE = { path: '/share.png', width: 500, height: 400 }

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** The only script of these pages, allowed by its hash: open the app's page the link points to. */
const REDIRECT_SCRIPT = "location.replace(document.getElementById('open').href)"
let scriptHash: Promise<string> | undefined
function redirectScriptHash(): Promise<string> {
  scriptHash ??= crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(REDIRECT_SCRIPT))
    .then((d) => `'sha256-${btoa(String.fromCharCode(...new Uint8Array(d)))}'`)
  return scriptHash
}

interface SharePage {
  kind: ShareKind
  id: string
  title: string
  description: string
  publishedAt?: string
}

function page(origin: string, p: SharePage): string {
  const url = `${origin}${sharePath(p.kind, p.id)}`
  const target = `${origin}${h5PagePath(p.kind, p.id)}`
  const meta = (property: string, content: string) => `<meta property="${property}" content="${escapeHtml(content)}">`
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${p.title} - ${SITE_NAME}`)}</title>`,
    `<meta name="description" content="${escapeHtml(p.description)}">`,
    `<link rel="canonical" href="${escapeHtml(url)}">`,
    meta('og:type', p.kind === 'post' ? 'article' : 'website'),
    meta('og:site_name', SITE_NAME),
    meta('og:locale', 'zh_CN'),
    meta('og:title', p.title),
    meta('og:description', p.description),
    meta('og:url', url),
    meta('og:image', `${origin}${SHARE_IMAGE.path}`),
    meta('og:image:width', String(SHARE_IMAGE.width)),
    meta('og:image:height', String(SHARE_IMAGE.height)),
    ...(p.publishedAt ? [meta('article:published_time', p.publishedAt)] : []),
    '<style>body{font:18px/1.6 sans-serif;margin:2em auto;max-width:36em;padding:0 1em}</style>',
    '</head>',
    '<body>',
    `<h1>${escapeHtml(p.title)}</h1>`,
    `<p>${escapeHtml(p.description)}</p>`,
    `<p><a id="open" href="${escapeHtml(target)}">${p.kind === 'event' ? '打开活动页面' : '打开动态页面'}</a></p>`,
    `<script>${REDIRECT_SCRIPT}</script>`,
    '</body>',
    '</html>',
  ].join('\n')
}

function notFoundPage(origin: string, kind: ShareKind): string {
  const what = kind === 'event' ? '活动不存在或已下线' : '动态不存在或已撤回'
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${what} - ${SITE_NAME}</title>`,
    '<meta name="robots" content="noindex">',
    '</head>',
    '<body>',
    `<h1>${what}</h1>`,
    `<p><a href="${escapeHtml(`${origin}/`)}">查看其他开放日活动</a></p>`,
    '</body>',
    '</html>',
  ].join('\n')
}

async function eventPage(c: Context<AppEnv>, id: string): Promise<SharePage | null> {
  const [row] = await c
    .get('db')
    .select({ title: events.title, venue: events.venue, startAt: events.startAt, endAt: events.endAt, agencyName: agencies.name })
    .from(events)
    .innerJoin(agencies, eq(agencies.id, events.agencyId))
    .where(and(eq(events.id, id), sql`${events.status} = 'published'`))
  if (!row) return null
  return { kind: 'event', id, title: row.title, description: `${formatEventTime(row.startAt, row.endAt)}，${row.venue}（${row.agencyName}）` }
}

async function postPage(c: Context<AppEnv>, id: string): Promise<SharePage | null> {
  const [row] = await c
    .get('db')
    .select({ title: posts.title, summary: posts.summary, publishedAt: posts.publishedAt })
    .from(posts)
    .where(and(eq(posts.id, id), sql`${posts.status} = 'published'`))
  if (!row) return null
  return { kind: 'post', id, title: row.title, description: row.summary, publishedAt: row.publishedAt }
}

const sharePage = (kind: ShareKind) => async (c: Context<AppEnv>) => {
  const id = c.req.param('id') ?? ''
  const origin = new URL(c.req.url).origin
  const found = kind === 'event' ? await eventPage(c, id) : await postPage(c, id)
  c.header('content-type', 'text/html; charset=utf-8')
  if (!found) {
    c.header('content-security-policy', CSP)
    return c.body(notFoundPage(origin, kind), 404)
  }
  c.header('content-security-policy', `${CSP}; script-src ${await redirectScriptHash()}`)
  return c.body(page(origin, found), 200)
}

// Nothing but the page itself: its inline style, its one script (hash added per response).
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export const sharePageRoutes = new Hono<AppEnv>()
  .use(
    // The CSP is the handler's: it names the script's hash.
    secureHeaders({
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
    }),
  )
  .use(async (c, next) => {
    c.set('db', makeDb(c.env.DB))
    await next()
  })
  .get('/e/:id', publicCache(SHARE_EDGE_SECONDS), sharePage('event'))
  .get('/p/:id', publicCache(SHARE_EDGE_SECONDS), sharePage('post'))
