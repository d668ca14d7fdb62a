import { describe, expect, it } from 'vitest'
import {
  OFFER_TTL_MS,
  OPEN_WAITLIST_STATUSES,
  WAITLIST_STATUSES,
  WAITLIST_TRANSITIONS,
  canTransition,
  noticeText,
  offerHeldText,
  smsNoticeParams,
  transitionSources,
  waitlistInputSchema,
  waitlistPlaceText,
  wechatNoticeData,
  type WaitlistStatus,
} from '../src/index'

describe('the waiting list state machine (候补)', () => {
  it('one table: open states move on, closed states never change', () => {
    const all = Object.keys(WAITLIST_STATUSES) as WaitlistStatus[]
    expect(Object.keys(WAITLIST_TRANSITIONS).sort()).toEqual([...all].sort())
    for (const s of all) expect(WAITLIST_TRANSITIONS[s].length > 0).toBe((OPEN_WAITLIST_STATUSES as readonly string[]).includes(s))
    expect(canTransition('waiting', 'offered')).toBe(true)
    expect(canTransition('waiting', 'accepted')).toBe(false)
    expect(canTransition('expired', 'offered')).toBe(false)
    expect(transitionSources('left')).toEqual(['waiting', 'offered'])
    expect(transitionSources('accepted')).toEqual(['offered'])
    expect(transitionSources('waiting')).toEqual([])
    expect(OFFER_TTL_MS).toBe(12 * 3600_000)
  })

  it('words: the place and the offer deadline, in Beijing time', () => {
    expect(waitlistPlaceText(3)).toBe('候补第3位')
    expect(offerHeldText('2030-03-10T14:00:00.000Z')).toBe('候补名额已为您保留至3月10日（周日）22:00，请及时确认')
  })

  it('the input is what sign-up needs, with consent', () => {
    const ok = waitlistInputSchema.safeParse({ name: '李明', phone: '13812345678', category: 'citizen', consent: true, invitationCode: 'X' })
    expect(ok.success && ok.data).toEqual({ name: '李明', phone: '13812345678', category: 'citizen', consent: true })
    expect(waitlistInputSchema.safeParse({ name: '李明', phone: '13812345678', category: 'citizen' }).success).toBe(false)
  })
})

describe('the offer message (waitlist_offer)', () => {
  const payload = { title: '农产品检测开放日', startAt: '2030-03-14T01:30:00.000Z', until: '2030-03-10T14:00:00.000Z', page: 'pages/my/index' }
  it('names the deadline in every channel; SMS variables ≤ 6 characters', () => {
    expect(noticeText('waitlist_offer', payload)).toEqual({
      title: '候补名额待确认：农产品检测开放日',
      body: '您候补的“农产品检测开放日”（2030年3月14日（周四）09:30）有名额了。候补名额已为您保留至2030年3月10日（周日）22:00，请及时在“我的报名”中确认，逾期将顺延给下一位。',
    })
    expect(smsNoticeParams('waitlist_offer', payload)).toEqual(['3月10日', '22:00'])
    for (const v of smsNoticeParams('waitlist_offer', { ...payload, until: '2030-12-31T02:00:00.000Z' })) expect(Array.from(v).length).toBeLessThanOrEqual(6)
    expect(wechatNoticeData('waitlist_offer', payload)).toEqual({
      thing1: '农产品检测开放日',
      time2: '2030年3月14日 09:30',
      phrase3: '候补到位',
      thing4: '请于3月10日22:00前确认',
    })
  })
})
