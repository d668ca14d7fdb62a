import type { MyRegistration, RegistrationInput } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

/** `idempotencyKey` is made once per form so that a retried submit cannot sign up twice. */
export const register = (eventId: string, input: RegistrationInput, idempotencyKey: string) =>
  request<{ registration: MyRegistration }>(`/events/${enc(eventId)}/registrations`, {
    method: 'POST',
    body: input,
    auth: 'participant',
    headers: { 'Idempotency-Key': idempotencyKey },
  }).then((r) => r.registration)

export const listMyRegistrations = () =>
  request<{ registrations: MyRegistration[] }>('/me/registrations', { auth: 'participant' }).then(
    (r) => r.registrations,
  )

export const cancelRegistration = (id: string) =>
  request<{ registration: MyRegistration }>(`/me/registrations/${enc(id)}`, {
    method: 'DELETE',
    auth: 'participant',
  }).then((r) => r.registration)
