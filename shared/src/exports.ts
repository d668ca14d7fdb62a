// Lists that leave the system (issue 8, part 6; docs/door.md): the registrations and the check-in
// log of an event as CSV. Masked by default; the full list only for admins, with a reason that is
// written to export_audit in the same batch as the read.
import { maskName, maskPhone } from './mask'

export const EXPORT_KINDS = { registrations: '报名名单', checkins: '签到记录' } as const
export type ExportKind = keyof typeof EXPORT_KINDS

/** A full export's reason: 4 to 100 characters, said in words (it is read in the audit). */
export function exportReasonProblem(reason: string | undefined | null): string | null {
  const r = (reason ?? '').trim()
  if (Array.from(r).length < 4) return '完整导出须填写用途（至少4个字），将记入审计日志'
  if (Array.from(r).length > 100) return '用途不能超过100字'
  return null
}

export const CHECKIN_SOURCE_LABELS = { staff: '工作人员扫码', self: '本人扫码', manual: '手动签到', walk_in: '现场登记' } as const
export type CheckinSource = keyof typeof CHECKIN_SOURCE_LABELS

/** Name and phone as a file shows them: masked unless the export is a full one. */
export function exportName(name: string, full: boolean): string {
  return full ? name : maskName(name)
}
export function exportPhone(phone: string, full: boolean): string {
  return full ? phone : maskPhone(phone)
}

