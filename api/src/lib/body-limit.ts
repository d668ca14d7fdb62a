import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { fail } from './errors'

/** No request the app makes comes near this; anything larger is refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024
/** How much of an over-limit streamed body is read and thrown away before giving up on it. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024

const tooLarge = () => fail(413, 'PAYLOAD_TOO_LARGE')

/**
 * 413 PAYLOAD_TOO_LARGE in the project's envelope for bodies over `maxSize`.
 *
 * With a Content-Length, hono/body-limit decides from the header without reading the body.
 * A streamed (chunked) body is counted here instead: hono's middleware stops reading at the
 * limit, and an over-limit body left half read wedges `wrangler dev` (stack-spikes.md §9), so
 * this one reads the rest and throws it away before answering.
 */
export const limitBody = (maxSize = MAX_BODY_BYTES) => {
  const byLength = bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge()
    },
  })
  return createMiddleware<AppEnv>(async (c, next) => {
    const raw = c.req.raw
    if (!raw.body || (raw.headers.has('content-length') && !raw.headers.has('transfer-encoding'))) return byLength(c, next)
    const reader = raw.body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      if (size > maxSize) {
        let drained = size
        while (drained < MAX_DRAIN_BYTES) {
          const rest = await reader.read()
          if (rest.done) break
          drained += rest.value.length
        }
        if (drained >= MAX_DRAIN_BYTES) await reader.cancel().catch(() => undefined)
        throw tooLarge()
      }
      chunks.push(value)
    }
    const body = new Uint8Array(size)
    let offset = 0
    for (const chunk of chunks) {
      body.set(chunk, offset)
      offset += chunk.length
    }
    c.req.raw = new Request(raw, { body })
    await next()
  })
}
