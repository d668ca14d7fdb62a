import { act, render, waitFor } from '@testing-library/react'
import { CHECKIN_RESULTS, formatTicket, ticketMessage, toBase64Url, type CheckinResponse, type CheckinResult } from '@openday/shared'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import { CheckinView } from '../../src/features/checkins/CheckinView'
import { CheckinResultPanel } from '../../src/features/checkins/ResultPanel'
import { QUEUE_STORAGE_KEY, type QueuedScan } from '../../src/features/checkins/queue'
import { resetScanQueue } from '../../src/features/checkins/useScanQueue'
import { loadVerifier } from '../../src/features/checkins/verifier'
import { click, field, text, type } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { getStorage, mockApi, requests, setStorage, type FakeAnswer, type FakeRequest } from '../support/taro'

// The browser camera: capture what the component hands to the scanner, and whether it stops it.
const camera = vi.hoisted(() => ({
  onText: undefined as undefined | ((text: string) => void),
  stopped: 0,
  started: 0,
}))
vi.mock('../../src/features/checkins/scanner', () => ({
  startScanner: async (_el: HTMLElement, onText: (text: string) => void) => {
    camera.started++
    camera.onText = onText
    return { stop: () => void camera.stopped++ }
  },
}))
afterEach(() => {
  resetScanQueue()
  vi.useRealTimers()
  camera.onText = undefined
  camera.stopped = 0
  camera.started = 0
})

// Tickets signed the way the API signs them; the device checks them with the public key.
let keys: CryptoKeyPair
let publicKey: string
async function ticketFor(eventId: string, registrationId: string) {
  const sig = await crypto.subtle.sign('Ed25519', keys.privateKey, ticketMessage(eventId, registrationId))
  return formatTicket(eventId, registrationId, new Uint8Array(sig))
}
beforeAll(async () => {
  keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
  publicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey)))
  await loadVerifier()
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

/** The API behind Taro.request; `offline` makes every request fail like a lost connection. */
function staffApi(onCheckin: (req: FakeRequest) => FakeAnswer) {
  setStorage('openday.staff.token', 's-token')
  let checked = 5
  const net = { offline: false }
  mockApi((req) => {
    if (net.offline) return 'network'
    if (req.path === '/events/ev1/checkins') {
      const a = onCheckin(req)
      if (Array.isArray(a) && (a[1] as CheckinResponse).result === 'checked_in') checked++
      return a
    }
    if (req.path === '/tickets/public-key') return [200, { alg: 'Ed25519', publicKey }]
    if (req.path === '/events/ev1/dashboard') return [200, dashboard(checked)]
    if (req.path === '/events/ev1') return [200, { event: eventDetail() }]
    return [404, {}]
  })
  return net
}

const checkinPosts = () => requests.filter((r) => r.method === 'POST' && r.path === '/events/ev1/checkins')
const bodies = () => checkinPosts().map((r) => r.body as { ticket: string; nonce: string; scannedAt: string })
const panel = () => document.getElementById('checkin-result')!
const outcome = () => panel().getAttribute('data-outcome')
const historyRows = () => [...document.querySelectorAll('#checkin-history .history__item')] as HTMLElement[]
const stored = (): QueuedScan[] => JSON.parse((getStorage(QUEUE_STORAGE_KEY) as string) || '[]')

async function scanManually(code: string) {
  await type('checkin-code', code)
  await click('checkin-submit')
}

async function goOnline(net: { offline: boolean }) {
  net.offline = false
  await act(async () => {
    window.dispatchEvent(new Event('online'))
  })
}

async function goOffline(net: { offline: boolean }) {
  net.offline = true
  await act(async () => {
    window.dispatchEvent(new Event('offline'))
  })
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
  { result: 'wrong_event', tone: 'red', response: { result: 'wrong_event' } },
  { result: 'cancelled', tone: 'red', response: { result: 'cancelled', attendee: { nameMasked: '赵*', category: 'student' } } },
  { result: 'invalid', tone: 'red', response: { result: 'invalid' } },
  { result: 'not_open', tone: 'red', response: { result: 'not_open', attendee: { nameMasked: '孙*', category: 'other' } } },
  { result: 'ended', tone: 'red', response: { result: 'ended', attendee: { nameMasked: '钱*', category: 'media' } } },
]

const answered = (result: CheckinResponse): QueuedScan => ({
  nonce: 'n'.repeat(32),
  eventId: 'ev1',
  ticket: '',
  kind: 'ticket',
  label: '电子票 …abcd',
  scannedAt: '2026-12-04T01:30:00.000Z',
  provisional: 'valid',
  state: 'done',
  attempts: 1,
  nextAt: 0,
  result,
})
const online = { online: true, authExpired: false }

describe('CheckinResultPanel', () => {
  it.each(OUTCOMES)('shows $result with its label, colour and the masked name', ({ result, tone, response }) => {
    render(<CheckinResultPanel scan={answered(response)} status={online} />)
    expect(panel().className).toContain(`result--${tone}`)
    expect(panel().getAttribute('data-outcome')).toBe(result)
    expect(text('checkin-result-label')).toBe(result === 'already_checked_in' ? '重复签到' : CHECKIN_RESULTS[result])
    if (response.attendee) expect(text('checkin-result-name')).toBe(response.attendee.nameMasked)
    else expect(document.getElementById('checkin-result-name')).toBeNull()
  })

  it('shows time and checker for a ticket that was already used', () => {
    render(<CheckinResultPanel scan={answered(OUTCOMES[1].response)} status={online} />)
    expect(text('checkin-result-detail')).toBe('已由 王核验 于 09:35 签到') // 01:35 UTC = 09:35 Beijing
    expect(text('checkin-result-category')).toBe('人大代表')
  })

  it('shows the device’s verdict while the upload waits, and says what it waits for', () => {
    const waiting: QueuedScan = { ...answered(OUTCOMES[0].response), state: 'pending', result: undefined }
    const { rerender } = render(<CheckinResultPanel scan={waiting} status={{ online: false, authExpired: false }} />)
    expect(panel().getAttribute('data-outcome')).toBe('pending')
    expect(panel().className).toContain('result--blue')
    expect(text('checkin-result-label')).toBe('票据有效，待同步')
    expect(text('checkin-result-detail')).toBe('已保存在本机，网络恢复后自动上传，无需重扫')
    rerender(<CheckinResultPanel scan={{ ...waiting, provisional: 'wrong_event' }} status={{ online: true, authExpired: true }} />)
    expect(panel().className).toContain('result--red')
    expect(text('checkin-result-label')).toBe('非本场活动')
    expect(text('checkin-result-detail')).toBe('登录已过期，重新登录后自动上传')
  })

  it('says what happened and what to do when the server refuses a scan', () => {
    const refused: QueuedScan = {
      ...answered(OUTCOMES[0].response),
      state: 'refused',
      result: undefined,
      refusal: { title: '无权核验', detail: '这不是您所在单位的活动。请确认选择的是本单位的活动，或联系管理员' },
    }
    render(<CheckinResultPanel scan={refused} status={online} />)
    expect(panel().getAttribute('data-outcome')).toBe('refused')
    expect(text('checkin-result-label')).toBe('无权核验')
    expect(text('checkin-result-detail')).toContain('请确认选择的是本单位的活动')
    expect(panel().textContent).not.toContain('核验失败')
  })
})

describe('CheckinView', () => {
  it('checks in a typed code, shows the result and is ready for the next code at once', async () => {
    let n = 0
    staffApi(() => [200, [OUTCOMES[0].response, OUTCOMES[4].response, OUTCOMES[1].response][n++]])
    render(<CheckinView eventId="ev1" />)
    await waitFor(() => expect(text('checkin-total-checked-in')).toBe('5'))
    expect(document.getElementById('checkin-sync')!.getAttribute('data-pending')).toBe('0')
    expect(document.getElementById('checkin-offline-banner')).toBeNull()

    await scanManually('abcd 2345')
    await waitFor(() => expect(panel().className).toContain('result--green'))
    expect(text('checkin-result-name')).toBe('张*')
    expect(bodies()[0]).toMatchObject({ ticket: 'ABCD2345' })
    expect(Date.parse(bodies()[0].scannedAt)).toBeLessThanOrEqual(Date.now())
    // Ready for the next scan: empty input, enabled button, no modal.
    expect(field('checkin-code').value).toBe('')
    expect(document.getElementById('checkin-submit')!.hasAttribute('disabled')).toBe(false)
    expect(Taro.showModal).not.toHaveBeenCalled()
    await waitFor(() => expect(text('checkin-total-checked-in')).toBe('6'))

    // A bad code does not stop anything: red panel, and the next one goes through.
    await scanManually('ZZZZ9999')
    await waitFor(() => expect(outcome()).toBe('invalid'))
    expect(panel().className).toContain('result--red')
    await scanManually('EFGH2345')
    await waitFor(() => expect(panel().className).toContain('result--orange'))
    expect(text('checkin-result-label')).toBe('重复签到')

    // Every scan had its own nonce; all three are listed, newest first, with the server's outcome.
    expect(new Set(bodies().map((b) => b.nonce)).size).toBe(3)
    expect(historyRows().map((r) => r.getAttribute('data-outcome'))).toEqual(['already_checked_in', 'invalid', 'checked_in'])
    expect(historyRows()[2].textContent).toContain('签到码 AB****45')
    expect(historyRows()[2].textContent).toContain('签到成功')
  })

  it('offline: every scan is stored, judged on the device and counted in the banner; all are sent when the network returns', async () => {
    const good = await ticketFor('ev1', 'reg1')
    const otherEvent = await ticketFor('ev2', 'reg2')
    const forged = good.replace('.reg1.', '.reg3.')
    const answers: Record<string, CheckinResponse> = {
      [good]: OUTCOMES[0].response,
      [otherEvent]: { result: 'wrong_event' },
      [forged]: { result: 'invalid' },
      EFGH2345: OUTCOMES[1].response,
    }
    const net = staffApi((req) => [200, answers[(req.body as { ticket: string }).ticket]])
    render(<CheckinView eventId="ev1" />)
    await waitFor(() => expect(text('checkin-total-checked-in')).toBe('5'))
    await goOffline(net)
    await waitFor(() => expect(document.getElementById('checkin-offline-banner')).not.toBeNull())
    expect(text('checkin-pending-count')).toBe('0')

    const expectProvisional = async (label: string, provisional: string) => {
      await waitFor(() => expect(panel().getAttribute('data-provisional')).toBe(provisional))
      expect(text('checkin-result-label')).toBe(label)
    }
    await scanManually(good) // a handheld scanner types the whole ticket
    await expectProvisional('票据有效，待同步', 'valid')
    expect(field('checkin-code').value).toBe('') // stored: the field is free for the next one
    await scanManually(otherEvent)
    await expectProvisional('非本场活动', 'wrong_event')
    await scanManually(forged)
    await expectProvisional('无效票据', 'invalid')
    await scanManually('efgh-2345')
    await expectProvisional('已保存，待同步', 'saved')

    expect(text('checkin-pending-count')).toBe('4')
    expect(text('checkin-offline-banner')).toContain('网络已断开')
    expect(stored().filter((s) => s.state === 'pending').map((s) => s.ticket).sort()).toEqual([good, otherEvent, forged, 'EFGH2345'].sort())
    expect(historyRows().map((r) => r.getAttribute('data-state'))).toEqual(['pending', 'pending', 'pending', 'pending'])
    expect(historyRows()[0].textContent).toContain('已保存在本机，网络恢复后自动上传')
    const nonces = new Set(stored().map((s) => s.nonce))

    await goOnline(net)
    await waitFor(() => expect(text('checkin-pending-count')).toBe('0'))
    expect(document.getElementById('checkin-offline-banner')).toBeNull()
    expect(historyRows().map((r) => r.getAttribute('data-outcome'))).toEqual(['already_checked_in', 'invalid', 'wrong_event', 'checked_in'])
    expect(outcome()).toBe('already_checked_in') // the latest scan's panel now shows the server's answer
    // Every scan reached the server with the nonce it was stored with (tries while offline included).
    const answeredPosts = new Map(bodies().map((b) => [b.nonce, b.ticket]))
    expect(new Set(answeredPosts.keys())).toEqual(nonces)
    expect(stored().every((s) => s.state === 'done' && s.ticket === '')).toBe(true)
  })

  it('re-sends on opening the page what an earlier run left pending, with the same nonce and scan time', async () => {
    const ticket = await ticketFor('ev1', 'reg1')
    const left: QueuedScan = {
      nonce: 'f'.repeat(32),
      eventId: 'ev1',
      ticket,
      kind: 'ticket',
      label: `电子票 …${ticket.slice(-4)}`,
      scannedAt: '2026-03-10T02:00:00.000Z',
      provisional: 'valid',
      state: 'pending',
      attempts: 3,
      nextAt: Date.now() + 60_000,
    }
    setStorage(QUEUE_STORAGE_KEY, JSON.stringify([left]))
    staffApi(() => [200, OUTCOMES[0].response])
    render(<CheckinView eventId="ev1" />)
    await waitFor(() => expect(historyRows()[0]?.getAttribute('data-outcome')).toBe('checked_in'))
    expect(bodies()).toEqual([{ ticket, nonce: left.nonce, scannedAt: left.scannedAt }])
    expect(text('checkin-pending-count')).toBe('0')
  })

  it('keeps the typed code when the device cannot store the scan, and says so', async () => {
    staffApi(() => 'network')
    render(<CheckinView eventId="ev1" />)
    await waitFor(() => expect(text('checkin-total-checked-in')).toBe('—'))
    const setStorageSync = vi.mocked(Taro.setStorageSync)
    const original = setStorageSync.getMockImplementation()!
    setStorageSync.mockImplementation(() => {
      throw new Error('setStorageSync:fail exceed storage max size')
    })
    await scanManually('ABCD2345')
    await waitFor(() => expect(text('checkin-code-error')).toContain('未能保存到本机'))
    expect(field('checkin-code').value).toBe('ABCD2345')
    expect(text('checkin-sync')).toContain('手机存储空间不足')
    setStorageSync.mockImplementation(original)
  })

  it('rejects a too-short code locally without queueing or calling the API', async () => {
    staffApi(() => [200, OUTCOMES[0].response])
    render(<CheckinView eventId="ev1" />)
    await scanManually('AB')
    await waitFor(() => expect(text('checkin-code-error')).toBe('请扫描票据或输入签到码'))
    expect(checkinPosts()).toHaveLength(0)
    expect(stored()).toEqual([])
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
    render(<CheckinView eventId="ev1" scanner="camera" />)
    await waitFor(() => expect(camera.onText).toBeDefined())
    const see = async (t: string) => {
      await act(async () => camera.onText!(t))
      await waitFor(() => expect(outcome()).not.toBe('pending'))
    }

    await see('v1.ticket-A')
    await see('v1.ticket-A') // the camera still sees the same code: ignored
    expect(checkinPosts()).toHaveLength(1)

    await see('not-a-ticket') // a bad QR: red, but the scanner keeps running
    await waitFor(() => expect(outcome()).toBe('invalid'))
    expect(camera.stopped).toBe(0)

    await see('v1.ticket-B')
    await waitFor(() => expect(outcome()).toBe('checked_in'))
    expect(checkinPosts()).toHaveLength(3)

    vi.setSystemTime(new Date('2026-12-04T01:30:04Z')) // more than 3 s later: scanned again
    await see('v1.ticket-B')
    expect(checkinPosts()).toHaveLength(4)
    expect(camera.started).toBe(1)
  })

  it('camera: stops while the page is hidden and starts again when shown', async () => {
    staffApi(() => [200, OUTCOMES[0].response])
    const { page } = await import('../support/taro')
    render(<CheckinView eventId="ev1" scanner="camera" />)
    await waitFor(() => expect(camera.started).toBe(1))
    page.hide()
    await waitFor(() => expect(camera.stopped).toBe(1))
    page.show()
    await waitFor(() => expect(camera.started).toBe(2))
  })
})
