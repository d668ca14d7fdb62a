// The public page of an ended event links its 活动总结: GET /events/:id answers the published
// summary post's id (summaryPostId), read in the same statement as the event (one round trip).
import { describe, expect, it } from 'vitest'
import { api, createAgency, createPublishedEvent } from './support/fixtures'
import { seedPosts } from './support/posts'

/** An event that ended on 3 March 2026 (the frozen clock stands at 10 March). */
const ended = {
  startAt: '2026-03-03T09:30:00+08:00',
  endAt: '2026-03-03T11:30:00+08:00',
  registrationOpensAt: '2026-02-20T09:00:00+08:00',
  registrationClosesAt: '2026-03-02T18:00:00+08:00',
}

describe('GET /events/:id summaryPostId', () => {
  it('is the published 活动总结 of the event, the latest one, never a withdrawn one or another event’s', async () => {
    const agency = await createAgency()
    const event = await createPublishedEvent(agency.id, ended)
    const other = await createPublishedEvent(agency.id, ended)
    const [, older, latest] = await seedPosts(agency.id, [
      { publishedAt: '2026-02-21T09:00:00+08:00', kind: 'preview', eventId: event.id },
      { publishedAt: '2026-03-05T09:00:00+08:00', kind: 'summary', eventId: event.id },
      { publishedAt: '2026-03-06T09:00:00+08:00', kind: 'summary', eventId: event.id },
      { publishedAt: '2026-03-07T09:00:00+08:00', kind: 'summary', eventId: event.id, status: 'withdrawn' },
      { publishedAt: '2026-03-08T09:00:00+08:00', kind: 'summary', eventId: other.id },
      { publishedAt: '2026-03-09T09:00:00+08:00', kind: 'article', eventId: event.id },
    ])
    expect(older.id).not.toBe(latest.id)
    const res = await api(`/events/${event.id}`)
    expect(res.status).toBe(200)
    expect(res.roundTrips).toBe(1)
    expect(res.json.event.id).toBe(event.id)
    expect(res.json.event.summaryPostId).toBe(latest.id)
  })

  it('is null without a published summary (only a withdrawn one, or none at all)', async () => {
    const agency = await createAgency()
    const withdrawn = await createPublishedEvent(agency.id, ended)
    const none = await createPublishedEvent(agency.id, ended)
    await seedPosts(agency.id, [
      { publishedAt: '2026-03-05T09:00:00+08:00', kind: 'summary', eventId: withdrawn.id, status: 'withdrawn' },
      { publishedAt: '2026-03-05T10:00:00+08:00', kind: 'answers', eventId: withdrawn.id },
    ])
    for (const e of [withdrawn, none]) {
      const res = await api(`/events/${e.id}`)
      expect(res.status).toBe(200)
      expect(res.roundTrips).toBe(1)
      expect(res.json.event.summaryPostId).toBeNull()
    }
    expect((await api('/events/no-such-event')).status).toBe(404)
  })
})
