import { createMiddleware } from 'hono/factory'
import { secureHeaders } from 'hono/secure-headers'
import { PRINT_SCRIPT_HASH } from '../summaries/html'

const common = {
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  referrerPolicy: 'no-referrer',
  permissionsPolicy: {
    camera: [],
    microphone: [],
    geolocation: [],
    payment: [],
    usb: [],
    serial: [],
    hid: [],
    displayCapture: [],
  },
}

/**
 * Headers on every API response (the H5 files get theirs from miniapp/src/_headers). The API
 * answers JSON, so its CSP allows nothing at all and no page may frame it.
 */
const jsonHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: 'DENY',
})

// The two HTML pages of a post (summaries/html.ts): inline styles, and on the print page the one
// script of the 打印 button by its hash. Only the embed page may be framed, by any site (a
// government website embeds it): frame-ancestors * and no X-Frame-Options, for that route alone.
const printHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], scriptSrc: [`'${PRINT_SCRIPT_HASH}'`], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: 'DENY',
})
const embedHeaders = secureHeaders({
  ...common,
  // Framed on another site, the embed's link must still open: the page sends no referrer anyway.
  contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ['*'] },
  xFrameOptions: false,
})

// The printable posters (exports/posters.ts): inline styles and images embedded as data: URLs, no script.
const posterHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ['data:'], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: 'DENY',
})
const POSTER_PAGE = /^\/api\/v1\/staff\/events\/[^/]+(\/checkpoints\/[^/]+)?\/poster$/

/** GET /api/v1/public/posts/:id/print and …/embed: the only HTML the API answers (with the posters). */
const HTML_PAGE = /^\/api\/v1\/public\/posts\/[^/]+\/(print|embed)$/

export const apiSecurityHeaders = createMiddleware(async (c, next) => {
  const page = c.req.method === 'GET' ? HTML_PAGE.exec(c.req.path)?.[1] : undefined
  const poster = c.req.method === 'GET' && POSTER_PAGE.test(c.req.path)
  const headers = poster ? posterHeaders : page === 'embed' ? embedHeaders : page === 'print' ? printHeaders : jsonHeaders
  return headers(c, next)
})
