import type { StaffSuggestionDetail, StaffSuggestionItem, StaffSuggestionList, SuggestionStatus } from '@openday/shared'

/** One line of GET /staff/suggestions as the API sends it. */
export function staffItem(over: Partial<StaffSuggestionItem> = {}): StaffSuggestionItem {
  return {
    id: 's1',
    eventId: 'ev1',
    eventTitle: '农产品检测开放日',
    topic: '停车',
    content: '建议在活动当天开放东门停车场，方便老年人参加。',
    contactMasked: '138****5678',
    anonymous: false,
    publicConsent: true,
    status: 'assigned',
    statusLabel: '办理中',
    departmentId: 'd1',
    departmentName: '办公室',
    assigneeId: null,
    assigneeName: null,
    assignedAt: '2026-03-09T02:00:00.000Z',
    dueAt: '2026-03-16T15:59:59.000Z',
    overdue: false,
    createdAt: '2026-03-09T01:00:00.000Z',
    answeredAt: null,
    resultClass: null,
    rating: null,
    reopenCount: 0,
    urgeCount: 0,
    closeReason: null,
    mergedIntoId: null,
    ...over,
  }
}

const ZERO: Record<SuggestionStatus, number> = { received: 0, assigned: 0, answered: 0, closed: 0, returned: 0, reopened: 0, merged: 0 }

export function staffList(items: StaffSuggestionItem[], over: Partial<StaffSuggestionList> = {}): StaffSuggestionList {
  return { items, total: items.length, page: 1, pageSize: 20, counts: { ...ZERO, ...over.counts }, ...over }
}

export function staffDetail(over: Partial<StaffSuggestionDetail> = {}): StaffSuggestionDetail {
  return {
    ...staffItem(),
    answer: null,
    answeredByName: null,
    plannedBy: null,
    published: false,
    ratingComment: null,
    ratedAt: null,
    closedAt: null,
    trail: [
      { seq: 0, at: '2026-03-09T01:00:00.000Z', action: 'submit', actionLabel: '受理', fromState: null, toState: 'received', actorKind: 'citizen', actorName: null, actorRole: null, note: null },
      { seq: 1, at: '2026-03-09T02:00:00.000Z', action: 'assign', actionLabel: '转办', fromState: 'received', toState: 'assigned', actorKind: 'staff', actorName: '李主任', actorRole: 'organizer', note: '请办公室答复' },
    ],
    actions: ['answer', 'return'],
    ...over,
  }
}

export const STAFF_HANDLER = { id: 'u2', username: 'hd', displayName: '王承办', role: 'handler', agencyId: 'a1', agencyName: '市农业农村局', mustChangePassword: false }
export const STAFF_ADMIN = { ...STAFF_HANDLER, id: 'u1', username: 'admin', displayName: '张管理', role: 'admin' }
