// The lab tour end to end in the H5 app (issue 8 §1, docs/checkpoints.md), in Debian Chromium
// against the real stack (wrangler dev + local D1): staff set up the tour (the entrance and two
// stops), a participant is checked in at the entrance, then opens a stop's rotating code with the
// phone (the URL the phone camera opens) and lands on the stop's page with its text; staff see the
// counts per point on 实时数据 and 签到点; a code from an old 30-second window (made with the
// stack's own secret, so no waiting), a tampered code and another event's code are refused in
// Chinese, and nothing is recorded for them.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { webcrypto } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { readEnvFile } from '../../scripts/lib.mjs'
import { sqlRead as readD1, stackApi } from '../support/door.mjs'
import { launchBrowser, phonePage } from './browser.mjs'
import { openPage } from './ui-support.mjs'

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')
const base = inject('baseUrl')
const stateDir = inject('stateDir')
const GC_TEXT = '气相色谱仪把样品中的多种农药残留分离开来，再逐一测定含量，常用于蔬菜水果的农残检测。'

let browser
const pageErrors = []

const { apiCall, staffToken, createEvent: create, signUp: signUpAs } = stackApi(base)
const createEvent = (token, title) => create(token, title, { reason: '端到端测试：参观路线' })
const signUp = (eventId, phone, name) => signUpAs(eventId, phone, name, 'e2e-tour')
const sqlRead = (sql) => readD1(stateDir, sql)

async function shot(page, name) {
  await page.waitForTimeout(300) // let fonts and images settle
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) })
}

/** The point's code for a 30-second window, made as the server makes it (api/src/checkins/checkpoints.ts). */
async function codeFor(secret, pointId, window) {
  const enc = new TextEncoder()
  const material = await webcrypto.subtle.importKey('raw', enc.encode(secret), 'HKDF', false, ['deriveKey'])
  const key = await webcrypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: enc.encode('openday-checkpoint-codes'), info: enc.encode('checkpoint-code-v1') },
    material,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  )
  const mac = new Uint8Array(await webcrypto.subtle.sign('HMAC', key, enc.encode(`cp:${pointId}:${window}`))).slice(0, 12)
  return `${pointId}.${window.toString(36)}.${Buffer.from(mac).toString('base64url')}`
}

/** The participant's phone: a browser context with the session the app keeps after an SMS login. */
async function participantPhone(person) {
  const page = await phonePage(browser)
  page.on('pageerror', (e) => pageErrors.push(e.message))
  // Taro's H5 storage: each value as {"data": …} in localStorage.
  await page.context().addInitScript(
    ({ token, profile }) => {
      localStorage.setItem('openday.participant.token', JSON.stringify({ data: token }))
      localStorage.setItem('openday.participant.profile', JSON.stringify({ data: JSON.stringify(profile) }))
      localStorage.setItem('openday.participant.savedAt', JSON.stringify({ data: String(Date.now()) }))
    },
    { token: person.token, profile: person.profile },
  )
  return page
}

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('the lab tour, stop by stop (H5)', () => {
  it('staff set up the stops; a participant checked in at the door scans a stop and reads about it; counts per point; old and forged codes refused', async () => {
    const token = await staffToken()
    const eventId = await createEvent(token, '走进检测实验室：参观路线（端到端测试场）')
    const otherId = await createEvent(token, '另一场开放日（端到端测试场·参观路线）')
    // The tour: the entrance is always there; two stops with their text.
    const prep = await apiCall(`/events/${eventId}/checkpoints`, { token, body: { name: '样品前处理室', kind: 'stop', description: '蔬菜样品在这里粉碎、称量、提取，是检测的第一步。' } })
    const gc = await apiCall(`/events/${eventId}/checkpoints`, { token, body: { name: '气相色谱仪', kind: 'stop', description: GC_TEXT } })
    expect([prep.status, gc.status]).toEqual([201, 201])
    const prepId = prep.json.point.id
    const gcId = gc.json.point.id
    const elsewhere = (await apiCall(`/events/${otherId}/checkpoints`, { token, body: { name: '原子吸收分光光度计', kind: 'stop' } })).json.point.id

    const visitor = await signUp(eventId, '13720000001', '马晓燕')
    const friend = await signUp(eventId, '13720000002', '杨建国')
    // At the door: both checked in at the entrance by staff; the friend also by staff at the first stop.
    for (const p of [visitor, friend]) {
      const r = await apiCall(`/events/${eventId}/checkins`, { token, body: { ticket: p.registration.ticket } })
      expect(r.json.result).toBe('checked_in')
    }
    const staffAtPrep = await apiCall(`/events/${eventId}/checkins`, { token, body: { ticket: friend.registration.ticket, checkpointId: prepId } })
    expect(staffAtPrep.json.result).toBe('checked_in')

    // The stop's screen shows its rotating code; the participant's phone camera opens its URL.
    const shown = await apiCall(`/events/${eventId}/checkpoints/${gcId}/code`, { token })
    expect(shown.status).toBe(200)
    expect(shown.json.url).toBe(`${base}/#/pages/stop/index?c=${encodeURIComponent(shown.json.code)}`)
    const phone = await participantPhone(visitor)
    await openPage(phone, shown.json.url)
    await phone.locator('#stop-done').waitFor({ timeout: 20_000 })
    expect(await phone.locator('#stop-done').textContent()).toMatch(/^签到成功签到时间 \d\d:\d\d$/)
    expect(await phone.locator('#stop-description').textContent()).toBe(GC_TEXT)
    expect(await phone.locator('.taro_page:visible').textContent()).toContain('气相色谱仪')
    await shot(phone, '26-tour-stop')
    // Scanned again: counted once.
    await openPage(phone, `${base}/#/pages/stop/index?c=${encodeURIComponent(shown.json.code)}&again=1`)
    await phone.locator('#stop-done').waitFor({ timeout: 20_000 })
    expect(await phone.locator('#stop-done').textContent()).toContain('已在此签到')

    // Codes that must not work, each with what to do, in Chinese.
    const secret = readEnvFile(readFileSync(path.join(stateDir, 'stack.env'), 'utf8')).SESSION_SECRET
    const [, windowText] = shown.json.code.split('.')
    const old = await codeFor(secret, gcId, parseInt(windowText, 36) - 2) // genuine, two windows ago (≥ 30 s old)
    const tampered = shown.json.code.slice(0, -1) + (shown.json.code.endsWith('A') ? 'B' : 'A')
    const other = (await apiCall(`/events/${otherId}/checkpoints/${elsewhere}/code`, { token })).json.code
    const refused = async (code, message) => {
      await openPage(phone, `${base}/#/pages/stop/index?c=${encodeURIComponent(code)}`)
      await phone.locator('#stop-error').waitFor({ timeout: 20_000 })
      expect(await phone.locator('#stop-error').textContent()).toBe(message)
    }
    await refused(old, '二维码已过期，请扫描工作人员屏幕上的最新二维码')
    await shot(phone, '27-tour-stop-expired')
    await refused(tampered, '这不是有效的签到点二维码，请扫描工作人员屏幕上的二维码')
    await refused(other, '您没有报名本场活动，或报名已取消，不能在此签到')
    // The same old code straight at the API: 410, and no row for it.
    const direct = await apiCall('/checkpoints/scan', { token: visitor.token, body: { code: old } })
    expect(direct).toEqual({ status: 410, json: { error: { code: 'CHECKPOINT_CODE_EXPIRED', message: '二维码已过期，请扫描工作人员屏幕上的最新二维码' } } })

    // Stored in D1: one row per point and person, the source of each.
    expect(sqlRead(`SELECT checkpoint_id, registration_id, source FROM checkpoint_scans WHERE event_id IN ('${eventId}', '${otherId}') ORDER BY checkpoint_id = '${prepId}' DESC, registration_id`)).toEqual([
      { checkpoint_id: prepId, registration_id: friend.registration.id, source: 'staff' },
      { checkpoint_id: gcId, registration_id: visitor.registration.id, source: 'self' },
    ])
    expect(sqlRead(`SELECT id, checked_in_count FROM checkpoints WHERE event_id = '${eventId}' ORDER BY position`)).toEqual([
      { id: prepId, checked_in_count: 1 },
      { id: gcId, checked_in_count: 1 },
    ])

    // Staff: 实时数据 per point, and the 签到点 list.
    const dash = await apiCall(`/events/${eventId}/dashboard`, { token })
    expect(dash.json.points.map((p) => [p.id, p.checkedIn, p.insideNow])).toEqual([
      ['entrance', 2, 2],
      [prepId, 1, 1],
      [gcId, 1, 1],
    ])
    const staff = await phonePage(browser)
    staff.on('pageerror', (e) => pageErrors.push(e.message))
    await openPage(staff, `${base}/#/pages/staff-login/index`)
    await staff.locator('#staff-username input').fill('demo')
    await staff.locator('#staff-password input').fill('demo12345')
    await staff.locator('#staff-submit').click()
    await staff.locator(`#staff-checkin-${eventId}`).waitFor({ timeout: 20_000 })
    await openPage(staff, `${base}/#/pages/staff-dashboard/index?eventId=${eventId}`)
    await staff.locator(`#dash-point-${gcId}`).waitFor({ timeout: 20_000 })
    const figures = async (id) => (await staff.locator(`#dash-point-${id}`).textContent()).replace(/\s+/g, '')
    expect([await figures('entrance'), await figures(prepId), await figures(gcId)]).toEqual(['已签到2已离开0现在场内2', '已签到1已离开0现在场内1', '已签到1已离开0现在场内1'])
    const names = await staff.locator('#dash-points').textContent()
    const at = ['入口', '样品前处理室', '气相色谱仪'].map((n) => names.indexOf(n)) // each named, in tour order
    expect(at.every((i) => i >= 0) && at[0] < at[1] && at[1] < at[2]).toBe(true)
    await staff.locator('#dash-points').scrollIntoViewIfNeeded()
    await shot(staff, '28-tour-dashboard-points')
    await openPage(staff, `${base}/#/pages/staff-checkpoints/index?eventId=${eventId}`)
    await staff.locator(`#cp-${gcId}-counts`).waitFor({ timeout: 20_000 })
    expect(await staff.locator(`#cp-${gcId}-counts`).textContent()).toBe('已签到 1　已离开 0　现在场内 1')
    expect(await staff.locator('#cp-entrance-counts').textContent()).toBe('已签到 2　已离开 0　现在场内 2')
  })

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([])
  })
})
