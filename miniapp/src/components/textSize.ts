import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { IS_WEAPP } from '../lib/platform'

/**
 * 大字模式 and the phone's own text size.
 *
 * All sizes are written in px for a 375px phone and compiled to rem (config/index.ts), so one
 * root font size scales the whole app, boxes included:
 * - H5: the root is the browser's default font size, which follows the browser's and the
 *   system's text-size setting; 大字模式 sets it to LARGE_TEXT_SCALE × that default.
 * - weapp: rpx and px ignore WeChat's font setting; rem follows page-meta's root-font-size,
 *   which is "system" (WeChat's 字体大小 setting) or, in 大字模式, LARGE_TEXT_SCALE × it.
 * The choice is kept on the device.
 */
export const LARGE_TEXT_KEY = 'openday.largeText'
export const LARGE_TEXT_SCALE = 1.3
const LARGE_TEXT_CLASS = 'text-large'

const listeners = new Set<(on: boolean) => void>()

/** Read from the device each time: every page and every launch sees the same choice. */
export function isLargeText(): boolean {
  try {
    return Taro.getStorageSync(LARGE_TEXT_KEY) === true
  } catch {
    return false
  }
}

function applyToDocument(on: boolean) {
  if (!IS_WEAPP && typeof document !== 'undefined') document.documentElement.classList.toggle(LARGE_TEXT_CLASS, on)
}

export function setLargeText(on: boolean): void {
  try {
    if (on) Taro.setStorageSync(LARGE_TEXT_KEY, true)
    else Taro.removeStorageSync(LARGE_TEXT_KEY)
  } catch {
    // storage blocked: the choice lasts until the app closes
  }
  applyToDocument(on)
  for (const l of listeners) l(on)
}

/** H5: apply the stored choice as soon as the app starts (app.ts). */
export function applyStoredTextSize(): void {
  applyToDocument(isLargeText())
}

export function useLargeText(): boolean {
  const [on, setOn] = useState(isLargeText)
  useEffect(() => {
    listeners.add(setOn)
    setOn(isLargeText())
    return () => void listeners.delete(setOn)
  }, [])
  return on
}

/** WeChat's own 字体大小 (px), the base of 大字模式 in the mini-program. */
function wechatFontSize(): number {
  try {
    const size = Number((Taro.getSystemInfoSync() as { fontSizeSetting?: number }).fontSizeSetting)
    return size >= 12 && size <= 40 ? size : 17
  } catch {
    return 17
  }
}

/** page-meta's root-font-size for this page (weapp). */
export function weappRootFontSize(large: boolean): string {
  return large ? `${Math.round(wechatFontSize() * LARGE_TEXT_SCALE)}px` : 'system'
}
