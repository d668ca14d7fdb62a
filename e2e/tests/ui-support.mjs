// Helpers for the end-to-end checks of the H5 screens: sessions from the real API, axe-core,
// layout measurements, and the list of every page of the app with the data it needs.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { DEMO_PAST_EVENT_ID } from '../../scripts/demo-data.mjs'
import { ROOT, WRANGLER, WRANGLER_ENV } from '../../scripts/lib.mjs'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
export const DEMO_EVENT = 'demo-event-guyuan-lab-day'
/** The demo data's 活动预告 of DEMO_EVENT (scripts/demo-data.mjs). */
export const DEMO_POST = 'demo-post-preview-upcoming'

/**
 * Opens an H5 URL and returns once the app has mounted the page (`.taro_page`); each caller then
 * waits for the element it needs. Waiting for "load" (every image and chunk) took over 30 s on a
 * busy 2-core CI machine, and about once per full run a page never mounted at all (a different
 * page each time, fine when run again): then the requests still pending are reported and the
 * page is loaded once more, so a stalled local request does not fail a check of something else.
 */
export async function openPage(page, url) {
  const pending = new Set()
  const track = (req) => pending.add(req)
  const done = (req) => pending.delete(req)
  page.on('request', track)
  page.on('requestfinished', done)
  page.on('requestfailed', done)
  try {
    try {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 })
    } catch (e) {
      // About once per full run the local wrangler dev never answered a navigation at all (the
      // HTML shell, 60 s, a different page each time, fine when loaded again): say so, load it
      // once more. A page that really does not load fails the second time.
      if (e?.name !== 'TimeoutError') throw e
      const waiting = [...pending].map((r) => new URL(r.url()).pathname).join(', ') || 'none'
      console.warn(`[openPage] ${url}: no answer to the navigation in 30 s; requests pending: ${waiting}; loading it again`)
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 })
    }
    try {
      await page.locator('.taro_page').first().waitFor({ state: 'attached', timeout: 20_000 })
    } catch {
      const waiting = [...pending].map((r) => new URL(r.url()).pathname).join(', ') || 'none'
      console.warn(`[openPage] ${url}: the app mounted no page in 20 s; requests pending: ${waiting}; loading it again`)
      await page.reload({ waitUntil: 'domcontentloaded', timeout: 60_000 })
      await page.locator('.taro_page').first().waitFor({ state: 'attached', timeout: 30_000 })
    }
  } finally {
    page.off('request', track)
    page.off('requestfinished', done)
    page.off('requestfailed', done)
  }
}

export async function apiCall(base, route, { token, body, method, clientId } = {}) {
  const res = await fetch(`${base}/api/v1${route}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: {
      'content-type': 'application/json',
      'x-client-id': clientId ?? randomBytes(16).toString('hex'),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  let json
  try {
    json = JSON.parse(text)
  } catch {
    json = { raw: text }
  }
  return { status: res.status, json }
}

/** A participant logged in by SMS (the API shows the code in local dev mode). */
export async function participantSession(base, phone) {
  const clientId = randomBytes(16).toString('hex')
  const sent = await apiCall(base, '/auth/sms/send', { body: { phone }, clientId })
  const code = sent.json.devCode
  if (!code) throw new Error(`no dev SMS code for ${phone}: ${JSON.stringify(sent.json)}`)
  const verified = await apiCall(base, '/auth/sms/verify', { body: { phone, code }, clientId })
  if (!verified.json.token) throw new Error(`SMS login failed: ${JSON.stringify(verified.json)}`)
  return { token: verified.json.token, profile: verified.json.participant, phone }
}

export async function staffSession(base) {
  const login = await apiCall(base, '/auth/staff/login', { body: { username: 'demo', password: 'demo12345' } })
  if (!login.json.token) throw new Error(`staff login failed: ${JSON.stringify(login.json)}`)
  return { token: login.json.token, profile: login.json.staff }
}

/** The trimmed text of the first element matching `selector`, once it is there. */
export async function textIn(page, selector) {
  const loc = page.locator(selector)
  await loc.waitFor({ timeout: 30_000 })
  return ((await loc.textContent()) ?? '').trim()
}

/** Confirms the open Taro modal (保存并通知, 确定取消, 确定发布…). */
export async function confirmDialog(page) {
  const dialog = page.getByRole('dialog')
  await dialog.waitFor()
  await page.locator('#dialog-confirm').click()
  await dialog.waitFor({ state: 'detached' })
}

/** Everything the pages need: a participant with a ticket, staff, a suggestion's tracking code. */
export async function prepareData(base, phone) {
  const participant = await participantSession(base, phone)
  const staff = await staffSession(base)
  const signup = await apiCall(base, `/events/${DEMO_EVENT}/registrations`, {
    token: participant.token,
    body: { name: '李四', phone, category: 'citizen', consent: true },
  })
  let registrationId = signup.json.registration?.id
  if (!registrationId) {
    const mine = await apiCall(base, '/me/registrations', { token: participant.token })
    registrationId = mine.json.registrations?.find((r) => r.eventId === DEMO_EVENT && r.status === 'active')?.id
  }
  if (!registrationId) throw new Error(`sign-up failed: ${JSON.stringify(signup.json)}`)
  const suggestion = await apiCall(base, `/events/${DEMO_EVENT}/suggestions`, {
    body: { content: '建议在报名页面注明停车位置。', anonymous: true },
  })
  if (!suggestion.json.trackingCode) throw new Error(`suggestion failed: ${JSON.stringify(suggestion.json)}`)
  const ratingCode = await answeredSuggestion(base, participant, staff)
  // Staff never see tracking codes: find the item for the 意见办理 detail page in the staff list.
  const handling = await apiCall(base, `/staff/suggestions?eventId=${DEMO_EVENT}&status=received`, { token: staff.token })
  const suggestionId = handling.json.items?.[0]?.id
  if (!suggestionId) throw new Error(`staff suggestion list failed: ${JSON.stringify(handling.json)}`)
  // 我的关注 has the agency of the open days.
  const followed = await apiCall(base, '/me/follows', { token: participant.token, body: { kind: 'agency', target: staff.profile.agencyId } })
  if (followed.status !== 201 && followed.status !== 200) throw new Error(`follow failed: ${JSON.stringify(followed.json)}`)
  return { participant, staff, registrationId, trackingCode: suggestion.json.trackingCode, ratingCode, suggestionId }
}

/**
 * The participant's own suggestion (under 我的意见), assigned and answered by the demo admin, so
 * 意见查询 shows the answer and its 好差评 rating form. Answers its tracking code.
 */
async function answeredSuggestion(base, participant, staff) {
  const marker = `核对编号${randomBytes(4).toString('hex')}`
  const created = await apiCall(base, `/events/${DEMO_EVENT}/suggestions`, {
    token: participant.token,
    body: { content: `建议在大厅增加引导标识（${marker}）。`, publicConsent: true },
  })
  const trackingCode = created.json.trackingCode
  if (!trackingCode) throw new Error(`suggestion failed: ${JSON.stringify(created.json)}`)
  const found = await apiCall(base, `/staff/suggestions?q=${encodeURIComponent(marker)}`, { token: staff.token })
  const id = found.json.items?.[0]?.id
  // The end-to-end database has no departments unless a test made one: make 检测科 (a clash with
  // another file's doing the same at once is fine, the name is unique per agency).
  const activeDepartment = async () => (await apiCall(base, '/staff/departments', { token: staff.token })).json.departments?.find((d) => d.active)?.id
  let departmentId = await activeDepartment()
  if (!departmentId) {
    await apiCall(base, '/staff/departments', { token: staff.token, body: { name: '检测科' } })
    departmentId = await activeDepartment()
  }
  if (!id || !departmentId) throw new Error(`no suggestion or department: ${JSON.stringify({ found: found.json, departmentId })}`)
  const assigned = await apiCall(base, `/staff/suggestions/${id}/assign`, { token: staff.token, body: { departmentId } })
  if (assigned.status !== 200) throw new Error(`assign failed: ${JSON.stringify(assigned.json)}`)
  const answered = await apiCall(base, `/staff/suggestions/${id}/answer`, {
    token: staff.token,
    body: { answer: '已在大厅和走廊增设引导标识，感谢您的建议。', resultClass: 'A', publish: false },
  })
  if (answered.status !== 200) throw new Error(`answer failed: ${JSON.stringify(answered.json)}`)
  return trackingCode
}

/** Taro's H5 storage format: localStorage[key] = JSON.stringify({ data }). */
export function sessionStorageEntries({ participant, staff } = {}) {
  const entries = {}
  if (participant) {
    entries['openday.participant.token'] = participant.token
    entries['openday.participant.profile'] = JSON.stringify(participant.profile)
  }
  if (staff) {
    entries['openday.staff.token'] = staff.token
    entries['openday.staff.profile'] = JSON.stringify(staff.profile)
  }
  return entries
}

/** A phone-sized context whose localStorage holds the given sessions before any page script runs. */
export async function phoneContext(browser, { sessions, storage = {}, width = 390 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  const entries = { ...sessionStorageEntries(sessions), ...storage }
  await context.addInitScript((e) => {
    if (sessionStorage.getItem('e2e-seeded')) return
    sessionStorage.setItem('e2e-seeded', '1')
    for (const [k, v] of Object.entries(e)) localStorage.setItem(k, JSON.stringify({ data: v }))
  }, entries)
  return context
}

/**
 * Every page of the app, in the state a visitor sees it, with a selector that says it has
 * rendered its data. `session`: which login the page needs.
 */
export function allPages({ registrationId, trackingCode, ratingCode, suggestionId, staff }) {
  const agencyId = staff.profile.agencyId
  return [
    { name: '活动列表', route: 'index/index', ready: `#event-${DEMO_EVENT}`, session: 'participant' },
    { name: '活动详情', route: `event/index?id=${DEMO_EVENT}`, ready: '#event-title', session: 'participant' },
    { name: '登录', route: 'login/index', ready: '#sms-phone', session: null, form: true },
    { name: '报名', route: `register/index?eventId=${DEMO_EVENT}`, ready: '#reg-submit', session: 'participant', form: true },
    { name: '我的报名', route: 'my/index', ready: `#reg-${registrationId}`, session: 'participant' },
    { name: '通知设置', route: 'notice-settings/index', ready: '#notice-stop', session: 'participant', form: true },
    { name: '我的关注', route: 'follows/index', ready: '#follows-list .card', session: 'participant' },
    { name: '电子票', route: `ticket/index?id=${registrationId}`, ready: '#ticket-qr img', session: 'participant' },
    { name: '无记名测评', route: `evaluate/index?eventId=${DEMO_EVENT}`, ready: '.page-root .screen, .page-root .state', session: 'participant', form: true },
    { name: '意见建议表', route: `suggest/index?eventId=${DEMO_EVENT}`, ready: '#suggest-submit', session: null, form: true },
    { name: '意见查询', route: `track/index?code=${trackingCode}`, ready: '#track-status', session: null },
    { name: '意见查询（待评价）', route: `track/index?code=${ratingCode}`, ready: '#rate-submit', session: null },
    { name: '我的意见', route: 'my-suggestions/index', ready: `#mysug-${ratingCode}`, session: 'participant' },
    { name: '单位公开', route: `agency/index?id=${agencyId}`, ready: '#pub-fig-received', session: null },
    { name: '各单位排名', route: 'rankings/index', ready: `#rank-${agencyId}`, session: null },
    { name: '动态', route: 'index/index?tab=feed', ready: '#feed-list .post-card, #feed-empty', session: null },
    { name: '动态详情', route: `post/index?id=${DEMO_POST}`, ready: '#post-title', session: null },
    { name: '工作人员登录', route: 'staff-login/index', ready: '#staff-submit', session: null, form: true },
    { name: '活动管理', route: 'staff-events/index', ready: `#staff-event-${DEMO_EVENT}`, session: 'staff' },
    { name: '新建活动', route: 'staff-event-edit/index', ready: '#ev-save', session: 'staff', form: true },
    { name: '取消活动', route: `staff-event-cancel/index?id=${DEMO_EVENT}`, ready: `#cancel-${DEMO_EVENT}-reason`, session: 'staff', form: true },
    { name: '名额与邀请', route: `staff-event-seats/index?id=${DEMO_EVENT}`, ready: '#inv-list .card', session: 'staff', form: true },
    { name: '活动总结', route: `staff-event-summary/index?id=${DEMO_PAST_EVENT_ID}`, ready: '#sum-generate, #sum-form, #sum-published', session: 'staff', form: true },
    { name: '动态管理', route: 'staff-posts/index', ready: '#posts-list .card', session: 'staff', form: true },
    { name: '扫码签到', route: `staff-checkin/index?eventId=${DEMO_EVENT}`, ready: '#checkin-code', session: 'staff' },
    { name: '实时数据', route: `staff-dashboard/index?eventId=${DEMO_EVENT}`, ready: '#dash-registered', session: 'staff' },
    { name: '现场二维码', route: `staff-venue-qr/index?eventId=${DEMO_EVENT}`, ready: '#venue-qr img', session: 'staff' },
    { name: '签到点', route: `staff-checkpoints/index?eventId=${DEMO_EVENT}`, ready: '#cp-list', session: 'staff', form: true },
    { name: '签到点二维码', route: `staff-point-qr/index?eventId=${DEMO_EVENT}&cpId=demo-cp-gc`, ready: '#pq-qr img', session: 'staff' },
    { name: '参观点签到（旧码）', route: 'stop/index?c=not-a-code', ready: '#stop-error', session: 'participant' },
    { name: '现场服务', route: `staff-door/index?eventId=${DEMO_EVENT}`, ready: '#door-q', session: 'staff', form: true },
    { name: '修改密码', route: 'staff-password/index', ready: '#pw-submit', session: 'staff', form: true },
    { name: '承办部门', route: 'staff-org/index', ready: '#dept-list .card, #dept-empty', session: 'staff', form: true },
    { name: '工作人员', route: 'staff-org/index?tab=users', ready: '#user-list .card', session: 'staff', form: true },
    { name: '意见办理', route: 'staff-suggestions/index', ready: '#hd-total', session: 'staff' },
    { name: '待办', route: 'staff-inbox/index', ready: '#inbox-counts', session: 'staff' },
    { name: '测评报告与导出', route: 'staff-reports/index', ready: '#report-downloads', session: 'staff' },
    { name: '意见办理详情', route: `staff-suggestion/index?id=${suggestionId}`, ready: '#hd-trail', session: 'staff', form: true },
    { name: '页面不存在', route: 'no-such-page/index', ready: '#not-found', session: null },
    { name: '链接不完整', route: 'event/index', ready: '#missing-link', session: null },
  ]
}

/** axe-core's violations on the page as it is now (its script is evaluated, so CSP does not apply). */
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n').slice(0, 3).join(' ')}`),
    }))
  })
  return violations
}

/**
 * Visible elements whose content is wider than their box (clipped or spilling over), and
 * whether the page scrolls sideways. Inputs scroll their own text and are left out.
 */
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const found = []
    const vw = document.documentElement.clientWidth
    for (const el of document.querySelectorAll('body *')) {
      const style = getComputedStyle(el)
      if (style.display === 'none' || style.visibility === 'hidden' || style.display === 'inline') continue
      if (/^(INPUT|TEXTAREA|svg|path|IMG|VIDEO|CANVAS)$/i.test(el.tagName)) continue
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      if (el.closest('[hidden], .taro_page[style*="display: none"]')) continue
      const spills = el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'auto' && style.overflowX !== 'scroll'
      const offscreen = r.right > vw + 1 || r.left < -1
      if (spills || offscreen) {
        found.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.className).split(' ').slice(0, 2).join('.')} "${(el.textContent ?? '').trim().slice(0, 24)}" scroll ${el.scrollWidth} > box ${el.clientWidth}${offscreen ? ` at ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}` : ''}`)
      }
    }
    return { elements: found, pageScrollsSideways: document.documentElement.scrollWidth > vw + 1 }
  })
}

/**
 * Runs SQL on the stack's local D1 (wrangler d1 execute on the same --persist-to folder as the
 * running wrangler dev), for what only time can do: an event happening and ending.
 */
export function sqlLocal(stateDir, sql) {
  const r = spawnSync(WRANGLER, ['d1', 'execute', 'openday', '--local', '--persist-to', stateDir, '--command', sql], {
    cwd: ROOT,
    env: WRANGLER_ENV,
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`wrangler d1 execute failed: ${r.stderr}`)
}
