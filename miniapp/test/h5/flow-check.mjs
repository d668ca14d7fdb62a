// Walks the H5 build through the main flows with the selectors documented in miniapp/README.md,
// against the fake API of mock-server.mjs. Needs Debian's chromium and playwright-core (from the
// e2e package). Usage: pnpm build:h5 && node test/h5/flow-check.mjs
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(new URL('../../../e2e/package.json', import.meta.url))
const { chromium } = require('playwright-core')
const port = 4180
const base = `http://127.0.0.1:${port}`
const server = spawn(process.execPath, [fileURLToPath(new URL('./mock-server.mjs', import.meta.url)), String(port)], { stdio: 'ignore' })
await new Promise((r) => setTimeout(r, 500))

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
const errors = []
page.on('pageerror', (e) => errors.push(e.message))
const step = (name) => console.log('✓', name)
const expectText = async (sel, re) => {
  const loc = page.locator(sel)
  await loc.waitFor()
  const t = (await loc.textContent())?.trim() ?? ''
  if (!re.test(t)) throw new Error(`${sel}: "${t}" does not match ${re}`)
  return t
}

try {
  // Citizen: event list → detail → login (SMS) → register → ticket
  await page.goto(`${base}/#/pages/index/index`)
  await page.locator('#event-ev1').click()
  await page.locator('#event-register').click()
  await page.locator('#sms-phone input').fill('13812345678')
  await page.locator('#sms-send').click()
  const code = await expectText('#sms-dev-code', /^\d{6}$/)
  await page.locator('#sms-code input').fill(code)
  await page.locator('#sms-submit').click()
  step('SMS login with the dev code')
  await page.locator('#reg-name input').fill('张三')
  await page.locator('#reg-phone input').fill('13812345678')
  await page.locator('#reg-category-citizen').click()
  await page.locator('#reg-consent').click()
  await page.locator('#reg-submit').click()
  await expectText('#ticket-short-code', /^[A-Z0-9]{8}$/)
  const qr = await page.locator('#ticket-qr img').getAttribute('src')
  if (!qr?.startsWith('data:image/svg+xml;base64,')) throw new Error('no QR image')
  const ticket = await page.locator('#ticket-qr-box').getAttribute('data-ticket')
  if (!ticket) throw new Error('no data-ticket')
  step('registered, ticket shows QR and short code')

  // Visitor: suggestion without login → tracking code → track
  await page.goto(`${base}/#/pages/suggest/index?eventId=ev1`)
  await page.locator('#suggest-content textarea').fill('建议增加引导标识')
  await page.locator('#suggest-submit').click()
  const tracking = await expectText('#suggest-tracking-code', /^[A-Z0-9]+$/)
  await page.goto(`${base}/#/pages/track/index`)
  await page.locator('#track-code input').fill(tracking)
  await page.locator('#track-submit').click()
  await expectText('#track-status', /^(已受理|已答复)$/)
  step('suggestion and tracking')

  // Staff: login → events → check-in → dashboard
  await page.goto(`${base}/#/pages/staff-login/index`)
  await page.locator('#staff-username input').fill('wang')
  await page.locator('#staff-password input').fill('secret')
  await page.locator('#staff-submit').click()
  await page.locator('#staff-checkin-ev1').click()
  await page.locator('#checkin-code input').fill('ABCD2345')
  await page.locator('#checkin-submit').click()
  await page.waitForFunction(() => !['idle', 'pending'].includes(document.querySelector('#checkin-result')?.getAttribute('data-outcome') ?? 'idle'))
  const outcome = await page.locator('#checkin-result').getAttribute('data-outcome')
  await expectText('#checkin-result-label', /签到成功|已签到过|无效票据/)
  step(`check-in result: ${outcome}`)
  await page.goto(`${base}/#/pages/staff-dashboard/index?eventId=ev1`)
  await expectText('#dash-checked-in', /^\d+$/)
  step('dashboard')
  if (errors.length) throw new Error('page errors: ' + errors.join('; '))
  console.log('all flows OK')
} finally {
  await browser.close()
  server.kill()
}
