/**
 * Page query parameters, decoded. weapp hands them over still URL-encoded, H5 may or may not:
 * decoding once more is harmless for our ids and codes, and `redirect` is checked by safeRedirect.
 */
export function decodeParams(raw: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v === undefined) continue
    try {
      out[k] = decodeURIComponent(v)
    } catch {
      out[k] = v
    }
  }
  return out
}
