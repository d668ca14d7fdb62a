import type { MySuggestion, PublicTimelineStep, SuggestionView } from '@openday/shared'

export const step = (action: PublicTimelineStep['action'], label: string, at: string, status: PublicTimelineStep['status'], statusLabel: string): PublicTimelineStep => ({
  action,
  label,
  at,
  status,
  statusLabel,
})

/** A suggestion answered in class B and waiting for the visitor's rating, as GET /suggestions/:code answers it. */
export function suggestionView(over: Partial<SuggestionView> = {}): SuggestionView {
  return {
    trackingCode: 'YJ7K2M9Q',
    eventId: 'ev1',
    eventTitle: '食品检测实验室开放日',
    topic: '引导标识',
    content: '建议增加引导标识',
    status: 'answered',
    statusLabel: '已答复',
    createdAt: '2026-03-03T02:00:00.000Z',
    answer: '已列入本季度改造计划，将在大厅和走廊增设标识。',
    answeredAt: '2026-03-06T07:30:00.000Z',
    departmentName: '检测科',
    resultClass: 'B',
    resultClassLabel: '正在解决或已列入计划',
    plannedBy: '2026-04-30',
    timeline: [
      step('submit', '受理', '2026-03-03T02:00:00.000Z', 'received', '已受理'),
      step('assign', '转办', '2026-03-04T01:00:00.000Z', 'assigned', '办理中'),
      step('answer', '答复', '2026-03-06T07:30:00.000Z', 'answered', '已答复'),
    ],
    awaitingRating: true,
    rating: null,
    closeReason: null,
    ...over,
  }
}

export function mySuggestion(over: Partial<MySuggestion> = {}): MySuggestion {
  return {
    trackingCode: 'YJ7K2M9Q',
    eventId: 'ev1',
    eventTitle: '食品检测实验室开放日',
    topic: '引导标识',
    content: '建议增加引导标识',
    status: 'answered',
    statusLabel: '已答复',
    createdAt: '2026-03-03T02:00:00.000Z',
    answeredAt: '2026-03-06T07:30:00.000Z',
    awaitingRating: true,
    ...over,
  }
}
