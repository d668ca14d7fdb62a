// 加入日历 in H5, in Chromium against the real stack: the event page's link downloads the
// event's iCalendar file from the API (the page stays) and the toast says how to use it.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, phonePage } from './browser.mjs'
import { DEMO_EVENT, openPage } from './ui-support.mjs'

const base = inject('baseUrl')
let browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('加入日历 (H5)', () => {
  it('downloads the event as an .ics file and tells the visitor to open it', async () => {
    const page = await phonePage(browser)
    const errors = []
    page.on('pageerror', (e) => errors.push(e.message))
    await openPage(page, `${base}/#/pages/event/index?id=${DEMO_EVENT}`)
    const link = page.locator('#event-calendar')
    await link.waitFor({ timeout: 45_000 })
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), link.click()])
    const ics = await readFile(await download.path(), 'utf8')
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
    expect(ics).toContain(`\r\nUID:${DEMO_EVENT}@openday\r\n`)
    expect(ics).toContain('\r\nSTATUS:CONFIRMED\r\n')
    expect(download.suggestedFilename()).toMatch(/\.ics$/)
    await page.getByText('已下载日历文件，打开即可加入手机日历').waitFor({ timeout: 10_000 })
    expect(page.url()).toContain('/pages/event/index')
    expect(errors).toEqual([])
    await page.context().close()
  })
})
