// `npm test -- mutations`: breaks each rule once on purpose and checks that a test fails.
//
// An audit once broke 75 rules in this code one at a time and 20 breaks went unnoticed. This
// runs the breaks that audit named (issue 5, section 5) and more from the same issue, each as
// a textual change to the source, runs the tests that guard the rule, and restores the file.
// A break that leaves every test passing fails this script. Files are always restored, also on
// Ctrl-C; run it on a clean tree (it refuses a dirty one, so nothing of yours is overwritten).
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT, log } from './lib.mjs'

/**
 * Each break: where (file, exact text to replace and its replacement; every `from` must occur
 * exactly once) and which test files guard it (`pkg`: api, shared or miniapp).
 */
const CORE_BREAKS = [
  // --- Section 5 of issue 5: the changes an audit made without any test failing ---
  {
    rule: 'the check-in INSERT is limited to the scanning event',
    file: 'api/src/checkins/scan.ts',
    edits: [["`${MATCH} AND r.event_id = ?2 AND r.status = 'active'", "`${MATCH} AND r.status = 'active'"]],
    pkg: 'api',
    tests: ['test/checkin-rules.test.ts'],
  },
  {
    rule: 'scanning a cancelled ticket writes no check-in',
    // The entrance's and the 签到点's scans share this condition (checkins/scan.ts).
    file: 'api/src/checkins/scan.ts',
    edits: [["AND r.event_id = ?2 AND r.status = 'active' AND", 'AND r.event_id = ?2 AND']],
    pkg: 'api',
    tests: ['test/checkin-rules.test.ts', 'test/checkpoints.test.ts'],
  },
  {
    rule: 'no check-in after the event has ended',
    file: 'api/src/checkins/scan.ts',
    edits: [['AND e.start_at <= ?8 AND e.end_at >= ?6', 'AND e.start_at <= ?8']],
    pkg: 'api',
    tests: ['test/checkin-rules.test.ts', 'test/checkpoints.test.ts'],
  },
  {
    rule: 'no cancelling after check-in',
    file: 'api/src/registrations.ts',
    edits: [['AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = registrations.id)', '']],
    pkg: 'api',
    tests: ['test/registration-rules.test.ts'],
  },
  {
    rule: 'no cancelling after the event',
    file: 'api/src/registrations.ts',
    edits: [['AND (SELECT end_at FROM events e WHERE e.id = registrations.event_id) > ?3', '']],
    pkg: 'api',
    tests: ['test/registration-rules.test.ts'],
  },
  {
    rule: 'no sign-up to a draft or cancelled event',
    file: 'api/src/registrations.ts',
    edits: [["WHERE e.id = ?9 AND e.status = 'published'\n", 'WHERE e.id = ?9\n']],
    pkg: 'api',
    tests: ['test/registration-rules.test.ts'],
  },
  {
    rule: "another agency cannot change a published event",
    file: 'api/src/events/queries.ts',
    edits: [["    throw fail(403, 'FORBIDDEN', '这不是您所在单位的活动')\n", '']],
    pkg: 'api',
    tests: ['test/event-changes.test.ts'],
  },
  {
    rule: 'a checker cannot change events',
    file: 'api/src/events/routes.ts',
    edits: [[".patch('/events/:id', requireStaff(ORGANISER_ROLES),", ".patch('/events/:id', requireStaff(),"]],
    pkg: 'api',
    tests: ['test/event-changes.test.ts'],
  },
  {
    rule: 'capacity never below the seats taken',
    file: 'api/src/events/routes.ts',
    // Since the seat pools (docs/seats.md) the per-pool guard (seatsKept) implies the total one
    // (Σ pools = capacity): the break removes both.
    edits: [
      ['patch.capacity !== undefined ? sql`${events.registeredCount} + ${events.offeredCount} <= ${patch.capacity}` : undefined', 'undefined'],
      ['            seatsKept(patch),\n', ''],
    ],
    pkg: 'api',
    tests: ['test/event-changes.test.ts'],
  },
  {
    rule: 'checked in at event A, a participant cannot evaluate event B',
    file: 'api/src/evaluations/routes.ts',
    edits: [
      ["    if (tokenMessageEvent(token.message) !== eventId) throw fail(403, 'EVALUATION_TOKEN_INVALID', '该测评凭证不属于本场活动')\n", ''],
      ['const [event] = await findEventForAnswer(db, eventId)', 'const [event] = await findEventForAnswer(db, tokenMessageEvent(token.message) ?? eventId)'],
    ],
    pkg: 'api',
    tests: ['test/evaluations.test.ts'],
  },
  {
    rule: 'the same phone may sign up again after cancelling',
    file: 'api/src/registrations.ts',
    edits: [
      [
        "AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.phone = ?4 AND r.status = 'active')",
        'AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.phone = ?4)',
      ],
    ],
    pkg: 'api',
    tests: ['test/registration-rules.test.ts'],
  },
  {
    rule: 'idempotency is checked by its key, not only through the duplicate-phone rule',
    file: 'api/src/registrations.ts',
    edits: [['AND NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.key = ?10)', '']],
    pkg: 'api',
    tests: ['test/registration-rules.test.ts'],
  },
  {
    rule: 'staff login waits as specified (not shorter)',
    file: 'shared/src/auth.ts',
    edits: [['[0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60]', '[0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]']],
    pkg: 'api',
    tests: ['test/staff-login.test.ts'],
  },
  {
    rule: 'wrong SMS codes are counted per 15-minute window (not 1)',
    file: 'shared/src/auth.ts',
    edits: [['  windowMs: 15 * MINUTE_MS,', '  windowMs: 1 * MINUTE_MS,']],
    pkg: 'api',
    tests: ['test/sms-limits.test.ts'],
  },
  {
    rule: 'participant routes refuse staff tokens',
    file: 'api/src/auth/guards.ts',
    edits: [["  if (claims.kind !== 'participant') throw fail(403, 'FORBIDDEN', '请使用报名时的账号登录')\n", '']],
    pkg: 'api',
    tests: ['test/sessions.test.ts'],
  },
  {
    rule: 'an SMS code lives 5 minutes (not a year)',
    file: 'shared/src/constants.ts',
    edits: [['export const SMS_CODE_TTL_SECONDS = 300', 'export const SMS_CODE_TTL_SECONDS = 365 * 24 * 3600']],
    pkg: 'api',
    tests: ['test/sms-limits.test.ts', 'test/auth.test.ts'],
  },
  {
    rule: 'tracking codes are random, not sequential',
    file: 'api/src/lib/ids.ts',
    edits: [
      [
        "export const newTrackingCode = () => 'YJ' + randomString(READABLE, 16)",
        "let sequence = 0\nexport const newTrackingCode = () => 'YJ' + (++sequence).toString(31).toUpperCase().replace(/[01]/g, '2').padStart(16, '2')",
      ],
    ],
    pkg: 'api',
    tests: ['test/tracking-codes.test.ts'],
  },
  {
    rule: 'the check-in response never carries the full phone',
    file: 'api/src/checkins/routes.ts',
    edits: [
      ['r.name, r.category, re.start_at', 'r.name, r.phone, r.category, re.start_at'],
      ['nameMasked: maskName(row.name), category:', 'nameMasked: maskName(row.name), phone: (row as { phone?: string }).phone, category:'],
    ],
    pkg: 'api',
    tests: ['test/checkin-rules.test.ts'],
  },
  {
    rule: 'nothing stored for an answer holds a time (the spent token is the hash of the message only)',
    file: 'api/src/evaluations/keys.ts',
    edits: [['new TextEncoder().encode(message)))', 'new TextEncoder().encode(message + new Date().toISOString())))']],
    pkg: 'api',
    tests: ['test/evaluations.test.ts'],
  },
  // --- More rules of issue 5 ---
  {
    rule: 'a revoked token (older token version) is refused',
    file: 'api/src/auth/session-check.ts',
    edits: [["  if (!row || !row.active || row.tokenVersion !== claims.version) throw", '  if (!row || !row.active) throw']],
    pkg: 'api',
    tests: ['test/sessions.test.ts'],
  },
  {
    rule: 'evaluation figures move only in steps of 5 answers',
    file: 'api/src/evaluations/queries.ts',
    edits: [['sql`${answers} % ${EVALUATION_STEP} = 0`', 'sql`1 = 1`']],
    pkg: 'api',
    tests: ['test/evaluations.test.ts'],
  },
  {
    rule: 'a scan queued offline is decided at the time it was scanned',
    file: 'api/src/checkins/scan.ts',
    edits: [['const now = input.scannedAt ? new Date(input.scannedAt) : arrivedAt', 'const now = arrivedAt']],
    pkg: 'api',
    tests: ['test/checkins-offline.test.ts'],
  },
  {
    rule: 'capacity is decided atomically on the stored count',
    file: 'api/src/registrations.ts',
    edits: [['             AND e.registered_count < e.capacity\n', '']],
    pkg: 'api',
    tests: ['test/registrations.test.ts'],
  },
  {
    rule: 'request bodies over 64 KB are refused',
    file: 'api/src/lib/body-limit.ts',
    edits: [['export const MAX_BODY_BYTES = 64 * 1024', 'export const MAX_BODY_BYTES = 1024 * 1024']],
    pkg: 'api',
    tests: ['test/limits.test.ts'],
  },
  {
    rule: 'a sign-up uses a phone the account verified',
    file: 'api/src/registrations.ts',
    edits: [['             AND EXISTS (SELECT 1 FROM verified_phones v WHERE v.participant_id = ?2 AND v.phone = ?4)\n', '']],
    pkg: 'api',
    tests: ['test/phones.test.ts'],
  },
  {
    rule: 'the working-day calendar counts 调休 working weekends',
    file: 'shared/src/calendar/index.ts',
    edits: [['return weekdaysUpTo(n) - countUpTo(weekdayHolidays, n) + countUpTo(weekendMakeups, n)', 'return weekdaysUpTo(n) - countUpTo(weekdayHolidays, n)']],
    pkg: 'shared',
    tests: ['test/calendar.test.ts'],
  },
  // --- Issue 6, part 1: the agency's organisation (departments, staff accounts) ---
  {
    rule: 'a department with open items is not deactivated',
    file: 'api/src/org/departments.ts',
    edits: [['AND (coalesce(${newActive}, 1) = 1 OR ${openItemsOf(sql`${departments.id}`)} = 0)', '']],
    pkg: 'api',
    tests: ['test/departments.test.ts'],
  },
  {
    rule: 'a returned item keeps its department open',
    file: 'shared/src/org.ts',
    edits: [["['assigned', 'reopened', 'returned']", "['assigned', 'reopened']"]],
    pkg: 'api',
    tests: ['test/departments.test.ts'],
  },
  {
    rule: 'departments of another agency are not changed',
    file: 'api/src/org/departments.ts',
    edits: [['WHERE ${departments.id} = ${id} AND ${departments.agencyId} = ${me.agencyId} AND', 'WHERE ${departments.id} = ${id} AND']],
    pkg: 'api',
    tests: ['test/org-authorization.test.ts'],
  },
  {
    rule: 'checkers do not read the departments',
    file: 'api/src/org/departments.ts',
    edits: [["['admin', 'organizer', 'handler']", "['admin', 'organizer', 'handler', 'checker']"]],
    pkg: 'api',
    tests: ['test/org-authorization.test.ts'],
  },
  {
    rule: 'the last active admin is never demoted or disabled',
    file: 'api/src/org/accounts.ts',
    edits: [["AND (NOT (role = 'admin' AND active = 1 AND (${newRole} != 'admin' OR ${newActive} = 0))", 'AND (1']],
    pkg: 'api',
    tests: ['test/staff-accounts.test.ts'],
  },
  {
    rule: 'the last-admin rule is decided in the statement that writes, not by a read before it',
    file: 'api/src/org/accounts.ts',
    edits: [
      ['OR ${anotherActiveAdmin(me.agencyId, id)})\n        RETURNING id', 'OR ${otherAdminNow})\n        RETURNING id'],
      [
        '    const [updated, [after], [check]] = await runBatch<\n      [{ id: string }[]',
        "    const [[{ n: otherAdminNow }]] = await runBatch<[{ n: number }[]]>(c.get('d1'), [sql`SELECT ${anotherActiveAdmin(me.agencyId, id)} AS n`])\n    const [updated, [after], [check]] = await runBatch<\n      [{ id: string }[]",
      ],
    ],
    pkg: 'api',
    tests: ['test/staff-accounts.test.ts'],
  },
  {
    rule: 'a change of role, department or active ends the old tokens, a new name does not',
    file: 'api/src/org/accounts.ts',
    edits: [['token_version = token_version + (${newRole} IS NOT role OR', 'token_version = token_version + 1 + 0 * (${newRole} IS NOT role OR']],
    pkg: 'api',
    tests: ['test/staff-accounts.test.ts'],
  },
  {
    rule: 'a handler keeps a department',
    file: 'api/src/org/accounts.ts',
    edits: [["AND (${newRole} != 'handler' OR ${newDepartment} IS NOT NULL)", '']],
    pkg: 'api',
    tests: ['test/staff-accounts.test.ts'],
  },
  {
    rule: "another agency's staff accounts are not changed",
    file: 'api/src/org/accounts.ts',
    edits: [['WHERE ${staffUsers.id} = ${id} AND ${staffUsers.agencyId} = ${me.agencyId} AND ${actorIsAdmin(me)}\n          AND (${setDepartment}', 'WHERE ${staffUsers.id} = ${id} AND ${actorIsAdmin(me)}\n          AND (${setDepartment}']],
    pkg: 'api',
    tests: ['test/org-authorization.test.ts'],
  },
  {
    rule: 'a reset ends every session',
    file: 'api/src/org/accounts.ts',
    edits: [['must_change_password = 1, token_version = token_version + 1', 'must_change_password = 1']],
    pkg: 'api',
    tests: ['test/staff-accounts.test.ts'],
  },
  {
    rule: 'an account on a one-time password may only change it',
    file: 'api/src/auth/session-check.ts',
    edits: [["  if (row.mustChangePassword && !options.allowPasswordChangeRequired) throw fail(403, 'PASSWORD_CHANGE_REQUIRED')\n", '']],
    pkg: 'api',
    tests: ['test/sessions.test.ts', 'test/org-authorization.test.ts'],
  },
  {
    rule: 'a check-in by an account on a one-time password stores nothing',
    file: 'api/src/auth/session-check.ts',
    edits: [['AND s.active = 1 AND s.must_change_password = 0', 'AND s.active = 1']],
    pkg: 'api',
    tests: ['test/sessions.test.ts'],
  },
  {
    rule: 'changing the password clears the one-time flag',
    file: 'api/src/auth/routes.ts',
    edits: [[', must_change_password = 0\n', '\n']],
    pkg: 'api',
    tests: ['test/staff-accounts.test.ts'],
  },
  // --- Issue 6: the daily deadline job and the 待办 inbox ---
  {
    rule: 'an overdue item is marked (and escalated) once per deadline',
    file: 'api/src/suggestions/deadlines.ts',
    edits: [['or(isNull(suggestions.overdueAt), lte(suggestions.overdueAt, suggestions.dueAt)),', 'sql`1`,']],
    pkg: 'api',
    tests: ['test/deadlines.test.ts'],
  },
  {
    rule: 'due soon means by the end of the next working day, not tomorrow',
    file: 'shared/src/deadlines.ts',
    edits: [['return answerDueAt(now, 1)', 'return new Date(new Date(now).getTime() + 24 * 3600_000).toISOString()']],
    pkg: 'api',
    tests: ['test/deadlines.test.ts'],
  },
  {
    rule: 'an active assignee is reminded alone, not the whole department',
    file: 'api/src/suggestions/deadlines.ts',
    edits: [['OR (NOT ${activeAssignee} AND', 'OR (1 AND']],
    pkg: 'api',
    tests: ['test/deadlines.test.ts'],
  },
  {
    rule: 'answers close as unrated after 10 working days, not 9',
    file: 'shared/src/deadlines.ts',
    edits: [['answerDueAt(new Date(dayStart), RATING_WORKING_DAYS)', 'answerDueAt(new Date(dayStart), RATING_WORKING_DAYS - 1)']],
    pkg: 'api',
    tests: ['test/deadlines.test.ts'],
  },
  {
    rule: 'reminders go to active staff of the item’s agency only',
    file: 'api/src/suggestions/deadlines.ts',
    edits: [['ON ${recipient.agencyId} = ${events.agencyId} AND ${recipient.active} = 1 AND', 'ON 1 AND']],
    pkg: 'api',
    tests: ['test/deadlines.test.ts'],
  },
  {
    rule: 'a second run of the deadline job adds no reminder',
    file: 'api/src/suggestions/deadlines.ts',
    edits: [['    .onConflictDoNothing()\n', '']],
    pkg: 'api',
    tests: ['test/deadlines.test.ts'],
  },
  {
    rule: 'the inbox shows the caller’s agency only',
    file: 'api/src/suggestions/inbox.ts',
    edits: [['const mine = sql`${events.agencyId} = ${staff.agencyId} AND ${where}`', 'const mine = where']],
    pkg: 'api',
    tests: ['test/inbox.test.ts'],
  },
  {
    rule: 'a handler’s inbox is their department’s',
    file: 'api/src/suggestions/inbox.ts',
    edits: [['AND ${suggestions.departmentId} = ${myDepartment}', '']],
    pkg: 'api',
    tests: ['test/inbox.test.ts'],
  },
  {
    rule: 'contacts are masked in the inbox',
    file: 'api/src/suggestions/inbox.ts',
    edits: [['row.contact ? maskPhone(row.contact) : null', 'row.contact']],
    pkg: 'api',
    tests: ['test/inbox.test.ts'],
  },
  {
    rule: 'only one’s own reminders are marked read',
    file: 'api/src/suggestions/inbox.ts',
    edits: [['eq(staffReminders.staffId, staff.id), ', '']],
    pkg: 'api',
    tests: ['test/inbox.test.ts'],
  },
  // --- Issue 6, the public's view ---
  {
    rule: 'a published answer is on the public pages at once (the cached reads are dropped)',
    file: 'api/src/suggestions/staff-routes.ts',
    edits: [['    })\n    await purgePublicFigures(c, item)\n    forwardSoon(c)\n', '    })\n    forwardSoon(c)\n']],
    pkg: 'api',
    tests: ['test/public-answers-fresh.test.ts'],
  },
  {
    rule: 'a rating changes the public figures at once',
    file: 'api/src/suggestions/routes.ts',
    edits: [['    await purgePublicFigures(c, item)\n', '']],
    pkg: 'api',
    tests: ['test/public-answers-fresh.test.ts'],
  },
  {
    rule: 'the event page lists only that event’s answers',
    file: 'api/src/public/queries.ts',
    edits: [["and(eq(events.id, of.eventId), eq(events.status, 'published'))", "eq(events.status, 'published')"]],
    pkg: 'api',
    tests: ['test/public-answers-fresh.test.ts'],
  },
  {
    rule: '(screens) a bar is as wide as its rate',
    file: 'miniapp/src/features/public/FigureBars.tsx',
    edits: [['style={{ width: `${width}%` }}', "style={{ width: '50%' }}"]],
    pkg: 'miniapp',
    tests: ['test/components/Public.test.tsx'],
  },
  {
    rule: '(screens) an agency with too few items is shown as not ranked',
    file: 'miniapp/src/features/public/RankingsView.tsx',
    edits: [['      {e.score === null ? (', '      {false ? (']],
    pkg: 'miniapp',
    tests: ['test/components/Public.test.tsx'],
  },
  {
    rule: 'the 承办人 picker lists active handlers only',
    file: 'api/src/org/departments.ts',
    edits: [['            eq(staffUsers.active, true),\n', '']],
    pkg: 'api',
    tests: ['test/department-handlers.test.ts'],
  },
  {
    rule: 'the 承办人 picker answers only for a department of the caller’s agency',
    file: 'api/src/org/departments.ts',
    edits: [['.where(and(eq(departments.id, id), eq(departments.agencyId, me.agencyId))),', '.where(eq(departments.id, id)),']],
    pkg: 'api',
    tests: ['test/department-handlers.test.ts'],
  },
  {
    rule: '(screens) picking another department clears the 承办人',
    file: 'miniapp/src/features/handling/StepForms.tsx',
    edits: [['            setAssigneeId(ANYONE)\n', '']],
    pkg: 'miniapp',
    tests: ['test/components/Handling.test.tsx'],
  },
  {
    rule: '(screens) 全部标为已读 takes the reminders off at once',
    file: 'miniapp/src/features/inbox/InboxView.tsx',
    edits: [['      onMarkedRead(ids)\n', '']],
    pkg: 'miniapp',
    tests: ['test/components/Inbox.test.tsx'],
  },
  // --- Issue 6, the evaluation report (part 7) ---
  {
    rule: 'the evaluation report reads the published counters only',
    file: 'api/src/reports/routes.ts',
    edits: [['count: sql<number>`CAST(${tallies.published} AS INTEGER)`', 'count: sql<number>`CAST(${tallies.live} AS INTEGER)`']],
    pkg: 'api',
    tests: ['test/evaluation-report.test.ts', 'test/reports-csv.test.ts'],
  },
  {
    rule: 'the agency report counts the events starting in the period only',
    file: 'api/src/reports/routes.ts',
    edits: [["eq(events.status, 'published'), gte(events.startAt, startIso), lt(events.startAt, endIso))!", "eq(events.status, 'published'))!"]],
    pkg: 'api',
    tests: ['test/evaluation-report.test.ts'],
  },
  {
    rule: 'the agency’s suggestions file holds its own suggestions only',
    file: 'api/src/reports/routes.ts',
    edits: [['and(eq(events.agencyId, c.get(\'staff\').agencyId), gte(s.createdAt, startIso)', 'and(gte(s.createdAt, startIso)']],
    pkg: 'api',
    tests: ['test/evaluation-report.test.ts'],
  },
  {
    rule: '(screens) an event below 5 answers shows no index',
    file: 'miniapp/src/features/reports/ReportsView.tsx',
    edits: [['{e.figures.overall === null ? `测评人数不足', '{false ? `测评人数不足']],
    pkg: 'miniapp',
    tests: ['test/components/Reports.test.tsx'],
  },
  {
    rule: '(screens) the downloads are of the chosen period',
    file: 'miniapp/src/features/reports/ReportsView.tsx',
    edits: [['const paths = reportCsvPaths(period.query)', 'const paths = reportCsvPaths({})']],
    pkg: 'miniapp',
    tests: ['test/components/Reports.test.tsx'],
  },
  // --- Issue 6, the public figures' counters ---
  {
    rule: 'an update takes the item’s old contribution away',
    file: 'api/migrations/0009_counter_tree.sql',
    edits: [['WHERE eo.`id` = OLD.`event_id`', 'WHERE 0 AND eo.`id` = OLD.`event_id`']],
    pkg: 'api',
    tests: ['test/suggestion-counters.test.ts'],
  },
  {
    rule: 'merged items add nothing to the counters',
    file: 'api/migrations/0009_counter_tree.sql',
    edits: [["WHERE en.`id` = NEW.`event_id` AND NEW.`status` <> 'merged'", 'WHERE en.`id` = NEW.`event_id`']],
    pkg: 'api',
    tests: ['test/suggestion-counters.test.ts', 'test/public-metrics.test.ts'],
  },
  {
    rule: 'the answer step stores its working days on the shared calendar',
    file: 'api/src/suggestions/staff-routes.ts',
    edits: [['workingDaysBetween(shanghaiDate(item.createdAt), shanghaiDate(now))', '0']],
    pkg: 'api',
    tests: ['test/suggestion-counters.test.ts'],
  },
  {
    rule: '平均答复用时 leaves out answers without stored working days',
    file: 'shared/src/metrics.ts',
    edits: [['timedAnswers += r.timedAnswers', 'timedAnswers += r.answered']],
    pkg: 'shared',
    tests: ['test/metrics.test.ts'],
  },
  {
    rule: '公开答复 pages read their partial index (published and consent as literals)',
    file: 'api/src/public/queries.ts',
    edits: [['sql`${s.published} = 1 AND ${s.publicConsent} = 1`', 'and(eq(s.published, true), eq(s.publicConsent, true))']],
    pkg: 'api',
    tests: ['test/public-metrics.test.ts'],
  },
  {
    rule: '公开答复 tells whether another page follows',
    file: 'api/src/public/routes.ts',
    edits: [['hasMore: rows.length > PUBLIC_ANSWERS_PAGE_SIZE', 'hasMore: rows.length >= PUBLIC_ANSWERS_PAGE_SIZE']],
    pkg: 'api',
    tests: ['test/public-metrics.test.ts'],
  },
  {
    rule: 'overdue now adds the items past their deadline that the daily job has not marked yet',
    file: 'api/src/public/queries.ts',
    edits: [['lt(s.dueAt, nowIso),', "lt(s.dueAt, '0000'),"]],
    pkg: 'api',
    tests: ['test/public-metrics.test.ts', 'test/suggestion-counters.test.ts'],
  },
  {
    rule: 'overdue now counts the items the daily job has marked, from the counters',
    file: 'api/src/public/queries.ts',
    edits: [['overdueOpen: total(c.overdueMarked),', 'overdueOpen: sql<number>`0`,']],
    pkg: 'api',
    tests: ['test/suggestion-counters.test.ts'],
  },
  {
    rule: 'an item adds itself to the nodes of its day’s update path (bit b of day − 1 clear)',
    file: 'api/migrations/0009_counter_tree.sql',
    edits: [["WHERE ei.`id` = NEW.`event_id` AND NEW.`status` <> 'merged' AND (((CAST(julianday(date(NEW.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) >> bits.`b`) & 1) = 0", "WHERE ei.`id` = NEW.`event_id` AND NEW.`status` <> 'merged'"]],
    pkg: 'api',
    tests: ['test/suggestion-counters.test.ts'],
  },
  {
    rule: 'a period sums its nodes with their signs (prefix(to) − prefix(from − 1))',
    file: 'api/src/public/queries.ts',
    edits: [['THEN -1 ELSE 1 END` : sql`1`', 'THEN 1 ELSE 1 END` : sql`1`']],
    pkg: 'api',
    tests: ['test/public-metrics.test.ts'],
  },
  // --- Issue 7, 加入日历 ---
  {
    rule: 'a cancelled event’s calendar file says STATUS:CANCELLED',
    file: 'api/src/events/calendar.ts',
    edits: [["status: row.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,", 'status: ICalEventStatus.CONFIRMED,']],
    pkg: 'api',
    tests: ['test/event-calendar.test.ts'],
  },
  {
    rule: '(screens) wx.addPhoneCalendar gets seconds, not milliseconds',
    file: 'miniapp/src/features/events/calendar.ts',
    edits: [['startTime: Math.floor(Date.parse(event.startAt) / 1000),', 'startTime: Date.parse(event.startAt),']],
    pkg: 'miniapp',
    tests: ['test/components/Calendar.test.tsx'],
  },
  {
    rule: '(screens) closing the calendar dialog is not an error',
    file: 'miniapp/src/features/events/calendar.ts',
    edits: [['if (/cancel/i.test(', 'if (/^$/.test(']],
    pkg: 'miniapp',
    tests: ['test/components/Calendar.test.tsx'],
  },
  // --- Issue 6, the 机构管理 screens ---
  {
    rule: '(screens) a session on a one-time password goes to 修改初始密码 first',
    file: 'miniapp/src/features/staff/guard.ts',
    edits: [['    else if (mustChange) goChangePassword(selfUrl)\n', ''], ['  return token && !mustChange\n', '  return token\n']],
    pkg: 'miniapp',
    tests: ['test/components/Org.test.tsx'],
  },
  {
    rule: '(screens) a 403 PASSWORD_CHANGE_REQUIRED leads to 修改初始密码',
    file: 'miniapp/src/features/staff/guard.ts',
    edits: [["e.code === 'PASSWORD_CHANGE_REQUIRED'", "e.code === ('NONE' as string)"]],
    pkg: 'miniapp',
    tests: ['test/components/Org.test.tsx'],
  },
  {
    rule: '(screens) the new password may not be the username',
    file: 'miniapp/src/features/org/ChangePasswordView.tsx',
    edits: [["found.newPassword = '新密码不能与用户名相同'", 'void 0']],
    pkg: 'miniapp',
    tests: ['test/components/Org.test.tsx'],
  },
  {
    rule: '(screens) the one-time password is shown once: 我已记下 removes it',
    file: 'miniapp/src/features/org/UsersPanel.tsx',
    edits: [['onDone={() => setIssued(null)}', 'onDone={() => undefined}']],
    pkg: 'miniapp',
    tests: ['test/components/Org.test.tsx'],
  },
  {
    rule: '(screens) deactivating a department asks first',
    file: 'miniapp/src/features/org/DepartmentsPanel.tsx',
    edits: [['    if (r.confirm) void save({ active: !dept.active })', '    void save({ active: !dept.active })']],
    pkg: 'miniapp',
    tests: ['test/components/Org.test.tsx'],
  },
  // --- Issue 7: event changes told through the outbox, the queue consumer, the notices cron ---
  {
    rule: 'a refused event change writes no message (the outbox insert only follows a change that happened)',
    file: 'api/src/events/routes.ts',
    edits: [['const changed = sql`EXISTS (SELECT 1 FROM ${events} WHERE ${events.id} = ${row.id} AND ${events.changedAt} = ${nowIso})`', 'const changed = sql`1 = 1`']],
    pkg: 'api',
    tests: ['test/event-lifecycle.test.ts'],
  },
  {
    rule: 'event messages go to active sign-ups only',
    file: 'api/src/notifications/outbox.ts',
    edits: [["AND ${registrations.status} = 'active' AND ${n.onlyIf}", 'AND ${n.onlyIf}']],
    pkg: 'api',
    tests: ['test/event-lifecycle.test.ts'],
  },
  {
    rule: "a cancelled event's tickets answer cancelled at the door",
    file: 'shared/src/checkin.ts',
    edits: [[" || f.event.status === 'cancelled'", '']],
    pkg: 'api',
    tests: ['test/event-lifecycle.test.ts'],
  },
  {
    rule: 'no check-in is written for a cancelled event',
    file: 'api/src/checkins/scan.ts',
    edits: [["AND r.status = 'active' AND e.status = 'published'\n", "AND r.status = 'active'\n"]],
    pkg: 'api',
    tests: ['test/event-lifecycle.test.ts'],
  },
  {
    rule: 'no SMS from 21:00 to 08:00 Beijing time',
    file: 'shared/src/outbox.ts',
    edits: [['if (hour >= QUIET_HOURS.to && hour < QUIET_HOURS.from) return now', 'return now']],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: 'a message is claimed before it is sent (delivered twice, sent once)',
    file: 'api/src/notifications/consumer.ts',
    edits: [["          eq(outbox.status, 'pending'),\n          and(eq(outbox.status, 'sending'),", "          sql`1 = 1`,\n          and(eq(outbox.status, 'sending'),"]],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: 'a message goes to 发送失败 after its last try',
    file: 'api/src/notifications/consumer.ts',
    edits: [['attempt >= OUTBOX_MAX_ATTEMPTS', 'attempt > OUTBOX_MAX_ATTEMPTS']],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: '全部停止 stops every channel',
    file: 'shared/src/outbox.ts',
    edits: [['if (settings.stopped || settings.mutedKinds.includes(kind)) return []', 'if (settings.mutedKinds.includes(kind)) return []']],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: 'the forwarder puts a row on the queue once unless it was lost',
    file: 'api/src/notifications/outbox.ts',
    edits: [
      ["        eq(outbox.status, 'pending'),\n        or(isNull(outbox.enqueuedAt), lte(outbox.enqueuedAt, lostBefore)),\n        or(isNull(outbox.notBefore)", "        eq(outbox.status, 'pending'),\n        or(isNull(outbox.notBefore)"],
      ["        eq(outbox.status, 'pending'),\n        or(isNull(outbox.enqueuedAt), lte(outbox.enqueuedAt, lostBefore)),\n      ),\n    )\n    .returning", "        eq(outbox.status, 'pending'),\n      ),\n    )\n    .returning"],
    ],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: 'the reminder goes out the day before, not earlier',
    file: 'api/src/notifications/jobs.ts',
    edits: [[' AND ${events.startAt} <= ${until}', '']],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: 'invitations to evaluate go only to those checked in',
    file: 'api/src/notifications/jobs.ts',
    edits: [['JOIN ${registrations} ON ${registrations.id} = ${checkins.registrationId}', 'JOIN ${registrations} ON ${registrations.eventId} = ${checkins.eventId}']],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: "发送失败 lists only the admin's own agency",
    file: 'api/src/notifications/routes.ts',
    edits: [["      .where(and(eq(outbox.agencyId, c.get('staff').agencyId), eq(outbox.status, 'dead')))", "      .where(eq(outbox.status, 'dead'))"]],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  // --- 动态 (feed) ---
  {
    rule: '(feed) pages continue after (published_at, id), so posts of the same instant are not lost',
    file: 'api/src/feed/posts.ts',
    edits: [['sql`(${posts.publishedAt}, ${posts.id}) < (${p.publishedAt}, ${p.id})`', 'sql`${posts.publishedAt} < ${p.publishedAt}`']],
    pkg: 'api',
    tests: ['test/feed.test.ts'],
  },
  {
    rule: '(feed) withdrawn posts leave the public feed, the post page and RSS',
    file: 'api/src/feed/posts.ts',
    edits: [["const published = sql`${posts.status} = 'published'`", 'const published = sql`1 = 1`']],
    pkg: 'api',
    tests: ['test/feed.test.ts', 'test/feed-xml.test.ts'],
  },
  {
    rule: '(feed) only admins and organisers write posts',
    file: 'api/src/feed/routes.ts',
    edits: [[".post('/staff/posts', requireStaff(ORGANISER_ROLES),", ".post('/staff/posts', requireStaff(),"]],
    pkg: 'api',
    tests: ['test/feed.test.ts'],
  },
  {
    rule: "(feed) another agency's post cannot be edited or withdrawn",
    file: 'api/src/feed/posts.ts',
    edits: [['db.select(staffColumns).from(posts).where(and(eq(posts.id, id), eq(posts.agencyId, agencyId)))', 'db.select(staffColumns).from(posts).where(eq(posts.id, id))']],
    pkg: 'api',
    tests: ['test/feed.test.ts'],
  },
  {
    rule: "(feed) an article links only its own agency's events",
    file: 'api/src/feed/routes.ts',
    edits: [[".where(and(eq(events.id, eventId), eq(events.agencyId, agencyId), sql`${events.status} <> 'draft'`))", ".where(and(eq(events.id, eventId), sql`${events.status} <> 'draft'`))"]],
    pkg: 'api',
    tests: ['test/feed.test.ts'],
  },
  {
    rule: '(feed) a second ]]> in a post keeps the RSS well-formed',
    file: 'api/src/feed/rss.ts',
    edits: [['.replaceAll(CDATA_END, SENTINEL)', '']],
    pkg: 'api',
    tests: ['test/feed-xml.test.ts'],
  },
  // --- WeChat server API: stable access token, subscribe messages, 小程序码 ---
  {
    rule: 'the WeChat access token is asked for again 5 minutes before it expires',
    file: 'api/src/notifications/wechat/access-token.ts',
    edits: [['Date.now() < cached.expiresAt - TOKEN_MARGIN_MS', 'Date.now() < cached.expiresAt']],
    pkg: 'api',
    tests: ['test/wechat-notify.test.ts'],
  },
  {
    rule: 'a WeChat 40001/42001 forgets the cached token before the retry',
    file: 'api/src/notifications/wechat/access-token.ts',
    edits: [['    invalidateAccessToken(cfg.appId!, token.token)\n', '']],
    pkg: 'api',
    tests: ['test/wechat-notify.test.ts'],
  },
  {
    rule: 'a WeChat 40001/42001 is retried once, never twice',
    file: 'api/src/notifications/wechat/access-token.ts',
    edits: [['    if (attempt >= 2) return onTokenFailure(answer.errcode)', '    if (attempt >= 3) return onTokenFailure(answer.errcode)']],
    pkg: 'api',
    tests: ['test/wechat-notify.test.ts'],
  },
  {
    rule: 'a subscribe message with no accept left (43101) is refused, not invalid',
    file: 'api/src/notifications/wechat/subscribe.ts',
    edits: [["if (errcode === 43101) return { errcode, result: { ok: false, reason: 'refused', errcode } }", "if (errcode === 43101) return { errcode, result: { ok: false, reason: 'invalid', errcode } }"]],
    pkg: 'api',
    tests: ['test/wechat-notify.test.ts'],
  },
  {
    rule: 'a 小程序码 scene of 33 characters is refused before calling WeChat',
    file: 'api/src/notifications/wechat/wxacode.ts',
    edits: [['@\\-._~]{1,32}$/', '@\\-._~]{1,33}$/']],
    pkg: 'api',
    tests: ['test/wechat-notify.test.ts'],
  },
  {
    rule: 'fitField counts characters, not UTF-16 units',
    file: 'shared/src/notifications.ts',
    edits: [['const chars = (s: string) => Array.from(s)', "const chars = (s: string) => s.split('')"]],
    pkg: 'shared',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: 'a WeChat accept is used up by the message it allowed',
    file: 'api/src/notifications/consumer.ts',
    edits: [["      if (channel === 'wechat') await db.batch([sent, used])\n      else await sent", '      await sent']],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: 'WeChat 43101 leaves no accept in store (and SMS takes over)',
    file: 'api/src/notifications/consumer.ts',
    edits: [['        .set({ accepts: 0, updatedAt: nowIso })\n', '        .set({ updatedAt: nowIso })\n']],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: 'at most 20 WeChat accepts are kept per template',
    file: 'api/src/notifications/routes.ts',
    edits: [['set: { accepts: sql`min(${wechatSubscriptions.accepts} + 1, ${MAX_WECHAT_ACCEPTS})`, updatedAt: now }', 'set: { accepts: sql`${wechatSubscriptions.accepts} + 1`, updatedAt: now }']],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: 'the submitter is told of the answer in the answer step',
    file: 'api/src/suggestions/staff-routes.ts',
    edits: [['notices: [answerNotice(db, item.id, at), suggestionFollowerNotices', 'notices: [suggestionFollowerNotices']],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: 'an answer notice only for a submitter who can be reached',
    file: 'api/src/notifications/outbox.ts',
    edits: [['\n          AND (${suggestions.contact} IS NOT NULL OR ${suggestions.participantId} IS NOT NULL)', '']],
    pkg: 'api',
    tests: ['test/notifications.test.ts'],
  },
  {
    rule: '(UI) 取消活动 needs a reason before anything is sent',
    file: 'miniapp/src/features/staff/CancelEventPanel.tsx',
    edits: [['    if (!parsed.success) {', '    if (!parsed.success && false) {']],
    pkg: 'miniapp',
    tests: ['test/components/EventLifecycle.test.tsx'],
  },
  {
    rule: '(UI) 全部停止 asks for confirmation first',
    file: 'miniapp/src/features/notifications/NoticeSettingsView.tsx',
    edits: [['    if (!r.confirm) return', '']],
    pkg: 'miniapp',
    tests: ['test/components/NoticeSettings.test.tsx'],
  },
  {
    rule: '(UI) 订阅活动通知 only in the mini-program',
    file: 'miniapp/src/features/notifications/NoticeSettingsView.tsx',
    edits: [['const canSubscribe = IS_WEAPP && !settings.stopped', 'const canSubscribe = !settings.stopped']],
    pkg: 'miniapp',
    tests: ['test/components/NoticeSettings.test.tsx'],
  },
  // --- issue 7: follows ---
  {
    rule: 'at most FOLLOWS_MAX follows per person',
    file: 'api/src/follows/routes.ts',
    edits: [['WHERE (SELECT count(*) FROM ${follows} WHERE ${follows.participantId} = ${participantId}) < ${FOLLOWS_MAX}', 'WHERE true']],
    pkg: 'api',
    tests: ['test/follows.test.ts'],
  },
  {
    rule: 'only the follower removes a follow',
    file: 'api/src/follows/routes.ts',
    edits: [[".where(and(eq(follows.id, c.req.param('id')), eq(follows.participantId, c.get('participant').id)))", ".where(eq(follows.id, c.req.param('id')))"]],
    pkg: 'api',
    tests: ['test/follows.test.ts'],
  },
  {
    rule: 'a draft event cannot be followed',
    file: 'api/src/follows/routes.ts',
    edits: [["sql`${events.status} IN ('published', 'cancelled')`", "sql`true`"]],
    pkg: 'api',
    tests: ['test/follows.test.ts'],
  },
  {
    rule: 'followers of the linked event hear of a post too',
    file: 'api/src/follows/followers.ts',
    edits: [["${post.eventId ? sql`UNION", "${false ? sql`UNION"]],
    pkg: 'api',
    tests: ['test/follows.test.ts'],
  },
  {
    rule: 'registrants are not told twice of a change',
    file: 'api/src/follows/followers.ts',
    edits: [["AND NOT (${posts.kind} = 'change' AND EXISTS (", "AND NOT (false AND EXISTS ("]],
    pkg: 'api',
    tests: ['test/follows.test.ts'],
  },
  {
    rule: 'the submitter is not told twice of an answer',
    file: 'api/src/follows/followers.ts',
    edits: [['AND ${follows.participantId} IS NOT ${suggestions.participantId}', '']],
    pkg: 'api',
    tests: ['test/follows.test.ts'],
  },
  {
    rule: 'followers are told only of an answer that was stored',
    file: 'api/src/follows/followers.ts',
    edits: [["WHERE ${suggestions.id} = ${suggestionId} AND ${suggestions.answeredAt} = ${at} AND ${suggestions.lastAction} = 'answer'", 'WHERE ${suggestions.id} = ${suggestionId}']],
    pkg: 'api',
    tests: ['test/follows.test.ts'],
  },
  {
    rule: 'publishing tells the agency followers',
    file: 'api/src/events/routes.ts',
    edits: [['      followerNotices(db, { id: previewPostId, agencyId: row.agencyId, eventId: row.id }, now.toISOString()),\n', '']],
    pkg: 'api',
    tests: ['test/follows.test.ts'],
  },
  {
    rule: 'an event is announced once, also when two publishes race',
    file: 'api/src/events/routes.ts',
    edits: [["\n            AND NOT EXISTS (SELECT 1 FROM ${posts} WHERE ${posts.eventId} = ${row.id} AND ${posts.kind} = 'preview')`", '`']],
    pkg: 'api',
    tests: ['test/follows.test.ts'],
  },
  {
    rule: '(UI) 发布 of the 活动总结 asks for confirmation first',
    file: 'miniapp/src/features/summaries/SummaryEditor.tsx',
    edits: [["confirmText: '确定发布', cancelText: '再看看' })\n    if (!r.confirm) return", "confirmText: '确定发布', cancelText: '再看看' })"]],
    pkg: 'miniapp',
    tests: ['test/components/Summary.test.tsx'],
  },
  {
    rule: '(UI) 按最新数据重新生成 asks for confirmation first (it overwrites title and body)',
    file: 'miniapp/src/features/summaries/SummaryEditor.tsx',
    edits: [["confirmText: '重新生成', cancelText: '取消' })\n    if (!r.confirm) return", "confirmText: '重新生成', cancelText: '取消' })"]],
    pkg: 'miniapp',
    tests: ['test/components/Summary.test.tsx'],
  },
  {
    rule: '(UI) unsaved edits of the 活动总结 are saved before it is published',
    file: 'miniapp/src/features/summaries/SummaryEditor.tsx',
    edits: [['      if (dirty) await store(edit)\n', '']],
    pkg: 'miniapp',
    tests: ['test/components/Summary.test.tsx'],
  },
  {
    rule: '(UI) the 活动总结 form is checked before anything is sent',
    file: 'miniapp/src/features/summaries/SummaryEditor.tsx',
    edits: [['    if (!parsed.success) {', '    if (!parsed.success && false) {']],
    pkg: 'miniapp',
    tests: ['test/components/Summary.test.tsx'],
  },
  {
    rule: '(UI) 公开意见答复 asks for confirmation first',
    file: 'miniapp/src/features/summaries/AnswersDigest.tsx',
    edits: [['    if (!r.confirm) return', '']],
    pkg: 'miniapp',
    tests: ['test/components/Summary.test.tsx'],
  },
  {
    rule: '(UI) 信息公开待办 only for admins and organisers',
    file: 'miniapp/src/features/staff/StaffEventsView.tsx',
    edits: [['{organiser ? <DisclosureTasks', '{true ? <DisclosureTasks']],
    pkg: 'miniapp',
    tests: ['test/components/Summary.test.tsx'],
  },
  {
    rule: '(UI) the 活动总结 page only for admins and organisers',
    file: 'miniapp/src/features/summaries/SummaryView.tsx',
    edits: [
      ['const allowed = ok && organiser', 'const allowed = ok'],
      ['  if (!organiser) {', '  if (false) {'],
    ],
    pkg: 'miniapp',
    tests: ['test/components/Summary.test.tsx'],
  },
  {
    rule: '(UI) 活动总结 on 活动管理 only for events that have ended',
    file: 'miniapp/src/features/staff/StaffEventsView.tsx',
    edits: [["const ended = event.status === 'published' && !live", "const ended = event.status === 'published'"]],
    pkg: 'miniapp',
    tests: ['test/components/Summary.test.tsx'],
  },
  {
    rule: '(UI) the summary deadline is 已超期 only once past',
    file: 'miniapp/src/features/summaries/SummaryView.tsx',
    edits: [['const late = Date.parse(dueAt) < Date.now()', 'const late = true']],
    pkg: 'miniapp',
    tests: ['test/components/Summary.test.tsx'],
  },
  // --- 活动总结 and the disclosure duties (issue 7) ---
  {
    rule: '(summary) the summary is due 5 working days after the event',
    file: 'shared/src/summary.ts',
    edits: [['return answerDueAt(eventEndAt, SUMMARY_DUE_WORKING_DAYS)', 'return answerDueAt(eventEndAt, SUMMARY_DUE_WORKING_DAYS - 1)']],
    pkg: 'shared',
    tests: ['test/summary.test.ts'],
  },
  {
    rule: '(summary) the draft publishes no evaluation below 5 responses',
    file: 'shared/src/summary.ts',
    edits: [['ev.responses >= EVALUATION_MIN_RESPONSES && ev.index !== null', 'ev.index !== null']],
    pkg: 'shared',
    tests: ['test/summary.test.ts'],
  },
  {
    rule: '(summary) 按期答复 in the figures are answers by their deadline',
    file: 'api/src/summaries/queries.ts',
    edits: [['AND ${s.dueAt} IS NOT NULL AND ${s.answeredAt} <= ${s.dueAt}`', 'AND ${s.dueAt} IS NOT NULL`']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) merged suggestions are not counted again in the figures',
    file: 'api/src/summaries/queries.ts',
    edits: [["const counted = sql`${s.status} <> 'merged'`", 'const counted = sql`1 = 1`']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) the evaluation in the figures comes from the published counters only',
    file: 'api/src/summaries/queries.ts',
    edits: [['count: sql<number>`CAST(${tallies.published} AS INTEGER)`', 'count: sql<number>`CAST(${tallies.live} AS INTEGER)`']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) no summary before the event has ended',
    file: 'api/src/summaries/routes.ts',
    edits: [['if (e.endAt > now.toISOString()) throw', 'if (false) throw']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: "(summary) another agency's event is 404 on the summary routes",
    file: 'api/src/summaries/routes.ts',
    edits: [['if (!row || row.agencyId !== staff.agencyId) throw', 'if (!row) throw']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) only admins and organizers read a summary',
    file: 'api/src/summaries/routes.ts',
    edits: [[".get('/staff/events/:id/summary', requireStaff(ORGANISER_ROLES)", ".get('/staff/events/:id/summary', requireStaff()"]],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: "(summary) the 索引号 sequence is the year's (last year's numbers do not count)",
    file: 'api/src/summaries/routes.ts',
    edits: [['WHERE p.index_no > pre.prefix AND p.index_no', 'WHERE p.index_no']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) a summary is published once, also twice at once',
    file: 'api/src/summaries/routes.ts',
    edits: [["AND es.status = 'draft' AND es.updated_at", 'AND es.updated_at']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) 答复公开 lists only the answers since the previous one',
    file: 'api/src/summaries/routes.ts',
    edits: [['sql`${s.answeredAt} > ${previous}`', 'sql`1 = 1`']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) 答复公开 is published once when asked twice at once',
    file: 'api/src/summaries/routes.ts',
    edits: [["status = 'published'), '') = ${previous?.at ?? ''}", "status = 'published'), '') = coalesce(NULL, '')"]],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) 答复公开 masks phone numbers as the public answers do',
    file: 'api/src/summaries/routes.ts',
    edits: [['cut(maskPersonalInfo(a.content), max)', 'cut(a.content, max)']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) the print page escapes every text',
    file: 'api/src/summaries/html.ts',
    edits: [[".replace(/</g, '&lt;')", '']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) only the embed route may be framed',
    file: 'api/src/lib/security-headers.ts',
    edits: [['\\/(print|embed)$/', '\\/(print|embed)/']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) the print and embed pages are purged with the post',
    file: 'api/src/feed/posts.ts',
    edits: [['`/public/posts/${postId}`, `/public/posts/${postId}/print`, `/public/posts/${postId}/embed`', '`/public/posts/${postId}`']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) disclosure tasks are of the last 60 days',
    file: 'api/src/summaries/queries.ts',
    edits: [['export const TASK_WINDOW_DAYS = 60', 'export const TASK_WINDOW_DAYS = 70']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) a cancelled event has no disclosure duties',
    file: 'api/src/summaries/queries.ts',
    edits: [["const publishedEvent = sql`${events.status} = 'published'`", "const publishedEvent = sql`${events.status} <> 'draft'`"]],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) the answers duty exists only with a public answer',
    file: 'shared/src/summary.ts',
    edits: [["if (kind === 'answers' && !r.publicAnswers && !r.digestAt) continue", '']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: '(summary) the public figures count a duty once due or done',
    file: 'shared/src/summary.ts',
    edits: [['if (!t.doneAt && !t.overdue) continue', '']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: 'a published 活动总结 tells the followers',
    file: 'api/src/summaries/routes.ts',
    edits: [['const writes = [insertPost, markPublished, followerNotices(db, { id: postId, agencyId: staff.agencyId, eventId }, at)] as const', 'const writes = [insertPost, markPublished] as const']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  {
    rule: 'a 答复公开 tells the followers',
    file: 'api/src/summaries/routes.ts',
    edits: [['const writes = [insertDigest, followerNotices(db, { id: postId, agencyId: staff.agencyId, eventId }, at)] as const', 'const writes = [insertDigest] as const']],
    pkg: 'api',
    tests: ['test/summaries.test.ts'],
  },
  // --- 动态 in the app (issue 7) ---
  {
    rule: 'an event links only its published 活动总结 (never a withdrawn one)',
    file: 'api/src/events/queries.ts',
    edits: [[" AND ${posts.status} = 'published' ORDER BY ${posts.publishedAt} DESC", ' ORDER BY ${posts.publishedAt} DESC']],
    pkg: 'api',
    tests: ['test/event-summary-link.test.ts'],
  },
  {
    rule: 'an event links only a post of kind 活动总结 as its summary',
    file: 'api/src/events/queries.ts',
    edits: [[" AND ${posts.kind} = 'summary' AND", ' AND']],
    pkg: 'api',
    tests: ['test/event-summary-link.test.ts'],
  },
  {
    rule: '(UI) 加载更多 asks for the page after the cursor',
    file: 'miniapp/src/features/feed/FeedView.tsx',
    edits: [['const page = await getFeed({ agencyId, cursor: next })', 'const page = await getFeed({ agencyId })']],
    pkg: 'miniapp',
    tests: ['test/components/Feed.test.tsx'],
  },
  {
    rule: '(UI) the home page keeps its tab in the address',
    file: 'miniapp/src/features/feed/HomeTabs.tsx',
    edits: [["if (IS_WEAPP || typeof window === 'undefined'", "if (true || typeof window === 'undefined'"]],
    pkg: 'miniapp',
    tests: ['test/components/Feed.test.tsx'],
  },
  {
    rule: '(UI) the feed says when the network is not connected',
    file: 'miniapp/src/features/feed/FeedView.tsx',
    edits: [["export const isOffline = (e: unknown) => e instanceof ApiError && e.code === 'NETWORK'", 'export const isOffline = (e: unknown) => e === ApiError']],
    pkg: 'miniapp',
    tests: ['test/components/Feed.test.tsx'],
  },
  {
    rule: '(UI) a post’s body shows as its paragraphs',
    file: 'miniapp/src/features/feed/PostView.tsx',
    edits: [['{paragraphs(post.body).map((p, i) => (', '{[post.body].map((p, i) => (']],
    pkg: 'miniapp',
    tests: ['test/components/Feed.test.tsx'],
  },
  {
    rule: '(UI) an unknown or withdrawn post says 该动态不存在或已撤回',
    file: 'miniapp/src/features/feed/PostView.tsx',
    edits: [["if (res.error instanceof ApiError && res.error.code === 'NOT_FOUND') {", 'if (false) {']],
    pkg: 'miniapp',
    tests: ['test/components/Feed.test.tsx'],
  },
  {
    rule: '(UI) 打印版 opens the print version in a new tab on H5',
    file: 'miniapp/src/features/feed/PostView.tsx',
    edits: [["    window.open(url, '_blank', 'noopener')\n", '']],
    pkg: 'miniapp',
    tests: ['test/components/Feed.test.tsx'],
  },
  {
    rule: '(UI) the agency page shows its newest 5 posts',
    file: 'miniapp/src/features/feed/AgencyPosts.tsx',
    edits: [['export const AGENCY_POSTS_SHOWN = 5', 'export const AGENCY_POSTS_SHOWN = 20']],
    pkg: 'miniapp',
    tests: ['test/components/Feed.test.tsx'],
  },
  {
    rule: '(UI) an ended event says 活动已结束 and links its 活动总结',
    file: 'miniapp/src/features/events/EventDetail.tsx',
    edits: [["const ended = event.status === 'published' && Date.now() > Date.parse(event.endAt)", 'const ended = false']],
    pkg: 'miniapp',
    tests: ['test/components/Feed.test.tsx'],
  },
  // --- Issue 7, sharing and directions (docs/sharing.md) ---
  {
    rule: 'sharing: the share page escapes every text',
    file: 'api/src/share/pages.ts',
    edits: [[".replace(/</g, '&lt;')", '']],
    pkg: 'api',
    tests: ['test/sharing.test.ts'],
  },
  {
    rule: 'sharing: only published events get a share page',
    file: 'api/src/share/pages.ts',
    edits: [["and(eq(events.id, id), sql`${events.status} = 'published'`)", 'eq(events.id, id)']],
    pkg: 'api',
    tests: ['test/sharing.test.ts'],
  },
  {
    rule: 'sharing: withdrawn posts get no share page',
    file: 'api/src/share/pages.ts',
    edits: [["and(eq(posts.id, id), sql`${posts.status} = 'published'`)", 'eq(posts.id, id)']],
    pkg: 'api',
    tests: ['test/sharing.test.ts'],
  },
  {
    rule: 'sharing: a staff change purges the cached share page',
    file: 'api/src/share/wxacode.ts',
    edits: [['return purgeSitePaths(c, sharePath(kind, id), ', 'return purgeSitePaths(c, ']],
    pkg: 'api',
    tests: ['test/sharing.test.ts'],
  },
  {
    rule: 'sharing: 小程序码 only for published events',
    file: 'api/src/share/wxacode.ts',
    edits: [["and(eq(events.id, id), sql`${events.status} = 'published'`)", 'eq(events.id, id)']],
    pkg: 'api',
    tests: ['test/sharing.test.ts'],
  },
  {
    rule: 'sharing: 小程序码 without WeChat configured is 503 WXACODE_UNAVAILABLE',
    file: 'api/src/share/wxacode.ts',
    edits: [['  if (!appId || !appSecret)\n', '  if (false)\n']],
    pkg: 'api',
    tests: ['test/sharing.test.ts'],
  },
  {
    rule: "sharing: WeChat's 45009 quota answers Retry-After",
    file: 'api/src/share/wxacode.ts',
    edits: [["    c.header('Retry-After', String(WXACODE_RETRY_AFTER.quota))\n", '']],
    pkg: 'api',
    tests: ['test/sharing.test.ts'],
  },
  {
    rule: 'sharing: a page WeChat does not know is 502 WXACODE_FAILED, not a retry',
    file: 'api/src/share/wxacode.ts',
    edits: [["  if (r.reason === 'invalid_page') return", "  if (r.reason === 'invalid_page' && false) return"]],
    pkg: 'api',
    tests: ['test/sharing.test.ts'],
  },
  {
    rule: "sharing: the venue's map point is both numbers or neither",
    file: 'shared/src/schemas.ts',
    edits: [['  if ((a === undefined) !== (b === undefined) || (a === null) !== (b === null))', '  if (false)']],
    pkg: 'api',
    tests: ['test/sharing.test.ts'],
  },
  {
    rule: "sharing: the venue's latitude is within mainland China",
    file: 'shared/src/schemas.ts',
    edits: [['export const VENUE_LAT_RANGE = [3, 54] as const', 'export const VENUE_LAT_RANGE = [-90, 90] as const']],
    pkg: 'api',
    tests: ['test/sharing.test.ts'],
  },
  {
    rule: '(UI) sharing: 导航到这里 opens WeChat’s map at the point (latitude, longitude)',
    file: 'miniapp/src/features/events/directions.ts',
    edits: [['latitude: p.lat, longitude: p.lng', 'latitude: p.lng, longitude: p.lat']],
    pkg: 'miniapp',
    tests: ['test/components/Sharing.test.tsx'],
  },
  {
    rule: '(UI) sharing: the AMap marker takes longitude first',
    file: 'miniapp/src/features/events/directions.h5.ts',
    edits: [['`position=${p.lng},${p.lat}`', '`position=${p.lat},${p.lng}`']],
    pkg: 'miniapp',
    tests: ['test/components/Sharing.test.tsx'],
  },
  {
    rule: '(UI) sharing: the 小程序码 scene is read with decodeURIComponent',
    file: 'shared/src/share.ts',
    edits: [['    scene = decodeURIComponent(raw)\n', '']],
    pkg: 'miniapp',
    tests: ['test/components/Sharing.test.tsx'],
  },
  {
    rule: '(UI) sharing: the timeline share gets the query, not the path',
    file: 'miniapp/src/lib/share.ts',
    edits: [["query: sharing.path.split('?')[1] ?? ''", 'query: sharing.path']],
    pkg: 'miniapp',
    tests: ['test/components/Sharing.test.tsx'],
  },
  {
    rule: '(UI) sharing: 分享 in H5 only for a published event',
    file: 'miniapp/src/features/events/EventDetail.tsx',
    edits: [["{IS_H5 && event.status === 'published' ? (", '{IS_H5 ? (']],
    pkg: 'miniapp',
    tests: ['test/components/SharingH5.test.tsx'],
  },
  {
    rule: '(UI) sharing: the form sends the map point as a whole',
    file: 'miniapp/src/features/staff/EventEditForm.tsx',
    edits: [["  if ('venueLat' in out || 'venueLng' in out) Object.assign", "  if (false) Object.assign"]],
    pkg: 'miniapp',
    tests: ['test/components/Sharing.test.tsx'],
  },
  {
    rule: '(UI) the post page is shared with its title and page',
    file: 'miniapp/src/features/feed/PostView.tsx',
    edits: [["  useSharing(res.data ? { title: res.data.title, path: pageUrl('post', { id: res.data.id }), imageUrl: SHARE_IMAGE } : undefined)\n", '  useSharing(undefined)\n']],
    pkg: 'miniapp',
    tests: ['test/components/Sharing.test.tsx'],
  },
  {
    rule: '(UI) 关注活动 only on a published event',
    file: 'miniapp/src/features/events/EventDetail.tsx',
    edits: [["      {event.status === 'published' ? (\n        <View className=\"follow-row\" id=\"event-follow-row\">", "      {true ? (\n        <View className=\"follow-row\" id=\"event-follow-row\">"]],
    pkg: 'miniapp',
    tests: ['test/components/Sharing.test.tsx'],
  },
  {
    rule: '(UI) the 关注 button asks for a login first',
    file: 'miniapp/src/features/follows/FollowButton.tsx',
    edits: [['    if (!loggedIn) {\n      goLogin(returnTo)\n      return\n    }\n', '']],
    pkg: 'miniapp',
    tests: ['test/components/Follows.test.tsx'],
  },
  {
    rule: '(UI) 单位公开 shows the disclosures made on time of those due',
    file: 'miniapp/src/features/public/AgencyView.tsx',
    edits: [["(due === 0 ? '暂无' : `${onTime}/${due}项`)", "(due === 0 ? '暂无' : `${due}/${due}项`)"]],
    pkg: 'miniapp',
    tests: ['test/components/Public.test.tsx'],
  },
  {
    rule: '(UI) 动态管理: 发布 asks for confirmation first',
    file: 'miniapp/src/features/posts/PostForm.tsx',
    edits: [['    if (!r.confirm) return\n    setBusy(true)', '    setBusy(true)']],
    pkg: 'miniapp',
    tests: ['test/components/StaffPosts.test.tsx'],
  },
  {
    rule: '(UI) 动态管理: 撤回 asks for confirmation first',
    file: 'miniapp/src/features/posts/StaffPostsView.tsx',
    edits: [['    if (!r.confirm) return\n    setWithdrawing(post.id)', '    setWithdrawing(post.id)']],
    pkg: 'miniapp',
    tests: ['test/components/StaffPosts.test.tsx'],
  },
  {
    rule: '(UI) 动态管理: the form is checked before anything is sent',
    file: 'miniapp/src/features/posts/PostForm.tsx',
    edits: [['    if (!parsed.success) {\n      const errs', '    if (false as boolean) {\n      const errs']],
    pkg: 'miniapp',
    tests: ['test/components/StaffPosts.test.tsx'],
  },
  {
    rule: '(UI) 动态管理: 修改 sends only the changed fields',
    file: 'miniapp/src/features/posts/PostForm.tsx',
    edits: [['  if (after.summary !== before.summary) patch.summary = after.summary', '  patch.summary = after.summary']],
    pkg: 'miniapp',
    tests: ['test/components/StaffPosts.test.tsx'],
  },
  {
    rule: 'a patch of the times keeps the agenda and the target groups',
    file: 'shared/src/schemas.ts',
    edits: [['.extend(z.partial(z.object(eventPatchFields)), { overrideReason })', '.extend(z.partial(z.object(eventFields)), { overrideReason })']],
    pkg: 'api',
    tests: ['test/event-lifecycle.test.ts'],
  },
]

// Each domain may keep its breaks in scripts/breaks/<domain>.mjs (a default-exported array of
// the same shape), so work on different domains does not edit one long list.
const BREAKS_DIR = path.join(ROOT, 'scripts', 'breaks')
const DOMAIN_BREAKS = []
for (const name of readdirSync(BREAKS_DIR).filter((n) => n.endsWith('.mjs')).sort()) {
  DOMAIN_BREAKS.push(...(await import(pathToFileURL(path.join(BREAKS_DIR, name)).href)).default)
}
const BREAKS = [...CORE_BREAKS, ...DOMAIN_BREAKS]

function git(args) {
  return spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim()
}

function apply(brk) {
  const file = path.join(ROOT, brk.file)
  const original = readFileSync(file, 'utf8')
  let text = original
  for (const [from, to] of brk.edits) {
    const n = text.split(from).length - 1
    if (n !== 1) throw new Error(`${brk.file}: expected the text to break exactly once, found it ${n} times:\n${from}`)
    text = text.replace(from, () => to)
  }
  writeFileSync(file, text)
  return () => writeFileSync(file, original)
}

const only = process.argv.slice(2)
const chosen = only.length ? BREAKS.filter((b) => only.some((o) => b.rule.includes(o))) : BREAKS
const touched = [...new Set(chosen.map((b) => b.file))]
if (git(['status', '--porcelain', '--', ...touched])) {
  console.error(`[mutations] commit or stash your changes to ${touched.join(', ')} first: this script edits them.`)
  process.exit(2)
}

let restore = null
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    restore?.()
    process.exit(130)
  })
}

const results = []
for (const brk of chosen) {
  restore = apply(brk)
  const started = Date.now()
  let r
  try {
    r = spawnSync('npx', ['vitest', 'run', ...brk.tests], {
      cwd: path.join(ROOT, brk.pkg),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    })
  } finally {
    restore()
    restore = null
  }
  // Caught means a test's assertion failed, not that the suite could not load.
  const out = r.stdout.replace(/\x1b\[[0-9;]*m/g, '')
  const failed = Number(/Tests\s+(\d+) failed/.exec(out)?.[1] ?? 0)
  const caught = r.status !== 0 && failed > 0
  results.push({ rule: brk.rule, caught, failed, seconds: Math.round((Date.now() - started) / 1000) })
  if (r.status !== 0 && !failed) console.error(out.slice(-3000), r.stderr.slice(-2000))
  log(`${caught ? 'caught' : 'MISSED'}  ${brk.rule}${caught ? ` (${failed} failing test${failed === 1 ? '' : 's'})` : ''}`)
}

const missed = results.filter((r) => !r.caught)
console.log(`\n${results.length - missed.length} of ${results.length} deliberate breaks were caught by a failing test.`)
if (missed.length) {
  console.error(`Not caught:\n${missed.map((m) => `  - ${m.rule}`).join('\n')}`)
  process.exit(1)
}
