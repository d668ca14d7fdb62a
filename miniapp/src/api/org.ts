import type {
  Department,
  DepartmentCreateInput,
  DepartmentPatchInput,
  OneTimePasswordResponse,
  StaffAccount,
  StaffAccountCreateInput,
  StaffAccountPatchInput,
} from '@openday/shared'
import { request } from './request'

// 机构管理: the agency's departments and staff accounts (admin; see docs/api.md "Staff accounts").

export const listDepartments = () =>
  request<{ departments: Department[] }>('/staff/departments', { auth: 'staff' }).then((r) => r.departments)

export const createDepartment = (body: DepartmentCreateInput) =>
  request<{ department: Department }>('/staff/departments', { method: 'POST', body, auth: 'staff' }).then((r) => r.department)

export const patchDepartment = (id: string, body: DepartmentPatchInput) =>
  request<{ department: Department }>(`/staff/departments/${encodeURIComponent(id)}`, { method: 'PATCH', body, auth: 'staff' }).then(
    (r) => r.department,
  )

export const listStaffUsers = () => request<{ users: StaffAccount[] }>('/staff/users', { auth: 'staff' }).then((r) => r.users)

export const createStaffUser = (body: StaffAccountCreateInput) =>
  request<OneTimePasswordResponse>('/staff/users', { method: 'POST', body, auth: 'staff' })

export const patchStaffUser = (id: string, body: StaffAccountPatchInput) =>
  request<{ user: StaffAccount }>(`/staff/users/${encodeURIComponent(id)}`, { method: 'PATCH', body, auth: 'staff' }).then((r) => r.user)

export const resetStaffPassword = (id: string) =>
  request<OneTimePasswordResponse>(`/staff/users/${encodeURIComponent(id)}/reset-password`, { method: 'POST', auth: 'staff' })
