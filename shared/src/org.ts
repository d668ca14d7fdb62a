// zod/mini directly (see schemas.ts): the re-exported namespace would ship all of zod with the app.
import * as z from 'zod/mini'
import './zod' // z.config: the zh-CN messages
import { STAFF_ROLES, type StaffRole } from './constants'
import { text } from './text-schema'

// The agency's own organisation, managed by its admin: departments (承办部门) and staff accounts.

/** 承办部门 of an agency. `openItems`: its suggestions still being handled (assigned, reopened, returned). */
export interface Department {
  id: string
  name: string
  active: boolean
  openItems: number
  createdAt: string
}

/** A staff account as its agency's admin sees it (never the password hash). */
export interface StaffAccount {
  id: string
  username: string
  displayName: string
  role: StaffRole
  departmentId: string | null
  departmentName: string | null
  active: boolean
  /** Still on a one-time password from the admin: only the password change is allowed. */
  mustChangePassword: boolean
}

/** Create and reset answer this once; only the PBKDF2 hash of the password is stored. */
export interface OneTimePasswordResponse {
  user: StaffAccount
  oneTimePassword: string
}

/** Suggestion states in which the department still has work to do: it cannot be deactivated then. */
export const DEPARTMENT_OPEN_STATES = ['assigned', 'reopened', 'returned'] as const

const departmentName = text(1, 30, { required: '请输入部门名称', max: '部门名称不能超过30个字' })

export const departmentCreateSchema = z.object({ name: departmentName })
export type DepartmentCreateInput = z.infer<typeof departmentCreateSchema>

export const departmentPatchSchema = z
  .object({
    name: z.optional(departmentName),
    active: z.optional(z.boolean({ error: '请选择是否启用' })),
  })
  .check(z.refine((v) => v.name !== undefined || v.active !== undefined, { error: '没有要修改的内容' }))
export type DepartmentPatchInput = z.infer<typeof departmentPatchSchema>

export const STAFF_USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{2,31}$/
const username = z
  .string({ error: '请输入用户名' })
  .check(
    z.trim(),
    z.regex(STAFF_USERNAME_PATTERN, { error: '用户名为3–32位小写字母、数字、下划线、点或连字符，以字母或数字开头' }),
  )
const displayName = text(1, 30, { required: '请输入姓名', max: '姓名不能超过30个字' })
const role = z.enum(STAFF_ROLES, { error: '请选择角色' })
const departmentId = z.string({ error: '请选择承办部门' }).check(z.minLength(1, { error: '请选择承办部门' }), z.maxLength(64))

const HANDLER_NEEDS_DEPARTMENT = '承办人须属于一个承办部门'

export const staffAccountCreateSchema = z
  .object({
    username,
    displayName,
    role,
    departmentId: z.optional(z.nullable(departmentId)),
  })
  .check(
    z.refine((v) => v.role !== 'handler' || !!v.departmentId, { path: ['departmentId'], error: HANDLER_NEEDS_DEPARTMENT }),
  )
export type StaffAccountCreateInput = z.infer<typeof staffAccountCreateSchema>

/** `departmentId: null` removes the department (not allowed for a handler). */
export const staffAccountPatchSchema = z
  .object({
    role: z.optional(role),
    departmentId: z.optional(z.nullable(departmentId)),
    active: z.optional(z.boolean({ error: '请选择是否启用' })),
    displayName: z.optional(displayName),
  })
  .check(
    z.refine((v) => Object.values(v).some((x) => x !== undefined), { error: '没有要修改的内容' }),
    z.refine((v) => !(v.role === 'handler' && v.departmentId === null), { path: ['departmentId'], error: HANDLER_NEEDS_DEPARTMENT }),
  )
export type StaffAccountPatchInput = z.infer<typeof staffAccountPatchSchema>
