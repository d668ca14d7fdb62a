// Seat pools (docs/seats.md). Every active registration holds a seat in one pool
// (`registrations.seat_pool`): 'general', or a category code for a reserved seat of an invitation.
// `event_seats(event_id, pool, taken)` is kept by triggers (migrations/0014) in the statement that
// signs up, cancels or declines, so these fragments read a counter and never count rows.
//
// A pool has a free seat exactly when `poolHasSeat(...)` holds; that is what a waiting list asks
// after a cancellation, a declined approval or a raised capacity or quota.

/**
 * Seats taken in `pool` (an SQL expression) of the event aliased `e`, counting in the general pool
 * the seats held by outstanding waiting-list offers (`events.offered_count`, migrations/0016, kept
 * by triggers like the rest): an offered seat is nobody else's to take (docs/waitlist.md).
 */
export const poolTakenSql = (e: string, pool: string) =>
  `(coalesce((SELECT s.taken FROM event_seats s WHERE s.event_id = ${e}.id AND s.pool = ${pool}), 0) + CASE WHEN ${pool} = 'general' THEN ${e}.offered_count ELSE 0 END)`

/**
 * Free seats of the general pool of the event aliased `e` that no offer holds yet: what the
 * waiting list may offer (never more than the event as a whole has left).
 */
export const generalFreeSql = (e: string) =>
  `min(${e}.capacity - ${e}.registered_count - ${e}.offered_count, ${poolSizeSql(e, "'general'")} - ${poolTakenSql(e, "'general'")})`

/** Σ quotas of a quotas JSON expression (≤ 10 categories). */
export const quotaSumSql = (quotas: string) => `(SELECT coalesce(sum(q.value), 0) FROM json_each(${quotas}) q)`

/** Size of `pool` of the event aliased `e`: its quota, or for 'general' what the quotas leave. */
export const poolSizeSql = (e: string, pool: string) =>
  `CASE WHEN ${pool} = 'general' THEN ${e}.capacity - ${quotaSumSql(`${e}.quotas`)}
        ELSE coalesce(json_extract(${e}.quotas, '$.' || ${pool}), 0) END`

/**
 * True when `pool` of the event aliased `e` has a free seat. A sign-up also needs the event as a
 * whole to have one (`registered_count < capacity`, checked on its own: it holds even if stored
 * quotas were ever inconsistent with the capacity).
 */
export const poolHasSeatSql = (e: string, pool: string) => `(${poolTakenSql(e, pool)} < ${poolSizeSql(e, pool)})`
