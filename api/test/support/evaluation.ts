import { SCORE_DIMENSION_CODES, type EvaluationKeyResponse, type ScoreDimension } from '@openday/shared'
import {
  blindTokenRequest,
  finalizeToken,
  newTokenMessage,
  type BlindedTokenRequest,
} from '@openday/shared/evaluation-token'
import { expect } from 'vitest'
import { api, signUp } from './fixtures'

// A participant's phone, as the app behaves: fetch the event key, choose and blind a token
// message, send the blinded request with the sign-up, keep the secrets; once checked in, fetch
// the blind signature, unblind it and answer without any login.

export const random = async (n: number) => crypto.getRandomValues(new Uint8Array(n))

export type Scores = Record<ScoreDimension, number>
export const scoresOf = (v: number | number[]): Scores =>
  Object.fromEntries(SCORE_DIMENSION_CODES.map((k, i) => [k, Array.isArray(v) ? v[i] : v])) as Scores

export async function eventKey(eventId: string): Promise<EvaluationKeyResponse> {
  const res = await api(`/events/${eventId}/evaluation-key`)
  expect(res.status).toBe(200)
  return res.json
}

export async function blindedRequest(eventId: string): Promise<{ key: EvaluationKeyResponse; request: BlindedTokenRequest }> {
  const key = await eventKey(eventId)
  const request = await blindTokenRequest(key, await newTokenMessage(eventId, random), random)
  return { key, request }
}

/** Signs up with a blinded token request, as the app does. */
export async function signUpWithToken(eventId: string, participantToken: string, overrides: Record<string, unknown> = {}) {
  const { key, request } = await blindedRequest(eventId)
  const res = await signUp(eventId, participantToken, { evaluationRequest: request.blindedMessage, ...overrides })
  expect(res.status).toBe(201)
  return { registration: res.json.registration, key, request }
}

/** Fetches the blind signature and unblinds it: the finished token. */
export async function fetchToken(
  registrationId: string,
  participantToken: string,
  key: EvaluationKeyResponse,
  request: BlindedTokenRequest,
) {
  const res = await api(`/me/registrations/${registrationId}/evaluation-token`, { token: participantToken })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return { message: request.message, signature: finalizeToken(key, request, res.json.blindSignature) }
}

/** POST /events/:id/evaluations exactly as the app sends it: no Authorization, no client id. */
export function answer(eventId: string, body: unknown, headers: Record<string, string> = {}) {
  return api(`/events/${eventId}/evaluations`, { body, headers, noClientId: true })
}

export const checkIn = async (eventId: string, staffToken: string, ticket: string) => {
  const res = await api(`/events/${eventId}/checkins`, { body: { ticket }, token: staffToken })
  expect(res.json.result).toBe('checked_in')
}
