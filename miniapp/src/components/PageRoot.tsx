import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { a11y } from '../lib/platform'
import { PageTextSize } from './PageTextSize'

/**
 * The root of every page: on H5 the page's `main` landmark (Taro's title bar above it is the
 * banner); on weapp it also sets the page's text size (page-meta root-font-size: WeChat's font
 * setting, or 大字模式).
 */
export function PageRoot({ children }: { children: ReactNode }) {
  return (
    <View className="page-root" {...a11y({ role: 'main' })}>
      <PageTextSize />
      {children}
    </View>
  )
}
