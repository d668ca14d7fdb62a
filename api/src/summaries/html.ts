import { formatDateTime, paragraphs, POST_KIND_LABELS, type Disclosure, type PostDetail } from '@openday/shared'

// The two HTML pages of a post (docs/summary.md): a printable A4 page with the 政府信息公开 header
// of a 活动总结, and a compact page a government website frames. Every text is escaped; the only
// script is the print button's, allowed by its hash in the print page's CSP (security-headers.ts).

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** A 2026年3月12日 date (发文时间 is a date in 政府信息公开 headers). */
export function issuedDate(iso: string): string {
  return formatDateTime(iso).replace(/（.*$/, '')
}

const bodyParagraphs = (body: string) =>
  paragraphs(body)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n')

function disclosureTable(d: Disclosure, title: string): string {
  const cell = (label: string, value: string) => `<th scope="row">${label}</th><td>${escapeHtml(value)}</td>`
  return `<table class="disclosure">
<tr>${cell('索引号', d.indexNo)}${cell('发布机构', d.publisher)}</tr>
<tr>${cell('发文时间', issuedDate(d.issuedAt))}${cell('公开方式', d.method)}</tr>
<tr>${cell('有效性', d.validity)}<th scope="row">标题</th><td>${escapeHtml(title)}</td></tr>
</table>`
}

/** The print button's script; its sha256 is in the print page's CSP (checked by a test). */
export const PRINT_SCRIPT = `document.getElementById('print').addEventListener('click',function(){window.print()})`
export const PRINT_SCRIPT_HASH = 'sha256-nCYZr18B3ZE38/UV2HSc3sJihmGpAE3dA0FGfMfOvTY='

const PRINT_STYLE = `@page { size: A4; margin: 20mm }
body { margin: 0 auto; max-width: 170mm; padding: 16px; color: #000; font: 16px/1.8 "FangSong", "仿宋", "STFangsong", serif }
table.disclosure { width: 100%; border-collapse: collapse; margin-bottom: 24px; font-size: 14px }
table.disclosure th, table.disclosure td { border: 1px solid #000; padding: 4px 8px; text-align: left; vertical-align: top }
table.disclosure th { width: 5em; white-space: nowrap; font-weight: bold }
h1 { text-align: center; font: bold 22px/1.5 "SimHei", "黑体", sans-serif; margin: 24px 0 }
p { text-indent: 2em; margin: 0 0 8px }
.meta { text-align: center; color: #333; font-size: 14px }
.toolbar { text-align: right; margin-bottom: 12px }
.toolbar button { font-size: 16px; padding: 8px 24px }
@media print { .toolbar { display: none } body { padding: 0 } }`

/** GET /public/posts/:id/print: a complete A4 page. */
export function printPage(post: PostDetail): string {
  const header = post.disclosure
    ? disclosureTable(post.disclosure, post.title)
    : `<p class="meta">${escapeHtml(post.agencyName)}　${escapeHtml(issuedDate(post.publishedAt))}</p>`
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(post.title)}</title>
<style>${PRINT_STYLE}</style>
</head>
<body>
<div class="toolbar"><button id="print" type="button">打印</button></div>
${header}
<h1>${escapeHtml(post.title)}</h1>
${bodyParagraphs(post.body)}
<script>${PRINT_SCRIPT}</script>
</body>
</html>
`
}

const EMBED_STYLE = `body { margin: 0; padding: 12px; color: #222; font: 15px/1.7 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif }
h1 { font-size: 18px; margin: 0 0 4px }
.meta { color: #666; font-size: 13px; margin: 0 0 12px }
p { margin: 0 0 8px }
a { color: #1a56db }`

/** GET /public/posts/:id/embed: the post for an iframe, with a link to the full page. */
export function embedPage(post: PostDetail, fullUrl: string): string {
  const d = post.disclosure
  const meta = d
    ? `索引号：${d.indexNo}　发布机构：${d.publisher}　发文时间：${issuedDate(d.issuedAt)}`
    : `${POST_KIND_LABELS[post.kind]}　${post.agencyName}　${issuedDate(post.publishedAt)}`
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(post.title)}</title>
<style>${EMBED_STYLE}</style>
</head>
<body>
<h1>${escapeHtml(post.title)}</h1>
<p class="meta">${escapeHtml(meta)}</p>
${bodyParagraphs(post.body)}
<p><a href="${escapeHtml(fullUrl)}" target="_blank" rel="noopener">在“开放日”查看原文</a></p>
</body>
</html>
`
}
