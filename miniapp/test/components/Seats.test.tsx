import { render, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import type { Invitation, StaffRegistration } from '@openday/shared'
import { MyRegistrationsView } from '../../src/features/registration/MyRegistrations'
import { RegisterForm } from '../../src/features/registration/RegisterForm'
import { TicketView } from '../../src/features/registration/TicketView'
import { SeatsView } from '../../src/features/seats/SeatsView'
import { click, field, text, type } from '../support/dom'
import { eventDetail, registration } from '../support/fixtures'
import { mockApi, requests, setStorage, type FakeRequest } from '../support/taro'

// 名额与邀请 and 审核 (docs/seats.md). Fixed dates in the future.
const EVENT = eventDetail({
  id: 'ev1',
  title: '农产品检测开放日',
  startAt: '2030-03-04T01:30:00.000Z',
  endAt: '2030-03-04T03:30:00.000Z',
  registrationOpensAt: '2030-02-01T01:00:00.000Z',
  registrationClosesAt: '2030-03-03T10:00:00.000Z',
  capacity: 30,
  quotas: { npc_deputy: 5 },
})
const SEATS = {
  capacity: 30,
  registered: 8,
  quotas: { npc_deputy: 5 },
  requiresApproval: true,
  pools: [
    { pool: 'general', label: '公开报名', size: 25, taken: 6 },
    { pool: 'npc_deputy', label: '人大代表', size: 5, taken: 2 },
  ],
}
const INVITATION: Invitation = {
  id: 'inv1',
  code: 'RDDB26KFR7QM3XHW9',
  url: 'http://h5.test/#/pages/register/index?eventId=ev1&invite=RDDB26KFR7QM3XHW9',
  category: 'npc_deputy',
  maxUses: 5,
  usedCount: 2,
  expiresAt: '2030-03-03T10:00:00.000Z',
  label: '市人大常委会',
  revokedAt: null,
  createdAt: '2030-02-01T02:00:00.000Z',
}
const PENDING: StaffRegistration = {
  id: 'r7',
  nameMasked: '欧***',
  phoneMasked: '139****0001',
  category: 'citizen',
  organization: '市农科院',
  seatPool: 'general',
  invited: false,
  status: 'active',
  approval: 'pending',
  declineReason: null,
  createdAt: '2030-02-02T02:00:00.000Z',
}
const ORGANIZER = { id: 's1', username: 'org', displayName: '李组织', role: 'organizer', agencyId: 'ag1', agencyName: '固原市农业农村局', mustChangePassword: false }

function staffApi(over: (req: FakeRequest) => ReturnType<Parameters<typeof mockApi>[0]> | undefined = () => undefined) {
  setStorage('openday.staff.token', 's')
  setStorage('openday.staff.profile', JSON.stringify(ORGANIZER))
  mockApi((req) => {
    const answer = over(req)
    if (answer) return answer
    if (req.method === 'GET' && req.path === '/events/ev1') return [200, { event: EVENT }]
    if (req.method === 'GET' && req.path === '/events/ev1/seats') return [200, SEATS]
    if (req.method === 'GET' && req.path === '/events/ev1/invitations') return [200, { invitations: [INVITATION] }]
    if (req.method === 'GET' && req.path === '/events/ev1/registrations?approval=pending') return [200, { registrations: [PENDING] }]
    return [404, { error: { code: 'NOT_FOUND', message: '未找到相关内容' } }]
  })
}
const writes = () => requests.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path, body: r.body as unknown }))
const has = (id: string) => document.getElementById(id) !== null
const modal = (confirm: boolean) => vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm, cancel: !confirm, errMsg: 'showModal:ok' })

describe('名额与邀请 (staff-event-seats)', () => {
  it('shows the pools and saves quotas and approval through the event PATCH; Σ over capacity is refused here', async () => {
    staffApi((req) => (req.method === 'PATCH' ? [200, { event: EVENT }] : undefined))
    render(<SeatsView id="ev1" />)
    await waitFor(() => expect(has('seats-save')).toBe(true))
    expect(text('seats-quotas')).toContain('总名额 30 人，已报名 8 人')
    expect(text('seats-quotas')).toContain('其余 25 个为公开报名名额（已用 6）')
    // Taro's input element makes its inner <input> a moment after it is attached.
    await waitFor(() => expect(document.querySelector('#seats-quota-npc_deputy input')).not.toBeNull())
    expect(field('seats-quota-npc_deputy').value).toBe('5')
    expect(text('seats-quotas')).toContain('已凭邀请报名 2 人')
    await type('seats-quota-cppcc_member', '30')
    await click('seats-save')
    expect(text('seats-error')).toBe('各类别邀请名额合计（35）不能超过总名额（30）')
    expect(writes()).toEqual([])
    await type('seats-quota-cppcc_member', '5')
    await click('seats-approval')
    await click('seats-save')
    await waitFor(() => expect(has('seats-saved')).toBe(true))
    expect(writes()).toEqual([{ method: 'PATCH', path: '/events/ev1', body: { quotas: { npc_deputy: 5, cppcc_member: 5 }, requiresApproval: false } }])
  })

  it('creates an invitation, lists uses, copies the link, and revokes only after confirmation', async () => {
    staffApi((req) => {
      if (req.method === 'POST' && req.path === '/events/ev1/invitations') return [201, { invitation: { ...INVITATION, id: 'inv2', usedCount: 0, maxUses: 1, label: null } }]
      if (req.method === 'POST' && req.path === '/events/ev1/invitations/inv1/revoke') return [200, { invitation: { ...INVITATION, revokedAt: '2030-02-03T00:00:00.000Z' } }]
      return undefined
    })
    render(<SeatsView id="ev1" />)
    await waitFor(() => expect(has('inv-inv1')).toBe(true))
    expect(text('inv-inv1-uses')).toBe('已使用 2/5 · 有效期至 2030年3月3日（周日）18:00')
    expect(field('inv-expires').value).toBe('2030-03-03 18:00')
    await click('inv-create')
    expect(text('inv-category-error')).toBe('请选择邀请的身份类别')
    await click('inv-category-npc_deputy')
    await click('inv-create')
    await waitFor(() => expect(has('inv-created')).toBe(true))
    expect(writes()).toEqual([
      { method: 'POST', path: '/events/ev1/invitations', body: { category: 'npc_deputy', maxUses: 1, expiresAt: '2030-03-03T18:00:00+08:00' } },
    ])
    await click('inv-inv1-copy')
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: INVITATION.url })
    modal(false)
    await click('inv-inv1-revoke')
    expect(writes()).toHaveLength(1)
    modal(true)
    await click('inv-inv1-revoke')
    await waitFor(() => expect(writes()).toHaveLength(2))
    expect(writes()[1]).toEqual({ method: 'POST', path: '/events/ev1/invitations/inv1/revoke', body: {} })
  })

  it('审核: approves after confirmation; declining needs a reason and a confirmation', async () => {
    staffApi((req) => {
      if (req.method === 'POST' && req.path.endsWith('/approve')) return [200, { registration: { id: 'r7', approval: 'approved' } }]
      if (req.method === 'POST' && req.path.endsWith('/decline')) return [200, { registration: { id: 'r7', approval: 'declined' } }]
      return undefined
    })
    render(<SeatsView id="ev1" />)
    await waitFor(() => expect(has('approval-r7')).toBe(true))
    expect(text('approval-r7')).toContain('欧*** · 139****0001')
    modal(false)
    await click('approval-r7-approve')
    expect(writes()).toEqual([])
    await click('approval-r7-decline')
    await click('approval-r7-decline-confirm')
    expect(text('approval-r7-reason-error')).toBe('请填写未通过的原因，报名者会收到这条说明')
    await type('approval-r7-reason', '名额有限，请关注下一期')
    modal(true)
    await click('approval-r7-decline-confirm')
    await waitFor(() => expect(writes()).toHaveLength(1))
    expect(writes()).toEqual([{ method: 'POST', path: '/events/ev1/registrations/r7/decline', body: { reason: '名额有限，请关注下一期' } }])
    modal(true)
    await click('approval-r7-approve')
    await waitFor(() => expect(writes()).toHaveLength(2))
    expect(writes()[1]).toEqual({ method: 'POST', path: '/events/ev1/registrations/r7/approve', body: {} })
  })
})

function participant() {
  setStorage('openday.participant.token', 'p-token')
  setStorage('openday.participant.profile', JSON.stringify({ id: 'p1', phoneMasked: null }))
  setStorage('openday.verifiedPhones', JSON.stringify({ participantId: 'p1', phones: ['13812345678'] }))
}

describe('signing up with ?invite=', () => {
  it('says the invited category, fixes it, and sends the code', async () => {
    participant()
    mockApi((req) => {
      if (req.method === 'GET' && req.path === '/events/ev1') return [200, { event: EVENT }]
      if (req.method === 'GET' && req.path === '/public/invitations/RDDB26KFR7QM3XHW9')
        return [200, { eventId: 'ev1', eventTitle: EVENT.title, category: 'npc_deputy', categoryLabel: '人大代表', valid: true }]
      return [201, { registration: registration({ id: 'r9', category: 'npc_deputy' }) }]
    })
    render(<RegisterForm eventId="ev1" invite="RDDB26KFR7QM3XHW9" />)
    await waitFor(() => expect(has('reg-invited')).toBe(true))
    expect(text('reg-invited')).toBe('您受邀以「人大代表」身份报名，使用为受邀代表预留的名额。')
    expect(text('reg-category-fixed')).toBe('人大代表')
    expect(has('reg-category-citizen')).toBe(false)
    await type('reg-name', '张三')
    await click('reg-consent')
    await click('reg-submit')
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/ticket/index?id=r9' }))
    const post = requests.find((r) => r.method === 'POST')!
    expect(post.body).toEqual({ name: '张三', phone: '13812345678', category: 'npc_deputy', consent: true, invitationCode: 'RDDB26KFR7QM3XHW9' })
  })

  it('says why a code cannot be used (已用完) and lets the person sign up publicly; a refused sign-up says 已过期', async () => {
    participant()
    mockApi((req) => {
      if (req.method === 'GET' && req.path === '/events/ev1') return [200, { event: EVENT }]
      if (req.method === 'GET' && req.path.startsWith('/public/invitations/'))
        return [200, { eventId: 'ev1', eventTitle: EVENT.title, category: 'npc_deputy', categoryLabel: '人大代表', valid: false, reason: 'used_up', message: '邀请码已用完，请联系主办单位' }]
      return [409, { error: { code: 'EVENT_FULL', message: '名额已满，感谢关注' } }]
    })
    render(<RegisterForm eventId="ev1" invite="RDDB26KFR7QM3XHW9" />)
    await waitFor(() => expect(has('reg-invite-problem')).toBe(true))
    expect(has('reg-approval')).toBe(false)
    expect(text('reg-invite-problem')).toBe('邀请码已用完，请联系主办单位。您仍可按公开名额报名。')
    expect(has('reg-category-citizen')).toBe(true)
  })

  it('shows the API’s invitation error when the code ran out meanwhile', async () => {
    participant()
    mockApi((req) => {
      if (req.method === 'GET' && req.path === '/events/ev1') return [200, { event: EVENT }]
      if (req.method === 'GET') return [200, { eventId: 'ev1', eventTitle: EVENT.title, category: 'npc_deputy', categoryLabel: '人大代表', valid: true }]
      return [409, { error: { code: 'INVITATION_INVALID', message: '邀请码已过期，请联系主办单位', reason: 'expired', field: 'invitationCode' } }]
    })
    render(<RegisterForm eventId="ev1" invite="rddb26kfr7qm3xhw9" />)
    await waitFor(() => expect(has('reg-invited')).toBe(true))
    await type('reg-name', '张三')
    await click('reg-consent')
    await click('reg-submit')
    await waitFor(() => expect(text('reg-error')).toBe('邀请码已过期，请联系主办单位'))
  })
})

describe('我的报名 with approval', () => {
  it('the sign-up page says that sign-ups are approved first', async () => {
    participant()
    mockApi(() => [200, { event: { ...EVENT, requiresApproval: true } }])
    render(<RegisterForm eventId="ev1" />)
    await waitFor(() => expect(has('reg-approval')).toBe(true))
    expect(text('reg-approval')).toBe('本活动报名需审核，通过后发放电子票并通知您。')
  })

  it('shows 待审核 without a ticket, and 未通过 with the reason', async () => {
    participant()
    const pending = registration({ id: 'r1', approval: 'pending', declineReason: null, ticket: null })
    const declined = registration({ id: 'r2', status: 'cancelled', approval: 'declined', declineReason: '名额有限', ticket: null })
    mockApi(() => [200, { registrations: [pending, declined] }])
    render(<MyRegistrationsView />)
    await waitFor(() => expect(has('reg-r1')).toBe(true))
    expect(document.querySelector('#reg-r1 .status')!.textContent).toBe('待审核')
    expect(text('reg-r1-pending')).toBe('待主办单位审核，通过后即可出示电子票')
    expect(document.querySelector('#reg-r2 .status')!.textContent).toBe('未通过')
    expect(text('reg-r2-declined')).toBe('未通过审核（名额有限）')
  })

  it('the ticket page of a pending sign-up shows no code', async () => {
    participant()
    mockApi(() => [200, { registrations: [registration({ id: 'r1', approval: 'pending', declineReason: null, ticket: null })] }])
    render(<TicketView id="r1" />)
    await waitFor(() => expect(has('ticket-pending')).toBe(true))
    expect(has('ticket-qr-box')).toBe(false)
    expect(has('ticket-short-code')).toBe(false)
    expect(has('ticket-cancel')).toBe(true)
  })
})
