import {
  DISSATISFIED_INBOX_DAYS,
  dueSoonCutoff,
  INBOX_CATEGORIES_BY_ROLE,
  INBOX_LIMIT,
  INBOX_ROLES,
  inboxReadSchema,
  maskPhone,
  OPEN_STATES,
  type InboxCategory,
  type InboxItem,
  type InboxReminder,
  type StaffInbox,
} from '@openday/shared'
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import { requireStaff } from '../auth/guards'
import { departments, events, staffReminders, staffUsers, suggestions } from '../db/schema'
import type { AppEnv, StaffSession } from '../env'
import { runBatch } from '../lib/sql-batch'
import { json } from '../lib/validate'

const DAY_MS = 24 * 3600_000

/** Which of the agency's items wait for this staff member, and as what (INBOX_CATEGORIES_BY_ROLE). */
function inboxFilter(staff: StaffSession, at: Date): { where: SQL; category: SQL } {
  const now = at.toISOString()
  const open = inArray(suggestions.status, [...OPEN_STATES])
  if (staff.role === 'handler') {
    // The department as stored now: a handler moved to another department sees its items at once.
    const myDepartment = sql`(SELECT ${staffUsers.departmentId} FROM ${staffUsers} WHERE ${staffUsers.id} = ${staff.id})`
    return {
      where: sql`${open} AND ${suggestions.departmentId} = ${myDepartment}`,
      category: sql`CASE WHEN ${suggestions.dueAt} < ${now} THEN 'overdue' WHEN ${suggestions.dueAt} <= ${dueSoonCutoff(at)} THEN 'due_soon'
        WHEN ${suggestions.status} = 'reopened' THEN 'reopened' ELSE 'new' END`,
    }
  }
  if (staff.role === 'admin') {
    const since = new Date(at.getTime() - DISSATISFIED_INBOX_DAYS * DAY_MS).toISOString()
    return {
      where: sql`((${open} AND ${suggestions.dueAt} < ${now})
        OR (${suggestions.status} = 'closed' AND ${suggestions.closeReason} = 'dissatisfied' AND ${suggestions.closedAt} >= ${since}))`,
      category: sql`CASE WHEN ${suggestions.status} = 'closed' THEN 'dissatisfied' ELSE 'overdue' END`,
    }
  }
  // Organizers assign what was received and what a department sent back.
  return { where: inArray(suggestions.status, ['received', 'returned']), category: sql`${suggestions.status}` }
}

type ItemRow = Omit<InboxItem, 'contact'> & { contact: string | null }

export const inboxRoutes = new Hono<AppEnv>()
  // 待办: checkers have no suggestion work and get 403 (INBOX_ROLES).
  .get('/staff/inbox', requireStaff(INBOX_ROLES), async (c) => {
    const staff = c.get('staff')
    const at = new Date()
    const { where, category } = inboxFilter(staff, at)
    const mine = sql`${events.agencyId} = ${staff.agencyId} AND ${where}`
    const [items, counts, reminders, unread] = await runBatch<[ItemRow[], { category: InboxCategory; n: number }[], InboxReminder[], { n: number }[]]>(
      c.get('d1'),
      [
        sql`SELECT ${suggestions.id} AS id, ${suggestions.trackingCode} AS trackingCode, ${category} AS category, ${suggestions.status} AS status,
            ${events.id} AS eventId, ${events.title} AS eventTitle, ${suggestions.topic} AS topic, ${suggestions.content} AS content,
            ${suggestions.contact} AS contact, ${suggestions.departmentId} AS departmentId, ${departments.name} AS departmentName,
            ${suggestions.assigneeId} AS assigneeId, ${suggestions.dueAt} AS dueAt, ${suggestions.overdueAt} AS overdueAt,
            ${suggestions.closeReason} AS closeReason, ${suggestions.closedAt} AS closedAt, ${suggestions.createdAt} AS createdAt
          FROM ${suggestions} JOIN ${events} ON ${events.id} = ${suggestions.eventId}
          LEFT JOIN ${departments} ON ${departments.id} = ${suggestions.departmentId}
          WHERE ${mine}
          ORDER BY ${suggestions.dueAt} IS NULL, ${suggestions.dueAt}, ${suggestions.createdAt}, ${suggestions.id}
          LIMIT ${INBOX_LIMIT}`,
        sql`SELECT ${category} AS category, count(*) AS n FROM ${suggestions} JOIN ${events} ON ${events.id} = ${suggestions.eventId}
          WHERE ${mine} GROUP BY 1`,
        sql`SELECT ${staffReminders.id} AS id, ${staffReminders.kind} AS kind, ${staffReminders.suggestionId} AS suggestionId,
            ${suggestions.trackingCode} AS trackingCode, ${staffReminders.occasionAt} AS occasionAt, ${staffReminders.createdAt} AS createdAt
          FROM ${staffReminders} JOIN ${suggestions} ON ${suggestions.id} = ${staffReminders.suggestionId}
          WHERE ${staffReminders.staffId} = ${staff.id} AND ${staffReminders.agencyId} = ${staff.agencyId} AND ${staffReminders.readAt} IS NULL
          ORDER BY ${staffReminders.createdAt} DESC, ${staffReminders.kind}, ${staffReminders.id}
          LIMIT ${INBOX_LIMIT}`,
        sql`SELECT count(*) AS n FROM ${staffReminders}
          WHERE ${staffReminders.staffId} = ${staff.id} AND ${staffReminders.agencyId} = ${staff.agencyId} AND ${staffReminders.readAt} IS NULL`,
      ],
    )
    const byCategory = Object.fromEntries(counts.map((r) => [r.category, r.n]))
    const inbox: StaffInbox = {
      counts: Object.fromEntries(INBOX_CATEGORIES_BY_ROLE[staff.role as keyof typeof INBOX_CATEGORIES_BY_ROLE].map((k) => [k, byCategory[k] ?? 0])),
      items: items.map((row) => ({ ...row, contact: row.contact ? maskPhone(row.contact) : null })),
      reminders,
      unreadReminders: unread[0].n,
    }
    return c.json(inbox)
  })

  // Marks the caller's own reminders read; ids of anyone else's are left alone (and not counted).
  .post('/staff/inbox/read', requireStaff(INBOX_ROLES), json(inboxReadSchema), async (c) => {
    const staff = c.get('staff')
    const { ids } = c.req.valid('json')
    const result = await c
      .get('db')
      .update(staffReminders)
      .set({ readAt: new Date().toISOString() })
      .where(and(eq(staffReminders.staffId, staff.id), eq(staffReminders.agencyId, staff.agencyId), inArray(staffReminders.id, ids), isNull(staffReminders.readAt)))
      .run()
    return c.json({ read: result.meta.changes })
  })
