import type { SuggestionInput, SuggestionStatus, SuggestionView } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

/** No login: anyone at the venue can leave a suggestion. */
export const submitSuggestion = (eventId: string, input: SuggestionInput) =>
  request<{ trackingCode: string; status: SuggestionStatus }>(`/events/${enc(eventId)}/suggestions`, {
    method: 'POST',
    body: input,
  })

export const getSuggestion = (trackingCode: string) =>
  request<{ suggestion: SuggestionView }>(`/suggestions/${enc(trackingCode)}`).then((r) => r.suggestion)
