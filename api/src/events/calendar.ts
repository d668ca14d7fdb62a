import ical, { ICalAlarmType, ICalEventStatus } from 'ical-generator'
import type { AgendaItem } from '@openday/shared'
import type { EventRow } from './queries'

/**
 * 加入日历: one published (or cancelled) event as an iCalendar file (RFC 5545) that phones'
 * calendars import. Built with ical-generator, which handles escaping, line folding at 75 octets
 * and UTF-8. Times are UTC (`Z`), so no time-zone table is needed; the UID is stable per event,
 * so importing again updates the entry, and a cancelled event arrives as STATUS:CANCELLED.
 */
export function eventCalendar(row: EventRow, pageUrl: string): string {
  const agenda = ((row.agenda as AgendaItem[] | null) ?? []).map((a) => (a.time ? `${a.time} ${a.title}` : a.title))
  const description = [
    `主办单位：${row.hostUnit}`,
    row.contactPhone ? `咨询电话：${row.contactPhone}` : null,
    agenda.length ? `活动安排：\n${agenda.join('\n')}` : null,
    row.description,
    `活动详情与电子票：${pageUrl}`,
  ]
    .filter((part): part is string => Boolean(part))
    .join('\n\n')
  const calendar = ical({ prodId: '//OpenDay//开放日//ZH', name: row.title })
  calendar.createEvent({
    id: `${row.id}@openday`,
    stamp: new Date(row.publishedAt ?? row.startAt),
    start: new Date(row.startAt),
    end: new Date(row.endAt),
    summary: row.status === 'cancelled' ? `【已取消】${row.title}` : row.title,
    location: row.venue,
    description,
    url: pageUrl,
    status: row.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    // A reminder the evening before is what the source documents' notices ask of visitors.
    alarms: row.status === 'cancelled' ? [] : [{ type: ICalAlarmType.display, trigger: 24 * 60 * 60, description: `明天：${row.title}` }],
  })
  return calendar.toString()
}

/** A file name for the download header (RFC 5987 for the Chinese title, ASCII fallback). */
export function calendarDisposition(title: string): string {
  return `attachment; filename="openday-event.ics"; filename*=UTF-8''${encodeURIComponent(`${title}.ics`)}`
}
