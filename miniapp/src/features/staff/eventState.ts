import type { EventSummary } from '@openday/shared'

// Small facts about an event that several staff pages need, kept apart from the pages' own
// components so that importing them does not bring a page's code into another's first load.

/** People signed up and not cancelled: they are told when the event is cancelled. */
export const registeredCount = (e: EventSummary) => Math.max(0, e.capacity - e.seatsLeft)

/** Whether 取消活动 is offered: published (or draft) and not ended. */
export function canCancel(e: EventSummary, now = Date.now()): boolean {
  return e.status !== 'cancelled' && Date.parse(e.endAt) > now
}
