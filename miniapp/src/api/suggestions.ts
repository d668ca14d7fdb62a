import type { MySuggestion, RatingInput, SuggestionInput, SuggestionStatus, SuggestionView } from '@openday/shared'
import { request } from './request'
import { hasToken } from './session'

const enc = encodeURIComponent

/**
 * No login: anyone at the venue can leave a suggestion. A logged-in visitor's token is sent so
 * the suggestion also appears under 我的意见 (the API ignores it for anonymous ones).
 */
export const submitSuggestion = (eventId: string, input: SuggestionInput) =>
  request<{ trackingCode: string; status: SuggestionStatus }>(`/events/${enc(eventId)}/suggestions`, {
    method: 'POST',
    body: input,
    ...(hasToken('participant') && !input.anonymous ? { auth: 'participant' as const } : {}),
  })

export const getSuggestion = (trackingCode: string) =>
  request<{ suggestion: SuggestionView }>(`/suggestions/${enc(trackingCode)}`).then((r) => r.suggestion)

/** 好差评: anyone with the code, once per answer. */
export const rateSuggestion = (trackingCode: string, input: RatingInput) =>
  request<{ suggestion: SuggestionView; status: SuggestionStatus }>(`/suggestions/${enc(trackingCode)}/rating`, {
    method: 'POST',
    body: input,
  }).then((r) => r.suggestion)

/** 我的意见: submitted while logged in, or with one of the account's verified phones as contact. */
export const listMySuggestions = () =>
  request<{ suggestions: MySuggestion[] }>('/me/suggestions', { auth: 'participant' }).then((r) => r.suggestions)
