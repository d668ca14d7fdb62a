// Accessibility of every H5 page in Chromium: axe-core finds no violation on any page (and with
// the confirm dialog open), the dialog works from the keyboard alone, and the focus ring shows.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser.mjs'
import { allPages, axeViolations, openPage, phoneContext, prepareData } from './ui-support.mjs'

const base = inject('baseUrl')
let browser
let data

beforeAll(async () => {
  browser = await launchBrowser()
  data = await prepareData(base, '13712340002')
})
afterAll(async () => {
  await browser?.close()
})

async function openRoute(route, sessions) {
  const context = await phoneContext(browser, { sessions })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  await openPage(page, `${base}/#/pages/${route}`)
  return { context, page, errors }
}

describe('axe-core on every H5 page', () => {
  it('finds 0 violations on any page, including the not-found and incomplete-link pages', async () => {
    const sessions = { participant: data.participant, staff: data.staff }
    const report = {}
    for (const route of allPages(data)) {
      const { context, page, errors } = await openRoute(route.route, route.session ? { [route.session]: sessions[route.session] } : {})
      await page.locator(route.ready).first().waitFor({ timeout: 45_000 })
      await page.waitForLoadState('networkidle')
      const violations = await axeViolations(page)
      if (violations.length) report[route.name] = violations
      expect(errors, `${route.name}: page errors`).toEqual([])
      await context.close()
    }
    expect(report).toEqual({})
  })
})

describe('the confirm dialog (取消报名, 退出登录, 发布活动) from the keyboard', () => {
  it('opens as a modal dialog with focus inside, traps Tab, Esc cancels and focus returns', async () => {
    const { context, page } = await openRoute(`ticket/index?id=${data.registrationId}`, { participant: data.participant })
    const cancel = page.locator('#ticket-cancel')
    await cancel.waitFor()
    await cancel.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: '取消报名' })
    await dialog.waitFor()
    expect(await dialog.getAttribute('aria-modal')).toBe('true')
    await page.screenshot({ path: new URL('../../docs/screenshots/13-confirm-dialog.png', import.meta.url).pathname })
    expect(await axeViolations(page)).toEqual([])
    // Focus starts on the safe choice and never leaves the dialog.
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '')
    expect(await focused()).toBe('dialog-cancel')
    for (const expected of ['dialog-confirm', 'dialog-cancel', 'dialog-confirm']) {
      await page.keyboard.press('Tab')
      expect(await focused()).toBe(expected)
    }
    await page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe('dialog-cancel')
    // The page behind cannot be reached.
    expect(await page.evaluate(() => document.getElementById('app')?.hasAttribute('inert'))).toBe(true)
    // Esc cancels: nothing is cancelled, focus is back on the button that opened it.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await focused()).toBe('ticket-cancel')
    expect((await page.locator('#ticket-status').textContent()).trim()).toBe('已报名')
    await context.close()
  })

  it('Enter on 确定取消 cancels the sign-up', async () => {
    const extra = await prepareData(base, '13712340003')
    const { context, page } = await openRoute(`ticket/index?id=${extra.registrationId}`, { participant: extra.participant })
    await page.locator('#ticket-cancel').click()
    await page.getByRole('dialog', { name: '取消报名' }).waitFor()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await page.locator('#ticket-status').textContent()).trim(), { timeout: 15_000 }).toBe('已取消')
    await context.close()
  })

  it('the focus ring is visible and at least 3:1 against what surrounds it', async () => {
    const { context, page } = await openRoute('index/index', {})
    await page.locator(`#event-${'demo-event-guyuan-lab-day'}`).waitFor()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    const ring = await page.evaluate(() => {
      const el = document.activeElement
      const s = getComputedStyle(el)
      const bg = getComputedStyle(document.querySelector('.taro_page') ?? document.body).backgroundColor
      return { role: el.getAttribute('role'), style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, bg }
    })
    const lum = (rgb) => {
      const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
        const v = c / 255
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    const [hi, lo] = [lum(ring.color), lum(ring.bg)].sort((a, b) => b - a)
    expect(ring.style).toBe('solid')
    expect(ring.width).toBeGreaterThanOrEqual(2)
    expect((hi + 0.05) / (lo + 0.05)).toBeGreaterThanOrEqual(3)
    await context.close()
  })
})
