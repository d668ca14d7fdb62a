import { NavigationBar, PageMeta } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useLargeText, weappRootFontSize } from './textSize'

/** The title bar as app.config.ts and the page config set it (weapp). */
const TITLE_BAR = { frontColor: '#ffffff', backgroundColor: '#1d4e89' } as const

/**
 * weapp: sets the page's rem base (needs enablePageMeta in the page config).
 * Taro's page-meta template always carries a navigation-bar whose defaults are a black title
 * and no text, so the bar is restated here as the page config has it (white on blue, the
 * page's own title); setNavigationBarTitle still changes the title afterwards.
 */
export function PageTextSize() {
  const large = useLargeText()
  const config = (Taro.getCurrentInstance().page as { config?: { navigationBarTitleText?: string } } | null)?.config
  return (
    <PageMeta rootFontSize={weappRootFontSize(large)}>
      <NavigationBar title={config?.navigationBarTitleText ?? '开放日'} frontColor={TITLE_BAR.frontColor} backgroundColor={TITLE_BAR.backgroundColor} />
    </PageMeta>
  )
}
