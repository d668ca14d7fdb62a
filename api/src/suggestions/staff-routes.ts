import {
  STEP_ROLES,
  SUGGESTION_READER_ROLES,
  answerDueAt,
  answerInputSchema,
  assignInputSchema,
  mergeInputSchema,
  returnInputSchema,
  shanghaiDate,
  staffSuggestionQuerySchema,
  urgeInputSchema,
  workingDaysBetween,
} from '@openday/shared'
import { and, eq, ne, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { Hono } from 'hono'
import { suggestionFollowerNotices } from '../follows/followers'
import { answerNotice, forwardSoon } from '../notifications/outbox'
import { requireStaff } from '../auth/guards'
import { agencies, departments, events, staffUsers, suggestions } from '../db/schema'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { purgePublicFigures } from '../public/purge'
import { json, query } from '../lib/validate'
import { detailForStaff, listForStaff, readForStep, staffScope } from './queries'
import { transition, type Actor } from './transition'

const staffActor = (staff: { id: string; role: string }): Actor => ({ kind: 'staff', id: staff.id, role: staff.role })
const mergeTarget = alias(suggestions, 'merge_target')
const duplicate = alias(suggestions, 'duplicate')

// 意见办理: each route states its roles in its guard; the scope (agency, a handler's department)
// is in every query and in the guarded UPDATE of `transition()`, so other agencies get 404.
export const staffSuggestionRoutes = new Hono<AppEnv>()
  .get('/staff/suggestions', requireStaff(SUGGESTION_READER_ROLES), query(staffSuggestionQuerySchema), async (c) => {
    return c.json(await listForStaff(c.get('db'), c.get('staff'), c.req.valid('query'), new Date()))
  })

  .get('/staff/suggestions/:id', requireStaff(SUGGESTION_READER_ROLES), async (c) => {
    return c.json({ suggestion: await detailForStaff(c.get('db'), c.get('staff'), c.req.param('id'), new Date()) })
  })

  .post('/staff/suggestions/:id/assign', requireStaff(STEP_ROLES.assign), json(assignInputSchema), async (c) => {
    const input = c.req.valid('json')
    const staff = c.get('staff')
    const db = c.get('db')
    const scope = staffScope(staff)
    const [[item], [department], assigneeRows, [agency]] = await db.batch([
      db
        .select({ status: suggestions.status, reopenCount: suggestions.reopenCount, eventId: suggestions.eventId })
        .from(suggestions)
        .where(and(eq(suggestions.id, c.req.param('id')), scope)),
      db
        .select({ active: departments.active })
        .from(departments)
        .where(and(eq(departments.id, input.departmentId), eq(departments.agencyId, staff.agencyId))),
      // Without an assignee this looks up id '' and finds nobody (the batch keeps one shape).
      db
        .select({ role: staffUsers.role, active: staffUsers.active, departmentId: staffUsers.departmentId })
        .from(staffUsers)
        .where(and(eq(staffUsers.id, input.assigneeId ?? ''), eq(staffUsers.agencyId, staff.agencyId))),
      db.select({ answerWorkingDays: agencies.answerWorkingDays }).from(agencies).where(eq(agencies.id, staff.agencyId)),
    ])
    if (!item) throw fail(404, 'NOT_FOUND', '未找到该意见建议')
    if (!department?.active) throw fail(400, 'VALIDATION_FAILED', '请选择本单位在用的承办部门', { field: 'departmentId' })
    const person = assigneeRows[0]
    if (input.assigneeId && !(person?.active && person.role === 'handler' && person.departmentId === input.departmentId))
      throw fail(400, 'VALIDATION_FAILED', '承办人须是该部门在岗的承办人', { field: 'assigneeId' })
    const now = new Date()
    const at = now.toISOString()
    const workingDays = input.workingDays ?? agency?.answerWorkingDays ?? 5
    const departmentId = input.departmentId
    await transition(db, {
      id: c.req.param('id'),
      from: item,
      action: 'assign',
      actor: staffActor(staff),
      note: `办理时限${workingDays}个工作日`,
      at,
      changes: () => ({
        departmentId,
        assigneeId: input.assigneeId ?? null,
        assignedAt: at,
        dueAt: answerDueAt(now, workingDays),
        remindedAt: null,
        overdueAt: null,
      }),
      scope,
      // The department may be deactivated between the read and the write.
      guard: {
        when: sql`EXISTS (SELECT 1 FROM ${departments} WHERE ${departments.id} = ${departmentId} AND ${departments.active} = 1)`,
        error: fail(400, 'VALIDATION_FAILED', '请选择本单位在用的承办部门', { field: 'departmentId' }),
      },
    })
    await purgePublicFigures(c, { agencyId: staff.agencyId, eventId: item.eventId })
    return c.json({ suggestion: await detailForStaff(db, staff, c.req.param('id'), now) })
  })

  .post('/staff/suggestions/:id/return', requireStaff(STEP_ROLES.return), json(returnInputSchema), async (c) => {
    const { reason } = c.req.valid('json')
    const staff = c.get('staff')
    const db = c.get('db')
    const scope = staffScope(staff)
    const item = await readForStep(db, c.req.param('id'), scope)
    // Back to the organisers for a new assignment: the department no longer holds it.
    await transition(db, {
      id: item.id,
      from: item,
      action: 'return',
      actor: staffActor(staff),
      note: reason,
      at: new Date().toISOString(),
      changes: () => ({ departmentId: null, assigneeId: null, dueAt: null, remindedAt: null, overdueAt: null }),
      scope,
    })
    await purgePublicFigures(c, item)
    // The handler cannot see it any more; the answer says where it went.
    return c.json({ id: item.id, status: 'returned' as const })
  })

  .post('/staff/suggestions/:id/answer', requireStaff(STEP_ROLES.answer), json(answerInputSchema), async (c) => {
    const input = c.req.valid('json')
    const staff = c.get('staff')
    const db = c.get('db')
    const scope = staffScope(staff)
    const item = await readForStep(db, c.req.param('id'), scope)
    if (input.publish && !item.publicConsent)
      throw fail(400, 'VALIDATION_FAILED', '提交人未同意公开，不能公开此答复', { field: 'publish' })
    const now = new Date()
    const at = now.toISOString()
    await transition(db, {
      id: item.id,
      from: item,
      action: 'answer',
      actor: staffActor(staff),
      note: null,
      at,
      changes: () => ({
        answer: input.answer,
        answeredAt: at,
        answerWorkingDays: workingDaysBetween(shanghaiDate(item.createdAt), shanghaiDate(now)),
        answeredBy: staff.id,
        resultClass: input.resultClass,
        plannedBy: input.resultClass === 'B' ? input.plannedBy! : null,
        published: input.publish,
        // A new answer waits for its own rating (the earlier one is in the trail).
        rating: null,
        ratingComment: null,
        ratedAt: null,
      }),
      scope,
      // The submitter and those following the item are told (and asked to rate it), in the same batch.
      notices: [answerNotice(db, item.id, at), suggestionFollowerNotices(db, item.id, at)],
    })
    await purgePublicFigures(c, item)
    forwardSoon(c)
    return c.json({ suggestion: await detailForStaff(db, staff, item.id, now) })
  })

  .post('/staff/suggestions/:id/urge', requireStaff(STEP_ROLES.urge), json(urgeInputSchema), async (c) => {
    const { note } = c.req.valid('json')
    const staff = c.get('staff')
    const db = c.get('db')
    const scope = staffScope(staff)
    const item = await readForStep(db, c.req.param('id'), scope)
    const now = new Date()
    await transition(db, {
      id: item.id,
      from: item,
      action: 'urge',
      actor: staffActor(staff),
      note,
      at: now.toISOString(),
      changes: () => ({ urgeCount: sql`${suggestions.urgeCount} + 1` }),
      scope,
    })
    return c.json({ suggestion: await detailForStaff(db, staff, item.id, now) })
  })

  .post('/staff/suggestions/:id/merge', requireStaff(STEP_ROLES.merge), json(mergeInputSchema), async (c) => {
    const { intoId } = c.req.valid('json')
    const staff = c.get('staff')
    const db = c.get('db')
    const scope = staffScope(staff)
    const item = await readForStep(db, c.req.param('id'), scope)
    if (intoId === item.id) throw fail(400, 'VALIDATION_FAILED', '不能合并到自身', { field: 'intoId' })
    // The target: same agency, not itself merged (no chains), checked again in the UPDATE.
    const targetOpen = sql`EXISTS (SELECT 1 FROM ${suggestions} AS ${sql.identifier('merge_target')} JOIN ${events} ON ${events.id} = ${mergeTarget.eventId}
      WHERE ${mergeTarget.id} = ${intoId} AND ${events.agencyId} = ${staff.agencyId} AND ${mergeTarget.status} <> 'merged')`
    // An item that others were merged into stays their answer's source: it is not merged itself.
    const noDuplicates = sql`NOT EXISTS (SELECT 1 FROM ${suggestions} AS ${sql.identifier('duplicate')} WHERE ${duplicate.mergedIntoId} = ${item.id})`
    const [[target], [hasDuplicates]] = await db.batch([
      db
        .select({ id: suggestions.id })
        .from(suggestions)
        .innerJoin(events, eq(events.id, suggestions.eventId))
        .where(and(eq(suggestions.id, intoId), eq(events.agencyId, staff.agencyId))),
      db.select({ id: suggestions.id }).from(suggestions).where(eq(suggestions.mergedIntoId, item.id)).limit(1),
    ])
    if (!target) throw fail(400, 'VALIDATION_FAILED', '要合并到的意见建议不存在', { field: 'intoId' })
    if (hasDuplicates) throw fail(400, 'VALIDATION_FAILED', '已有其他意见建议合并到本条，请将其他意见合并到本条，而不是反过来', { field: 'intoId' })
    // Whether the target is itself merged is decided by the UPDATE alone (two items merged into
    // each other at the same moment: only one of them can win).
    const targetMerged = fail(400, 'VALIDATION_FAILED', '要合并到的意见建议已被合并（或刚有意见合并到本条），请选择最终的那一条', { field: 'intoId' })
    const now = new Date()
    await transition(db, {
      id: item.id,
      from: item,
      action: 'merge',
      actor: staffActor(staff),
      note: null,
      at: now.toISOString(),
      changes: () => ({ mergedIntoId: intoId, dueAt: null, remindedAt: null, overdueAt: null }),
      scope,
      guard: { when: and(targetOpen, noDuplicates, ne(suggestions.id, intoId))!, error: targetMerged },
    })
    await purgePublicFigures(c, item)
    return c.json({ suggestion: await detailForStaff(db, staff, item.id, now) })
  })
