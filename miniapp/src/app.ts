import Taro, { useLaunch, usePageNotFound } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { renewParticipantSession } from './api/request'
import { applyStoredTextSize } from './components/textSize'
import { PAGES } from './lib/nav'
import './app.css'

if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
  require('./h5.css')
  applyStoredTextSize() // 大字模式, before the first page renders
  // Taro's H5 components are custom elements, not <button>/<a>: let keyboard users activate
  // anything we marked as a control (role=button/link/radio/checkbox) with Enter or Space.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return
    const el = e.target as HTMLElement | null
    const role = el?.getAttribute?.('role')
    if (!el || !role || !/^(button|link|radio|checkbox)$/.test(role)) return
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') return
    e.preventDefault()
    el.click()
  })
  // Name the icon-only buttons of Taro's H5 title bar for screen readers and keyboards, and make
  // the bar the page's banner landmark (each page's content is its main landmark: PageRoot).
  const labelNavBar = () => {
    const bar = document.getElementById('taro-navigation-bar')
    if (bar && bar.getAttribute('role') !== 'banner') bar.setAttribute('role', 'banner')
    for (const [cls, label] of [
      ['taro-navigation-bar-back', '返回'],
      ['taro-navigation-bar-home', '首页'],
    ]) {
      const el = document.querySelector<HTMLElement>(`.${cls}`)
      if (el && !el.getAttribute('aria-label')) {
        el.setAttribute('role', 'button')
        el.setAttribute('aria-label', label)
        el.setAttribute('tabindex', '0')
      }
    }
  }
  // The static 加载中… shell in index.html goes as soon as a page is on screen.
  const dropLoadingShell = () => {
    if (document.querySelector('.taro_page')) document.getElementById('app-loading')?.remove()
  }
  new MutationObserver(() => {
    labelNavBar()
    dropLoadingShell()
  }).observe(document.documentElement, { childList: true, subtree: true })
}

function App({ children }: PropsWithChildren) {
  // A participant token older than a day is renewed at launch (tokens live 7 days).
  useLaunch(() => void renewParticipantSession())
  // An unknown page (an old link, a typo in a hash route, a page removed from app.config) lands
  // on a page that says so, with a way home, instead of a blank screen. weapp wants the
  // redirect inside the callback, synchronously.
  usePageNotFound(() => {
    void Taro.redirectTo({ url: PAGES.notFound }).catch(() => undefined)
  })
  return children
}

export default App
