// First load of the H5 app in Chromium: the JavaScript each page makes the browser download
// (gzip), with a budget for the form pages, and the static 加载中… shell that a slow network
// shows before any script has arrived.
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser.mjs'
import { allPages, phoneContext, prepareData, openPage } from './ui-support.mjs'

const base = inject('baseUrl')
/** Form pages must stay under this much first-load JS, gzip (issue 5: was 228 KB). */
export const FORM_PAGE_BUDGET_KB = 130

let browser
let data

beforeAll(async () => {
  browser = await launchBrowser()
  data = await prepareData(base, '13712340001')
})
afterAll(async () => {
  await browser?.close()
})

/** The JS files a fresh visit to `route` downloads until the network is quiet, gzip-compressed. */
async function firstLoadJs(route, sessions) {
  const context = await phoneContext(browser, { sessions })
  const page = await context.newPage()
  const scripts = new Map()
  const failed = []
  page.on('response', async (res) => {
    const url = new URL(res.url())
    if (res.status() >= 400) failed.push(`${res.status()} ${url.pathname}`)
    if (!url.pathname.endsWith('.js') || res.status() !== 200) return
    scripts.set(url.pathname, res.body().then((b) => gzipSync(b).length))
  })
  page.on('requestfailed', (req) => failed.push(`${req.failure()?.errorText ?? 'failed'} ${new URL(req.url()).pathname}`))
  await openPage(page, `${base}/#/pages/${route.route}`)
  try {
    await page.locator(route.ready).first().waitFor({ timeout: 45_000 })
  } catch (e) {
    // Once in a clean CI-like run the 各单位排名 page did not show within 45 s and showed at once
    // when run again: say what the page showed and which requests failed, then load it once more
    // (this test measures the JavaScript, not the first try's luck).
    const shown = (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300)
    console.warn(`[first-load] ${route.name}: ${route.ready} not shown in 45 s; page: "${shown}"; failed requests: ${failed.join(', ') || 'none'}; loading it again`)
    await page.reload({ waitUntil: 'domcontentloaded', timeout: 60_000 })
    await page.locator(route.ready).first().waitFor({ timeout: 45_000 }).catch(() => {
      throw e
    })
  }
  await page.waitForLoadState('networkidle')
  const sizes = await Promise.all([...scripts.values()])
  await context.close()
  return { files: scripts.size, kb: sizes.reduce((a, b) => a + b, 0) / 1024 }
}

describe('first-load JavaScript per H5 page (gzip)', () => {
  it(`every form page stays within ${FORM_PAGE_BUDGET_KB} KB, and the figures are reported`, async () => {
    const sessions = { participant: data.participant, staff: data.staff }
    const rows = []
    for (const route of allPages(data)) {
      const s = route.session ? { [route.session]: sessions[route.session] } : {}
      const { files, kb } = await firstLoadJs(route, s)
      rows.push({ page: route.name, route: route.route.split('?')[0], files, kb: Math.round(kb * 10) / 10, form: Boolean(route.form) })
    }
    console.log(
      ['first-load JS (gzip, level 6) per page:', ...rows.map((r) => `  ${r.form ? '*' : ' '} ${r.page.padEnd(8, '　')} ${String(r.kb).padStart(6)} KB  ${r.files} files`)].join('\n'),
    )
    const over = rows.filter((r) => r.form && r.kb > FORM_PAGE_BUDGET_KB)
    expect(over, `form pages over ${FORM_PAGE_BUDGET_KB} KB gzip`).toEqual([])
    // Every page was measured (a page that failed to render would have thrown above).
    expect(rows.filter((r) => r.form).map((r) => r.route)).toEqual([
      'login/index',
      'register/index',
      'notice-settings/index',
      'evaluate/index',
      'suggest/index',
      'staff-login/index',
      'staff-event-edit/index',
      'staff-event-cancel/index',
      'staff-event-seats/index',
      'staff-event-summary/index',
      'staff-posts/index',
      'staff-checkpoints/index',
      'staff-door/index',
      'staff-password/index',
      'staff-org/index',
      'staff-org/index',
      'staff-suggestion/index',
    ])
  })
})

describe('the H5 shell on a slow network', () => {
  it('shows 加载中… before any script has run, and the app replaces it', async () => {
    const context = await phoneContext(browser)
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    // Chrome DevTools' "Slow 3G".
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 2000, downloadThroughput: 51200, uploadThroughput: 51200 })
    // Hold every script until the shell has been checked: nothing of the app can have run.
    let release
    const held = new Promise((r) => (release = r))
    await page.route('**/*.js', async (route) => {
      await held
      await route.continue()
    })
    const started = Date.now()
    await page.goto(`${base}/#/pages/index/index`, { waitUntil: 'commit' })
    const shell = page.locator('#app-loading')
    await expect.poll(() => shell.isVisible(), { timeout: 30_000 }).toBe(true)
    expect((await shell.textContent()).trim()).toContain('加载中…')
    // Painted, not only in the DOM: the browser reports a contentful paint while scripts wait.
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByName('first-contentful-paint').length), { timeout: 30_000 })
      .toBe(1)
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime)
    expect(await page.evaluate(() => document.querySelectorAll('.taro_page').length)).toBe(0)
    release()
    await page.locator(`#event-demo-event-guyuan-lab-day`).waitFor({ timeout: 90_000 })
    const ready = Date.now() - started
    expect(await page.locator('#app-loading').count()).toBe(0)
    console.log(`slow 3G: 加载中… painted at ${Math.round(fcp)} ms (scripts held back); event list on screen after ${ready} ms`)
    await context.close()
  })
})
