// The core loop of an open day in the H5 app, in Debian Chromium at a phone viewport, against
// the real stack (wrangler dev + local D1): a citizen logs in by SMS and signs up, sees the QR
// ticket; staff check the ticket in by short code and see it on the dashboard; the citizen
// evaluates; a visitor leaves a suggestion and finds it by tracking code.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, phonePage } from './browser.mjs'
import { openPage } from './ui-support.mjs'

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')
const base = inject('baseUrl')
const HOUR = 3600_000

let browser
const pageErrors = []

async function open(route) {
  const page = await phonePage(browser)
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await openPage(page, `${base}/#/pages/${route}`)
  return page
}

async function shot(page, name) {
  await page.waitForTimeout(300) // let fonts and images settle
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) })
}

async function textOf(page, selector) {
  const loc = page.locator(selector)
  await loc.waitFor({ timeout: 15_000 })
  return ((await loc.textContent()) ?? '').trim()
}

/** Scrolls `selector` into view, asserts a tap at its centre hits it, then clicks it. */
async function tapChecked(page, selector) {
  const target = page.locator(selector)
  await target.scrollIntoViewIfNeeded()
  const hitsTarget = await target.evaluate((el) => {
    const r = el.getBoundingClientRect()
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)
    return Boolean(hit && (hit === el || el.contains(hit)))
  })
  expect(hitsTarget, `${selector} is covered by another element`).toBe(true)
  await target.dispatchEvent('click')
}

async function apiCall(route, { token, body, method } = {}) {
  const res = await fetch(`${base}/api/v1${route}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, json: await res.json() }
}

/**
 * An open day starting in a few seconds: check-in opens 2 h before the start, and the anonymous
 * evaluation at the start, which has passed by the time the citizen evaluates.
 */
const STARTS_IN_MS = 15_000
async function createEventStartingSoon() {
  const login = await apiCall('/auth/staff/login', { body: { username: 'demo', password: 'demo12345' } })
  const token = login.json.token
  const now = Date.now()
  const created = await apiCall('/events', {
    token,
    body: {
      title: '走进农产品检测实验室（端到端测试场）',
      hostUnit: '农产品质量安全监管中心',
      venue: '固原市农产品质量安全监管中心 三楼实验室',
      startAt: new Date(now + STARTS_IN_MS).toISOString(),
      endAt: new Date(now + 3 * HOUR).toISOString(),
      registrationOpensAt: new Date(now - HOUR).toISOString(),
      registrationClosesAt: new Date(now + 0.5 * HOUR).toISOString(),
      capacity: 30,
      agenda: [{ time: '09:30', title: '职能介绍' }, { time: '10:00', title: '参观农产品检测实验室' }],
      targetGroups: ['citizen', 'npc_deputy'],
      contactPhone: '0954-2021234',
    },
  })
  expect(created.status).toBe(201)
  // Sooner than 5 working days: publishing needs a stated reason.
  const refused = await apiCall(`/events/${created.json.event.id}/publish`, { token, body: {} })
  expect(refused.json.error.code).toBe('NOTICE_TOO_SHORT')
  const published = await apiCall(`/events/${created.json.event.id}/publish`, { token, body: { overrideReason: '端到端测试' } })
  expect(published.status).toBe(200)
  return created.json.event.id
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('an open day in the H5 app', () => {
  let eventId
  let shortCode
  let citizen

  it('a citizen logs in by SMS dev code, signs up and sees the QR ticket', async () => {
    eventId = await createEventStartingSoon()
    citizen = await open('index/index')
    await citizen.locator('#event-demo-event-guyuan-lab-day').waitFor()
    await shot(citizen, '01-events')
    await citizen.locator(`#event-${eventId}`).click()
    await textOf(citizen, '#event-title')
    await shot(citizen, '02-event-detail')
    await citizen.locator('#event-register').click()

    await citizen.locator('#sms-phone input').fill('13912345678')
    await citizen.locator('#sms-send').click()
    const code = await textOf(citizen, '#sms-dev-code')
    expect(code).toMatch(/\d{6}/)
    await citizen.locator('#sms-code input').fill(code.match(/\d{6}/)[0])
    await shot(citizen, '03-sms-login')
    await citizen.locator('#sms-submit').click()

    await citizen.locator('#reg-name input').fill('张三')
    await citizen.locator('#reg-phone input').fill('13912345678')
    await citizen.locator('#reg-category-npc_deputy').click()
    await citizen.locator('#reg-consent').click()
    await shot(citizen, '04-register')
    // A wrong phone is caught on the form, in Chinese, before anything is sent.
    await citizen.locator('#reg-phone input').fill('1391234')
    await citizen.locator('#reg-submit').click()
    await expect.poll(() => citizen.locator('body').textContent()).toContain('请输入正确的11位手机号码')
    expect((await apiCall(`/events/${eventId}`)).json.event.seatsLeft).toBe(30)
    await citizen.locator('#reg-phone input').fill('13912345678')
    await citizen.locator('#reg-submit').click()

    shortCode = await textOf(citizen, '#ticket-short-code')
    expect(shortCode.replace(/\s/g, '')).toMatch(/^[2-9A-HJ-NP-TV-Z]{8}$/)
    const qr = await citizen.locator('#ticket-qr img').getAttribute('src')
    expect(qr).toMatch(/^data:image\/svg\+xml/)
    await shot(citizen, '05-ticket')

    const mine = await apiCall(`/events/${eventId}`)
    expect(mine.json.event.seatsLeft).toBe(29)
  })

  it('staff log in, check the ticket in by short code, and the dashboard shows 1', async () => {
    const staff = await open('staff-login/index')
    await staff.locator('#staff-username input').fill('demo')
    await staff.locator('#staff-password input').fill('demo12345')
    await staff.locator('#staff-submit').click()
    await staff.locator(`#staff-checkin-${eventId}`).waitFor()
    await shot(staff, '06-staff-events')
    await staff.locator(`#staff-checkin-${eventId}`).click()

    await staff.locator('#checkin-code input').fill(shortCode.replace(/\s/g, ''))
    // Below the camera box on a phone screen: the same scroll-then-click issue as #ticket-evaluate.
    await tapChecked(staff, '#checkin-submit')
    await expect.poll(() => staff.locator('#checkin-result').getAttribute('data-outcome'), { timeout: 15_000 }).toBe('checked_in')
    expect(await textOf(staff, '#checkin-result-label')).toBe('签到成功')
    expect(await staff.locator('#checkin-result').textContent()).toContain('张*')
    await shot(staff, '07-checkin')

    // Scanning the same code again says so, and the screen is ready for the next one at once.
    await staff.locator('#checkin-code input').fill(shortCode.replace(/\s/g, ''))
    await staff.locator('#checkin-code input').press('Enter') // as a handheld scanner ends its input
    await expect.poll(() => staff.locator('#checkin-result').getAttribute('data-outcome'), { timeout: 15_000 }).toBe('already_checked_in')

    await openPage(staff, `${base}/#/pages/staff-dashboard/index?eventId=${eventId}`)
    await expect.poll(() => textOf(staff, '#dash-checked-in'), { timeout: 15_000 }).toBe('1')
    expect(await textOf(staff, '#dash-registered')).toBe('1')
    await shot(staff, '08-dashboard')

    await openPage(staff, `${base}/#/pages/staff-venue-qr/index?eventId=${eventId}`)
    await staff.locator('#venue-qr img').waitFor()
    await shot(staff, '09-venue-qr')
  })

  it('the checked-in citizen fills the anonymous evaluation with the phone’s token, sent without login', async () => {
    const answers = []
    citizen.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith(`/events/${eventId}/evaluations`)) answers.push(req)
    })
    // A fresh load of 我的报名 (a hash-only change would stack pages on the earlier ones).
    await openPage(citizen, `${base}/#/pages/my/index`)
    await citizen.reload()
    await citizen.locator('#my-list [id^="reg-"]').first().click()
    // The evaluation opens when the event starts: until then the ticket says so.
    await expect
      .poll(
        async () => {
          await citizen.locator('#ticket-evaluate, #ticket-evaluation-state').first().waitFor()
          if (await citizen.locator('#ticket-evaluate').count()) return 'ready'
          const state = (await citizen.locator('#ticket-evaluation-state').textContent()) ?? ''
          await citizen.reload()
          return state
        },
        { timeout: STARTS_IN_MS + 30_000, interval: 1000 },
      )
      .toBe('ready')
    // The button sits low in Taro's scrolling page container, where Playwright's own
    // scroll-then-click misses under mobile emulation: check that a tap at its centre lands on
    // it (nothing covers it), then deliver the click.
    await tapChecked(citizen, '#ticket-evaluate')
    await citizen.locator('#eval-anonymous').waitFor()
    for (const dim of ['measures', 'results', 'procedures', 'service', 'conduct', 'integrity']) {
      await citizen.locator(`#eval-${dim}-5`).click()
    }
    await citizen.locator('#eval-comment textarea').fill('讲解细致，仪器演示很直观。')
    await shot(citizen, '12-evaluate')
    await citizen.locator('#eval-submit').click()
    await citizen.locator('#eval-done').waitFor()
    // The answer carried the token and nothing that says who or which device sent it.
    expect(answers).toHaveLength(1)
    const headers = await answers[0].allHeaders()
    expect(headers.authorization).toBeUndefined()
    expect(headers['x-client-id']).toBeUndefined()
    expect(Object.keys(answers[0].postDataJSON()).sort()).toEqual(['comment', 'scores', 'token'])
    // One answer is below the step of 5: the dashboard shows nothing of it.
    const login = await apiCall('/auth/staff/login', { body: { username: 'demo', password: 'demo12345' } })
    const dash = await apiCall(`/events/${eventId}/dashboard`, { token: login.json.token })
    expect(dash.json.evaluations).toEqual({ count: 0, averages: null, overall: null, distribution: null })
    // Back on the ticket, this phone remembers it has answered.
    await openPage(citizen, `${base}/#/pages/my/index`)
    await citizen.reload()
    await citizen.locator('#my-list [id^="reg-"]').first().click()
    await expect.poll(() => citizen.locator('#ticket-evaluation-state').textContent(), { timeout: 15_000 }).toBe('您已提交无记名测评，感谢参与')
  })

  it('a visitor submits a suggestion without login and finds it by tracking code', async () => {
    const visitor = await open(`suggest/index?eventId=${eventId}`)
    await visitor.locator('#suggest-content textarea').fill('建议在实验室门口增加农药残留快检结果公示屏，方便群众随时查看。')
    await shot(visitor, '10-suggest')
    await visitor.locator('#suggest-submit').click()
    const tracking = await textOf(visitor, '#suggest-tracking-code')
    expect(tracking).toMatch(/^YJ[2-9A-HJ-NP-TV-Z]{16}$/)

    await openPage(visitor, `${base}/#/pages/track/index`)
    await visitor.locator('#track-code input').fill(tracking)
    await visitor.locator('#track-submit').click()
    expect(await textOf(visitor, '#track-status')).toBe('已受理')
    await shot(visitor, '11-track')
  })

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([])
  })
})
