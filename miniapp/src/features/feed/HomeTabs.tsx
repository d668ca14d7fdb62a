import { Text, View } from '@tarojs/components'
import { pageUrl } from '../../lib/nav'
import { IS_WEAPP, a11y } from '../../lib/platform'
import './feed.css'

export type HomeTab = 'events' | 'feed'
const TABS: { value: HomeTab; label: string }[] = [
  { value: 'events', label: '活动' },
  { value: 'feed', label: '动态' },
]

/** The home page's tab from its query: ?tab=feed is 动态, anything else 活动. */
export const homeTabOf = (raw: string | undefined): HomeTab => (raw === 'feed' ? 'feed' : 'events')

/**
 * H5: writes the tab (and the feed's agency filter) into the address, without a new history entry,
 * so that reloading, a copied link or coming back to the page shows the same tab. weapp keeps the
 * page (and its state) on the stack: nothing to write there.
 */
export function rememberHomeQuery(tab: HomeTab, agencyId: string | undefined): void {
  if (IS_WEAPP || typeof window === 'undefined' || !window.history?.replaceState) return
  const url = pageUrl('index', { tab: tab === 'feed' ? 'feed' : undefined, agencyId: tab === 'feed' ? agencyId : undefined })
  window.history.replaceState(window.history.state, '', `#${url}`)
}

/** 活动 | 动态: a segmented switch with large tap targets (tabs for screen readers on H5). */
export function HomeTabs({ value, onChange }: { value: HomeTab; onChange: (tab: HomeTab) => void }) {
  return (
    <View id="home-tabs" className="home-tabs" {...a11y({ role: 'tablist', 'aria-label': '首页内容' })}>
      {TABS.map((t) => {
        const on = t.value === value
        return (
          <View
            key={t.value}
            id={`home-tab-${t.value}`}
            className={`home-tab${on ? ' home-tab--on' : ''}`}
            onClick={() => (on ? undefined : onChange(t.value))}
            {...a11y({ role: 'tab', 'aria-selected': on ? 'true' : 'false', tabindex: 0 })}
          >
            <Text>{t.label}</Text>
          </View>
        )
      })}
    </View>
  )
}
