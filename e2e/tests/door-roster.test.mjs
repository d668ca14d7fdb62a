// The door with no network at all (issue 8, part 2): staff open the check-in page online, the
// device downloads the event's 签到名单; then the network is cut (playwright's offline mode and the
// link to the server really cut: network-cut.mjs) and a whole sequence of scans — valid, the same
// person again, a person another door checked in, a cancelled sign-up, another event's ticket, a
// forged ticket, a typed 签到码 — is decided on the device from the roster, in Chinese, without
// stopping. When the network returns the queue uploads, and the check-ins stored in D1 are the
// ones the device decided, at the times they were scanned. Then the same door moves to a stop of
// the tour (签到点) and, offline again, checks people in and out there: decided on the device,
// uploaded with the point, counted per point in D1 and on the dashboard.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { sqlRead as readD1, stackApi, storedQueue as queueOf, typeScan as typeOn } from '../support/door.mjs'
import { launchBrowser } from './browser.mjs'
import { startCuttableProxy } from './network-cut.mjs'
import { openPage } from './ui-support.mjs'

const stackBase = inject('baseUrl')
const stateDir = inject('stateDir')

let link
let browser
let context
let page
const pageErrors = []
/** Shared by the two parts: the event, the staff token, and its people (a, b, c cancelled, d). */
const tour = {}

const { apiCall, staffToken, createEvent: create, signUp: signUpAs } = stackApi(stackBase)
const createEvent = (token, title) => create(token, title, { reason: '端到端测试：无网签到名单' })
const signUp = (eventId, phone, name) => signUpAs(eventId, phone, name, 'e2e-roster')
const sqlRead = (sql) => readD1(stateDir, sql)
const typeScan = (value) => typeOn(page, value)
const storedQueue = () => queueOf(page)

const panel = () => page.locator('#checkin-result:visible')
const pending = () => page.locator('#checkin-sync:visible').getAttribute('data-pending')

/** Scans and waits for the device's own verdict (the upload cannot happen: no network). */
async function scanOffline(value, provisional, label) {
  const before = (await storedQueue()).length
  await typeScan(value)
  await expect.poll(async () => (await storedQueue()).length).toBe(before + 1)
  await expect.poll(() => panel().getAttribute('data-provisional')).toBe(provisional)
  expect(await page.locator('#checkin-result-label:visible').textContent()).toBe(label)
}

beforeAll(async () => {
  link = await startCuttableProxy(stackBase)
  browser = await launchBrowser()
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  page = await context.newPage()
  page.on('pageerror', (e) => pageErrors.push(e.message))
})
afterAll(async () => {
  await context?.setOffline(false)
  await browser?.close()
  await link?.close()
})

describe('the door decides from its roster with no network (H5)', () => {
  it('decides a whole sequence of scans on the device, in Chinese, then uploads them when the network returns', async () => {
    const token = await staffToken()
    const eventId = await createEvent(token, '无网也能签到：检测实验室开放日（端到端测试场）')
    const otherId = await createEvent(token, '另一场开放日（端到端测试场）')
    const people = []
    for (const [i, name] of ['赵一', '钱二', '孙三', '李四'].entries()) people.push(await signUp(eventId, `1371000000${i}`, name))
    const [a, b, c, d] = people.map((p) => p.registration)
    const stranger = (await signUp(otherId, '13710000009', '周九')).registration
    // 孙三 cancels; 李四 is checked in by another door before the doors go offline.
    expect((await apiCall(`/me/registrations/${c.id}`, { token: people[2].token, clientId: people[2].clientId, method: 'DELETE' })).status).toBe(200)
    const otherDoor = await apiCall(`/events/${eventId}/checkins`, { token, body: { ticket: d.ticket, nonce: 'e2e-other-door-0001' } })
    expect(otherDoor.json.result).toBe('checked_in')

    // Staff open the check-in page online: the roster is downloaded and stored.
    await openPage(page, `${link.base}/#/pages/staff-login/index`)
    await page.locator('#staff-username input').fill('demo')
    await page.locator('#staff-password input').fill('demo12345')
    await page.locator('#staff-submit').click()
    await page.locator(`#staff-checkin-${eventId}`).click()
    await expect.poll(() => page.locator('#checkin-roster-sync:visible').textContent(), { timeout: 20_000 }).toMatch(/^签到名单 4 人 · 最近同步 \d\d:\d\d$/)
    // …and the offline ticket verifier (a chunk of its own) is loaded.
    await expect.poll(() => page.locator('#checkin-roster-sync:visible').getAttribute('data-verifier'), { timeout: 20_000 }).toBe('ready')
    const syncedBefore = Number(await page.locator('#checkin-roster-sync:visible').getAttribute('data-synced-at'))

    // The network goes.
    link.cut()
    await context.setOffline(true)
    await page.locator('#checkin-offline-banner:visible').waitFor()
    expect(await page.locator('#checkin-sync:visible').getAttribute('data-online')).toBe('false')
    expect(await page.locator('#checkin-offline-banner:visible').textContent()).toContain('网络已断开')

    await scanOffline(a.ticket, 'checked_in', '签到成功')
    expect(await page.locator('#checkin-result-name:visible').textContent()).toBe('赵*')
    await scanOffline(a.ticket, 'already_checked_in', '重复签到')
    expect(await page.locator('#checkin-result-first:visible').textContent()).toMatch(/^已由本机于 \d\d:\d\d 签到$/)
    await scanOffline(d.ticket, 'already_checked_in', '重复签到')
    expect(await page.locator('#checkin-result-first:visible').textContent()).toMatch(/^已由 .+ 于 \d\d:\d\d 签到$/)
    await scanOffline(c.ticket, 'cancelled', '报名或活动已取消')
    await scanOffline(stranger.ticket, 'wrong_event', '非本场活动')
    await scanOffline(a.ticket.replace(`.${a.id}.`, `.${b.id}.`), 'invalid', '无效票据')
    await scanOffline('ZZZZ9999', 'invalid', '无效票据')
    await scanOffline(b.shortCode.toLowerCase(), 'checked_in', '签到成功') // and it keeps going
    expect(await page.locator('#checkin-result-name:visible').textContent()).toBe('钱*')
    expect(await pending()).toBe('8')
    expect(await page.locator('#checkin-pending-count:visible').textContent()).toBe('8')
    const queued = await storedQueue()
    // Nothing reached the server meanwhile.
    expect((await apiCall(`/events/${eventId}/dashboard`, { token })).json.checkedIn).toBe(1)

    // The network returns: everything is uploaded and the server agrees with the device.
    link.restore()
    await context.setOffline(false)
    await expect.poll(() => pending(), { timeout: 30_000 }).toBe('0')
    const lines = page.locator('#checkin-history:visible .history__item')
    await expect
      .poll(() => lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome'))), { timeout: 10_000 })
      .toEqual(['checked_in', 'invalid', 'invalid', 'wrong_event', 'cancelled', 'already_checked_in', 'already_checked_in', 'checked_in'])
    expect(queued.map((s) => s.provisional)).toEqual(['checked_in', 'invalid', 'invalid', 'wrong_event', 'cancelled', 'already_checked_in', 'already_checked_in', 'checked_in'])
    // The roster is refreshed after the upload.
    await expect.poll(async () => Number(await page.locator('#checkin-roster-sync:visible').getAttribute('data-synced-at')), { timeout: 15_000 }).toBeGreaterThan(syncedBefore)

    // Stored in D1: the other door's check-in, and the two the device decided, each once, at the
    // time it was scanned, with the nonce of its scan.
    const byTicket = (v) => queued.find((s) => s.provisional === 'checked_in' && s.offline?.registrationId === v)
    const rows = sqlRead(`SELECT registration_id, nonce, checked_in_at FROM checkins WHERE event_id = '${eventId}' ORDER BY checked_in_at`)
    expect(rows).toEqual([
      { registration_id: d.id, nonce: 'e2e-other-door-0001', checked_in_at: otherDoor.json.checkedInAt },
      { registration_id: a.id, nonce: byTicket(a.id).nonce, checked_in_at: byTicket(a.id).scannedAt },
      { registration_id: b.id, nonce: byTicket(b.id).nonce, checked_in_at: byTicket(b.id).scannedAt },
    ])
    expect(sqlRead(`SELECT checked_in_count FROM events WHERE id = '${eventId}'`)).toEqual([{ checked_in_count: 3 }])
    expect(sqlRead(`SELECT COUNT(*) AS n FROM checkins WHERE event_id = '${otherId}'`)).toEqual([{ n: 0 }])
    Object.assign(tour, { token, eventId, a, b, c, d })
  })

  it('offline at a stop of the tour: check-ins and an exit decided on the device, uploaded with the point, counted per point', async () => {
    const { token, eventId, a, b, c } = tour
    const gc = await apiCall(`/events/${eventId}/checkpoints`, { token, body: { name: '气相色谱仪', kind: 'stop', description: '分离并测定农药残留' } })
    expect(gc.status).toBe(201)
    const gcId = gc.json.point.id
    // The door opens the page again while online: the point list (and the roster) are on the device.
    await openPage(page, `${link.base}/#/pages/staff-checkin/index?eventId=${eventId}`)
    await page.locator(`#cp-point-${gcId}:visible`).waitFor({ timeout: 20_000 })
    await expect.poll(() => page.locator('#checkin-roster-sync:visible').getAttribute('data-verifier'), { timeout: 20_000 }).toBe('ready')
    await page.locator(`#cp-point-${gcId}:visible`).click()

    link.cut()
    await context.setOffline(true)
    await page.locator('#checkin-offline-banner:visible').waitFor()
    const before = (await storedQueue()).length
    await scanOffline(a.ticket, 'checked_in', '签到成功')
    await scanOffline(a.ticket, 'already_checked_in', '重复签到')
    expect(await page.locator('#checkin-result-first:visible').textContent()).toMatch(/^已由本机于 \d\d:\d\d 签到$/)
    await scanOffline(c.ticket, 'cancelled', '报名或活动已取消')
    await scanOffline(b.shortCode, 'checked_in', '签到成功')
    await page.locator('#cp-direction-out:visible').click()
    await scanOffline(a.ticket, 'exited', '已登记离开')
    expect(await pending()).toBe('5')
    const queued = (await storedQueue()).slice(0, (await storedQueue()).length - before)
    expect(queued.map((q) => [q.checkpointId, q.direction ?? 'in', q.provisional])).toEqual([
      [gcId, 'out', 'exited'],
      [gcId, 'in', 'checked_in'],
      [gcId, 'in', 'cancelled'],
      [gcId, 'in', 'already_checked_in'],
      [gcId, 'in', 'checked_in'],
    ])
    expect(sqlRead(`SELECT COUNT(*) AS n FROM checkpoint_scans WHERE checkpoint_id = '${gcId}'`)).toEqual([{ n: 0 }])

    link.restore()
    await context.setOffline(false)
    await expect.poll(() => pending(), { timeout: 30_000 }).toBe('0')
    const lines = page.locator('#checkin-history:visible .history__item')
    await expect
      .poll(() => lines.evaluateAll((els) => els.slice(0, 5).map((e) => e.getAttribute('data-outcome'))), { timeout: 10_000 })
      .toEqual(['exited', 'checked_in', 'cancelled', 'already_checked_in', 'checked_in'])

    // In D1: one row per person at the point, at the scan time with the scan's nonce, and the exit.
    const scanOf = (id, dir, p) => queued.find((q) => q.offline?.registrationId === id && (q.direction ?? 'in') === dir && q.provisional === p)
    expect(sqlRead(`SELECT registration_id, source, nonce, checked_in_at, exited_at FROM checkpoint_scans WHERE checkpoint_id = '${gcId}' ORDER BY checked_in_at`)).toEqual([
      { registration_id: a.id, source: 'staff', nonce: scanOf(a.id, 'in', 'checked_in').nonce, checked_in_at: scanOf(a.id, 'in', 'checked_in').scannedAt, exited_at: scanOf(a.id, 'out', 'exited').scannedAt },
      { registration_id: b.id, source: 'staff', nonce: scanOf(b.id, 'in', 'checked_in').nonce, checked_in_at: scanOf(b.id, 'in', 'checked_in').scannedAt, exited_at: null },
    ])
    expect(sqlRead(`SELECT checked_in_count, exited_count FROM checkpoints WHERE id = '${gcId}'`)).toEqual([{ checked_in_count: 2, exited_count: 1 }])
    const dash = await apiCall(`/events/${eventId}/dashboard`, { token })
    expect(dash.json.points.map((p) => [p.id, p.checkedIn, p.exited, p.insideNow])).toEqual([
      ['entrance', 3, 0, 3],
      [gcId, 2, 1, 1],
    ])
  })

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})
