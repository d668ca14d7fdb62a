// What a staff scan at the entrance (routes.ts) and at a 签到点 or exit (points.ts) have in
// common: the ticket read, the scan's times and the bound parameters, and the one SQL condition
// that says which sign-up a scan may record.
import { CHECKIN_OPENS_BEFORE_MS, scanTimeProblem } from '@openday/shared'
import type { Context } from 'hono'
import type { StaffCheck } from '../auth/session-check'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { SHORT_CODE_PATTERN, newId } from '../lib/ids'
import { looksLikeTicket, verifyTicket } from '../tickets'

// ?1 registration id (verified ticket), ?2 event, ?3 short code, ?4 staff, ?5 nonce, ?6 scan time,
// ?7 token version, ?8 scan time + opening lead, ?9 arrival time (a point adds ?10, the point).
/** A registration is named either by a verified ticket (its id) or by this event's short code. */
export const MATCH = `(r.id = ?1 OR (r.event_id = ?2 AND r.short_code = ?3))`

/**
 * The sign-up (`r`, its event `e`) a staff scan may record: this event's, active and not waiting
 * for approval, the event published and inside its check-in window, scanned by a current staff
 * session of the event's agency.
 */
export const scannableSql = (session: StaffCheck) => `${MATCH} AND r.event_id = ?2 AND r.status = 'active' AND e.status = 'published'
    AND (r.approval IS NULL OR r.approval = 'approved')
    AND ${session.sqlIsCurrent('?4', '?7', 'e.agency_id')}
    AND e.start_at <= ?8 AND e.end_at >= ?6`

/**
 * Reads a scan: its nonce, the time it is decided at (a scan queued offline is decided at the time
 * it was scanned, within bounds) and the parameters ?1–?9.
 */
export async function readScan(c: Context<AppEnv>, input: { ticket: string; nonce?: string; scannedAt?: string }) {
  const nonce = input.nonce ?? newId()
  const arrivedAt = new Date()
  const now = input.scannedAt ? new Date(input.scannedAt) : arrivedAt
  const lateProblem = input.scannedAt ? scanTimeProblem(now, arrivedAt) : null
  if (lateProblem) throw fail(400, 'VALIDATION_FAILED', lateProblem, { field: 'scannedAt' })

  let registrationId: string | null = null
  let shortCode: string | null = null
  if (looksLikeTicket(input.ticket)) {
    registrationId = (await verifyTicket(c.env.TICKET_PRIVATE_KEY, input.ticket))?.registrationId ?? null
  } else {
    const code = input.ticket.toUpperCase().replace(/[\s-]/g, '')
    if (SHORT_CODE_PATTERN.test(code)) shortCode = code
  }
  const session = c.get('staffCheck')
  const params: unknown[] = [
    registrationId,
    c.req.param('id'),
    shortCode,
    session.claims.id,
    nonce,
    now.toISOString(),
    session.claims.version,
    new Date(now.getTime() + CHECKIN_OPENS_BEFORE_MS).toISOString(),
    arrivedAt.toISOString(),
  ]
  return { nonce, now, params }
}
