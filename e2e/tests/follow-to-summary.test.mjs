// The public follows an agency from announcement to 活动总结, end to end in Chromium against the
// real stack (issue 7 §6): a citizen follows the agency on its page; staff publish an event (its
// 活动预告 is in 动态 and the follower's 关注动态 message goes through the outbox, the NOTIFY queue
// and its consumer); staff move its time (the registrant is told); the event happens (its dates
// are moved into the past in D1: only time could do that) with a check-in at the door; staff
// build the 活动总结 from the data and publish it with its 索引号; the public reads it in 动态,
// on its page with the 政府信息公开 header, and in the agency's RSS feed.
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_AGENCY_ID } from '../../scripts/demo-data.mjs'
import { launchBrowser } from './browser.mjs'
import { apiCall, confirmDialog, openPage, participantSession, phoneContext, sqlLocal, staffSession, textIn } from './ui-support.mjs'

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')
const base = inject('baseUrl')
const stateDir = inject('stateDir')
const DAY = 86_400_000
const HOUR = 3_600_000
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

/** For the README: the page as it is now. */
async function shot(page, name) {
  await page.locator('.od-toast').waitFor({ state: 'hidden' })
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) })
}

const messagesOf = async (person) => (await apiCall(base, '/me/notifications', { token: person.token })).json.notifications
const iso = (ms) => new Date(ms).toISOString()
const q = (s) => `'${String(s).replace(/'/g, "''")}'`

describe('follow → publish → told → change → happened → 活动总结 → 动态 and RSS (H5)', () => {
  it('runs the whole story on the real stack', async () => {
    const suffix = randomBytes(3).toString('hex')
    const title = `农药残留快检开放日${suffix}`

    // A citizen follows the agency on its public page.
    const follower = await participantSession(base, `1367${String(Date.now()).slice(-7)}`)
    const agencyPage = await open({ participant: follower }, `agency/index?id=${DEMO_AGENCY_ID}`)
    await agencyPage.locator('#follow-agency').waitFor()
    await expect.poll(() => text(agencyPage, '#follow-agency')).toBe('＋ 关注单位')
    await agencyPage.locator('#follow-agency').click()
    await expect.poll(() => text(agencyPage, '#follow-agency')).toBe('已关注 ✓')
    const follows = (await apiCall(base, '/me/follows', { token: follower.token })).json.follows
    expect(follows.map((f) => [f.kind, f.targetId])).toStrictEqual([['agency', DEMO_AGENCY_ID]])
    await agencyPage.context().close()

    // Staff create a draft and publish it on the edit page.
    const start = Math.floor((Date.now() + 20 * DAY) / 60_000) * 60_000
    const created = await apiCall(base, '/events', {
      token: staff.token,
      body: {
        title,
        hostUnit: '农产品质量安全监管中心',
        venue: '固原市农产品质量安全监管中心快速检测室',
        startAt: iso(start),
        endAt: iso(start + 3 * HOUR),
        registrationOpensAt: iso(Date.now() - HOUR),
        registrationClosesAt: iso(start - DAY),
        capacity: 20,
        agenda: [{ time: '09:30', title: '签到入场' }, { time: '10:00', title: '观摩农药残留快速检测' }],
        targetGroups: ['citizen'],
      },
    })
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    const eventId = created.json.event.id
    const editor = await open({ staff }, `staff-event-edit/index?id=${eventId}`)
    await editor.locator('#ev-publish').click()
    if (await editor.getByRole('dialog').count()) await confirmDialog(editor)
    await editor.locator('#ev-published, #ev-live-note').first().waitFor()
    await editor.context().close()

    // The 活动预告 is in 动态, and the follower was told.
    const feedPage = await open({}, 'index/index?tab=feed')
    await expect.poll(() => text(feedPage, '#feed-list'), { timeout: 30_000 }).toContain(`活动预告｜${title}`)
    await feedPage.context().close()
    await expect
      .poll(async () => (await messagesOf(follower)).map((n) => [n.kind, n.status, n.title]), { timeout: 30_000 })
      .toStrictEqual([['new_post', 'sent', `关注动态：活动预告｜${title}`]])

    // A registrant, then staff postpone by a week: the registrant is told (活动变更).
    const phone = `1368${String(Date.now()).slice(-7)}`
    const registrant = await participantSession(base, phone)
    const signup = await apiCall(base, `/events/${eventId}/registrations`, {
      token: registrant.token,
      body: { name: '马建国', phone, category: 'citizen', consent: true },
    })
    expect(signup.status, JSON.stringify(signup.json)).toBe(201)
    const changer = await open({ staff }, `staff-event-edit/index?id=${eventId}`)
    await changer.locator('#ev-live-note').waitFor()
    await changer.locator('#ev-postpone-7').click()
    await changer.locator('#ev-save').click()
    await confirmDialog(changer)
    await changer.locator('#ev-change-saved').waitFor()
    await changer.context().close()
    await expect
      .poll(async () => (await messagesOf(registrant)).map((n) => [n.kind, n.status]), { timeout: 30_000 })
      .toStrictEqual([['event_changed', 'sent']])
    // The follower hears of the 变更通知 too (not signed up, so by 关注动态).
    await expect
      .poll(async () => (await messagesOf(follower)).map((n) => n.title), { timeout: 30_000 })
      .toStrictEqual([`关注动态：变更通知｜${title}：时间调整`, `关注动态：活动预告｜${title}`])

    // The event happens: it runs now, the registrant is checked in at the door, then it ends.
    const now = Date.now()
    sqlLocal(
      stateDir,
      `UPDATE events SET start_at = ${q(iso(now - HOUR))}, end_at = ${q(iso(now + HOUR))}, registration_opens_at = ${q(iso(now - 3 * DAY))},
         registration_closes_at = ${q(iso(now - 2 * HOUR))} WHERE id = ${q(eventId)}`,
    )
    const scan = await apiCall(base, `/events/${eventId}/checkins`, { token: staff.token, body: { ticket: signup.json.registration.ticket } })
    expect(scan.json.result, JSON.stringify(scan.json)).toBe('checked_in')
    sqlLocal(stateDir, `UPDATE events SET start_at = ${q(iso(now - 3 * HOUR))}, end_at = ${q(iso(now - 10 * 60_000))} WHERE id = ${q(eventId)}`)

    // Staff build the 活动总结 from the data, write 下一步 and publish it.
    const summary = await open({ staff }, `staff-event-summary/index?id=${eventId}`)
    await summary.locator('#sum-generate').click()
    await summary.locator('#sum-form').waitFor()
    expect(await text(summary, '#sum-fig-registered')).toContain('1')
    expect(await text(summary, '#sum-fig-rate')).toContain('100')
    // The draft lists the agenda as it was published (a postponement keeps it).
    expect(await summary.locator('#sum-body textarea').inputValue()).toContain('09:30 签到入场')
    await summary.locator('#sum-next textarea').fill('一是每季度公开农药残留抽检结果。\n二是在农贸市场增设快检点。')
    await summary.locator('#sum-publish').click()
    await confirmDialog(summary)
    const indexNo = await text(summary, '#sum-index-no')
    await shot(summary, '25-staff-summary-published')
    expect(indexNo).toMatch(/^索引号\s*640400017\/\d{4}-\d{5}$|640400017\/\d{4}-\d{5}/)
    await summary.context().close()

    // The public reads it: in 动态, on its page with the 政府信息公开 header, and in RSS.
    const feed = (await apiCall(base, `/public/feed?agencyId=${DEMO_AGENCY_ID}`)).json.posts
    const post = feed.find((p) => p.kind === 'summary' && p.eventId === eventId)
    expect(post, JSON.stringify(feed.map((p) => p.title))).toBeTruthy()
    const reader = await open({}, 'index/index?tab=feed')
    await expect.poll(() => text(reader, '#feed-list'), { timeout: 30_000 }).toContain(post.title)
    await shot(reader, '23-feed')
    await reader.locator(`#feed-list #post-${post.id}`).click()
    await expect.poll(() => text(reader, '#post-disclosure'), { timeout: 30_000 }).toContain(indexNo.match(/640400017\/\d{4}-\d{5}/)[0])
    // The screenshot from the page opened by its link (a tap above leaves the slide-in mid-way).
    const postPage = await open({}, `post/index?id=${post.id}`)
    await postPage.locator('#post-disclosure').waitFor()
    await shot(postPage, '24-summary-post')
    await postPage.context().close()
    expect(await text(reader, '#post-body')).toContain('一是每季度公开农药残留抽检结果。')
    await reader.context().close()

    const rss = await (await fetch(`${base}/api/v1/public/agencies/${DEMO_AGENCY_ID}/feed.xml`)).text()
    const titles = [...rss.matchAll(/<item>[\s\S]*?<title><!\[CDATA\[([^\]]*)\]\]><\/title>/g)].map((m) => m[1])
    expect(titles).toContain(post.title)
    expect(titles).toContain(`活动预告｜${title}`)

    // And the follower was told of the summary.
    await expect
      .poll(async () => (await messagesOf(follower)).map((n) => n.title)[0], { timeout: 30_000 })
      .toBe(`关注动态：${post.title}`)
    expect(pageErrors).toStrictEqual([])
  }, 300_000)
})
