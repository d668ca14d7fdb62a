import type { StaffRole } from '@openday/shared'
import type { ParticipantSession, StaffSession } from '../env'
import { fail } from '../lib/errors'
import type { ParticipantClaims, StaffClaims } from './tokens'

// Is this token still good? A token is current while its user exists (and, for staff, is
// active) and the stored token_version equals the one in the token. Ordinary routes ask with
// one query in the guard; the hot paths (sign-up, check-in, dashboard) fold the same question
// into the batch they already send, with these helpers, so they keep one D1 round trip.

export const REVOKED_MESSAGE = '登录已失效，请重新登录'

export interface StaffRow {
  role: StaffRole
  agencyId: string
  name: string
  active: number | boolean
  tokenVersion: number
  mustChangePassword: number | boolean
}

/** The staff member's current state, by id; `?1` is the id. */
export const STAFF_ROW_SQL = `SELECT role, agency_id AS agencyId, display_name AS name, active, token_version AS tokenVersion,
  must_change_password AS mustChangePassword
  FROM staff_users WHERE id = ?1`

/** Routes a staff member on a one-time password may still use (the password change, /staff/me). */
export interface StaffCheckOptions {
  allowPasswordChangeRequired?: boolean
}

/**
 * Throws 401 for a revoked session, 403 PASSWORD_CHANGE_REQUIRED while on a one-time password
 * and 403 for a role not allowed; returns who it is now.
 */
export function confirmStaff(
  claims: StaffClaims,
  row: StaffRow | null | undefined,
  roles?: readonly StaffRole[],
  options: StaffCheckOptions = {},
): StaffSession {
  if (!row || !row.active || row.tokenVersion !== claims.version) throw fail(401, 'UNAUTHENTICATED', REVOKED_MESSAGE)
  if (row.mustChangePassword && !options.allowPasswordChangeRequired) throw fail(403, 'PASSWORD_CHANGE_REQUIRED')
  if (roles && !roles.includes(row.role)) throw fail(403, 'FORBIDDEN', '您的账号没有该操作权限，请联系管理员')
  return { kind: 'staff', id: claims.id, role: row.role, agencyId: row.agencyId, name: row.name }
}

export function confirmParticipant(claims: ParticipantClaims, row: { tokenVersion: number } | null | undefined): ParticipantSession {
  if (!row || row.tokenVersion !== claims.version) throw fail(401, 'UNAUTHENTICATED', REVOKED_MESSAGE)
  return { kind: 'participant', id: claims.id }
}

/**
 * A staff session to confirm inside the route's own batch. The guard that creates it refuses
 * a 2xx answer whose route never called `confirm`, so a hot path cannot forget the check.
 */
export class StaffCheck {
  confirmed = false
  constructor(
    readonly claims: StaffClaims,
    readonly roles?: readonly StaffRole[],
  ) {}

  /** Add to the batch; pass its first row to `confirm`. */
  statement(d1: D1Database): D1PreparedStatement {
    return d1.prepare(STAFF_ROW_SQL).bind(this.claims.id)
  }

  /**
   * SQL that is true only while this session is current and its agency (from the database)
   * is `agencyExpr`: put it in the WHERE of every write the batch makes. `idParam` and
   * `versionParam` are the placeholders bound to `claims.id` and `claims.version`.
   */
  sqlIsCurrent(idParam: string, versionParam: string, agencyExpr: string): string {
    const roles = this.roles ? ` AND s.role IN (${this.roles.map((r) => `'${r}'`).join(', ')})` : ''
    return `EXISTS (SELECT 1 FROM staff_users s WHERE s.id = ${idParam} AND s.active = 1 AND s.must_change_password = 0
      AND s.token_version = ${versionParam} AND s.agency_id = ${agencyExpr}${roles})`
  }

  confirm(row: unknown): StaffSession {
    const session = confirmStaff(this.claims, row as StaffRow | undefined, this.roles)
    this.confirmed = true
    return session
  }
}

export class ParticipantCheck {
  confirmed = false
  constructor(readonly claims: ParticipantClaims) {}

  statement(d1: D1Database): D1PreparedStatement {
    return d1.prepare(`SELECT token_version AS tokenVersion FROM participants WHERE id = ?1`).bind(this.claims.id)
  }

  /** SQL that is true only while this session is current (placeholders as for StaffCheck). */
  sqlIsCurrent(idParam: string, versionParam: string): string {
    return `EXISTS (SELECT 1 FROM participants p WHERE p.id = ${idParam} AND p.token_version = ${versionParam})`
  }

  confirm(row: unknown): ParticipantSession {
    const session = confirmParticipant(this.claims, row as { tokenVersion: number } | undefined)
    this.confirmed = true
    return session
  }
}
