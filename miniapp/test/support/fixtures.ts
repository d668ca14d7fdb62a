import type { EventDetail, EventSummary, MyRegistration } from '@openday/shared'

const DAY = 24 * 3600 * 1000
const iso = (ms: number) => new Date(ms).toISOString()

export function eventSummary(over: Partial<EventSummary> = {}): EventSummary {
  const now = Date.now()
  return {
    id: 'ev1',
    title: '掌稳农产品安全之舵 守护百姓舌尖上的安全',
    agencyName: '固原市农业农村局',
    hostUnit: '农产品质量安全监管中心',
    venue: '农产品质量安全检测实验室',
    startAt: iso(now + 10 * DAY),
    endAt: iso(now + 10 * DAY + 2 * 3600 * 1000),
    registrationOpensAt: iso(now - DAY),
    registrationClosesAt: iso(now + 9 * DAY),
    capacity: 30,
    seatsLeft: 12,
    status: 'published',
    ...over,
  }
}

export function eventDetail(over: Partial<EventDetail> = {}): EventDetail {
  return {
    ...eventSummary(over),
    agencyId: 'ag1',
    description: '走进检测实验室',
    agenda: [{ time: '09:30', title: '签到入场' }],
    targetGroups: ['citizen', 'npc_deputy'],
    contactPhone: '0954-2035678',
    publishedAt: new Date().toISOString(),
    noticeOverrideReason: null,
    cancelReason: null,
    cancelledAt: null,
    changedAt: null,
    previousStartAt: null,
    venueLat: null,
    venueLng: null,
    quotas: {},
    requiresApproval: false,
    ...over,
  }
}

export function registration(over: Partial<MyRegistration> = {}): MyRegistration {
  const e = eventSummary()
  return {
    id: 'r1',
    eventId: e.id,
    event: { title: e.title, venue: e.venue, startAt: e.startAt, endAt: e.endAt, status: 'published', cancelReason: null },
    name: '张三',
    phoneMasked: '138****5678',
    category: 'citizen',
    organization: null,
    status: 'active',
    shortCode: 'ABCD2345',
    ticket: 'v1.payload.signature',
    createdAt: new Date().toISOString(),
    checkedInAt: null,
    hasEvaluationRequest: true,
    ...over,
  }
}
