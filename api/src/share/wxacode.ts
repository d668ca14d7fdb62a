import { itemScene, sharePath, SHARE_PAGES, type ShareKind } from '@openday/shared'
import { and, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { events, posts } from '../db/schema'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { API_BASE_PATH, publicCache, purgeSitePaths } from '../lib/public-cache'
import { getUnlimitedWxacode, type WxacodeResult } from '../notifications/wechat/wxacode'

// 小程序码 of a published event or post (WeChat's getwxacodeunlimit): the image as WeChat made
// it, kept at the edge for a day (a code never changes: same page, same scene). Failures are our
// JSON errors; see docs/sharing.md for the configuration and the limits.
const EDGE_SECONDS = 24 * 3600

/** Seconds to wait after WeChat said 45009 (its per-minute limit) or was busy/unreachable. */
export const WXACODE_RETRY_AFTER = { quota: 60, busy: 30 } as const

/** Token answers that mean the app id/secret (or the server's IP whitelist) need fixing. */
const CONFIG_ERRCODES = new Set([40001, 42001, 40013, 40125, 40164, 41002, 41004])

/** What WeChat's failure means for the caller: 503 to retry later (Retry-After), 502 to fix. */
function wxacodeFailure(c: Context<AppEnv>, r: Extract<WxacodeResult, { ok: false }>) {
  const errcode = r.errcode === undefined ? {} : { errcode: r.errcode }
  if (r.reason === 'quota') {
    c.header('Retry-After', String(WXACODE_RETRY_AFTER.quota))
    return fail(503, 'WXACODE_BUSY', '小程序码生成次数已达微信的限制，请1分钟后再试', errcode)
  }
  if (r.reason === 'invalid_page') return fail(502, 'WXACODE_FAILED', '小程序码生成失败：线上版本的小程序没有这个页面，请发布新版本后再试', errcode)
  if (r.reason === 'invalid_scene') return fail(502, 'WXACODE_FAILED', '小程序码生成失败：参数不符合微信的要求', errcode)
  if (r.errcode !== undefined && CONFIG_ERRCODES.has(r.errcode))
    return fail(502, 'WXACODE_FAILED', '小程序码生成失败：微信接口凭证无效，请检查小程序的 AppID、AppSecret 和 IP 白名单', errcode)
  c.header('Retry-After', String(WXACODE_RETRY_AFTER.busy))
  return fail(503, 'WXACODE_BUSY', '微信服务暂时繁忙，小程序码请稍后再试', errcode)
}

async function isPublished(c: Context<AppEnv>, kind: ShareKind, id: string): Promise<boolean> {
  const db = c.get('db')
  const [row] =
    kind === 'event'
      ? await db.select({ id: events.id }).from(events).where(and(eq(events.id, id), sql`${events.status} = 'published'`))
      : await db.select({ id: posts.id }).from(posts).where(and(eq(posts.id, id), sql`${posts.status} = 'published'`))
  return Boolean(row)
}

const wxacode = (kind: ShareKind) => async (c: Context<AppEnv>) => {
  const id = c.req.param('id') ?? ''
  const scene = itemScene(kind, id)
  if (!scene || !(await isPublished(c, kind, id))) throw fail(404, 'NOT_FOUND', kind === 'event' ? '活动不存在或已下线' : '动态不存在或已撤回')
  const { WECHAT_APP_ID: appId, WECHAT_APP_SECRET: appSecret } = c.env
  if (!appId || !appSecret)
    throw fail(503, 'WXACODE_UNAVAILABLE', '未配置微信小程序的 AppID 和 AppSecret，不能生成小程序码（本地开发时属正常）')
  const r = await getUnlimitedWxacode({ base: c.env.WECHAT_API_BASE, appId, appSecret }, { scene, page: SHARE_PAGES[kind] })
  if (!r.ok) throw wxacodeFailure(c, r)
  return c.body(r.image, 200, { 'content-type': r.contentType })
}

export const wxacodeRoutes = new Hono<AppEnv>()
  .get('/public/events/:id/wxacode', publicCache(EDGE_SECONDS), wxacode('event'))
  .get('/public/posts/:id/wxacode', publicCache(EDGE_SECONDS), wxacode('post'))

/**
 * After an item changed what the public sees (edited, cancelled, withdrawn): its share page,
 * and its 小程序码 (which must stop being served once the item is no longer published).
 */
export function purgeShare(c: Context<AppEnv>, kind: ShareKind, id: string): Promise<void> {
  return purgeSitePaths(c, sharePath(kind, id), `${API_BASE_PATH}/public/${kind === 'event' ? 'events' : 'posts'}/${encodeURIComponent(id)}/wxacode`)
}
