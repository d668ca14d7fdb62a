// An event's life told to the people concerned, end to end in Chromium against the real stack
// (issue 7, parts 1–3): staff publish an event (its 活动预告 is in the feed), a citizen signs up,
// staff postpone it in the edit screen (the registrant's message goes through the outbox, the
// NOTIFY queue and its consumer under wrangler dev, and shows in 我的消息), then cancel it with a
// reason (the event page and the ticket say so, the door answers 已取消), and the agency's RSS
// feed carries the 活动预告 and both 变更通知.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser.mjs'
import { apiCall, confirmDialog, openPage, participantSession, phoneContext, staffSession, textIn } from './ui-support.mjs'

const base = inject('baseUrl')
const DAY = 86_400_000
let browser
let staff
const pageErrors = []

beforeAll(async () => {
  browser = await launchBrowser()
  staff = await staffSession(base)
})
afterAll(async () => {
  await browser?.close()
})

async function open(sessions, route) {
  const context = await phoneContext(browser, { sessions })
  const page = await context.newPage()
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await openPage(page, `${base}/#/pages/${route}`)
  return page
}

const text = textIn

describe('an event’s changes reach the people signed up (H5)', () => {
  it('publish → sign up → postpone (told) → cancel with a reason (told, ticket void) → RSS', async () => {
    const suffix = randomBytes(3).toString('hex')
    const title = `食品安全实验室开放日${suffix}`
    // Whole minutes: the edit form shows and sends times to the minute.
    const start = Math.floor((Date.now() + 20 * DAY) / 60_000) * 60_000
    const created = await apiCall(base, '/events', {
      token: staff.token,
      body: {
        title,
        hostUnit: '农产品质量安全监管中心',
        venue: '固原市农产品质量安全监管中心检测实验室',
        startAt: new Date(start).toISOString(),
        endAt: new Date(start + 3 * 3600_000).toISOString(),
        registrationOpensAt: new Date(Date.now() - 3600_000).toISOString(),
        registrationClosesAt: new Date(start - DAY).toISOString(),
        capacity: 20,
        agenda: [{ time: '09:30', title: '签到入场' }, { time: '10:00', title: '参观检测实验室' }],
        targetGroups: ['citizen'],
      },
    })
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    const eventId = created.json.event.id
    expect((await apiCall(base, `/events/${eventId}/publish`, { token: staff.token, body: {} })).status).toBe(200)

    const phone = `1365${String(Date.now()).slice(-7)}`
    const citizen = await participantSession(base, phone)
    const signup = await apiCall(base, `/events/${eventId}/registrations`, {
      token: citizen.token,
      body: { name: '周五福', phone, category: 'citizen', consent: true },
    })
    expect(signup.status, JSON.stringify(signup.json)).toBe(201)
    const registration = signup.json.registration

    // Staff postpone it by a week in the edit screen; saving asks to confirm that 1 person is told.
    const editor = await open({ staff }, `staff-event-edit/index?id=${eventId}`)
    await editor.locator('#ev-live-note').waitFor()
    await editor.locator('#ev-postpone-7').click()
    await editor.locator('#ev-save').click()
    await confirmDialog(editor)
    await editor.locator('#ev-change-saved').waitFor()
    const moved = (await apiCall(base, `/events/${eventId}`, { token: staff.token })).json.event
    expect(moved.startAt).toBe(new Date(start + 7 * DAY).toISOString())
    expect(moved.previousStartAt).toBe(new Date(start).toISOString())

    // The message went through the queue: 我的消息 shows it as sent.
    const messages = async () => (await apiCall(base, '/me/notifications', { token: citizen.token })).json.notifications
    await expect.poll(async () => (await messages()).map((n) => [n.kind, n.status]), { timeout: 20_000 }).toStrictEqual([['event_changed', 'sent']])
    const inbox = await open({ participant: citizen }, 'notice-settings/index')
    await inbox.locator('#notice-message-list').waitFor()
    expect(await text(inbox, '#notice-message-list')).toContain(`活动变更：${title}`)
    await inbox.context().close()

    // Then they cancel it with a reason, on its own page (取消活动).
    await editor.reload()
    await editor.locator('#ev-cancel').click()
    await editor.locator(`#cancel-${eventId}-reason`).waitFor()
    const reason = '检测实验室临时承担应急检测任务，活动取消'
    await editor.locator(`#cancel-${eventId}-reason textarea`).fill(reason)
    await editor.locator(`#cancel-${eventId}-submit`).click()
    await confirmDialog(editor)
    await editor.locator('#ev-cancelled').waitFor()
    expect(await text(editor, '#ev-cancelled')).toContain(reason)

    await expect
      .poll(async () => (await messages()).map((n) => [n.kind, n.status]), { timeout: 20_000 })
      .toStrictEqual([
        ['event_cancelled', 'sent'],
        ['event_changed', 'sent'],
      ])

    // The event page and the ticket say it is cancelled; the door answers 已取消.
    const eventPage = await open({ participant: citizen }, `event/index?id=${eventId}`)
    expect(await text(eventPage, '#event-cancel-reason')).toBe(`取消原因：${reason}`)
    expect(await eventPage.locator('#event-register').count()).toBe(0)
    const ticket = await open({ participant: citizen }, `ticket/index?id=${registration.id}`)
    expect(await text(ticket, '#ticket-cancel-reason')).toBe(`取消原因：${reason}`)
    expect(await ticket.locator('#ticket-qr').count()).toBe(0)
    const scan = await apiCall(base, `/events/${eventId}/checkins`, { token: staff.token, body: { ticket: registration.ticket } })
    expect(scan.json.result).toBe('cancelled')

    // The agency's RSS feed: 活动预告, then both 变更通知, newest first.
    const rss = await (await fetch(`${base}/api/v1/public/agencies/${staff.profile.agencyId}/feed.xml`, { headers: { authorization: `Bearer ${staff.token}` } })).text()
    const titles = [...rss.matchAll(/<item>[\s\S]*?<title><!\[CDATA\[([^\]]*)\]\]><\/title>/g)].map((m) => m[1]).filter((t) => t.includes(title))
    expect(titles).toStrictEqual([`变更通知｜${title}：活动取消`, `变更通知｜${title}：时间调整`, `活动预告｜${title}`])
    expect(pageErrors).toStrictEqual([])
  })
})
