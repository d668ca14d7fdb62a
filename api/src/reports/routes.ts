import {
  CLOSE_REASONS,
  evaluationFigures,
  EVALUATION_MIN_RESPONSES,
  formatTime,
  maskPersonalInfo,
  maskPhone,
  ORGANISER_ROLES,
  RATING_LABELS,
  RESULT_CLASSES,
  SATISFACTION_LABELS,
  SCORE_DIMENSION_CODES,
  SCORE_DIMENSIONS,
  shanghaiDate,
  SUGGESTION_STATUSES,
  toCsv,
  type CsvCell,
} from '@openday/shared'
import { asc, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { requireStaff } from '../auth/guards'
import { departments, evaluationTallies as tallies, suggestions as s } from '../db/schema'
import type { AppEnv } from '../env'
import { findEventForStaff } from '../evaluations/queries'
import { assertOwn } from '../events/queries'

// Staff downloads (part 7): CSV that opens in Excel and WPS. Admins and organizers of the event's
// agency only; contacts masked, phone and ID numbers in the text masked too, since a file leaves
// the system. One D1 round trip each.

/** 2026-03-10 10:00 (Asia/Shanghai): sorts and reads well in a spreadsheet. */
const when = (iso: string | null) => (iso ? `${shanghaiDate(iso)} ${formatTime(iso)}` : '')

function csvResponse(c: Context<AppEnv>, rows: CsvCell[][], name: string) {
  return c.body(toCsv(rows), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    // RFC 6266: an ASCII fallback and the UTF-8 name.
    'Content-Disposition': `attachment; filename="${name}.csv"; filename*=UTF-8''${encodeURIComponent(name)}.csv`,
    'Cache-Control': 'private, no-store',
  })
}

export const reportRoutes = new Hono<AppEnv>()
  .get('/staff/events/:id/suggestions.csv', requireStaff(ORGANISER_ROLES), async (c) => {
    const eventId = c.req.param('id')
    const db = c.get('db')
    const [event, rows] = await db.batch([
      findEventForStaff(db, eventId),
      db
        .select({
          trackingCode: s.trackingCode,
          createdAt: s.createdAt,
          topic: s.topic,
          content: s.content,
          contact: s.contact,
          status: s.status,
          department: departments.name,
          assignedAt: s.assignedAt,
          dueAt: s.dueAt,
          answeredAt: s.answeredAt,
          resultClass: s.resultClass,
          plannedBy: s.plannedBy,
          rating: s.rating,
          reopenCount: s.reopenCount,
          closeReason: s.closeReason,
          closedAt: s.closedAt,
        })
        .from(s)
        .leftJoin(departments, eq(departments.id, s.departmentId))
        .where(eq(s.eventId, eventId))
        .orderBy(asc(s.createdAt), asc(s.id)),
    ])
    assertOwn(event[0], c.get('staff'))
    const header = ['受理编号', '提交时间', '主题', '内容', '联系电话', '状态', '承办部门', '转办时间', '答复期限', '答复时间', '答复分类', '计划完成日期', '评价', '重办次数', '办结方式', '办结时间']
    const body = rows.map((r): CsvCell[] => [
      r.trackingCode,
      when(r.createdAt),
      r.topic === null ? '' : maskPersonalInfo(r.topic),
      maskPersonalInfo(r.content),
      r.contact ? maskPhone(r.contact) : '',
      SUGGESTION_STATUSES[r.status],
      r.department ?? '',
      when(r.assignedAt),
      when(r.dueAt),
      when(r.answeredAt),
      r.resultClass ? `${r.resultClass} ${RESULT_CLASSES[r.resultClass]}` : '',
      r.plannedBy ?? '',
      r.rating ? RATING_LABELS[r.rating as keyof typeof RATING_LABELS] : '',
      r.reopenCount,
      r.closeReason ? CLOSE_REASONS[r.closeReason] : '',
      when(r.closedAt),
    ])
    return csvResponse(c, [header, ...body], `意见建议-${eventId}`)
  })

  // The published counters only (they move in steps of 5), and nothing below 5 answers.
  .get('/staff/events/:id/evaluation.csv', requireStaff(ORGANISER_ROLES), async (c) => {
    const eventId = c.req.param('id')
    const db = c.get('db')
    const [event, cells] = await db.batch([
      findEventForStaff(db, eventId),
      db
        .select({ dimension: tallies.dimension, level: tallies.level, count: sql<number>`CAST(${tallies.published} AS INTEGER)` })
        .from(tallies)
        .where(eq(tallies.eventId, eventId)),
    ])
    assertOwn(event[0], c.get('staff'))
    const figures = evaluationFigures(cells)
    const levels = [1, 2, 3, 4, 5] as const
    const header = ['测评项目', ...levels.map((l) => `${SATISFACTION_LABELS[l]}(${l}分)`), '平均分', '百分制指数']
    if (!figures.distribution || !figures.averages) {
      return csvResponse(c, [header, [`测评人数不足${EVALUATION_MIN_RESPONSES}人，暂不显示`]], `测评结果-${eventId}`)
    }
    const { distribution, averages } = figures
    const rows: CsvCell[][] = SCORE_DIMENSION_CODES.map((d) => [
      SCORE_DIMENSIONS[d],
      ...distribution[d],
      averages[d],
      Math.round(averages[d] * 20 * 10) / 10,
    ])
    rows.push(['总体', ...levels.map(() => ''), figures.overall, figures.overall === null ? '' : Math.round(figures.overall * 20 * 10) / 10])
    rows.push([`测评人数：${figures.count}`])
    return csvResponse(c, [header, ...rows], `测评结果-${eventId}`)
  })
