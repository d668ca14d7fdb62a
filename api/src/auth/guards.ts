import type { StaffRole } from '@openday/shared'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv, ParticipantSession, StaffSession } from '../env'
import { ApiError, fail } from '../lib/errors'
import {
  ParticipantCheck,
  STAFF_ROW_SQL,
  StaffCheck,
  confirmParticipant,
  confirmStaff,
  type StaffCheckOptions,
  type StaffRow,
} from './session-check'
import { readToken, type ParticipantClaims, type StaffClaims } from './tokens'

function bearer(header: string | undefined): string | null {
  const m = header?.match(/^Bearer\s+(.+)$/i)
  return m ? m[1].trim() : null
}

async function claimsOf(c: Context<AppEnv>) {
  const token = bearer(c.req.header('authorization'))
  return token ? readToken(c.env.SESSION_SECRET, token) : null
}

async function participantClaims(c: Context<AppEnv>): Promise<ParticipantClaims> {
  const claims = await claimsOf(c)
  if (!claims) throw fail(401, 'UNAUTHENTICATED')
  if (claims.kind !== 'participant') throw fail(403, 'FORBIDDEN', '请使用报名时的账号登录')
  return claims
}

async function staffClaims(c: Context<AppEnv>): Promise<StaffClaims> {
  const claims = await claimsOf(c)
  if (!claims) throw fail(401, 'UNAUTHENTICATED', '请先登录工作人员账号')
  if (claims.kind !== 'staff') throw fail(403, 'FORBIDDEN')
  return claims
}

/** The stored state behind a staff token: one query. */
function loadStaff(c: Context<AppEnv>, id: string) {
  return c.get('d1').prepare(STAFF_ROW_SQL).bind(id).first<StaffRow>()
}

/** Participant routes: a current participant token (one query). */
export const requireParticipant = createMiddleware<AppEnv>(async (c, next) => {
  const claims = await participantClaims(c)
  const row = await c.get('d1').prepare('SELECT token_version AS tokenVersion FROM participants WHERE id = ?1').bind(claims.id).first<{
    tokenVersion: number
  }>()
  c.set('participant', confirmParticipant(claims, row))
  await next()
})

/**
 * Staff of any role by default; pass roles to narrow. Role and agency come from the database.
 * An account on a one-time password is refused (403 PASSWORD_CHANGE_REQUIRED) unless the route
 * passes `allowPasswordChangeRequired` (only the password change and /staff/me do).
 */
export const requireStaff = (roles?: readonly StaffRole[], options?: StaffCheckOptions) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const claims = await staffClaims(c)
    c.set('staff', confirmStaff(claims, await loadStaff(c, claims.id), roles, options))
    await next()
  })

/** A 2xx answer from a route that never confirmed its session is a bug: refuse to send it. */
function ensureConfirmed(c: Context<AppEnv>, check: { confirmed: boolean }) {
  if (c.res.status < 300 && !check.confirmed) throw new Error('session check was not confirmed by the route')
}

/**
 * Hot paths: checks the token here and leaves the database side to the route's own batch
 * (`c.get('staffCheck')`: add `.statement(d1)` to the batch, guard writes with `.sqlIsCurrent`,
 * then `.confirm(row)`), so the check costs no extra round trip.
 */
export const requireStaffInBatch = (roles?: readonly StaffRole[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const check = new StaffCheck(await staffClaims(c), roles)
    c.set('staffCheck', check)
    await next()
    ensureConfirmed(c, check)
  })

/** Sign-up: as requireStaffInBatch, for participants (`c.get('participantCheck')`). */
export const requireParticipantInBatch = createMiddleware<AppEnv>(async (c, next) => {
  const check = new ParticipantCheck(await participantClaims(c))
  c.set('participantCheck', check)
  await next()
  ensureConfirmed(c, check)
})

/**
 * Optional auth: who is asking, if anyone (for public routes that show more to staff). A token
 * that is not current counts as no token. Costs a query only when a token is sent.
 */
export async function optionalSession(c: Context<AppEnv>): Promise<StaffSession | ParticipantSession | null> {
  const claims = await claimsOf(c)
  if (!claims) return null
  try {
    if (claims.kind === 'staff') return confirmStaff(claims, await loadStaff(c, claims.id))
    const row = await c.get('d1').prepare('SELECT token_version AS tokenVersion FROM participants WHERE id = ?1').bind(claims.id).first<{
      tokenVersion: number
    }>()
    return confirmParticipant(claims, row)
  } catch (e) {
    if (e instanceof ApiError) return null
    throw e
  }
}

/** Any valid token, current or not, for logout (which must work on the token it is given). */
export async function tokenClaims(c: Context<AppEnv>) {
  return claimsOf(c)
}
