import type { EvaluationKeyResponse, EvaluationSubmission, EvaluationTokenResponse } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

/** The event's public key for blinding the token request (public, cached by the edge). */
export const getEvaluationKey = (eventId: string) => request<EvaluationKeyResponse>(`/events/${enc(eventId)}/evaluation-key`)

/** Stores this phone's blinded request for a registration (until check-in, or while none is stored). */
export const putEvaluationRequest = (registrationId: string, evaluationRequest: string) =>
  request<{ ok: true }>(`/me/registrations/${enc(registrationId)}/evaluation-request`, {
    method: 'PUT',
    body: { evaluationRequest },
    auth: 'participant',
  })

/** The blind signature of the stored request, once checked in and while the evaluation is open. */
export const getEvaluationToken = (registrationId: string) =>
  request<EvaluationTokenResponse>(`/me/registrations/${enc(registrationId)}/evaluation-token`, { auth: 'participant' })

/** The answer: no login and no device id, only the token. */
export const submitEvaluation = (eventId: string, submission: EvaluationSubmission) =>
  request<{ ok: true }>(`/events/${enc(eventId)}/evaluations`, { method: 'POST', body: submission, anonymous: true })

/** Comments released to the event's staff, in full batches of 5. */
export const getEvaluationComments = (eventId: string) =>
  request<{ comments: string[] }>(`/events/${enc(eventId)}/evaluation-comments`, { auth: 'staff' })
