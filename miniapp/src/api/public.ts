import type { PublicAgencyPage, PublicAnswerPage, PublicRanking } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

/** A period as the API takes it; none = the last 12 months (the edge-cached default). */
export interface PeriodQuery {
  from?: string
  to?: string
}

function query(params: Record<string, string | number | undefined>): string {
  const q = Object.entries(params)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${enc(String(v))}`)
    .join('&')
  return q ? `?${q}` : ''
}

// No login: these reads are the same for everyone and come from the edge cache. Page 1 is asked
// without `page=1`, so it is the copy that a handling step refreshes at once.
export const getAgencyPage = (id: string, period: PeriodQuery = {}) => request<PublicAgencyPage>(`/public/agencies/${enc(id)}${query({ ...period })}`)

export const getAgencyAnswers = (id: string, page = 1) =>
  request<PublicAnswerPage>(`/public/agencies/${enc(id)}/answers${query({ page: page > 1 ? page : undefined })}`)

export const getEventAnswers = (id: string, page = 1) =>
  request<PublicAnswerPage>(`/public/events/${enc(id)}/answers${query({ page: page > 1 ? page : undefined })}`)

export const getRankings = (period: PeriodQuery = {}) => request<PublicRanking>(`/public/rankings${query({ ...period })}`)
