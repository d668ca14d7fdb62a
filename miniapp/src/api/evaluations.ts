import type { EvaluationInput } from '@openday/shared'
import { request } from './request'

export const submitEvaluation = (eventId: string, input: EvaluationInput) =>
  request<{ ok: true }>(`/events/${encodeURIComponent(eventId)}/evaluations`, {
    method: 'POST',
    body: input,
    auth: 'participant',
  })
