// Set-up shared by the door's end-to-end tests (door-offline, door-roster, tour): the API as the
// test calls it, staff login, an open day whose check-in is open, a citizen's sign-up, the door
// page's scanner input and stored queue, and reads of the stack's local D1.
import { spawnSync } from 'node:child_process'
import { expect } from 'vitest'
import { ROOT, WRANGLER, WRANGLER_ENV } from '../../scripts/lib.mjs'

const HOUR = 3600_000
export const QUEUE_KEY = 'openday.checkin.queue'

/** The API of the stack at `stackBase`, for the test's own calls (never through the cut link). */
export function stackApi(stackBase) {
  async function apiCall(route, { token, body, method, clientId } = {}, retried = false) {
    let res
    try {
      res = await fetch(`${stackBase}/api/v1${route}`, {
        method: method ?? (body ? 'POST' : 'GET'),
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(clientId ? { 'x-client-id': clientId } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      })
    } catch (e) {
      // wrangler dev closes an idle keep-alive socket after a few seconds (e.g. while a D1 read
      // runs in another process) and the next request on it fails before it is sent: asked again, once.
      if (retried || e?.cause?.code !== 'UND_ERR_SOCKET') throw e
      return apiCall(route, { token, body, method, clientId }, true)
    }
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null }
  }

  /** The demo organiser's token. */
  async function staffToken() {
    const login = await apiCall('/auth/staff/login', { body: { username: 'demo', password: 'demo12345' } })
    expect(login.status).toBe(200)
    return login.json.token
  }

  /** A published open day starting within the hour, so check-in (from 2 h before) is open. */
  async function createEvent(token, title, { venue = '固原市农产品质量安全监管中心 检测实验室', reason = '端到端测试：签到' } = {}) {
    const now = Date.now()
    const created = await apiCall('/events', {
      token,
      body: {
        title,
        hostUnit: '农产品质量安全监管中心',
        venue,
        startAt: new Date(now + HOUR).toISOString(),
        endAt: new Date(now + 3 * HOUR).toISOString(),
        registrationOpensAt: new Date(now - HOUR).toISOString(),
        registrationClosesAt: new Date(now + 0.5 * HOUR).toISOString(),
        capacity: 30,
      },
    })
    expect(created.status).toBe(201)
    const id = created.json.event.id
    const published = await apiCall(`/events/${id}/publish`, { token, body: { overrideReason: reason } })
    expect(published.status).toBe(200)
    return id
  }

  /** A citizen logs in by SMS (dev code) with their own phone and signs up with it. */
  async function signUp(eventId, phone, name, clientPrefix = 'e2e-door') {
    const clientId = `${clientPrefix}-${phone}`
    const sent = await apiCall('/auth/sms/send', { body: { phone }, clientId })
    expect(sent.status).toBe(200)
    const verified = await apiCall('/auth/sms/verify', { body: { phone, code: sent.json.devCode }, clientId })
    expect(verified.status).toBe(200)
    const token = verified.json.token
    const reg = await apiCall(`/events/${eventId}/registrations`, { token, clientId, body: { name, phone, category: 'citizen', consent: true } })
    expect(reg.status).toBe(201)
    return { token, clientId, profile: verified.json.participant, registration: reg.json.registration }
  }

  return { apiCall, staffToken, createEvent, signUp }
}

/** Reads the stack's local D1 (the same --persist-to folder as the running wrangler dev). */
export function sqlRead(stateDir, sql) {
  const r = spawnSync(WRANGLER, ['d1', 'execute', 'openday', '--local', '--persist-to', stateDir, '--json', '--command', sql], {
    cwd: ROOT,
    env: WRANGLER_ENV,
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`wrangler d1 execute failed: ${r.stderr}`)
  return JSON.parse(r.stdout)[0].results
}

/** A handheld scanner on the door page: the QR content typed as keystrokes, then Enter. */
export async function typeScan(page, value) {
  const input = page.locator('#checkin-code:visible input')
  await input.click()
  await input.pressSequentially(value)
  await input.press('Enter')
  await expect.poll(() => input.inputValue()).toBe('') // stored, so the field is cleared
}

/** The door's scan queue as stored on the device (newest first). */
export async function storedQueue(page) {
  return page.evaluate((key) => {
    const raw = localStorage.getItem(key)
    return raw ? JSON.parse(JSON.parse(raw).data) : []
  }, QUEUE_KEY)
}
