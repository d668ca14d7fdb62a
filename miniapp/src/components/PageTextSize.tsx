/**
 * H5 (and tests): nothing to render, the root font size is the browser's (html.text-large for
 * 大字模式, set by textSize.ts). The mini-program uses PageTextSize.weapp.tsx (page-meta).
 * A separate file per platform keeps page-meta and the title bar out of the H5 bundle.
 */
export function PageTextSize() {
  return null
}
