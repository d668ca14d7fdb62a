// 机构管理 and the first login in the H5 app, in Chromium against the real stack: the demo admin
// adds a 承办部门 and a 承办人 account, reads its one-time password once, and the new staff
// member logs in with it, must change it, and reaches 意见办理 (a handler's start) with the new one.
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser.mjs'
import { apiCall, phoneContext, staffSession, openPage } from './ui-support.mjs'

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')
const base = inject('baseUrl')
let browser
let admin

beforeAll(async () => {
  browser = await launchBrowser()
  admin = await staffSession(base)
})
afterAll(async () => {
  await browser?.close()
})

describe('机构管理 and 修改初始密码 (H5)', () => {
  it('an admin creates a department and a handler; the handler logs in with the one-time password and must change it', async () => {
    // The local database outlives runs: names unique per run.
    const suffix = randomBytes(3).toString('hex')
    const deptName = `法规科${suffix}`
    const username = `handler.${suffix}`

    const adminCtx = await phoneContext(browser, { sessions: { staff: admin } })
    const page = await adminCtx.newPage()
    await openPage(page, `${base}/#/pages/staff-events/index`)
    await page.locator('#staff-org').click()
    await page.locator('#dept-new-name input').fill(deptName)
    await page.locator('#dept-create').click()
    const deptCard = page.locator('#dept-list .card', { hasText: deptName })
    await deptCard.waitFor()
    expect(await deptCard.textContent()).toContain('正在办理 0 条')
    await page.locator('.od-toast').waitFor({ state: 'hidden' }) // 已添加 fades after 1.5 s
    await page.screenshot({ path: path.join(SHOTS, '17-org-departments.png') })

    await page.locator('#org-tab-users').click()
    await page.locator('#user-new').click()
    await page.locator('#user-new-username input').fill(username)
    await page.locator('#user-new-name input').fill('测试承办人')
    await page.locator('#user-new-role-handler').click()
    await page.locator('#user-new-dept .choice', { hasText: deptName }).click()
    await page.locator('#user-create').click()
    await page.locator('#otp-code').waitFor()
    const oneTimePassword = (await page.locator('#otp-code').textContent()).trim()
    expect(oneTimePassword).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
    await page.locator('.od-toast').waitFor({ state: 'hidden' })
    await page.screenshot({ path: path.join(SHOTS, '18-org-one-time-password.png') })
    await page.locator('#otp-done').click()
    await expect.poll(() => page.locator('#otp-code').count()).toBe(0)
    const card = page.locator('#user-list .card', { hasText: username })
    expect(await card.textContent()).toContain(`承办人 · ${deptName}`)
    expect(await card.textContent()).toContain('待修改初始密码')

    // The new handler, on another device.
    const handlerCtx = await phoneContext(browser)
    const h = await handlerCtx.newPage()
    await openPage(h, `${base}/#/pages/staff-login/index`)
    await h.locator('#staff-username input').fill(username)
    await h.locator('#staff-password input').fill(oneTimePassword)
    await h.locator('#staff-submit').click()
    await h.locator('#pw-one-time').waitFor()
    expect(await h.locator('#pw-current input').inputValue()).toBe(oneTimePassword)
    await h.locator('#pw-new input').fill('my-own-pass-2026')
    await h.locator('#pw-again input').fill('my-own-pass-2026')
    await h.locator('#pw-submit').click()
    // A handler lands on 意见办理 (and has no 机构管理).
    await h.locator('#hd-total').waitFor()
    expect(await h.locator('#staff-org').count()).toBe(0)

    // The one-time password is done with; the new one works.
    const again = await apiCall(base, '/auth/staff/login', { body: { username, password: oneTimePassword } })
    expect(again.status).toBe(401)
    const fresh = await apiCall(base, '/auth/staff/login', { body: { username, password: 'my-own-pass-2026' } })
    expect(fresh.json.staff.mustChangePassword).toBe(false)
    await adminCtx.close()
    await handlerCtx.close()
  })

  it('works at desktop width: the page is wider and nothing spills sideways', async () => {
    const ctx = await phoneContext(browser, { sessions: { staff: admin }, width: 1280 })
    const page = await ctx.newPage()
    await openPage(page, `${base}/#/pages/staff-org/index?tab=users`)
    await page.locator('#user-list .card').first().waitFor()
    const widths = await page.evaluate(() => ({
      screen: document.querySelector('.screen--wide').getBoundingClientRect().width,
      scrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
    }))
    expect(widths.screen).toBeGreaterThan(640)
    expect(widths.scrolls).toBe(false)
    await ctx.close()
  })
})
