import { PARTICIPANT_TOKEN_TTL_S, STAFF_ROLES, STAFF_TOKEN_TTL_S, type StaffRole } from '@openday/shared'
import { sign, verify } from 'hono/jwt'

const ALG = 'HS256'

// A token names the user and the token_version it was issued at; raising the stored version
// (logout, password change) or deactivating/deleting the user revokes every earlier token.
type Claims = {
  sub: string
  typ: 'p' | 's'
  ver: number
  iat: number
  exp: number
  role?: StaffRole
  agency?: string
  name?: string
}

export interface ParticipantClaims {
  kind: 'participant'
  id: string
  version: number
  issuedAt: number
}
/** What the token said at issue time; the guards compare it with the database. */
export interface StaffClaims {
  kind: 'staff'
  id: string
  version: number
  issuedAt: number
  role: StaffRole
  agencyId: string
  name: string
}

const nowS = () => Math.floor(Date.now() / 1000)

export function issueParticipantToken(secret: string, participantId: string, version = 0) {
  const iat = nowS()
  const claims: Claims = { sub: participantId, typ: 'p', ver: version, iat, exp: iat + PARTICIPANT_TOKEN_TTL_S }
  return sign(claims, secret, ALG)
}

export function issueStaffToken(
  secret: string,
  s: { id: string; role: StaffRole; agencyId: string; name: string },
  version = 0,
) {
  const iat = nowS()
  const claims: Claims = {
    sub: s.id,
    typ: 's',
    ver: version,
    iat,
    role: s.role,
    agency: s.agencyId,
    name: s.name,
    exp: iat + STAFF_TOKEN_TTL_S,
  }
  return sign(claims, secret, ALG)
}

/** Verifies signature and expiry; returns null for anything not a valid token of ours. */
export async function readToken(secret: string, token: string): Promise<StaffClaims | ParticipantClaims | null> {
  let claims: Claims
  try {
    claims = (await verify(token, secret, ALG)) as unknown as Claims
  } catch {
    return null
  }
  if (!claims.sub || !Number.isInteger(claims.ver) || !Number.isInteger(claims.iat)) return null
  const base = { id: claims.sub, version: claims.ver, issuedAt: claims.iat }
  if (claims.typ === 'p') return { kind: 'participant', ...base }
  if (claims.typ === 's' && claims.agency && claims.role && STAFF_ROLES.includes(claims.role)) {
    return { kind: 'staff', ...base, role: claims.role, agencyId: claims.agency, name: claims.name ?? '' }
  }
  return null
}
