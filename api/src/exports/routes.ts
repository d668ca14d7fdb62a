import {
  CATEGORIES,
  CHECKIN_SOURCE_LABELS,
  EXPORT_KINDS,
  ORGANISER_ROLES,
  exportName,
  exportPhone,
  exportReasonProblem,
  type Category,
  type CheckinSource,
  type CsvCell,
  type ExportKind,
} from '@openday/shared'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { requireStaffInBatch } from '../auth/guards'
import type { AppEnv } from '../env'
import { assertOwn } from '../events/queries'
import { csvResponse, spreadsheetTime } from '../lib/csv-response'
import { fail } from '../lib/errors'
import { newId } from '../lib/ids'

// Lists that leave the system (issue 8 part 6, docs/door.md): an event's registrations and its
// check-in log (the entrance and every check-in point) as CSV for Excel and WPS. Admins and
// organizers of the event's agency get names and phones masked. The full list is for admins only,
// who must give a reason: the audit row (who, when, event, what, reason, row count) is written in
// the same batch as the read, and the read returns rows only if that row exists, so no full
// export can leave without its audit. One D1 round trip each.

const when = spreadsheetTime

/** The registrations of event ?1, in sign-up order, with the entrance check-in. */
const REGISTRATIONS_SQL = `SELECT r.name, r.phone, r.category, r.organization, r.source, r.status, r.created_at, r.cancelled_at,
    c.checked_in_at, c.manual_reason
  FROM registrations r LEFT JOIN checkins c ON c.registration_id = r.id
  WHERE r.event_id = ?1`

/**
 * The check-in log of event ?1: one line per check-in and per exit, at the entrance (`checkins`)
 * and at each point (`checkpoint_scans` joined to `checkpoints`).
 */
const LOG_SQL = `SELECT c.checked_in_at AS at, '入口' AS point, 0 AS position, 'in' AS dir,
      CASE WHEN r.source = 'walk_in' THEN 'walk_in' WHEN c.manual_reason IS NOT NULL THEN 'manual' ELSE 'staff' END AS source,
      c.manual_reason, c.staff_id, r.name, r.phone, r.category, r.id AS reg
    FROM checkins c JOIN registrations r ON r.id = c.registration_id WHERE c.event_id = ?1
  UNION ALL
  SELECT c.exited_at, '入口', 0, 'out', 'staff', NULL, NULL, r.name, r.phone, r.category, r.id
    FROM checkins c JOIN registrations r ON r.id = c.registration_id WHERE c.event_id = ?1 AND c.exited_at IS NOT NULL
  UNION ALL
  SELECT k.checked_in_at, p.name, p.position + 1, 'in', k.source, NULL, k.staff_id, r.name, r.phone, r.category, r.id
    FROM checkpoint_scans k JOIN checkpoints p ON p.id = k.checkpoint_id JOIN registrations r ON r.id = k.registration_id
    WHERE k.event_id = ?1
  UNION ALL
  SELECT k.exited_at, p.name, p.position + 1, 'out', k.source, NULL, NULL, r.name, r.phone, r.category, r.id
    FROM checkpoint_scans k JOIN checkpoints p ON p.id = k.checkpoint_id JOIN registrations r ON r.id = k.registration_id
    WHERE k.event_id = ?1 AND k.exited_at IS NOT NULL`

const SOURCES = { registrations: REGISTRATIONS_SQL, checkins: LOG_SQL } as const
const ORDER = {
  registrations: `ORDER BY created_at, name`,
  checkins: `ORDER BY at, position, reg, dir`,
} as const
/** The log's staff names are read through this join, outside the UNION. */
const SELECT_ROWS = {
  registrations: (where: string) => `SELECT * FROM (${REGISTRATIONS_SQL}) WHERE ${where} ${ORDER.registrations}`,
  checkins: (where: string) =>
    `SELECT l.*, s.display_name AS staff_name FROM (${LOG_SQL}) l LEFT JOIN staff_users s ON s.id = l.staff_id WHERE ${where} ${ORDER.checkins}`,
} as const

interface RegistrationLine {
  name: string
  phone: string
  category: Category
  organization: string | null
  source: 'signup' | 'walk_in'
  status: 'active' | 'cancelled'
  created_at: string
  cancelled_at: string | null
  checked_in_at: string | null
  manual_reason: string | null
}

interface LogLine {
  at: string
  point: string
  dir: 'in' | 'out'
  source: CheckinSource
  manual_reason: string | null
  staff_name: string | null
  name: string
  phone: string
  category: Category
}

function registrationTable(rows: RegistrationLine[], full: boolean): CsvCell[][] {
  const header = ['序号', '姓名', '手机号', '身份类别', '工作单位', '报名方式', '报名状态', '报名时间', '取消时间', '签到时间', '签到方式']
  return [
    header,
    ...rows.map((r, i): CsvCell[] => [
      i + 1,
      exportName(r.name, full),
      exportPhone(r.phone, full),
      CATEGORIES[r.category] ?? r.category,
      r.organization ?? '',
      r.source === 'walk_in' ? '现场登记' : '网上报名',
      r.status === 'active' ? '有效' : '已取消',
      when(r.created_at),
      when(r.cancelled_at),
      when(r.checked_in_at),
      r.checked_in_at === null ? '' : r.source === 'walk_in' ? '现场登记' : r.manual_reason !== null ? `手动签到（${r.manual_reason}）` : '扫码签到',
    ]),
  ]
}

function logTable(rows: LogLine[], full: boolean): CsvCell[][] {
  const header = ['时间', '签到点', '类型', '姓名', '手机号', '身份类别', '方式', '手动签到原因', '工作人员']
  return [
    header,
    ...rows.map((r): CsvCell[] => [
      when(r.at),
      r.point,
      r.dir === 'in' ? '签到' : '签出',
      exportName(r.name, full),
      exportPhone(r.phone, full),
      CATEGORIES[r.category] ?? r.category,
      CHECKIN_SOURCE_LABELS[r.source],
      r.manual_reason ?? '',
      r.staff_name ?? '',
    ]),
  ]
}

const exportRoute = (what: ExportKind) => async (c: Context<AppEnv>) => {
  const eventId = c.req.param('id') ?? ''
  const full = c.req.query('full') === '1'
  const reason = (c.req.query('reason') ?? '').trim()
  if (full) {
    const problem = exportReasonProblem(reason)
    if (problem) throw fail(400, 'VALIDATION_FAILED', problem, { field: 'reason' })
  }
  const session = c.get('staffCheck')
  const d1 = c.get('d1')
  const auditId = newId()
  // ?1 event, ?2 staff id, ?3 token version (the rows only for a current staff member of the agency).
  const current = session.sqlIsCurrent('?2', '?3', '(SELECT agency_id FROM events WHERE id = ?1)')
  const head = [
    session.statement(d1),
    d1.prepare(`SELECT agency_id AS agencyId, status FROM events WHERE id = ?1`).bind(eventId),
  ]
  const statements = full
    ? [
        ...head,
        d1
          .prepare(
            `INSERT INTO export_audit (id, agency_id, event_id, staff_id, what, reason, row_count, created_at)
             SELECT ?4, e.agency_id, e.id, ?2, ?5, ?6, (SELECT count(*) FROM (${SOURCES[what]})), ?7
             FROM events e
             WHERE e.id = ?1 AND ${current} AND (SELECT s.role FROM staff_users s WHERE s.id = ?2) = 'admin'`,
          )
          .bind(eventId, session.claims.id, session.claims.version, auditId, what, reason, new Date().toISOString()),
        d1.prepare(SELECT_ROWS[what](`EXISTS (SELECT 1 FROM export_audit a WHERE a.id = ?4)`)).bind(eventId, null, null, auditId),
        d1.prepare(`SELECT row_count FROM export_audit WHERE id = ?1`).bind(auditId),
      ]
    : [...head, d1.prepare(SELECT_ROWS[what](current)).bind(eventId, session.claims.id, session.claims.version)]
  const results = await d1.batch<any>(statements)
  const staff = session.confirm(results[0].results[0])
  assertOwn(results[1].results[0] as { agencyId: string; status: string } | undefined, staff)
  if (full) {
    if (staff.role !== 'admin') throw fail(403, 'FORBIDDEN', '完整导出仅限管理员；您可以导出脱敏名单')
    if (!results[4].results[0]) throw fail(409, 'INVALID_STATE', '导出未能记入审计日志，已拒绝，请重试')
  }
  const rows = results[full ? 3 : 2].results
  const table = what === 'registrations' ? registrationTable(rows as RegistrationLine[], full) : logTable(rows as LogLine[], full)
  const suffix = full ? '-完整' : ''
  return csvResponse(c, table, `${EXPORT_KINDS[what]}${suffix}-${eventId}`, `${what}${full ? '-full' : ''}-${eventId}`)
}

export const exportRoutes = new Hono<AppEnv>()
  .get('/staff/events/:id/registrations.csv', requireStaffInBatch(ORGANISER_ROLES), exportRoute('registrations'))
  .get('/staff/events/:id/checkins.csv', requireStaffInBatch(ORGANISER_ROLES), exportRoute('checkins'))
