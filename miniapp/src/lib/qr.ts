import { create } from 'qrcode'

/** UTF-8 bytes without TextEncoder (missing in some mini-program engines and in jsdom). */
function utf8(text: string): number[] {
  const out: number[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (cp < 0x80) out.push(cp)
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63))
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
  }
  return out
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** base64 of an ASCII string (the SVG below is pure ASCII); btoa does not exist in mini-programs. */
function base64Ascii(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i)
    const b = i + 1 < s.length ? s.charCodeAt(i + 1) : NaN
    const c = i + 2 < s.length ? s.charCodeAt(i + 2) : NaN
    const n = (a << 16) | ((b || 0) << 8) | (c || 0)
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63]
    out += Number.isNaN(b) ? '=' : B64[(n >> 6) & 63]
    out += Number.isNaN(c) ? '=' : B64[n & 63]
  }
  return out
}

/** The QR code of `text` as an SVG document: one path, black modules on white, 4-module quiet zone. */
export function qrSvg(text: string, errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H' = 'M'): string {
  // Byte segments from our own UTF-8 bytes: qrcode would otherwise call TextEncoder.
  const qr = create([{ data: new Uint8Array(utf8(text)), mode: 'byte' }] as never, { errorCorrectionLevel })
  const size = qr.modules.size
  const data = qr.modules.data
  const margin = 4
  let d = ''
  for (let row = 0; row < size; row++) {
    let col = 0
    while (col < size) {
      if (!data[row * size + col]) {
        col++
        continue
      }
      const start = col
      while (col < size && data[row * size + col]) col++
      d += `M${start + margin} ${row + margin}h${col - start}v1h-${col - start}z`
    }
  }
  const dim = size + margin * 2
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${dim * 8}" height="${dim * 8}" viewBox="0 0 ${dim} ${dim}" shape-rendering="crispEdges">` +
    `<rect width="${dim}" height="${dim}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  )
}

/** A data URL that `<Image>` shows on both weapp and H5. */
export function qrDataUrl(text: string, errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H' = 'M'): string {
  return `data:image/svg+xml;base64,${base64Ascii(qrSvg(text, errorCorrectionLevel))}`
}
