/** Build target, replaced at build time by Taro; undefined in unit tests (treated like H5). */
export const IS_WEAPP = process.env.TARO_ENV === 'weapp'
export const IS_H5 = process.env.TARO_ENV === 'h5'

type AriaValue = string | number | boolean | undefined

/**
 * Accessibility attributes (role, aria-*) for H5 screen readers. The mini-program templates
 * drop unknown attributes anyway, so they are left out there to keep setData small.
 */
export function a11y(attrs: Record<string, AriaValue>): {} {
  if (IS_WEAPP) return {}
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) out[k] = v
  return out
}

/** `id` only when there is one: Taro's H5 renders `id={undefined}` as id="undefined". */
export function idAttr(id: string | undefined): { id?: string } {
  return id ? { id } : {}
}
