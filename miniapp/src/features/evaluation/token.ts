import { evaluationWindow, type MyRegistration } from '@openday/shared'
import { getEvaluationKey, getEvaluationToken, putEvaluationRequest } from '../../api/evaluations'
import { ApiError } from '../../api/request'
import { hasBigInt, loadTokenClient, secureRandom } from './crypto'
import { adoptPending, loadPending, loadToken, savePending, saveToken, type StoredToken } from './token-store'

// The phone's side of the anonymous evaluation (docs/privacy.md): it chooses a random message,
// blinds it with the event's key and sends only the blinded form with the sign-up; once checked
// in it fetches the blind signature, unblinds it and answers without logging in.

/** A fresh blinded request for an event, or null where this phone cannot make one (no BigInt). */
async function newRequest(eventId: string): Promise<StoredToken | null> {
  const client = await loadTokenClient()
  if (!client) return null
  const key = await getEvaluationKey(eventId)
  const message = await client.newTokenMessage(eventId, secureRandom)
  const blinded = await client.blindTokenRequest(key, message, secureRandom)
  return { eventId, key: { n: key.n, e: key.e }, message, inv: blinded.inv, blindedMessage: blinded.blindedMessage }
}

/**
 * The blinded request to send with a sign-up: one per form submission, so a retried submit (same
 * idempotency key) sends the same request the server may already have stored. Never fails the
 * sign-up: without a request the ticket page can send one later.
 */
export async function evaluationRequestForSignUp(eventId: string, attempt: string): Promise<string | undefined> {
  try {
    let pending = loadPending(attempt)
    if (!pending) {
      pending = await newRequest(eventId)
      if (!pending) return undefined
      savePending(attempt, pending)
    }
    return pending.blindedMessage
  } catch {
    return undefined
  }
}

/** The sign-up went through: its request now belongs to the registration. */
export const signUpSucceeded = (attempt: string, registrationId: string) => adoptPending(attempt, registrationId)

/** Sends a new request from this phone (the server accepts it until check-in, or while it has none). */
export async function requestTokenOnThisPhone(reg: Pick<MyRegistration, 'id' | 'eventId'>): Promise<boolean> {
  const fresh = await newRequest(reg.eventId)
  if (!fresh) return false
  await putEvaluationRequest(reg.id, fresh.blindedMessage)
  saveToken(reg.id, fresh)
  return true
}

/** When the server has no request for the registration (none was sent), this phone sends one. */
export async function ensureTokenRequest(reg: MyRegistration): Promise<void> {
  if (reg.status !== 'active' || reg.hasEvaluationRequest || loadToken(reg.id)) return
  try {
    await requestTokenOnThisPhone(reg)
  } catch {
    // offline or refused: the ticket page shows the state it has, and tries again next time
  }
}

export type TokenProblem = 'unsupported' | 'other_device' | 'used' | 'not_checked_in' | 'not_open' | 'closed'

/**
 * The finished token for a registration: the stored signature, or a blind signature fetched and
 * unblinded now (and kept, so a retried answer re-sends the same token). Fetched as early as
 * possible (the ticket page asks once checked in), so that fetching and answering are not
 * adjacent in time.
 */
export async function finishedToken(registrationId: string): Promise<{ token: StoredToken & { signature: string } } | { problem: TokenProblem }> {
  const client = await loadTokenClient()
  if (!client) return { problem: 'unsupported' }
  const stored = loadToken(registrationId)
  if (!stored) return { problem: 'other_device' }
  if (stored.used) return { problem: 'used' }
  if (stored.signature) return { token: { ...stored, signature: stored.signature } }
  let blindSignature: string
  try {
    blindSignature = (await getEvaluationToken(registrationId)).blindSignature
  } catch (e) {
    if (e instanceof ApiError && e.code === 'NOT_CHECKED_IN') return { problem: 'not_checked_in' }
    if (e instanceof ApiError && e.code === 'EVALUATION_CLOSED') return { problem: e.details.window === 'not_open' ? 'not_open' : 'closed' }
    if (e instanceof ApiError && e.code === 'EVALUATION_REQUEST_MISSING') return { problem: 'other_device' }
    throw e
  }
  let signature: string
  try {
    signature = client.finalizeToken(stored.key, stored, blindSignature)
  } catch {
    // The server signed another phone's request: this phone's token can never be finished.
    return { problem: 'other_device' }
  }
  saveToken(registrationId, { ...stored, signature })
  return { token: { ...stored, signature } }
}

export type EntryState = 'none' | TokenProblem | 'ready'

/** What the ticket page offers, from the registration and this phone's own token state. */
export function evaluationEntryState(reg: MyRegistration, now: Date, bigIntAvailable = hasBigInt()): EntryState {
  if (reg.status !== 'active') return 'none'
  const stored = loadToken(reg.id)
  if (stored?.used) return 'used'
  const window = evaluationWindow(reg.event, now)
  if (window === 'closed') return 'closed'
  if (!reg.checkedInAt) return 'not_checked_in'
  if (!bigIntAvailable) return 'unsupported'
  if (window === 'not_open') return 'not_open'
  if (!stored) return 'other_device'
  return 'ready'
}
