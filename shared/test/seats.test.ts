import { describe, expect, it } from 'vitest'
import { noticeText, smsNoticeParams, wechatNoticeData } from '../src/outbox'
import {
  INVITATION_CODE_PATTERN,
  eventInputSchema,
  eventPatchSchema,
  invitationInputSchema,
  invitationProblem,
  normaliseInvitationCode,
  poolSize,
  sumQuotas,
} from '../src/index'

// 邀请名额与审核 (docs/seats.md): the pure rules shared by the API and the app.

describe('seat pools', () => {
  it('the general pool is what the quotas leave', () => {
    const quotas = { npc_deputy: 5, cppcc_member: 3 }
    expect(sumQuotas(quotas)).toBe(8)
    expect(poolSize('general', 30, quotas)).toBe(22)
    expect(poolSize('npc_deputy', 30, quotas)).toBe(5)
    expect(poolSize('media', 30, quotas)).toBe(0)
    expect(sumQuotas(undefined)).toBe(0)
  })

  it('Σ quotas ≤ capacity on create and on a patch naming both', () => {
    const base = {
      title: '开放日',
      hostUnit: '监管中心',
      venue: '检测实验室',
      startAt: '2030-03-04T09:30:00+08:00',
      endAt: '2030-03-04T11:30:00+08:00',
      registrationOpensAt: '2030-02-01T09:00:00+08:00',
      registrationClosesAt: '2030-03-03T17:00:00+08:00',
      capacity: 10,
    }
    expect(eventInputSchema.safeParse({ ...base, quotas: { npc_deputy: 10 } }).success).toBe(true)
    const over = eventInputSchema.safeParse({ ...base, quotas: { npc_deputy: 6, cppcc_member: 5 } })
    expect(over.success).toBe(false)
    expect(over.error!.issues[0]).toMatchObject({ path: ['quotas'], message: '各类别邀请名额合计（11）不能超过总名额（10）' })
    expect(eventPatchSchema.safeParse({ capacity: 4, quotas: { npc_deputy: 5 } }).success).toBe(false)
    // A patch of one of them alone is checked by the API on the merged event.
    expect(eventPatchSchema.safeParse({ quotas: { npc_deputy: 50 } }).success).toBe(true)
  })
})

describe('invitations', () => {
  it('codes are typed in any case, with spaces or dashes', () => {
    expect(normaliseInvitationCode(' rddb-26kf r7qm3xhw9 ')).toBe('RDDB26KFR7QM3XHW9')
    expect(INVITATION_CODE_PATTERN.test('RDDB26KFR7QM3XHW9')).toBe(true)
    // 0, 1, I, O and U are never in a code.
    expect(INVITATION_CODE_PATTERN.test('RDDB26KFR7QM3XHW0')).toBe(false)
  })

  it('says why one cannot be used: revoked, then expired, then used up', () => {
    const now = new Date('2030-03-01T00:00:00.000Z')
    const ok = { maxUses: 2, usedCount: 1, expiresAt: '2030-03-01T00:00:01.000Z', revokedAt: null }
    expect(invitationProblem(ok, now)).toBeNull()
    expect(invitationProblem({ ...ok, usedCount: 2 }, now)).toBe('used_up')
    expect(invitationProblem({ ...ok, expiresAt: '2030-03-01T00:00:00.000Z' }, now)).toBe('expired')
    expect(invitationProblem({ ...ok, usedCount: 2, expiresAt: '2000-01-01T00:00:00.000Z', revokedAt: '2030-02-01T00:00:00.000Z' }, now)).toBe('revoked')
  })

  it('validates the input', () => {
    expect(invitationInputSchema.safeParse({ category: 'npc_deputy', maxUses: 5, expiresAt: '2030-03-03T18:00:00+08:00' }).success).toBe(true)
    for (const bad of [{ maxUses: 0 }, { maxUses: 1001 }, { category: 'alien' }, { expiresAt: '明天' }, { label: 'x'.repeat(41) }]) {
      expect(invitationInputSchema.safeParse({ category: 'npc_deputy', maxUses: 5, expiresAt: '2030-03-03T18:00:00+08:00', ...bad }).success).toBe(false)
    }
  })
})

describe('approval messages', () => {
  const payload = { title: '农产品检测开放日', startAt: '2030-03-04T01:30:00.000Z', reason: '名额有限，请关注下一期活动安排', page: 'pages/my/index' }
  it('SMS variables have at most 6 characters', () => {
    expect(smsNoticeParams('registration_approved', payload)).toEqual(['3月4日', '09:30'])
    expect(smsNoticeParams('registration_declined', payload)).toEqual(['3月4日'])
    for (const kind of ['registration_approved', 'registration_declined'] as const) {
      for (const v of smsNoticeParams(kind, { ...payload, startAt: '2030-12-31T02:00:00.000Z' })) expect(Array.from(v).length).toBeLessThanOrEqual(6)
    }
  })

  it('the in-app text and the WeChat data name the event, and the reason when declined', () => {
    expect(noticeText('registration_approved', payload).title).toBe('报名审核通过：农产品检测开放日')
    expect(noticeText('registration_declined', payload).body).toContain('原因：名额有限，请关注下一期活动安排')
    expect(wechatNoticeData('registration_declined', payload)).toEqual({
      thing1: '农产品检测开放日',
      time2: '2030年3月4日 09:30',
      phrase3: '未通过',
      thing4: '名额有限，请关注下一期活动安排',
    })
    expect(wechatNoticeData('registration_approved', payload).phrase3).toBe('审核通过')
  })
})
