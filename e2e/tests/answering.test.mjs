// Answering the public, end to end in Chromium against the real stack (issue 6, part 8): a
// visitor submits a suggestion with public consent → an organizer assigns it to a department →
// the department's handler answers (class B) → the visitor rates 不满意 → the item is reopened →
// answered again → rated 满意 → the answer is on the agency's public page and its figures moved
// (the handling steps drop the cached public reads, so this is at once).
// Every step is done in the H5 screens by the person whose step it is; the database is read
// back through the API after each one.
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser.mjs'
import { apiCall, DEMO_EVENT, phoneContext, staffSession, openPage } from './ui-support.mjs'

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')
const base = inject('baseUrl')
const DAY = 86_400_000
let browser
let admin
const pageErrors = []

beforeAll(async () => {
  browser = await launchBrowser()
  admin = await staffSession(base)
})
afterAll(async () => {
  await browser?.close()
})

async function shot(page, name) {
  await page.locator('.od-toast').waitFor({ state: 'hidden' })
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) })
}

async function textOf(page, selector) {
  const loc = page.locator(selector)
  await loc.waitFor({ timeout: 30_000 })
  return ((await loc.textContent()) ?? '').trim()
}

/** Opens an item from the 意见办理 list and waits until its detail has replaced the list. */
async function openItem(page, id) {
  await page.locator(`#hd-item-${id}`).click()
  await page.locator('#hd-facts').waitFor()
  await expect.poll(() => page.locator('#hd-list').isVisible()).toBe(false)
}

async function open(sessions, route, width = 390) {
  const context = await phoneContext(browser, { sessions, width })
  const page = await context.newPage()
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await openPage(page, `${base}/#/pages/${route}`)
  return page
}

/** A staff account made by the demo admin, with its one-time password changed: the API's way in. */
async function account(role, username, displayName, departmentId) {
  const made = await apiCall(base, '/staff/users', { token: admin.token, body: { username, displayName, role, departmentId } })
  expect(made.status, JSON.stringify(made.json)).toBe(201)
  const oneTime = made.json.oneTimePassword
  const first = await apiCall(base, '/auth/staff/login', { body: { username, password: oneTime } })
  const password = `${username}-pass-2026`
  const changed = await apiCall(base, '/auth/staff/password', { token: first.json.token, body: { currentPassword: oneTime, newPassword: password } })
  expect(changed.status, JSON.stringify(changed.json)).toBe(200)
  const login = await apiCall(base, '/auth/staff/login', { body: { username, password } })
  expect(login.json.staff.role).toBe(role)
  return { token: login.json.token, profile: login.json.staff }
}

/** The item as the staff API reads it back from the database. */
async function stored(id) {
  const r = await apiCall(base, `/staff/suggestions/${id}`, { token: admin.token })
  expect(r.status).toBe(200)
  return r.json.suggestion
}

/** The agency's public figures as they are now: with a token the edge cache is bypassed. */
const agencyFigures = async (agencyId) => (await apiCall(base, `/public/agencies/${agencyId}`, { token: admin.token })).json.figures

/** Tomorrow + n days as YYYY-MM-DD in Asia/Shanghai (the server checks against its real clock). */
const shanghaiDay = (offsetDays) => new Date(Date.now() + 8 * 3600_000 + offsetDays * DAY).toISOString().slice(0, 10)

describe('answering the public (H5)', () => {
  it('submit with consent → assign → answer B → 不满意 reopens → answer again → 满意 closes → public page and figures', async () => {
    const suffix = randomBytes(3).toString('hex')
    const marker = `编号${suffix}`
    const dept = await apiCall(base, '/staff/departments', { token: admin.token, body: { name: `信访科${suffix}` } })
    expect(dept.status).toBe(201)
    const departmentId = dept.json.department.id
    const organizer = await account('organizer', `org.${suffix}`, '李组织', undefined)
    const handler = await account('handler', `hdl.${suffix}`, '王承办', departmentId)
    const agencyId = admin.profile.agencyId
    const before = await agencyFigures(agencyId)

    // 1. A visitor, not logged in, submits with public consent.
    const visitor = await open({}, `suggest/index?eventId=${DEMO_EVENT}`)
    await visitor.locator('#suggest-content textarea').fill(`建议在检测大厅设置农产品快检结果公示屏，方便群众查看（${marker}）。`)
    await visitor.locator('#suggest-public').click()
    await visitor.locator('#suggest-submit').click()
    const trackingCode = await textOf(visitor, '#suggest-tracking-code')
    expect(trackingCode).toMatch(/^YJ[2-9A-HJ-NP-TV-Z]{16}$/)
    const found = await apiCall(base, `/staff/suggestions?q=${encodeURIComponent(marker)}`, { token: admin.token })
    expect(found.json.items).toHaveLength(1)
    const id = found.json.items[0].id
    expect((await stored(id)).status).toBe('received')
    expect((await stored(id)).publicConsent).toBe(true)

    // 2. The organizer finds it in 意见办理 and assigns it to the department.
    const org = await open({ staff: organizer }, 'staff-suggestions/index')
    await org.locator('#hd-q input').fill(marker)
    await org.locator('#hd-search').click()
    await openItem(org, id)
    await org.locator('#hd-do-assign').click()
    await org.locator(`#hd-assign-dept-${departmentId}`).click()
    await org.locator('#hd-assign-submit').click()
    await org.locator('#hd-step-done').waitFor()
    await expect.poll(() => textOf(org, '#hd-facts #hd-status')).toBe('办理中')
    const assigned = await stored(id)
    expect(assigned.status).toBe('assigned')
    expect(assigned.departmentId).toBe(departmentId)
    expect(assigned.dueAt).toMatch(/T15:59:59/)
    await shot(org, '19-handling-assign')

    // 3. The handler, at a desk (wide screen: list and detail in two columns), answers with class
    // B (planned) and publishes it.
    const hdl = await open({ staff: handler }, 'staff-suggestions/index', 1280)
    await openItem(hdl, id)
    await hdl.locator('#hd-do-answer').click()
    await hdl.locator('#hd-answer-class-B').click()
    await hdl.locator('#hd-answer-planned input').fill(shanghaiDay(30))
    await hdl.locator('#hd-answer-text textarea').fill('已列入明年检测大厅改造计划，公示屏将在改造时一并安装。')
    await hdl.locator('#hd-answer-publish').click()
    await shot(hdl, '20-handling-answer')
    await hdl.locator('#hd-answer-submit').click()
    await hdl.locator('#hd-step-done').waitFor()
    await expect.poll(() => textOf(hdl, '#hd-facts #hd-status')).toBe('已答复')
    const answered = await stored(id)
    expect([answered.status, answered.resultClass, answered.plannedBy, answered.published]).toEqual(['answered', 'B', shanghaiDay(30), true])

    // 4. The visitor reads the answer and rates it 不满意: the item is reopened to the department.
    await openPage(visitor, `${base}/#/pages/track/index?code=${trackingCode}`)
    expect(await textOf(visitor, '#track-class')).toContain('B')
    await visitor.locator('#rate-score-2').click()
    await visitor.locator('#rate-comment textarea').fill('希望尽快安装，不要等到明年。')
    await visitor.locator('#rate-submit').click()
    await visitor.locator('#dialog-confirm').click()
    await expect.poll(() => textOf(visitor, '#track-status')).toBe('重新办理')
    const reopened = await stored(id)
    expect([reopened.status, reopened.rating, reopened.reopenCount, reopened.departmentId]).toEqual(['reopened', 2, 1, departmentId])

    // 5. The handler answers again (A: done) and publishes; 6. the visitor rates 满意 and it closes.
    await hdl.reload()
    await hdl.locator('#hd-do-answer').click()
    await hdl.locator('#hd-answer-class-A').click()
    await hdl.locator('#hd-answer-text textarea').fill('公示屏已于本周安装在检测大厅入口，每日更新快检结果，欢迎查看。')
    await hdl.locator('#hd-answer-publish').click()
    await hdl.locator('#hd-answer-submit').click()
    await hdl.locator('#hd-step-done').waitFor()
    expect((await stored(id)).status).toBe('answered')

    await visitor.reload()
    await visitor.locator('#rate-score-4').click()
    await visitor.locator('#rate-submit').click()
    await expect.poll(() => textOf(visitor, '#track-status')).toBe('已办结')
    await shot(visitor, '21-track-rated')
    const closed = await stored(id)
    expect([closed.status, closed.rating, closed.resultClass, closed.reopenCount]).toEqual(['closed', 4, 'A', 1])
    // The trail holds every step, in order.
    expect(closed.trail.map((s) => s.action)).toEqual(['submit', 'assign', 'answer', 'rate_dissatisfied', 'answer', 'rate_satisfied'])

    // 7. The public sees the answer on the agency's page, and the figures moved by this item.
    const after = await agencyFigures(agencyId)
    expect(after.received).toBe(before.received + 1)
    expect(after.answered).toBe(before.answered + 1)
    expect(after.classCounts.A).toBe(before.classCounts.A + 1)
    expect(after.reopenRate).not.toBe(before.reopenRate)
    const pub = await open({}, `agency/index?id=${agencyId}`)
    expect(await textOf(pub, '#pub-fig-received')).toBe(`${after.received}件受理意见`)
    const published = pub.locator('#pub-answers .pub-answer', { hasText: marker })
    await published.waitFor()
    expect(await published.textContent()).toContain('公示屏已于本周安装在检测大厅入口，每日更新快检结果，欢迎查看。')
    expect(await published.textContent()).toContain('A类 已解决或采纳')
    // The department's bar is drawn at its rate: 1 of 1 answered.
    const bar = pub.locator(`#pub-dept-${departmentId}-bars-response .pub-bar__fill`)
    expect(await bar.evaluate((el) => el.style.width)).toBe('100%')
    await pub.locator('#pub-departments').scrollIntoViewIfNeeded()
    await shot(pub, '22-agency-page')
    // The event page lists it too.
    await openPage(pub, `${base}/#/pages/event/index?id=${DEMO_EVENT}`)
    await pub.locator('#event-answers .pub-answer', { hasText: marker }).waitFor()
    expect(pageErrors).toEqual([])
  })
})
