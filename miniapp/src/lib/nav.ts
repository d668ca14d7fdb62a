import Taro from '@tarojs/taro'
import { IS_H5 } from './platform'

export const PAGES = {
  index: '/pages/index/index',
  event: '/pages/event/index',
  login: '/pages/login/index',
  register: '/pages/register/index',
  my: '/pages/my/index',
  ticket: '/pages/ticket/index',
  evaluate: '/pages/evaluate/index',
  suggest: '/pages/suggest/index',
  track: '/pages/track/index',
  mySuggestions: '/pages/my-suggestions/index',
  noticeSettings: '/pages/notice-settings/index',
  follows: '/pages/follows/index',
  agency: '/pages/agency/index',
  rankings: '/pages/rankings/index',
  post: '/pages/post/index',
  staffLogin: '/pages/staff-login/index',
  staffEvents: '/pages/staff-events/index',
  staffEventEdit: '/pages/staff-event-edit/index',
  staffEventCancel: '/pages/staff-event-cancel/index',
  staffEventSeats: '/pages/staff-event-seats/index',
  staffCheckin: '/pages/staff-checkin/index',
  staffDashboard: '/pages/staff-dashboard/index',
  staffVenueQr: '/pages/staff-venue-qr/index',
  staffPassword: '/pages/staff-password/index',
  staffOrg: '/pages/staff-org/index',
  staffSuggestions: '/pages/staff-suggestions/index',
  staffSuggestion: '/pages/staff-suggestion/index',
  staffInbox: '/pages/staff-inbox/index',
  staffReports: '/pages/staff-reports/index',
  staffEventSummary: '/pages/staff-event-summary/index',
  staffPosts: '/pages/staff-posts/index',
  staffCheckpoints: '/pages/staff-checkpoints/index',
  staffPointQr: '/pages/staff-point-qr/index',
  stop: '/pages/stop/index',
  staffDoor: '/pages/staff-door/index',
  notFound: '/pages/not-found/index',
} as const

export type PageName = keyof typeof PAGES

/** '/pages/x/index?a=1&b=2' from a page name and its query (undefined values left out). */
export function pageUrl(page: PageName, query: Record<string, string | undefined> = {}): string {
  const q = Object.entries(query)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
  return q ? `${PAGES[page]}?${q}` : PAGES[page]
}

/**
 * H5 only: the document a page must be shown in. The check-in screen has its own document,
 * /scan/ (a copy of index.html), because only that document's headers allow the camera
 * (miniapp/src/_headers); every other page lives in the main document at /. Returns the URL to
 * load when `url` belongs to another document than the current one, otherwise null.
 */
export function h5DocumentSwitch(url: string, currentPath: string): string | null {
  const wantsScan = url.split('?')[0] === PAGES.staffCheckin
  const inScan = currentPath.startsWith(SCAN_DOCUMENT)
  if (wantsScan === inScan) return null
  return `${wantsScan ? SCAN_DOCUMENT : '/'}#${url}`
}
export const SCAN_DOCUMENT = '/scan/'

function switchH5Document(url: string, how: 'assign' | 'replace'): boolean {
  if (!IS_H5 || typeof window === 'undefined') return false
  const target = h5DocumentSwitch(url, window.location.pathname)
  if (!target) return false
  window.location[how](target)
  return true
}

/** Open a page on top of the current one; falls back to replacing it when the stack is full. */
export function go(url: string): void {
  if (switchH5Document(url, 'assign')) return
  Taro.navigateTo({ url }).catch(() => Taro.redirectTo({ url }).catch(() => undefined))
}

/** Replace the current page. */
export function replace(url: string): void {
  if (switchH5Document(url, 'replace')) return
  Taro.redirectTo({ url }).catch(() => Taro.reLaunch({ url }).catch(() => undefined))
}

/** Back to the previous page, or to `fallback` when this page was opened directly (QR, link). */
export function back(fallback: string = PAGES.index): void {
  const pages = Taro.getCurrentPages?.() ?? []
  if (pages.length > 1) Taro.navigateBack({ delta: 1 }).catch(() => replace(fallback))
  else replace(fallback)
}

/** Only our own pages are accepted as a redirect target after login. */
export function safeRedirect(raw: string | undefined, fallback: string): string {
  if (!raw) return fallback
  let url = raw
  try {
    url = decodeURIComponent(raw)
  } catch {
    return fallback
  }
  return /^\/pages\/[a-z-]+\/index(\?.*)?$/.test(url) ? url : fallback
}

/** Participant login, coming back to `returnTo` afterwards. */
export function goLogin(returnTo: string, { replaceCurrent = false } = {}): void {
  const url = pageUrl('login', { redirect: returnTo })
  if (replaceCurrent) replace(url)
  else go(url)
}

/** Staff pages without a (valid) staff token go to the staff login, which comes back here. */
export function goStaffLogin(returnTo?: string): void {
  replace(pageUrl('staffLogin', { redirect: returnTo }))
}
