// The offline door (features/checkins/roster.ts): the check-in page downloads the event's 签到名单,
// keeps it in the device's storage, and with no network decides each scan from it (valid, repeat,
// cancelled, other event, forged) in Chinese, keeps scanning after a bad code, and learns from a
// later roster that another door's earlier scan replaced one of its check-ins.
import { act, render, waitFor } from '@testing-library/react'
import { ROSTER_VERSION, formatTicket, formatTime, ticketMessage, toBase64Url, type CheckinResponse, type Roster } from '@openday/shared'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CheckinView } from '../../src/features/checkins/CheckinView'
import { ROSTER_STORAGE_PREFIX } from '../../src/features/checkins/roster'
import { resetScanQueue } from '../../src/features/checkins/useScanQueue'
import { loadVerifier } from '../../src/features/checkins/verifier'
import { click, text, type } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { getStorage, mockApi, requests, setStorage, type FakeAnswer, type FakeRequest } from '../support/taro'

vi.mock('../../src/features/checkins/scanner', () => ({ startScanner: async () => ({ stop: () => undefined }) }))
afterEach(() => resetScanQueue())

let keys: CryptoKeyPair
let publicKey: string
const HOUR = 3600_000
async function ticketFor(eventId: string, registrationId: string) {
  const sig = await crypto.subtle.sign('Ed25519', keys.privateKey, ticketMessage(eventId, registrationId))
  return formatTicket(eventId, registrationId, new Uint8Array(sig))
}
beforeAll(async () => {
  keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
  publicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey)))
  await loadVerifier()
})

const A = 'regAAAAAAAAAAAAAAAAAAA'
const B = 'regBBBBBBBBBBBBBBBBBBB'
const C = 'regCCCCCCCCCCCCCCCCCCC'
const D = 'regDDDDDDDDDDDDDDDDDDD'
const EARLIER = new Date(Date.now() - 10 * 60_000).toISOString()

/** A roster as GET /events/ev1/roster returns it: A and B active, C cancelled, D checked in by 王核验. */
function rosterOf(over: Partial<Roster> = {}): Roster {
  return {
    v: ROSTER_VERSION,
    event: { id: 'ev1', title: '开放日', startAt: new Date(Date.now() + HOUR).toISOString(), endAt: new Date(Date.now() + 3 * HOUR).toISOString(), status: 'published' },
    publicKey,
    staff: ['王核验'],
    ids: [A, B, C, D],
    codes: ['AAAA2345', 'BBBB2345', 'CCCC2345', 'DDDD2345'],
    names: ['张**', '李*', '赵*', '欧***'],
    categories: ['citizen', 'npc_deputy', 'media', 'citizen'],
    statuses: ['active', 'active', 'cancelled', 'active'],
    checkedInAt: [null, null, null, EARLIER],
    checkedInBy: [null, null, null, 0],
    etag: 'tag-1',
    ...over,
  }
}

function doorApi(opts: { roster: () => Roster; checkin?: (req: FakeRequest) => FakeAnswer }) {
  setStorage('openday.staff.token', 's-token')
  const net = { offline: false }
  mockApi((req) => {
    if (net.offline) return 'network'
    if (req.path === '/events/ev1/roster') {
      const r = opts.roster()
      return req.header['If-None-Match'] === `"${r.etag}"` ? [304, null] : [200, r]
    }
    if (req.path === '/events/ev1/checkins') return opts.checkin?.(req) ?? [500, {}]
    if (req.path === '/events/ev1/checkpoints') return [200, { points: POINTS }]
    if (req.path === '/tickets/public-key') return [200, { alg: 'Ed25519', publicKey }]
    if (req.path === '/events/ev1/dashboard') return [200, { eventId: 'ev1', capacity: 30, registered: 4, checkedIn: 1, byCategory: [], suggestions: 0, evaluations: { count: 0, averages: null, overall: null }, updatedAt: new Date().toISOString() }]
    if (req.path === '/events/ev1') return [200, { event: eventDetail() }]
    return [404, {}]
  })
  return net
}

const cp = (id: string, kind: 'entrance' | 'stop', name: string, position: number) =>
  ({ id, kind, name, description: '', images: [], position, active: true, checkedIn: 0, exited: 0, insideNow: 0 }) as const
const POINTS = [cp('entrance', 'entrance', '入口签到', -1), cp('cpGC', 'stop', '气相色谱仪', 1)]

const panel = () => document.getElementById('checkin-result')!
const sync = () => document.getElementById('checkin-sync')!
const rosterRequests = () => requests.filter((r) => r.path === '/events/ev1/roster')

async function scan(code: string) {
  await type('checkin-code', code)
  await click('checkin-submit')
}

async function setNetwork(net: { offline: boolean }, offline: boolean) {
  net.offline = offline
  await act(async () => {
    window.dispatchEvent(new Event(offline ? 'offline' : 'online'))
  })
}

describe('the door with its roster', () => {
  it('offline, decides every scan from the roster in Chinese and keeps scanning after bad codes', async () => {
    const net = doorApi({ roster: () => rosterOf() })
    render(<CheckinView eventId="ev1" scanner="none" />)
    await waitFor(() => expect(text('checkin-roster-sync')).toMatch(/^签到名单 4 人 · 最近同步 \d\d:\d\d$/))
    expect(JSON.parse(getStorage(ROSTER_STORAGE_PREFIX + 'ev1') as string).roster.etag).toBe('tag-1')

    await setNetwork(net, true)
    await waitFor(() => expect(sync().getAttribute('data-online')).toBe('false'))
    expect(document.getElementById('checkin-offline-banner')!.textContent).toContain('网络已断开')

    const expectVerdict = async (provisional: string, label: string, detail?: string) => {
      await waitFor(() => expect(panel().getAttribute('data-provisional')).toBe(provisional))
      expect(text('checkin-result-label')).toBe(label)
      if (detail) expect(text('checkin-result-first')).toBe(detail)
    }
    const ticketA = await ticketFor('ev1', A)
    await scan(ticketA)
    await expectVerdict('checked_in', '签到成功')
    expect(text('checkin-result-name')).toBe('张**')
    expect(panel().className).toContain('result--green')
    const firstAt = JSON.parse(getStorage('openday.checkin.queue') as string)[0].scannedAt as string

    await scan(ticketA) // the same person again, on this device
    await expectVerdict('already_checked_in', '重复签到', `已由本机于 ${formatTime(firstAt)} 签到`)
    await scan('dddd-2345') // checked in by another door before the roster was downloaded
    await expectVerdict('already_checked_in', '重复签到', `已由 王核验 于 ${formatTime(EARLIER)} 签到`)
    await scan(await ticketFor('ev1', C))
    await expectVerdict('cancelled', '报名或活动已取消')
    await scan(await ticketFor('ev2', 'regOtherEvent000000001'))
    await expectVerdict('wrong_event', '非本场活动')
    await scan(ticketA.replace(`.${A}.`, `.${B}.`)) // forged: B's id under A's signature
    await expectVerdict('invalid', '无效票据')
    await scan('ZZZZ9999')
    await expectVerdict('invalid', '无效票据')
    await scan('bbbb2345') // and the next good one goes through
    await expectVerdict('checked_in', '签到成功')
    expect(text('checkin-result-name')).toBe('李*')
    expect(sync().getAttribute('data-pending')).toBe('8')
    expect(text('checkin-pending-count')).toBe('8')
  })

  it('decides from the stored roster after a restart with no network, and refreshes with If-None-Match', async () => {
    doorApi({ roster: () => rosterOf() })
    const first = render(<CheckinView eventId="ev1" scanner="none" />)
    await waitFor(() => expect(text('checkin-roster-sync')).toContain('签到名单 4 人'))
    first.unmount()
    resetScanQueue()

    // Back online later: the second download asks with the tag and gets a 304.
    const again = render(<CheckinView eventId="ev1" scanner="none" />)
    await waitFor(() => expect(rosterRequests()).toHaveLength(2))
    expect(rosterRequests()[1].header['If-None-Match']).toBe('"tag-1"')
    again.unmount()
    resetScanQueue()

    // The app restarts in a lab with no signal at all.
    const net = doorApi({ roster: () => rosterOf() })
    net.offline = true
    render(<CheckinView eventId="ev1" scanner="none" />)
    expect(text('checkin-roster-sync')).toContain('签到名单 4 人')
    await waitFor(() => expect(sync().getAttribute('data-online')).toBe('false'))
    await scan(await ticketFor('ev1', B))
    await waitFor(() => expect(panel().getAttribute('data-provisional')).toBe('checked_in'))
    expect(text('checkin-result-name')).toBe('李*')
  })

  it('a check-in replaced on the server by another door’s earlier scan is shown as such after the roster refresh', async () => {
    let roster = rosterOf()
    doorApi({
      roster: () => roster,
      checkin: (req) => {
        const body = req.body as { scannedAt: string }
        const answer: CheckinResponse = { result: 'checked_in', attendee: { nameMasked: '张**', category: 'citizen' }, checkedInAt: body.scannedAt }
        // Meanwhile another door uploads its scan of A made ten minutes earlier: it wins.
        roster = rosterOf({ staff: ['王核验', '李核验'], checkedInAt: [EARLIER, null, null, EARLIER], checkedInBy: [1, null, null, 0], etag: 'tag-2' })
        return [200, answer]
      },
    })
    render(<CheckinView eventId="ev1" scanner="none" />)
    await waitFor(() => expect(text('checkin-roster-sync')).toContain('签到名单 4 人'))
    await scan(await ticketFor('ev1', A))
    // Uploaded (签到成功), then the refresh after the upload tells the door what happened.
    await waitFor(() => expect(panel().getAttribute('data-outcome')).toBe('superseded'))
    expect(text('checkin-result-label')).toBe('重复签到')
    expect(text('checkin-result-detail')).toBe(`已由 李核验 于 ${formatTime(EARLIER)} 签到（先扫者为准）`)
    expect(panel().className).toContain('result--orange')
    const line = document.querySelector('#checkin-history .history__item')!
    expect(line.getAttribute('data-outcome')).toBe('superseded')
    expect(line.textContent).toContain('已由 李核验')
    // Kept on the device: a reload still shows it.
    expect(JSON.parse(getStorage('openday.checkin.queue') as string)[0].superseded).toEqual({ at: EARLIER, by: '李核验' })
  })

  it('a sign-up waiting for approval is 待审核 offline and after the upload, with what to do', async () => {
    const net = doorApi({
      roster: () => rosterOf({ statuses: ['active', 'pending', 'cancelled', 'active'] }),
      checkin: () => [200, { result: 'pending_approval', attendee: { nameMasked: '李*', category: 'npc_deputy' } } satisfies CheckinResponse],
    })
    render(<CheckinView eventId="ev1" scanner="none" />)
    await waitFor(() => expect(text('checkin-roster-sync')).toContain('签到名单 4 人'))
    await setNetwork(net, true)
    await waitFor(() => expect(sync().getAttribute('data-online')).toBe('false'))
    await scan(await ticketFor('ev1', B))
    await waitFor(() => expect(panel().getAttribute('data-provisional')).toBe('pending_approval'))
    expect(text('checkin-result-label')).toBe('待审核')
    expect(text('checkin-result-hint')).toBe('报名尚未通过审核，请联系工作人员')
    expect(text('checkin-result-name')).toBe('李*')
    expect(panel().className).toContain('result--red')

    await setNetwork(net, false)
    await waitFor(() => expect(panel().getAttribute('data-outcome')).toBe('pending_approval'))
    expect(text('checkin-result-label')).toBe('待审核')
    expect(text('checkin-result-hint')).toBe('报名尚未通过审核，请联系工作人员')
    expect(document.querySelector('#checkin-history .history__item')!.textContent).toContain('报名尚未通过审核')
  })

  it('offline at a 签到点: decides check-ins and exits there on the device, uploads them with the point, and shows the server’s answer', async () => {
    let uploaded = false
    const net = doorApi({
      // A fresh list once the uploads have begun (as another door's scans would make it).
      roster: () => (uploaded ? rosterOf({ etag: 'tag-2' }) : rosterOf()),
      checkin: (req) => {
        uploaded = true
        const body = req.body as { ticket: string; scannedAt: string; checkpointId?: string; direction?: string }
        // Another device had checked 李* in at the point first: the server says so.
        if (body.ticket === 'BBBB2345' && body.direction !== 'out')
          return [200, { result: 'already_checked_in', checkpointId: 'cpGC', direction: 'in', attendee: { nameMasked: '李*', category: 'npc_deputy' }, checkedInAt: EARLIER }]
        const out = body.direction === 'out'
        const who = { A: '张**', C: '赵*', D: '欧***' }[body.ticket.slice(0, 1).toUpperCase()] ?? '？'
        const where = { checkpointId: body.checkpointId ?? 'entrance', direction: out ? 'out' : 'in', attendee: { nameMasked: who, category: 'citizen' } }
        if (who === '赵*') return [200, { result: 'cancelled', ...where }]
        return [200, { result: out ? 'exited' : 'checked_in', ...where, checkedInAt: body.scannedAt, ...(out ? { exitedAt: body.scannedAt } : {}) }]
      },
    })
    render(<CheckinView eventId="ev1" scanner="none" />)
    await waitFor(() => expect(text('checkin-roster-sync')).toContain('签到名单 4 人'))
    await waitFor(() => expect(document.getElementById('cp-point-cpGC')).not.toBeNull())
    await setNetwork(net, true)
    await waitFor(() => expect(sync().getAttribute('data-online')).toBe('false'))
    await click('cp-point-cpGC')

    const expectVerdict = async (provisional: string, label: string) => {
      await waitFor(() => expect(panel().getAttribute('data-provisional')).toBe(provisional))
      expect(text('checkin-result-label')).toBe(label)
    }
    await scan('aaaa2345') // not checked in at the entrance: staff at a stop still check in (as the server)
    await expectVerdict('checked_in', '签到成功')
    expect(text('checkin-result-name')).toBe('张**')
    await scan('AAAA2345')
    await expectVerdict('already_checked_in', '重复签到')
    expect(text('checkin-result-first')).toMatch(/^已由本机于 \d\d:\d\d 签到$/)
    await scan('cccc2345')
    await expectVerdict('cancelled', '报名或活动已取消')
    await scan('bbbb2345') // another device scanned 李* here first: this device cannot know yet
    await expectVerdict('checked_in', '签到成功')
    await scan('dddd2345') // checked in at the entrance earlier by 王核验: a first check-in at this stop
    await expectVerdict('checked_in', '签到成功')
    await click('cp-direction-out')
    await scan('AAAA2345')
    await expectVerdict('exited', '已登记离开')
    await scan('AAAA2345')
    await expectVerdict('already_exited', '已登记过离开')
    // Back at the entrance: a check-in at a stop is not one at the entrance.
    await click('cp-point-entrance')
    await click('cp-direction-in')
    await scan('AAAA2345')
    await expectVerdict('checked_in', '签到成功')
    expect(sync().getAttribute('data-pending')).toBe('8')
    const queued = JSON.parse(getStorage('openday.checkin.queue') as string) as { nonce: string; checkpointId?: string; direction?: string; provisional: string }[]
    expect(queued.map((q) => [q.checkpointId, q.direction ?? 'in', q.provisional])).toEqual([
      [undefined, 'in', 'checked_in'],
      ['cpGC', 'out', 'already_exited'],
      ['cpGC', 'out', 'exited'],
      ['cpGC', 'in', 'checked_in'],
      ['cpGC', 'in', 'checked_in'],
      ['cpGC', 'in', 'cancelled'],
      ['cpGC', 'in', 'already_checked_in'],
      ['cpGC', 'in', 'checked_in'],
    ])

    // Back online: uploaded with the point, the direction and each scan's nonce, in scan order per person.
    await setNetwork(net, false)
    await waitFor(() => expect(sync().getAttribute('data-pending')).toBe('0'))
    const sent = requests.filter((r) => r.path === '/events/ev1/checkins').map((r) => r.body as { nonce: string; checkpointId?: string; direction?: string })
    expect(new Set(sent.map((b) => b.nonce))).toEqual(new Set(queued.map((q) => q.nonce)))
    expect(new Set(sent.filter((b) => b.checkpointId === 'cpGC').map((b) => b.nonce)).size).toBe(7)
    expect(new Set(sent.filter((b) => b.direction === 'out').map((b) => b.nonce)).size).toBe(2)
    // Each line shows the server's answer; the one another device had scanned first is 重复签到.
    const lines = [...document.querySelectorAll('#checkin-history .history__item')]
    await waitFor(() => expect(lines.map((l) => l.getAttribute('data-state'))).toEqual(Array(8).fill('done')))
    const lb = [...document.querySelectorAll('#checkin-history .history__item')].find((l) => l.textContent!.includes('李*'))!
    expect(lb.getAttribute('data-outcome')).toBe('already_checked_in')
    expect(lb.textContent).toContain(`已于 ${formatTime(EARLIER)} 签到`)
    // The roster refreshed after the upload lists 欧*** checked in at the entrance earlier: that is
    // no reason to mark this stop's check-in as replaced (only entrance check-ins can be).
    await waitFor(() => expect(JSON.parse(getStorage(ROSTER_STORAGE_PREFIX + 'ev1') as string).roster.etag).toBe('tag-2'))
    const ld = [...document.querySelectorAll('#checkin-history .history__item')].find((l) => l.textContent!.includes('欧***'))!
    expect(ld.getAttribute('data-outcome')).toBe('checked_in')
  })
})
