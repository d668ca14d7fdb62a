import { formatDateTime, h5PagePath, itemScene, SHARE_PAGES } from '@openday/shared'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { requireStaff } from '../auth/guards'
import type { AppEnv } from '../env'
import { assertOwn } from '../events/queries'
import { fail } from '../lib/errors'
import { getUnlimitedWxacode } from '../notifications/wechat/wxacode'
import { qrSvg } from './qr'

// Printable A4 posters (issue 8 part 6, docs/door.md): per event, and per check-in point. Each has
// the title, time and place, the 小程序码 (WeChat's getwxacodeunlimit, embedded as an image) and
// the H5 QR code (drawn here as SVG). When WeChat is not set up or cannot be reached, the poster
// still prints with the H5 code and a note. Any staff member of the event's agency. Two round
// trips: the staff check and the event (and point); then WeChat.

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

export const WXACODE_MISSING_NOTE = '小程序码暂时无法生成（微信服务不可用），请用微信或手机相机扫描右侧二维码'

async function wxacodeImage(c: Context<AppEnv>, scene: string | null, page: string, checkPath: boolean): Promise<string | null> {
  const { WECHAT_APP_ID: appId, WECHAT_APP_SECRET: appSecret } = c.env
  if (!scene || !appId || !appSecret) return null
  try {
    const r = await getUnlimitedWxacode({ base: c.env.WECHAT_API_BASE, appId, appSecret }, { scene, page, checkPath, width: 600 })
    if (!r.ok) return null
    let binary = ''
    for (const b of new Uint8Array(r.image)) binary += String.fromCharCode(b)
    return `data:${r.contentType};base64,${btoa(binary)}`
  } catch {
    return null
  }
}

interface PosterParts {
  heading: string
  title: string
  when: string
  venue: string
  pointName?: string
  pointText?: string
  howTo: string
  wxacode: string | null
  h5Url: string
}

function posterHtml(p: PosterParts): string {
  const codes = `<div class="codes">
  <figure>${p.wxacode ? `<img id="wxacode" src="${p.wxacode}" alt="小程序码">` : `<p id="wxacode-missing" class="missing">${WXACODE_MISSING_NOTE}</p>`}<figcaption>微信扫一扫 · 小程序</figcaption></figure>
  <figure><div id="h5-qr" class="qr">${qrSvg(p.h5Url, 'H5 二维码')}</div><figcaption>手机相机扫一扫 · 网页版</figcaption></figure>
</div>`
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>
@page { size: A4 portrait; margin: 15mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #111; }
.sheet { width: 180mm; min-height: 260mm; margin: 0 auto; padding: 10mm 0; display: flex; flex-direction: column; align-items: center; text-align: center; }
.heading { font-size: 20pt; letter-spacing: 0.3em; color: #b3261e; margin: 0 0 6mm; }
h1 { font-size: 26pt; line-height: 1.35; margin: 0 0 6mm; }
.point { font-size: 30pt; font-weight: 700; margin: 0 0 4mm; }
.point-text { font-size: 13pt; line-height: 1.7; margin: 0 0 6mm; text-align: left; white-space: pre-wrap; }
.facts { font-size: 14pt; line-height: 1.8; margin: 0 0 8mm; }
.codes { display: flex; gap: 12mm; justify-content: center; margin: 4mm 0 8mm; }
figure { margin: 0; width: 70mm; }
figure img, .qr svg { width: 70mm; height: 70mm; display: block; }
.missing { width: 70mm; height: 70mm; display: flex; align-items: center; padding: 6mm; border: 1px dashed #888; font-size: 12pt; line-height: 1.6; margin: 0; }
figcaption { font-size: 12pt; margin-top: 2mm; }
.howto { font-size: 14pt; line-height: 1.7; border-top: 1px solid #ccc; padding-top: 6mm; }
.url { font-size: 9pt; color: #555; word-break: break-all; margin-top: 4mm; }
.screen-only { font-size: 11pt; color: #555; margin-top: 6mm; }
@media print { .screen-only { display: none; } }
</style></head>
<body><main class="sheet">
<p class="heading">${escapeHtml(p.heading)}</p>
<h1 id="poster-title">${escapeHtml(p.title)}</h1>
${p.pointName ? `<p class="point" id="poster-point">${escapeHtml(p.pointName)}</p>` : ''}
${p.pointText ? `<p class="point-text" id="poster-point-text">${escapeHtml(p.pointText)}</p>` : ''}
<p class="facts"><span id="poster-time">时间：${escapeHtml(p.when)}</span><br><span id="poster-venue">地点：${escapeHtml(p.venue)}</span></p>
${codes}
<p class="howto" id="poster-howto">${escapeHtml(p.howTo)}</p>
<p class="url">${escapeHtml(p.h5Url)}</p>
<p class="screen-only">请使用浏览器的“打印”（Ctrl+P），纸张选 A4、纵向。</p>
</main></body></html>`
}

interface EventRow {
  agencyId: string
  status: string
  title: string
  venue: string
  startAt: string
  endAt: string
}

const EVENT_SQL = `SELECT agency_id AS agencyId, status, title, venue, start_at AS startAt, end_at AS endAt FROM events WHERE id = ?1`

const timeText = (e: EventRow) => `${formatDateTime(e.startAt)} 至 ${formatDateTime(e.endAt)}`

function htmlResponse(c: Context<AppEnv>, html: string) {
  return c.body(html, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store' })
}

export const posterRoutes = new Hono<AppEnv>()
  .get('/staff/events/:id/poster', requireStaff(), async (c) => {
    const eventId = c.req.param('id')
    const event = assertOwn((await c.get('d1').prepare(EVENT_SQL).bind(eventId).first<EventRow>()) ?? undefined, c.get('staff'))
    if (event.status === 'draft') throw fail(409, 'INVALID_STATE', '活动发布后才能打印海报')
    const origin = new URL(c.req.url).origin
    const wxacode = event.status === 'published' ? await wxacodeImage(c, itemScene('event', eventId), SHARE_PAGES.event, true) : null
    return htmlResponse(
      c,
      posterHtml({
        heading: '政府开放日',
        title: event.title,
        when: timeText(event),
        venue: event.venue,
        howTo: '扫码查看活动详情、报名，并在活动后提出意见建议、参加无记名测评。',
        wxacode,
        h5Url: `${origin}${h5PagePath('event', eventId)}`,
      }),
    )
  })

  .get('/staff/events/:id/checkpoints/:cpId/poster', requireStaff(), async (c) => {
    const eventId = c.req.param('id')
    const cpId = c.req.param('cpId')
    const d1 = c.get('d1')
    const [eventRes, pointRes] = await d1.batch<any>([
      d1.prepare(EVENT_SQL).bind(eventId),
      d1.prepare(`SELECT name, description FROM checkpoints WHERE id = ?1 AND event_id = ?2`).bind(cpId, eventId),
    ])
    const event = assertOwn(eventRes.results[0] as EventRow | undefined, c.get('staff'))
    const point = pointRes.results[0] as { name: string; description: string } | undefined
    if (!point) throw fail(404, 'NOT_FOUND', '签到点不存在')
    if (event.status === 'draft') throw fail(409, 'INVALID_STATE', '活动发布后才能打印海报')
    const origin = new URL(c.req.url).origin
    // A printed code cannot check anyone in (the stop's code changes every 30 s on the staff
    // screen): the poster's codes open the event's page, with its agenda.
    const wxacode = event.status === 'published' ? await wxacodeImage(c, itemScene('event', eventId), SHARE_PAGES.event, true) : null
    return htmlResponse(
      c,
      posterHtml({
        heading: '签到点',
        title: event.title,
        pointName: point.name,
        pointText: point.description,
        when: timeText(event),
        venue: event.venue,
        howTo: '到达本签到点后，请扫描工作人员屏幕上每30秒更换的签到码完成签到（打印的码不能用于签到）；扫描本页二维码可查看活动介绍。',
        wxacode,
        h5Url: `${origin}${h5PagePath('event', eventId)}`,
      }),
    )
  })
