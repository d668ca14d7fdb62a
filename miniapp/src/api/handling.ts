import type {
  AnswerInput,
  AssignInput,
  Department,
  StaffSuggestionDetail,
  StaffSuggestionList,
  StaffSuggestionQuery,
} from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

/** GET /staff/suggestions with only the filters that are set. */
export function listStaffSuggestions(query: StaffSuggestionQuery): Promise<StaffSuggestionList> {
  const q = Object.entries(query)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&')
  return request<StaffSuggestionList>(`/staff/suggestions${q ? `?${q}` : ''}`, { auth: 'staff' })
}

export const getStaffSuggestion = (id: string) =>
  request<{ suggestion: StaffSuggestionDetail }>(`/staff/suggestions/${enc(id)}`, { auth: 'staff' }).then((r) => r.suggestion)

export const listDepartments = () =>
  request<{ departments: Department[] }>('/staff/departments', { auth: 'staff' }).then((r) => r.departments)

/** The 承办人 picker: active handlers of one department (admins and organizers). */
export const listDepartmentHandlers = (departmentId: string) =>
  request<{ handlers: { id: string; displayName: string }[] }>(`/staff/departments/${enc(departmentId)}/handlers`, { auth: 'staff' }).then((r) => r.handlers)

const step = (id: string, action: string, body: unknown) =>
  request<unknown>(`/staff/suggestions/${enc(id)}/${action}`, { method: 'POST', auth: 'staff', body })

export const assignSuggestion = (id: string, input: AssignInput) => step(id, 'assign', input)
export const returnSuggestion = (id: string, reason: string) => step(id, 'return', { reason })
export const answerSuggestion = (id: string, input: AnswerInput) => step(id, 'answer', input)
export const urgeSuggestion = (id: string, note: string) => step(id, 'urge', { note })
export const mergeSuggestion = (id: string, intoId: string) => step(id, 'merge', { intoId })
