// 加入日历: GET /events/:id/calendar.ics is a valid iCalendar file, read back here with ical.js
// (Mozilla's parser): the event's title, times, venue and agenda, a stable UID, a reminder the
// day before; a cancelled event arrives as STATUS:CANCELLED; drafts and unknown ids are 404.
import { env } from 'cloudflare:test'
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { setNow } from './support/clock'
import { api, createAgency, createPublishedEvent, createStaff } from './support/fixtures'

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  const vevents = calendar.getAllSubcomponents('vevent')
  expect(vevents).toHaveLength(1)
  const event = new ICAL.Event(vevents[0])
  return { calendar, vevent: vevents[0], event }
}

describe('GET /events/:id/calendar.ics', () => {
  it('is the event as a valid iCalendar file, in UTC, with a stable UID and a reminder the day before', async () => {
    setNow('2026-03-10T10:00:00+08:00')
    const agency = await createAgency()
    const e = await createPublishedEvent(agency.id, {
      title: '走进农产品检测实验室；开放日, 第2期',
      venue: '固原市农产品质量安全检测中心（原州区）',
      startAt: '2026-03-20T09:00:00+08:00',
      endAt: '2026-03-20T11:30:00+08:00',
      contactPhone: '0954-2032123',
      agenda: [
        { time: '09:00', title: '情况介绍' },
        { time: '09:30', title: '参观气相色谱仪' },
      ],
    })
    const res = await api(`/events/${e.id}/calendar.ics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="openday-event.ics"; filename*=UTF-8''${encodeURIComponent('走进农产品检测实验室；开放日, 第2期.ics')}`,
    )
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=30')
    // RFC 5545: CRLF line ends, no line over 75 octets.
    const lines = (res.json as string).split('\r\n')
    expect(lines.filter((l) => new TextEncoder().encode(l).length > 75)).toEqual([])

    const { calendar, vevent, event } = parse(res.json as string)
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0')
    expect(event.uid).toBe(`${e.id}@openday`)
    expect(event.summary).toBe('走进农产品检测实验室；开放日, 第2期')
    expect(event.location).toBe('固原市农产品质量安全检测中心（原州区）')
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-03-20T01:00:00.000Z')
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-03-20T03:30:00.000Z')
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED')
    expect(event.description).toBe(
      [
        `主办单位：${e.hostUnit}`,
        '咨询电话：0954-2032123',
        '活动安排：\n09:00 情况介绍\n09:30 参观气相色谱仪',
        e.description,
        `活动详情与电子票：http://openday.test/#/pages/event/index?id=${e.id}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
    )
    const alarms = vevent.getAllSubcomponents('valarm')
    expect(alarms.map((a) => [a.getFirstPropertyValue('action'), String(a.getFirstPropertyValue('trigger'))])).toStrictEqual([['DISPLAY', '-P1D']])
  })

  it('tells calendars of a cancellation (STATUS:CANCELLED, no reminder, not cached)', async () => {
    const agency = await createAgency()
    const e = await createPublishedEvent(agency.id, { title: '三月开放日' })
    await env.DB.prepare("UPDATE events SET status = 'cancelled' WHERE id = ?").bind(e.id).run()
    const res = await api(`/events/${e.id}/calendar.ics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { vevent, event } = parse(res.json as string)
    expect([event.uid, event.summary, vevent.getFirstPropertyValue('status')]).toStrictEqual([`${e.id}@openday`, '【已取消】三月开放日', 'CANCELLED'])
    expect(vevent.getAllSubcomponents('valarm')).toEqual([])
  })

  it('is 404 for a draft, also for its own staff, and for an unknown event', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id)
    const e = await createPublishedEvent(agency.id)
    await env.DB.prepare("UPDATE events SET status = 'draft' WHERE id = ?").bind(e.id).run()
    for (const res of [await api(`/events/${e.id}/calendar.ics`), await api(`/events/${e.id}/calendar.ics`, { token: staff.token }), await api('/events/nope/calendar.ics')]) {
      expect(res.status).toBe(404)
      expect(res.json).toStrictEqual({ error: { code: 'NOT_FOUND', message: '活动不存在或已下线' } })
    }
  })
})
