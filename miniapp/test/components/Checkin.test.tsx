import { render, waitFor } from '@testing-library/react'
import { CHECKIN_RESULTS, type CheckinResponse, type CheckinResult } from '@openday/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import { CheckinResultPanel, CheckinView } from '../../src/features/staff/CheckinView'
import { click, field, text, type } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { mockApi, requests, setStorage, type FakeAnswer, type FakeRequest } from '../support/taro'

const noWait = { sleep: async () => undefined }

// The browser camera: capture what the component hands to the scanner, and whether it stops it.
const camera = vi.hoisted(() => ({
  onText: undefined as undefined | ((text: string) => void),
  stopped: 0,
  started: 0,
}))
vi.mock('../../src/features/staff/scanner', () => ({
  startScanner: async (_el: HTMLElement, onText: (text: string) => void) => {
    camera.started++
    camera.onText = onText
    return { stop: () => void camera.stopped++ }
  },
}))
afterEach(() => {
  vi.useRealTimers()
  camera.onText = undefined
  camera.stopped = 0
  camera.started = 0
})

const dashboard = (checkedIn: number) => ({
  eventId: 'ev1',
  capacity: 30,
  registered: 18,
  checkedIn,
  byCategory: [],
  suggestions: 0,
  evaluations: { count: 0, averages: null, overall: null },
  updatedAt: new Date().toISOString(),
})

function staffApi(onCheckin: (req: FakeRequest) => FakeAnswer) {
  setStorage('openday.staff.token', 's-token')
  let checked = 5
  mockApi((req) => {
    if (req.path === '/events/ev1/checkins') {
      const a = onCheckin(req)
      if (Array.isArray(a) && (a[1] as CheckinResponse).result === 'checked_in') checked++
      return a
    }
    if (req.path === '/events/ev1/dashboard') return [200, dashboard(checked)]
    if (req.path === '/events/ev1') return [200, { event: eventDetail() }]
    return [404, {}]
  })
}

const checkinPosts = () => requests.filter((r) => r.method === 'POST' && r.path === '/events/ev1/checkins')

async function scanManually(code: string) {
  await type('checkin-code', code)
  await click('checkin-submit')
}

const OUTCOMES: { result: CheckinResult; tone: string; response: CheckinResponse }[] = [
  { result: 'checked_in', tone: 'green', response: { result: 'checked_in', attendee: { nameMasked: '张*', category: 'citizen' } } },
  {
    result: 'already_checked_in',
    tone: 'orange',
    response: {
      result: 'already_checked_in',
      attendee: { nameMasked: '欧***', category: 'npc_deputy' },
      checkedInAt: '2026-12-04T01:35:00.000Z',
      checkedInBy: '王核验',
    },
  },
  { result: 'wrong_event', tone: 'red', response: { result: 'wrong_event', attendee: { nameMasked: '李*', category: 'media' } } },
  { result: 'cancelled', tone: 'red', response: { result: 'cancelled', attendee: { nameMasked: '赵*', category: 'student' } } },
  { result: 'invalid', tone: 'red', response: { result: 'invalid' } },
  { result: 'not_open', tone: 'red', response: { result: 'not_open', attendee: { nameMasked: '孙*', category: 'other' } } },
]

describe('CheckinResultPanel', () => {
  it.each(OUTCOMES)('shows $result with its label, colour and the masked name', ({ result, tone, response }) => {
    render(<CheckinResultPanel scan={{ id: 1, ticket: 'X', at: Date.now(), state: 'done', result: response }} />)
    const panel = document.getElementById('checkin-result')!
    expect(panel.className).toContain(`result--${tone}`)
    expect(panel.getAttribute('data-outcome')).toBe(result)
    expect(text('checkin-result-label')).toBe(CHECKIN_RESULTS[result])
    if (response.attendee) expect(text('checkin-result-name')).toBe(response.attendee.nameMasked)
    else expect(document.getElementById('checkin-result-name')).toBeNull()
  })

  it('shows time and checker for a ticket that was already used', () => {
    render(<CheckinResultPanel scan={{ id: 1, ticket: 'X', at: Date.now(), state: 'done', result: OUTCOMES[1].response }} />)
    expect(text('checkin-result-detail')).toContain('签到时间 09:35') // 01:35 UTC = 09:35 Beijing
    expect(text('checkin-result-detail')).toContain('核验人 王核验')
    expect(text('checkin-result-category')).toBe('人大代表')
  })
})

describe('CheckinView', () => {
  it('checks in a typed code, shows the result and is ready for the next code at once', async () => {
    let n = 0
    staffApi(() => [200, [OUTCOMES[0].response, OUTCOMES[4].response, OUTCOMES[1].response][n++]])
    render(<CheckinView eventId="ev1" retryOptions={noWait} />)
    await waitFor(() => expect(text('checkin-total-checked-in')).toBe('5'))

    await scanManually('abcd 2345')
    await waitFor(() => expect(document.getElementById('checkin-result')!.className).toContain('result--green'))
    expect(text('checkin-result-name')).toBe('张*')
    expect(checkinPosts()[0].body).toMatchObject({ ticket: 'ABCD2345' })
    // Ready for the next scan: empty input, enabled button, no modal.
    expect(field('checkin-code').value).toBe('')
    expect(document.getElementById('checkin-submit')!.hasAttribute('disabled')).toBe(false)
    expect(Taro.showModal).not.toHaveBeenCalled()
    await waitFor(() => expect(text('checkin-total-checked-in')).toBe('6'))

    // A bad code does not stop anything: red panel, and the next one goes through.
    await scanManually('ZZZZ9999')
    await waitFor(() => expect(document.getElementById('checkin-result')!.getAttribute('data-outcome')).toBe('invalid'))
    expect(document.getElementById('checkin-result')!.className).toContain('result--red')
    await scanManually('EFGH2345')
    await waitFor(() => expect(document.getElementById('checkin-result')!.className).toContain('result--orange'))
    expect(text('checkin-result-label')).toBe('已签到过')

    // Every scan had its own nonce; the last five are listed.
    const nonces = checkinPosts().map((r) => (r.body as { nonce: string }).nonce)
    expect(new Set(nonces).size).toBe(3)
    expect(document.querySelectorAll('#checkin-history .history__item')).toHaveLength(3)
  })

  it('retries a scan lost to the network with the same nonce, then shows the answer', async () => {
    let n = 0
    staffApi(() => (n++ < 2 ? 'network' : [200, OUTCOMES[0].response]))
    render(<CheckinView eventId="ev1" retryOptions={noWait} />)
    await scanManually('ABCD2345')
    await waitFor(() => expect(document.getElementById('checkin-result')!.className).toContain('result--green'))
    const posts = checkinPosts()
    expect(posts).toHaveLength(3)
    expect(new Set(posts.map((p) => JSON.stringify(p.body))).size).toBe(1)
  })

  it('gives up after 3 retries, shows the network error and still accepts the next code', async () => {
    let fail = true
    staffApi(() => (fail ? 'network' : [200, OUTCOMES[0].response]))
    render(<CheckinView eventId="ev1" retryOptions={noWait} />)
    await scanManually('ABCD2345')
    await waitFor(() => expect(document.getElementById('checkin-result')!.getAttribute('data-outcome')).toBe('error'))
    expect(text('checkin-result')).toContain('网络不太好，请检查网络后重试')
    expect(checkinPosts()).toHaveLength(4) // 1 + 3 retries
    fail = false
    await scanManually('EFGH2345')
    await waitFor(() => expect(document.getElementById('checkin-result')!.className).toContain('result--green'))
  })

  it('rejects a too-short code locally without calling the API', async () => {
    staffApi(() => [200, OUTCOMES[0].response])
    render(<CheckinView eventId="ev1" retryOptions={noWait} />)
    await scanManually('AB')
    await waitFor(() => expect(text('checkin-code-error')).toBe('请扫描票据或输入签到码'))
    expect(checkinPosts()).toHaveLength(0)
  })

  it('sends staff without a token to the staff login', async () => {
    mockApi(() => [404, {}])
    render(<CheckinView eventId="ev1" />)
    await waitFor(() =>
      expect(Taro.redirectTo).toHaveBeenCalledWith({
        url: '/pages/staff-login/index?redirect=' + encodeURIComponent('/pages/staff-checkin/index?eventId=ev1'),
      }),
    )
  })

  it('camera: ignores the same QR within 3 s, keeps scanning after a bad QR', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-04T01:30:00Z'))
    staffApi((req) => {
      const ticket = (req.body as { ticket: string }).ticket
      return [200, ticket === 'not-a-ticket' ? OUTCOMES[4].response : OUTCOMES[0].response]
    })
    render(<CheckinView eventId="ev1" scanner="camera" retryOptions={noWait} />)
    await waitFor(() => expect(camera.onText).toBeDefined())
    const see = async (t: string) => {
      camera.onText!(t)
      await waitFor(() => expect(document.getElementById('checkin-result')!.getAttribute('data-outcome')).not.toBe('pending'))
    }

    await see('v1.ticket-A')
    await see('v1.ticket-A') // the camera still sees the same code: ignored
    expect(checkinPosts()).toHaveLength(1)

    await see('not-a-ticket') // a bad QR: red, but the scanner keeps running
    await waitFor(() => expect(document.getElementById('checkin-result')!.getAttribute('data-outcome')).toBe('invalid'))
    expect(camera.stopped).toBe(0)

    await see('v1.ticket-B')
    await waitFor(() => expect(document.getElementById('checkin-result')!.getAttribute('data-outcome')).toBe('checked_in'))
    expect(checkinPosts()).toHaveLength(3)

    vi.setSystemTime(new Date('2026-12-04T01:30:04Z')) // more than 3 s later: scanned again
    await see('v1.ticket-B')
    expect(checkinPosts()).toHaveLength(4)
    expect(camera.started).toBe(1)
  })

  it('camera: stops while the page is hidden and starts again when shown', async () => {
    staffApi(() => [200, OUTCOMES[0].response])
    const { page } = await import('../support/taro')
    render(<CheckinView eventId="ev1" scanner="camera" retryOptions={noWait} />)
    await waitFor(() => expect(camera.started).toBe(1))
    page.hide()
    await waitFor(() => expect(camera.stopped).toBe(1))
    page.show()
    await waitFor(() => expect(camera.started).toBe(2))
  })
})
