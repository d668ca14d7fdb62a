import type { EvaluationReport } from '@openday/shared'
import type { PeriodQuery } from './public'
import { request } from './request'

const q = (p: PeriodQuery) => (p.from && p.to ? `?from=${p.from}&to=${p.to}` : '')

/** The agency's evaluation over its events starting in the period (admins and organizers). */
export const getEvaluationReport = (period: PeriodQuery) => request<EvaluationReport>(`/staff/evaluation-report${q(period)}`, { auth: 'staff' })

/** The download paths of the agency's CSV files for a period. */
export const reportCsvPaths = (period: PeriodQuery) => ({
  suggestions: `/staff/suggestions.csv${q(period)}`,
  evaluation: `/staff/evaluation.csv${q(period)}`,
})
