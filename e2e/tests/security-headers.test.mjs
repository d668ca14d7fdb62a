// The H5 app's security and cache headers (miniapp/src/_headers, served by Workers static
// assets under wrangler dev), and proof in Chromium that the app runs under its strict
// Content-Security-Policy: every page is loaded, logged in where it needs a login, and no
// `securitypolicyviolation` may fire. The staff check-in screen is its own document at /scan/,
// the only one allowed to use the camera (Chromium's fake camera here).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser.mjs'
import { openPage } from './ui-support.mjs'

const base = inject('baseUrl')
const HOUR = 3600_000

const BASE_CSP = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
}
const SCAN_CSP = { ...BASE_CSP, 'img-src': ["'self'", 'data:', 'blob:'], 'media-src': ["'self'", 'blob:'], 'worker-src': ["'self'", 'blob:'] }
const DENIED = 'microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), display-capture=()'
const COMMON = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
}

const parseCsp = (value) =>
  Object.fromEntries(
    (value ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  )

async function headersOf(path) {
  const res = await fetch(`${base}${path}`, { redirect: 'manual' })
  await res.arrayBuffer()
  return { status: res.status, headers: res.headers }
}

const pick = (headers, names) => Object.fromEntries(names.map((n) => [n, headers.get(n)]))

describe('static headers of the H5 app', () => {
  it('the HTML shells: strict CSP, HSTS, nosniff, no framing, no referrer, camera denied, always revalidated', async () => {
    const root = await headersOf('/')
    expect(root.status).toBe(200)
    expect(parseCsp(root.headers.get('content-security-policy'))).toEqual(BASE_CSP)
    expect(pick(root.headers, Object.keys(COMMON))).toEqual(COMMON)
    expect(root.headers.get('permissions-policy')).toBe(`camera=(), ${DENIED}`)
    expect(root.headers.get('cache-control')).toBe('no-cache')
  })

  it('/scan/ is the same shell, with the camera allowed for itself and a worker from a blob', async () => {
    const scan = await headersOf('/scan/')
    expect(scan.status).toBe(200)
    expect(parseCsp(scan.headers.get('content-security-policy'))).toEqual(SCAN_CSP)
    expect(pick(scan.headers, Object.keys(COMMON))).toEqual(COMMON)
    expect(scan.headers.get('permissions-policy')).toBe(`camera=(self), ${DENIED}`)
    expect(scan.headers.get('cache-control')).toBe('no-cache')
    const [a, b] = await Promise.all([fetch(`${base}/`).then((r) => r.text()), fetch(`${base}/scan/`).then((r) => r.text())])
    expect(b).toBe(a)
  })

  it("the door's service worker is always revalidated, so a new build reaches devices at once", async () => {
    const sw = await headersOf('/door-sw.js')
    expect(sw.status).toBe(200)
    expect(sw.headers.get('cache-control')).toBe('no-cache')
  })

  it('hashed scripts and styles are immutable for a year', async () => {
    const html = await (await fetch(`${base}/`)).text()
    const script = html.match(/src="(\/js\/app\.[0-9a-f]{8}\.js)"/)[1]
    const style = html.match(/href="(\/css\/app\.[0-9a-f]{8}\.css)"/)[1]
    for (const path of [script, style]) {
      const { status, headers } = await headersOf(path)
      expect(status, path).toBe(200)
      expect(headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable')
      expect(headers.get('x-content-type-options'), path).toBe('nosniff')
    }
  })
})

describe('the H5 app in Chromium under its Content-Security-Policy', () => {
  let browser
  beforeAll(async () => {
    browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'])
  })
  afterAll(async () => {
    await browser?.close()
  })

  /** A phone-sized context that records every CSP violation of every page it opens. */
  async function recordingContext() {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    await context.addInitScript(() => {
      window.__cspViolations = []
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
      )
    })
    return context
  }

  async function apiCall(route, { token, body } = {}) {
    const res = await fetch(`${base}/api/v1${route}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: res.status, json: await res.json() }
  }

  async function openAndSettle(context, path) {
    const page = await context.newPage()
    await openPage(page, `${base}${path}`)
    if (path.startsWith('/scan/')) {
      // The door starts its QR decoder in a worker made from a blob: Chromium never reports that
      // blob request finished, so the page is never "network idle". It is settled once the camera
      // plays and the check-in list and the ticket key are in.
      await expect.poll(() => page.evaluate(() => document.querySelector('video')?.videoWidth ?? 0), { timeout: 15_000 }).toBeGreaterThan(0)
      await expect.poll(() => page.locator('#checkin-roster-sync:visible').getAttribute('data-verifier'), { timeout: 20_000 }).toBe('ready')
      await expect.poll(() => page.locator('#checkin-roster-sync:visible').getAttribute('data-synced-at'), { timeout: 20_000 }).not.toBe('')
    } else {
      await page.waitForLoadState('networkidle')
    }
    await page.waitForTimeout(300)
    return page
  }

  it('loads every page without a single CSP violation, and only /scan/ may use the camera', async () => {
    // An event starting within the hour (check-in open), published with a reason.
    const staffToken = (await apiCall('/auth/staff/login', { body: { username: 'demo', password: 'demo12345' } })).json.token
    const now = Date.now()
    const created = await apiCall('/events', {
      token: staffToken,
      body: {
        title: '安全策略测试场',
        hostUnit: '农产品质量安全监管中心',
        venue: '固原市农产品质量安全监管中心',
        startAt: new Date(now + HOUR).toISOString(),
        endAt: new Date(now + 3 * HOUR).toISOString(),
        registrationOpensAt: new Date(now - HOUR).toISOString(),
        registrationClosesAt: new Date(now + 0.5 * HOUR).toISOString(),
        capacity: 10,
        agenda: [{ time: '09:30', title: '职能介绍' }],
        targetGroups: ['citizen'],
      },
    })
    const eventId = created.json.event.id
    expect((await apiCall(`/events/${eventId}/publish`, { token: staffToken, body: { overrideReason: '安全策略测试' } })).status).toBe(200)

    // A citizen logs in through the app; the token of that login signs them up.
    const citizen = await recordingContext()
    const login = await openAndSettle(citizen, '/#/pages/login/index')
    await login.locator('#sms-phone input').fill('13722223333')
    await login.locator('#sms-send').click()
    const code = ((await login.locator('#sms-dev-code').textContent()) ?? '').match(/\d{6}/)[0]
    await login.locator('#sms-code input').fill(code)
    const verified = login.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sms/verify'))
    await login.locator('#sms-submit').click()
    const citizenToken = (await (await verified).json()).token
    const signUp = await apiCall(`/events/${eventId}/registrations`, {
      token: citizenToken,
      body: { name: '赵六', phone: '13722223333', category: 'citizen', consent: true },
    })
    expect(signUp.status).toBe(201)
    const registrationId = signUp.json.registration.id

    // Staff log in through the app.
    const staff = await recordingContext()
    const staffLogin = await openAndSettle(staff, '/#/pages/staff-login/index')
    await staffLogin.locator('#staff-username input').fill('demo')
    await staffLogin.locator('#staff-password input').fill('demo12345')
    await staffLogin.locator('#staff-submit').click()
    await staffLogin.locator(`#staff-checkin-${eventId}`).waitFor()
    expect(await staffLogin.evaluate(() => document.featurePolicy.allowsFeature('camera'))).toBe(false)

    // 扫码签到 from the staff list loads the /scan/ document, where the camera runs.
    await staffLogin.locator(`#staff-checkin-${eventId}`).click()
    await staffLogin.waitForURL(`${base}/scan/#/pages/staff-checkin/index?eventId=${eventId}`)
    expect(await staffLogin.evaluate(() => document.featurePolicy.allowsFeature('camera'))).toBe(true)
    await expect
      .poll(() => staffLogin.evaluate(() => document.querySelector('video')?.videoWidth ?? 0), { timeout: 15_000 })
      .toBeGreaterThan(0)

    const pages = [
      [citizen, '/#/pages/index/index'],
      [citizen, `/#/pages/event/index?id=${eventId}`],
      [citizen, `/#/pages/register/index?eventId=${eventId}`],
      [citizen, '/#/pages/my/index'],
      [citizen, `/#/pages/ticket/index?id=${registrationId}`],
      [citizen, `/#/pages/evaluate/index?eventId=${eventId}`],
      [citizen, `/#/pages/suggest/index?eventId=${eventId}`],
      [citizen, '/#/pages/track/index'],
      [citizen, '/#/pages/no-such-page/index'],
      [staff, '/#/pages/staff-events/index'],
      [staff, `/#/pages/staff-event-edit/index?id=${eventId}`],
      [staff, '/#/pages/staff-event-edit/index'],
      [staff, `/#/pages/staff-dashboard/index?eventId=${eventId}`],
      [staff, `/#/pages/staff-venue-qr/index?eventId=${eventId}`],
      [staff, `/scan/#/pages/staff-checkin/index?eventId=${eventId}`],
    ]
    const violations = {}
    const record = async (page, label) => {
      const found = await page.evaluate(() => window.__cspViolations)
      if (found.length) violations[label] = found
    }
    await record(login, 'login')
    await record(staffLogin, 'staff-login → staff-events → /scan/ check-in')
    for (const [context, path] of pages) {
      const page = await openAndSettle(context, path)
      // The ticket's QR code is a data: image; the app did render it.
      if (path.includes('/ticket/')) await page.locator('#ticket-qr img').waitFor()
      await record(page, path)
      await page.close()
    }
    expect(violations).toEqual({})
    await citizen.close()
    await staff.close()
  })
})
