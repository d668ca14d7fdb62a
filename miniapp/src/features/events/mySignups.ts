import Taro, { useDidShow } from '@tarojs/taro'
import type { MyRegistration, MyWaitlistEntry } from '@openday/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import { listMyRegistrations } from '../../api/registrations'
import { getToken } from '../../api/session'
import { go, pageUrl } from '../../lib/nav'

/** What the event screens need to know about one of the participant's sign-ups: no names, no phones. */
export interface MySignup {
  registrationId: string
  eventId: string
  checkedIn: boolean
}

/** An open waiting-list entry (候补, docs/waitlist.md), for the event page: no names, no phones. */
export interface MyWaiting {
  eventId: string
  status: 'waiting' | 'offered'
  place: number | null
}

interface Cached {
  /** Fingerprint of the session that fetched it: another login never sees this list. */
  owner: string
  at: number
  signups: MySignup[]
  waiting?: MyWaiting[]
}

const KEY = 'openday.mySignups'
/** Within this age the list is used as is; after it, it is still shown but fetched again. */
export const MY_SIGNUPS_FRESH_MS = 30_000
/** Older than this it is not even shown (it could be a previous day's). */
const MAX_AGE_MS = 10 * 60_000

/** FNV-1a of the token: enough to tell sessions apart, reveals nothing of the token. */
function fingerprint(token: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16)
}

function readCache(owner: string, now: number): Cached | undefined {
  try {
    const raw = Taro.getStorageSync(KEY)
    const c = typeof raw === 'string' && raw ? (JSON.parse(raw) as Cached) : undefined
    if (c && c.owner === owner && now - c.at >= 0 && now - c.at < MAX_AGE_MS && Array.isArray(c.signups)) return c
  } catch {
    // unreadable cache: fetch again
  }
  return undefined
}

const toSignup = (r: MyRegistration): MySignup => ({ registrationId: r.id, eventId: r.eventId, checkedIn: Boolean(r.checkedInAt) })

function writeCache(c: Cached): void {
  try {
    Taro.setStorageSync(KEY, JSON.stringify(c))
  } catch {
    // storage full: the screens fetch again next time
  }
}

/**
 * Records what the API just said about the participant's registrations. Called by every screen
 * that fetches the list (我的报名, 电子票), so a sign-up made a moment ago shows as 已报名 when
 * the visitor goes back to the event.
 */
export function recordMyRegistrations(list: MyRegistration[], now = Date.now(), waitlist?: MyWaitlistEntry[]): void {
  const token = getToken('participant')
  if (!token) return
  const owner = fingerprint(token)
  // A caller without the waiting list (the ticket page) keeps the one cached.
  const waiting = waitlist ? toWaiting(waitlist) : readCache(owner, now)?.waiting
  writeCache({ owner, at: now, signups: list.filter((r) => r.status === 'active').map(toSignup), waiting })
}

const toWaiting = (list: MyWaitlistEntry[]): MyWaiting[] =>
  list.flatMap((w) => (w.status === 'waiting' || w.status === 'offered' ? [{ eventId: w.eventId, status: w.status, place: w.place }] : []))

/** Logout: nothing about the participant's sign-ups stays on the device. */
export function forgetMySignups(): void {
  try {
    Taro.removeStorageSync(KEY)
  } catch {
    // storage unavailable: nothing to forget
  }
}

/** One registration changed (cancelled, checked in): patch the cached list without a request. */
export function recordMyRegistration(reg: MyRegistration, now = Date.now()): void {
  const token = getToken('participant')
  if (!token) return
  const owner = fingerprint(token)
  const cached = readCache(owner, now)
  if (!cached) return
  const signups = cached.signups.filter((s) => s.registrationId !== reg.id)
  if (reg.status === 'active') signups.push(toSignup(reg))
  writeCache({ owner, at: cached.at, signups })
}

export interface MySignups {
  /** Active sign-ups per event id; empty for anonymous visitors. */
  forEvent: (eventId: string) => MySignup[]
  /** The open waiting-list entry for an event, if any. */
  waitingFor: (eventId: string) => MyWaiting | undefined
  /** Fetch now, whatever the cache's age (pull-down refresh). */
  refresh: () => Promise<void>
}

/**
 * The participant's sign-ups for the event list and detail: shown at once from the device's
 * cache, fetched again when older than MY_SIGNUPS_FRESH_MS (on open and whenever the page is
 * shown again). Anonymous visitors cause no request and see nothing extra.
 */
export function useMySignups(): MySignups {
  const token = getToken('participant')
  const owner = token ? fingerprint(token) : ''
  const [signups, setSignups] = useState<MySignup[]>(() => (owner ? readCache(owner, Date.now())?.signups ?? [] : []))
  const [waiting, setWaiting] = useState<MyWaiting[]>(() => (owner ? readCache(owner, Date.now())?.waiting ?? [] : []))
  const alive = useRef(true)
  const inflight = useRef<Promise<void>>()

  const load = useCallback(
    (force: boolean): Promise<void> => {
      if (!owner) {
        setSignups([])
        setWaiting([])
        return Promise.resolve()
      }
      const now = Date.now()
      const cached = readCache(owner, now)
      if (cached) {
        setSignups(cached.signups)
        setWaiting(cached.waiting ?? [])
      }
      if (!force && cached && now - cached.at < MY_SIGNUPS_FRESH_MS) return Promise.resolve()
      // The waiting list is cached by 我的报名, where joining leads (not fetched here: the sign-up
      // page shares this request's module and keeps its first-load budget).
      inflight.current ??= listMyRegistrations()
        .then((list) => {
          recordMyRegistrations(list)
          if (alive.current) {
            setSignups(list.filter((r) => r.status === 'active').map(toSignup))
            setWaiting(readCache(owner, Date.now())?.waiting ?? [])
          }
        })
        .catch(() => undefined) // offline or logged out: the page works without the 已报名 hint
        .finally(() => {
          inflight.current = undefined
        })
      return inflight.current
    },
    [owner],
  )

  useEffect(() => {
    alive.current = true
    void load(false)
    return () => {
      alive.current = false
    }
  }, [load])
  // Back from the sign-up form or a ticket: the list may have changed.
  useDidShow(() => {
    void load(false)
  })

  return {
    forEvent: (eventId) => signups.filter((s) => s.eventId === eventId),
    waitingFor: (eventId) => waiting.find((w) => w.eventId === eventId),
    refresh: () => load(true),
  }
}

/** The participant's own sign-ups lead to the ticket (or to 我的报名 when there are several). */
export function goToTickets(mine: MySignup[]): void {
  go(mine.length === 1 ? pageUrl('ticket', { id: mine[0].registrationId }) : pageUrl('my'))
}
