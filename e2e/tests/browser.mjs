import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

/** Debian's Chromium, headless, with the flags that keep it off the network (plus `extraArgs`). */
export async function launchBrowser(extraArgs = []) {
  const executablePath = process.env.CHROMIUM_PATH ?? CHROMIUM_PATHS.find((p) => existsSync(p))
  if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium (.ci/run does this)')
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  })
}

/** A phone-sized page (iPhone 12-ish), in Chinese. */
export async function phonePage(browser) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  return context.newPage()
}
