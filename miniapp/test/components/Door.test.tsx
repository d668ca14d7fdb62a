// 现场服务 (docs/door.md): search (hint for a bad query, masked results, empty, error), 手动签到
// with a reason picker and a confirmation before anything is sent, 现场登记 with its form and a
// confirmation; and the dashboard's exports (masked for organizers; 完整导出 for admins with a
// purpose and a privacy warning).
import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { DoorPerson } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { DoorExports } from '../../src/features/door/DoorExports'
import { DoorView } from '../../src/features/door/DoorView'
import { click, text, type } from '../support/dom'
import { eventDetail } from '../support/fixtures'
import { STAFF_ADMIN, STAFF_HANDLER } from '../support/handling'
import { mockApi, requests, setStorage, type FakeRequest, type FakeAnswer } from '../support/taro'

function loginAs(profile: object) {
  setStorage('openday.staff.token', 's-token')
  setStorage('openday.staff.profile', JSON.stringify(profile))
}

const person = (over: Partial<DoorPerson> = {}): DoorPerson => ({
  registrationId: 'r1',
  nameMasked: '欧***',
  phoneMasked: '****1234',
  category: 'npc_deputy',
  status: 'active',
  source: 'signup',
  checkedIn: false,
  checkedInAt: null,
  ...over,
})

function doorApi(handle: (req: FakeRequest) => FakeAnswer | undefined) {
  loginAs({ ...STAFF_ADMIN, role: 'checker' })
  mockApi((req) => {
    const a = handle(req)
    if (a) return a
    if (req.path === '/events/ev1') return [200, { event: eventDetail() }]
    return [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
  })
}

const posts = () => requests.filter((r) => r.method === 'POST')

describe('现场服务', () => {
  it('a bad query gets the hint and sends nothing; results are shown masked with their state', async () => {
    doorApi((req) =>
      req.path.startsWith('/events/ev1/door/search')
        ? [200, { people: [person(), person({ registrationId: 'r2', nameMasked: '李*', phoneMasked: '****1234', category: 'citizen', checkedIn: true, checkedInAt: '2026-03-10T02:05:00.000Z' }), person({ registrationId: 'r3', nameMasked: '王**', status: 'cancelled' })], more: true }]
        : undefined,
    )
    render(<DoorView eventId="ev1" />)
    await type('door-q', '12')
    await click('door-search')
    expect(text('door-q-error')).toBe('按手机号查找请输入后4位数字')
    expect(requests.filter((r) => r.path.includes('door/search'))).toEqual([])
    await type('door-q', '1234')
    await click('door-search')
    await waitFor(() => expect(document.getElementById('door-results')).not.toBeNull())
    expect(requests.filter((r) => r.path.includes('door/search')).map((r) => r.path)).toEqual(['/events/ev1/door/search?q=1234'])
    expect(text('door-person-r1')).toBe('欧*******1234人大代表 · 未签到为此人手动签到')
    expect(text('door-person-r2')).toBe('李*****1234市民代表 · 已签到 10:05')
    expect(text('door-person-r3')).toBe('王******1234人大代表 · 已取消报名')
    expect(text('door-more')).toBe('只显示前20人，请输入更完整的姓名')
  })

  it('empty and error states', async () => {
    let fail = false
    doorApi((req) =>
      req.path.startsWith('/events/ev1/door/search') ? (fail ? 'network' : [200, { people: [], more: false }]) : undefined,
    )
    render(<DoorView eventId="ev1" />)
    await type('door-q', '张三')
    await click('door-search')
    await waitFor(() => expect(text('door-empty')).toContain('没有找到“张三”'))
    fail = true
    await click('door-search')
    await waitFor(() => expect(text('door-search-error')).toBe('网络不太好，请检查网络后重试'))
  })

  it('手动签到: a reason must be picked, then confirmed; only then one request with it', async () => {
    let checked = false
    doorApi((req) => {
      if (req.path.startsWith('/events/ev1/door/search')) return [200, { people: [person({ checkedIn: checked, checkedInAt: checked ? '2026-03-10T02:00:00.000Z' : null })], more: false }]
      if (req.path === '/events/ev1/checkins/manual') {
        checked = true
        return [200, { result: 'checked_in', nameMasked: '欧***', checkedInAt: '2026-03-10T02:00:00.000Z', manualReason: '忘带手机' }]
      }
      return undefined
    })
    render(<DoorView eventId="ev1" />)
    await type('door-q', '欧阳')
    await click('door-search')
    await waitFor(() => expect(document.getElementById('door-person-r1-open')).not.toBeNull())
    await click('door-person-r1-open')
    await click('door-manual-r1-next')
    expect(text('door-manual-r1-error')).toBe('请选择或填写手动签到的原因')
    await click('door-manual-r1-reason-忘带手机')
    await click('door-manual-r1-next')
    expect(text('door-manual-r1-confirm-text')).toBe('确认为 欧***（****1234）手动签到？原因：忘带手机')
    expect(posts()).toEqual([])
    await click('door-manual-r1-confirm')
    await waitFor(() => expect(text('door-done')).toBe('欧*** 已手动签到（忘带手机）'))
    expect(posts().map((r) => [r.path, r.body])).toEqual([['/events/ev1/checkins/manual', { registrationId: 'r1', reason: '忘带手机' }]])
    await waitFor(() => expect(text('door-person-r1')).toContain('已签到 10:00'))
  })

  it('现场登记: checks the form, confirms, sends once, and says what the API refused', async () => {
    let full = false
    doorApi((req) => {
      if (req.path === '/events/ev1/walk-ins')
        return full
          ? [409, { error: { code: 'EVENT_FULL', message: '名额已满，不能再现场登记' } }]
          : [201, { walkIn: { registrationId: 'w1', nameMasked: '刘*', phoneMasked: '****5678', category: 'citizen', checkedInAt: '2026-03-10T02:00:00.000Z' }, seatsLeft: 3, walkInCount: 2 }]
      return undefined
    })
    render(<DoorView eventId="ev1" />)
    await waitFor(() => expect(document.getElementById('door-walkin-next')).not.toBeNull())
    await click('door-walkin-next')
    expect(text('door-walkin-name-error')).toBe('请输入真实姓名（至少2个字）')
    expect(text('door-walkin-phone-error')).toBe('请输入正确的11位手机号码')
    await type('door-walkin-name', '刘备')
    await type('door-walkin-phone', '13512345678')
    await click('door-walkin-category-citizen')
    await click('door-walkin-next')
    expect(text('door-walkin-confirm-text')).toBe('确认为 刘备（市民代表）现场登记并签到？将占用一个名额。')
    expect(posts()).toEqual([])
    await click('door-walkin-confirm')
    await waitFor(() => expect(text('door-done')).toBe('刘* 已现场登记并签到；剩余名额 3，现场登记共 2 人'))
    expect(posts().map((r) => [r.path, r.body])).toEqual([['/events/ev1/walk-ins', { name: '刘备', phone: '13512345678', category: 'citizen' }]])
    full = true
    await type('door-walkin-name', '关羽')
    await type('door-walkin-phone', '13533334444')
    await click('door-walkin-category-citizen')
    await click('door-walkin-next')
    await click('door-walkin-confirm')
    await waitFor(() => expect(text('door-walkin-error')).toBe('名额已满，不能再现场登记'))
  })
})

describe('导出 (dashboard)', () => {
  const downloads = () =>
    (Taro.downloadFile as unknown as { mock: { calls: [{ url: string; header: Record<string, string> }][] } }).mock.calls.map((c) => c[0].url)

  it('organizers: masked exports only', async () => {
    loginAs({ ...STAFF_HANDLER, role: 'organizer' })
    render(<DoorExports eventId="ev1" title="开放日" returnTo="/x" />)
    expect(document.getElementById('door-export-full-registrations')).toBeNull()
    await click('door-export-registrations')
    await waitFor(() => expect(document.getElementById('door-export-save')).not.toBeNull())
    expect(downloads().at(-1)).toBe('http://api.test/api/v1/staff/events/ev1/registrations.csv')
    await click('door-export-save')
    expect(Taro.shareFileMessage).toHaveBeenLastCalledWith({ filePath: 'wxfile://tmp/report.csv', fileName: '报名名单-开放日.csv' })
  })

  it('admins: 完整导出 warns, asks the purpose, then sends it', async () => {
    loginAs(STAFF_ADMIN)
    render(<DoorExports eventId="ev1" title="开放日" returnTo="/x" />)
    await click('door-export-full-checkins')
    expect(text('door-export-full-warning')).toContain('将记入审计日志')
    const before = downloads().length
    await click('door-export-full-confirm')
    expect(text('door-export-reason-error')).toBe('完整导出须填写用途（至少4个字），将记入审计日志')
    expect(downloads().length).toBe(before)
    await type('door-export-reason', '报送人大联络办')
    await click('door-export-full-confirm')
    await waitFor(() => expect(downloads().at(-1)).toBe(`http://api.test/api/v1/staff/events/ev1/checkins.csv?full=1&reason=${encodeURIComponent('报送人大联络办')}`))
    await waitFor(() => expect(document.getElementById('door-export-full-dialog')).toBeNull())
  })
})
