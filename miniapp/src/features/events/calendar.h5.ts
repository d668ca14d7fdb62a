import type { EventDetail } from '@openday/shared'

/**
 * 加入日历 in the browser: the event's .ics file (GET /events/:id/calendar.ics, sent as an
 * attachment, so the page stays); phones open it in their calendar app, with a reminder the
 * day before. The weapp adds the entry directly (calendar.ts).
 */
export async function addToCalendar(event: EventDetail): Promise<string | null> {
  window.location.href = `${API_BASE}/events/${encodeURIComponent(event.id)}/calendar.ics`
  return '已下载日历文件，打开即可加入手机日历'
}
