import type { MyRegistration, RegistrationInput } from '@openday/shared'
import { evaluationRequestForSignUp, signUpSucceeded } from '../features/evaluation/token'
import { request } from './request'

const enc = encodeURIComponent

/**
 * `idempotencyKey` is made once per form so that a retried submit cannot sign up twice. The
 * phone's blinded evaluation token request goes with it (the same one on every retry).
 */
export async function register(eventId: string, input: RegistrationInput, idempotencyKey: string) {
  const evaluationRequest = await evaluationRequestForSignUp(eventId, idempotencyKey)
  const { registration } = await request<{ registration: MyRegistration }>(`/events/${enc(eventId)}/registrations`, {
    method: 'POST',
    body: evaluationRequest ? { ...input, evaluationRequest } : input,
    auth: 'participant',
    headers: { 'Idempotency-Key': idempotencyKey },
  })
  signUpSucceeded(idempotencyKey, registration.id)
  return registration
}

export const listMyRegistrations = () =>
  request<{ registrations: MyRegistration[] }>('/me/registrations', { auth: 'participant' }).then(
    (r) => r.registrations,
  )

export const cancelRegistration = (id: string) =>
  request<{ registration: MyRegistration }>(`/me/registrations/${enc(id)}`, {
    method: 'DELETE',
    auth: 'participant',
  }).then((r) => r.registration)
