import { STAFF_ROLES, type StaffRole } from '@openday/shared'
import { sign, verify } from 'hono/jwt'
import type { ParticipantSession, StaffSession } from '../env'

const ALG = 'HS256'
const PARTICIPANT_TTL_S = 30 * 24 * 3600
const STAFF_TTL_S = 12 * 3600

type Claims = { sub: string; typ: 'p' | 's'; role?: StaffRole; agency?: string; name?: string; exp: number }

export function issueParticipantToken(secret: string, participantId: string) {
  const claims: Claims = { sub: participantId, typ: 'p', exp: Math.floor(Date.now() / 1000) + PARTICIPANT_TTL_S }
  return sign(claims, secret, ALG)
}

export function issueStaffToken(secret: string, s: Omit<StaffSession, 'kind'>) {
  const claims: Claims = {
    sub: s.id,
    typ: 's',
    role: s.role,
    agency: s.agencyId,
    name: s.name,
    exp: Math.floor(Date.now() / 1000) + STAFF_TTL_S,
  }
  return sign(claims, secret, ALG)
}

/** Verifies signature and expiry; returns null for anything not a valid token of ours. */
export async function readToken(secret: string, token: string): Promise<StaffSession | ParticipantSession | null> {
  let claims: Claims
  try {
    claims = (await verify(token, secret, ALG)) as unknown as Claims
  } catch {
    return null
  }
  if (claims.typ === 'p' && claims.sub) return { kind: 'participant', id: claims.sub }
  if (claims.typ === 's' && claims.sub && claims.agency && claims.role && STAFF_ROLES.includes(claims.role)) {
    return { kind: 'staff', id: claims.sub, role: claims.role, agencyId: claims.agency, name: claims.name ?? '' }
  }
  return null
}
