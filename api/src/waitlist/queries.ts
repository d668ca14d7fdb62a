// Reading waiting-list entries for the person (我的报名) and for staff (名额与审核).
import type { MyWaitlistEntry, WaitlistStatus } from '@openday/shared'

export interface EntryRow {
  id: string
  event_id: string
  status: WaitlistStatus
  offer_expires_at: string | null
  registration_id: string | null
  created_at: string
  title: string
  venue: string
  start_at: string
  end_at: string
  event_status: 'draft' | 'published' | 'cancelled'
  place: number | null
}

/**
 * The person's entries with their event; `place` (1 = next) for a waiting entry is the waiting
 * entries of the event at or before its position, off the (event_id, status, position) index.
 */
export const ENTRY_VIEW = `
  SELECT w.id, w.event_id, w.status, w.offer_expires_at, w.registration_id, w.created_at,
         e.title, e.venue, e.start_at, e.end_at, e.status AS event_status,
         CASE WHEN w.status = 'waiting' THEN
           (SELECT count(*) FROM waitlist_entries w2 WHERE w2.event_id = w.event_id AND w2.status = 'waiting' AND w2.position <= w.position)
         END AS place
  FROM waitlist_entries w
  JOIN events e ON e.id = w.event_id`

/**
 * 我的报名 shows the open entries and the offers that lapsed (the person should know), of events
 * not yet ended (?2: now).
 */
export const MY_ENTRIES_SQL = `${ENTRY_VIEW}
  WHERE w.participant_id = ?1 AND w.status IN ('waiting', 'offered', 'expired') AND e.end_at > ?2
  ORDER BY w.created_at DESC LIMIT 50`

export const toMyEntry = (r: EntryRow): MyWaitlistEntry => ({
  id: r.id,
  eventId: r.event_id,
  event: { title: r.title, venue: r.venue, startAt: r.start_at, endAt: r.end_at, status: r.event_status },
  status: r.status,
  place: r.place,
  // An expired entry keeps the deadline its offer lapsed at (null: the wait ended unoffered).
  offerExpiresAt: r.status === 'offered' || r.status === 'expired' ? r.offer_expires_at : null,
  registrationId: r.registration_id,
  createdAt: r.created_at,
})

export function findMyEntry(d1: D1Database, id: string, participantId: string) {
  return d1.prepare(`${ENTRY_VIEW} WHERE w.id = ?1 AND w.participant_id = ?2`).bind(id, participantId).first<EntryRow>()
}
