// A QR code as inline SVG, for the printed posters. Only the encoder core of `qrcode` (the same
// package and version the app uses for tickets): pure JavaScript, no canvas, no Node APIs.
// @ts-expect-error: the package's types describe its entry point only, not this module.
import { create } from 'qrcode/lib/core/qrcode.js'

interface QrMatrix {
  modules: { size: number; data: Uint8Array | boolean[] }
}

/** `text` as an SVG of dark squares on white, with the 4-module quiet zone the standard asks for. */
export function qrSvg(text: string, label: string): string {
  const { modules } = (create as (t: string, o: object) => QrMatrix)(text, { errorCorrectionLevel: 'M' })
  const n = modules.size
  const q = 4
  let path = ''
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (modules.data[y * n + x]) path += `M${x + q} ${y + q}h1v1h-1z`
  const side = n + 2 * q
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges" role="img" aria-label="${label}"><rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
}
