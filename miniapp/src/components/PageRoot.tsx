import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { a11y } from '../lib/platform'

/**
 * The root of every page: on H5 the page's `main` landmark (Taro's title bar above it is the
 * banner), so that all content sits in a landmark for screen-reader navigation.
 */
export function PageRoot({ children }: { children: ReactNode }) {
  return (
    <View className="page-root" {...a11y({ role: 'main' })}>
      {children}
    </View>
  )
}
