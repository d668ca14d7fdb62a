import { beforeEach, vi } from 'vitest'

/**
 * Every API test runs on a fixed, ordinary working day (Tuesday 10 March 2026, 10:00 in
 * Shanghai), never on the day it happens to run: rules about time (notice periods, windows,
 * expiries) must give the same answer every day. `Date` is frozen at this instant in the test
 * and in the Worker, which share one isolate; a test moves time with `setNow`.
 */
export const FIXED_NOW = '2026-03-10T10:00:00+08:00'

export function setNow(at: string | Date | number) {
  vi.setSystemTime(new Date(at))
}

/** Moves the frozen clock forward by `ms`. */
export function advance(ms: number) {
  vi.setSystemTime(new Date(Date.now() + ms))
}

beforeEach(() => setNow(FIXED_NOW))
