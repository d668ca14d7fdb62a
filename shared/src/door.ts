// At the door, for people who are not on the list (issue 8, part 5; docs/door.md): door search,
// manual check-in (手动签到) with a reason, and walk-in registration (现场登记). Pure and small, used
// by the API and by the app's 现场服务 page (which imports this module only, not the index).
import * as z from 'zod/mini'
import './zod'
import { CATEGORY_CODES, type Category } from './constants'
import { text } from './text-schema'

/** At most this many people per door search (staff refine the query beyond). */
export const DOOR_SEARCH_LIMIT = 20

export type DoorQuery = { kind: 'phone4'; digits: string } | { kind: 'name'; text: string }

/**
 * What a door search looks for: exactly 4 digits are the phone's last four; otherwise part of a
 * name, 2 to 20 letters (Chinese, Latin, · and spaces). Anything else: a message saying what to type.
 */
export function parseDoorQuery(raw: string | undefined | null): { ok: true; query: DoorQuery } | { ok: false; message: string } {
  const q = (raw ?? '').trim().replace(/\s+/g, ' ')
  if (!q) return { ok: false, message: '请输入姓名或手机号后4位' }
  if (/^\d+$/.test(q)) {
    return q.length === 4 ? { ok: true, query: { kind: 'phone4', digits: q } } : { ok: false, message: '按手机号查找请输入后4位数字' }
  }
  const chars = Array.from(q)
  if (chars.length < 2) return { ok: false, message: '姓名请至少输入2个字' }
  if (chars.length > 20) return { ok: false, message: '姓名不能超过20个字' }
  if (!/^[\p{Script=Han}A-Za-z·. ]+$/u.test(q)) return { ok: false, message: '请输入姓名（汉字或字母）或手机号后4位' }
  return { ok: true, query: { kind: 'name', text: q } }
}

/** 13812345678 → ****5678: at the door only the last four are shown, which is what people say. */
export function maskPhoneTail(phone: string): string {
  return '****' + phone.slice(-4)
}

/** One person found at the door: masked, enough to recognise and check in. */
export interface DoorPerson {
  registrationId: string
  nameMasked: string
  phoneMasked: string
  category: Category
  status: 'active' | 'cancelled'
  source: 'signup' | 'walk_in'
  checkedIn: boolean
  checkedInAt: string | null
}

export interface DoorSearchResponse {
  people: DoorPerson[]
  /** More matched than DOOR_SEARCH_LIMIT: ask for more of the name. */
  more: boolean
}

/** The reasons offered for a manual check-in; staff may also type their own. */
export const MANUAL_REASONS = ['忘带手机', '票据无法显示', '手机没电', '二维码无法识别', '代为签到（老人/儿童）'] as const

export const manualCheckinSchema = z.object({
  registrationId: text(1, 64, { required: '请选择要签到的人' }),
  reason: text(2, 100, { required: '请选择或填写手动签到的原因', min: '请选择或填写手动签到的原因', max: '原因不能超过100字' }),
})
export type ManualCheckinInput = z.infer<typeof manualCheckinSchema>

export type ManualCheckinResult = 'checked_in' | 'already_checked_in'
export interface ManualCheckinResponse {
  result: ManualCheckinResult
  nameMasked: string
  checkedInAt: string
  manualReason: string | null
}

/** 现场登记: what staff type for someone who did not sign up (the same rules as the public form). */
export const walkInSchema = z.object({
  name: text(2, 30, { required: '请输入姓名', min: '请输入真实姓名（至少2个字）', max: '姓名不能超过30个字' }),
  phone: z.string({ error: '请输入手机号码' }).check(z.trim(), z.regex(/^1[3-9]\d{9}$/, { error: '请输入正确的11位手机号码' })),
  category: z.enum(CATEGORY_CODES, { error: '请选择身份类别' }),
  organization: z.optional(text(0, 60, { max: '工作单位不能超过60个字' })),
})
export type WalkInInput = z.infer<typeof walkInSchema>

export interface WalkInResponse {
  walkIn: { registrationId: string; nameMasked: string; phoneMasked: string; category: Category; checkedInAt: string }
  seatsLeft: number
  walkInCount: number
}
