import { paragraphs, POST_KIND_LABELS, type PostDetail } from '@openday/shared'
import { Feed } from 'feed'

/** The H5 page of a post (the app's hash router). */
export const postPageUrl = (origin: string, id: string) => `${origin}/#/pages/post/index?id=${encodeURIComponent(id)}`

// Characters XML 1.0 does not allow at all (C0 controls other than tab and line ends, U+FFFE/F):
// a post that carried one would make the whole feed unreadable, so they are dropped.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
// `feed` hands titles and descriptions to xml-js as CDATA, which splits only the first `]]>` of
// a text: a second one would end the section early. They travel as this private-use character
// and are put back, split the CDATA way, after the XML is written.
const CDATA_END = ']]>'
const SENTINEL = '\uE000'
const cdataText = (s: string) => s.replace(NOT_XML, '').replaceAll(SENTINEL, '').replaceAll(CDATA_END, SENTINEL)
const plainText = (s: string) => s.replace(NOT_XML, '').replaceAll(SENTINEL, '')

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The plain-text body as HTML paragraphs for `content:encoded` (line breaks kept). */
export function bodyHtml(body: string): string {
  return paragraphs(body)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('')
}

export interface RssChannel {
  title: string
  description: string
  /** The H5 page the channel stands for. */
  link: string
  /** This feed's own URL (atom:link rel="self"). */
  selfUrl: string
  origin: string
}

/**
 * RSS 2.0 of posts (newest first) with the `feed` library: each item's title, the H5 post page
 * as link and guid, the publication time, the summary as description, the body as HTML paragraphs
 * in content:encoded and the kind as category. lastBuildDate is the newest post's time (fixed
 * for a fixed set of posts, so a cached copy and a fresh one agree).
 */
export function rssFeed(channel: RssChannel, posts: PostDetail[]): string {
  const feed = new Feed({
    title: plainText(channel.title),
    description: plainText(channel.description),
    id: channel.link,
    link: channel.link,
    feedLinks: { rss: channel.selfUrl },
    language: 'zh-CN',
    updated: new Date(posts[0]?.publishedAt ?? '2000-01-01T00:00:00.000Z'),
    generator: 'OpenDay 开放日',
    copyright: '',
  })
  for (const p of posts) {
    feed.addItem({
      title: cdataText(p.title),
      link: postPageUrl(channel.origin, p.id),
      date: new Date(p.publishedAt),
      description: cdataText(p.summary),
      content: cdataText(bodyHtml(p.body)),
      category: [{ name: POST_KIND_LABELS[p.kind] }],
      // Who published it: the agency (dc:creator; RSS's own <author> wants an e-mail address).
      extensions: [{ name: 'dc:creator', objects: { _text: plainText(p.agencyName) } }],
    })
  }
  return feed.rss2().replaceAll(SENTINEL, ']]]]><![CDATA[>')
}
