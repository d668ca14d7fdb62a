// Deliberate breaks of issue 8 §4: the waiting list (候补). docs/waitlist.md describes the rules;
// each break must make a test fail: `node scripts/mutations.mjs "waitlist:"`.
const OFFERS = 'api/src/waitlist/offers.ts'
const ROUTES = 'api/src/waitlist/routes.ts'
const MIGRATION = 'api/migrations/0016_waitlist.sql'
const GUARD = 'api/migrations/0018_waitlist_ends.sql'
const TESTS = ['test/waitlist.test.ts']
const api = (rule, file, edits) => ({ rule: `waitlist: ${rule}`, file, edits, pkg: 'api', tests: TESTS })

export default [
  // --- Offers hold their seat
  api('an offer holds its seat against public sign-ups and walk-ins', 'api/src/seats/pools.ts', [
    [" + CASE WHEN ${pool} = 'general' THEN ${e}.offered_count ELSE 0 END)`", ')`'],
  ]),
  api('an outstanding offer is counted by the triggers', MIGRATION, [
    ['UPDATE `events` SET `offered_count` = `offered_count` + 1 WHERE `id` = NEW.`event_id`;', 'SELECT 1;'],
  ]),
  api('offers never exceed the free seats', OFFERS, [[') x WHERE x.place <= x.free)`', ') x WHERE x.place <= x.free + 1)`']]),
  api('offers go in order of joining', OFFERS, [['row_number() OVER (PARTITION BY w.event_id ORDER BY w.position)', 'row_number() OVER (PARTITION BY w.event_id ORDER BY w.position DESC)']]),
  api('an offer is held 12 hours, never past the start', OFFERS, [['offerExpiresAt: sql`min(${until}, (SELECT e.start_at FROM events e WHERE e.id = ${waitlistEntries.eventId}))`', 'offerExpiresAt: until']]),
  api('each offer is told through the outbox', OFFERS, [['[offerSeats(db, now, eventId), offerNotices(db, now, eventId)] as const', '[offerSeats(db, now, eventId)] as const']]),

  // --- Freed seats are offered in the batch that frees them
  api('a cancellation offers the freed seat', 'api/src/registrations.ts', [["      ...offerNextD1(d1, makeDb(d1), now, sql`(SELECT event_id FROM registrations WHERE id = ${id})`),\n", '']]),
  api('a declined approval offers the freed seat', 'api/src/seats/routes.ts', [["    ...(to === 'declined' ? offerNext(db, now, row.id) : []),\n", '']]),
  api('a raised capacity offers its new seats', 'api/src/events/routes.ts', [['patch.capacity !== undefined || patch.quotas !== undefined ? offerNext(db, nowIso, row.id) : []', '[]']]),
  api('a declined offer goes to the next', ROUTES, [['      ...offerNext(db, now, found.event_id),\n', '']]),
  api('leaving with an offer passes it to the next', ROUTES, [['      ...offerNext(db, now, eventId),\n', '']]),
  // The capacity's own guard (registered + offered ≤ capacity in PATCH's WHERE) is implied by the
  // general pool's below (Σ taken of the reserved pools ≤ their quotas), so breaking it alone
  // changes nothing a test can see: the general pool's guard is the one broken here.
  api('the general pool cannot shrink below its sign-ups plus the offers', 'api/src/seats/quotas.ts', [[`s."pool" = 'general'), 0) + \${events.offeredCount}`, `s."pool" = 'general'), 0)`]]),

  // --- Expiry
  api('the expiry is checked on accept', ROUTES, [[" AND w.status = 'offered' AND w.offer_expires_at > ?3", " AND w.status = 'offered'"]]),
  api('the cron expires offers past their time and offers again', 'api/src/scheduled.ts', [['    await sweepWaitlist(makeDb(env.DB), now)\n', '']]),
  api('an offer expires at its deadline, not later', OFFERS, [['where: sql`${waitlistEntries.offerExpiresAt} <= ${now}', 'where: sql`${waitlistEntries.offerExpiresAt} < ${now}']]),

  // --- A wait ends with its event
  api('cancelling an event ends its waiting list', 'api/src/events/routes.ts', [
    ["      ...endWaitlist(db, { eventId: row.id, agencyId: row.agencyId, by: c.get('staff').id, now, payload: cancelPayload, onlyIf: cancelled }),\n", ''],
  ]),
  api('the people offered a seat are told of the cancellation too', OFFERS, [
    ["AND ${waitlistEntries.status} IN ('waiting', 'offered') AND ${e.onlyIf}", "AND ${waitlistEntries.status} = 'waiting' AND ${e.onlyIf}"],
  ]),
  api('the cron ends the waits of an event that started', 'shared/src/waitlist.ts', [["waiting: ['offered', 'left', 'expired'],", "waiting: ['offered', 'left'],"]]),
  {
    rule: 'waitlist: 我的报名 tells a lapsed offer from a wait the event ended',
    file: 'miniapp/src/features/waitlist/WaitlistCards.tsx',
    edits: [["entry.status === 'expired' && entry.offerExpiresAt !== null && entry.event.status !== 'cancelled'", "entry.status === 'expired'"]],
    pkg: 'miniapp',
    tests: ['test/components/Waitlist.test.tsx'],
  },

  // --- One entry, one registration
  api('one open entry per person per event', MIGRATION, [
    ["CREATE UNIQUE INDEX `waitlist_open_person` ON `waitlist_entries` (`event_id`,`participant_id`) WHERE `status` IN ('waiting', 'offered');", "CREATE INDEX `waitlist_open_person` ON `waitlist_entries` (`event_id`,`participant_id`);"],
  ]),
  api('an entry is accepted only with its registration', ROUTES, [[' AND EXISTS (SELECT 1 FROM registrations r WHERE r.id = ${regId})`', '`']]),
  api('an accept makes the registration only from an offer', ROUTES, [["WHERE w.id = ?4 AND w.participant_id = ?5 AND w.status = 'offered'", "WHERE w.id = ?4 AND w.participant_id = ?5 AND w.status IN ('offered', 'accepted')"]]),
  api('only the person may accept their offer', ROUTES, [['WHERE w.id = ?4 AND w.participant_id = ?5', 'WHERE w.id = ?4']]),

  // --- Joining and the state machine
  api('joining only when the general pool is full', ROUTES, [["             AND ${generalFreeSql('e')} <= 0\n", '']]),
  api('the database refuses transitions outside the table', GUARD, [
    ["(OLD.`status` = 'waiting' AND NEW.`status` IN ('offered', 'left', 'expired'))", "(OLD.`status` = 'waiting' AND NEW.`status` IN ('offered', 'left', 'expired', 'accepted'))"],
  ]),
  api('a closed entry forgets the sign-up details', OFFERS, [["...(CLOSED.includes(t.to) ? { name: null, phone: null, organization: null } : {}),", ''],]),
  api('every transition is in the trail', MIGRATION, [
    ["CREATE TRIGGER `waitlist_trail_update` AFTER UPDATE OF `status` ON `waitlist_entries` WHEN OLD.`status` <> NEW.`status`", "CREATE TRIGGER `waitlist_trail_update` AFTER UPDATE OF `status` ON `waitlist_entries` WHEN 0"],
  ]),
  api('the waiting list only for organisers of the agency', ROUTES, [[".get('/events/:id/waitlist', requireStaff(ORGANISER_ROLES)", ".get('/events/:id/waitlist', requireStaff()"]]),
]
