// Deliberate breaks of issue 8 §3: invited seats per category, invitations, approval (审核).
// docs/seats.md describes the rules; each break must make a test fail.
const REG = 'api/src/registrations.ts'
const POOLS = 'api/src/seats/pools.ts'
const ROUTES = 'api/src/seats/routes.ts'
const MIGRATION = 'api/migrations/0014_seats.sql'
const api = (rule, file, edits, tests) => ({ rule: `seats: ${rule}`, file, edits, pkg: 'api', tests })
const app = (rule, file, edits) => ({ rule: `seats: ${rule}`, file, edits, pkg: 'miniapp', tests: ['test/components/Seats.test.tsx'] })

export default [
  // --- Seat pools
  api('a sign-up competes only for its own pool', REG, [[`             AND \${poolHasSeatSql('e', "coalesce(i.category, 'general')")}\n`, '']], ['test/seats.test.ts']),
  api('an invited sign-up holds a seat of the invitation category', REG, [["coalesce(i.category, 'general'), i.id, CASE", "'general', i.id, CASE"]], ['test/seats.test.ts']),
  api('a category pool is its quota', POOLS, [["ELSE coalesce(json_extract(${e}.quotas, '$.' || ${pool}), 0) END", 'ELSE ${e}.capacity END']], ['test/seats.test.ts']),
  api('the general pool is the capacity less the quotas', POOLS, [['THEN ${e}.capacity - ${quotaSumSql(`${e}.quotas`)}', 'THEN ${e}.capacity']], ['test/seats.test.ts']),
  api('a cancelled or declined sign-up frees its seat in its pool', MIGRATION, [
    ["BEGIN\n  UPDATE `event_seats` SET `taken` = `taken` - 1 WHERE `event_id` = OLD.`event_id` AND `pool` = OLD.`seat_pool`;\nEND;--> statement-breakpoint\nCREATE TRIGGER `registrations_seat_return`", "BEGIN\n  SELECT 1;\nEND;--> statement-breakpoint\nCREATE TRIGGER `registrations_seat_return`"],
  ], ['test/seats.test.ts', 'test/approval.test.ts']),
  api('the public seats left are those of the general pool', 'api/src/events/queries.ts', [['row.capacity - sumQuotas(row.quotas as Quotas) - Number(row.generalTaken)', 'row.capacity - Number(row.registered)']], ['test/seats.test.ts']),
  api('Σ quotas cannot exceed the capacity', 'shared/src/quotas.ts', [['if (v.capacity !== undefined && v.quotas !== undefined && sumQuotas(v.quotas) > v.capacity)', 'if (false)']], ['test/seats.test.ts']),
  api('a quota cannot go below the seats taken in it', 'api/src/seats/quotas.ts', [[`AND s."taken" > coalesce(json_extract(\${quotas}, '$.' || s."pool"), 0))`, 'AND 0)']], ['test/seats.test.ts']),
  api('the general pool cannot shrink below its sign-ups', 'api/src/seats/quotas.ts', [['<= ${capacity} - (SELECT coalesce(sum(q.value), 0) FROM json_each(${quotas}) q)`', '<= ${capacity}`']], ['test/seats.test.ts']),
  api('seats per pool only for organisers', ROUTES, [[".get('/events/:id/seats', requireStaff(ORGANISER_ROLES)", ".get('/events/:id/seats', requireStaff()"]], ['test/seats.test.ts']),

  // --- Invitations
  api('a code is used at most max_uses times', REG, [[' AND i.used_count < i.max_uses))', '))']], ['test/invitations.test.ts']),
  api('an expired code is refused', REG, [[' AND i.expires_at > ?8', '']], ['test/invitations.test.ts']),
  api('a revoked code is refused', REG, [['i.revoked_at IS NULL AND ', '']], ['test/invitations.test.ts']),
  api('another event’s code is refused', REG, [['           LEFT JOIN invitations i ON i.code = ?14 AND i.event_id = e.id\n', '           LEFT JOIN invitations i ON i.code = ?14\n']], ['test/invitations.test.ts']),
  api('a code that matches nothing refuses the sign-up', REG, [['(?14 IS NULL OR (i.id IS NOT NULL AND', '(?14 IS NULL OR i.id IS NULL OR (i.id IS NOT NULL AND']], ['test/invitations.test.ts']),
  api('a use is counted in the sign-up statement', MIGRATION, [['SET `used_count` = `used_count` + 1', 'SET `used_count` = `used_count`']], ['test/invitations.test.ts']),
  api('invitations only for a category with reserved seats', ROUTES, [['              AND coalesce(json_extract(${events.quotas}, ${`$.${input.category}`}), 0) > 0`', '`']], ['test/invitations.test.ts']),
  api('invitations only by organisers of the agency', ROUTES, [[".post('/events/:id/invitations', requireStaff(ORGANISER_ROLES)", ".post('/events/:id/invitations', requireStaff()"]], ['test/invitations.test.ts']),
  api('invitation codes are long and random', 'api/src/lib/ids.ts', [['export const newInvitationCode = () => randomString(READABLE, 17)', "export const newInvitationCode = () => 'RDDB26KFR7' + randomString(READABLE, 7)"]], ['test/invitations.test.ts']),
  api('the public invitation check is throttled', ROUTES, [["    await limitClient(c, 'invite', INVITATION_LOOKUP_LIMIT)\n", '']], ['test/invitations.test.ts']),

  api('a cancelled sign-up gives its invitation use back', 'api/migrations/0017_invitation_release.sql', [['SET `used_count` = `used_count` - 1', 'SET `used_count` = `used_count`']], ['test/invitations.test.ts']),
  api('a declined sign-up keeps its invitation use', 'api/migrations/0017_invitation_release.sql', [["    AND NEW.`approval` IS NOT 'declined'\n", '']], ['test/invitations.test.ts']),

  // --- Approval (审核)
  api('a sign-up of an event needing approval waits as pending', REG, [["CASE WHEN e.requires_approval THEN 'pending' END", 'NULL']], ['test/approval.test.ts']),
  api('no ticket while pending', REG, [["r.status === 'active' && r.event_status !== 'cancelled' && (r.approval === null || r.approval === 'approved')", "r.status === 'active' && r.event_status !== 'cancelled'"]], ['test/approval.test.ts']),
  api('the door refuses a pending sign-up', 'api/src/checkins/scan.ts', [["    AND (r.approval IS NULL OR r.approval = 'approved')\n", '']], ['test/approval.test.ts']),
  api('approve and decline only from pending', ROUTES, [["          eq(registrations.approval, 'pending'),\n", '']], ['test/approval.test.ts']),
  api('declining cancels the sign-up', ROUTES, [["{ status: 'cancelled' as const, cancelledAt: now, declineReason: reason }", '{ declineReason: reason }']], ['test/approval.test.ts']),
  api('a refused decision writes no message', ROUTES, [['WHERE ${registrations.id} = ${regId} AND ${registrations.approval} = ${to}\n            AND ${registrations.approvalDecidedAt} = ${now} AND ${registrations.approvalDecidedBy} = ${staff.id}', 'WHERE ${registrations.id} = ${regId}']], ['test/approval.test.ts']),
  api('decisions only by organisers of the agency', ROUTES, [[".post('/events/:id/registrations/:regId/approve', requireStaff(ORGANISER_ROLES)", ".post('/events/:id/registrations/:regId/approve', requireStaff()"]], ['test/approval.test.ts']),
  api('the 审核 list masks names', ROUTES, [['nameMasked: maskName(r.name)', 'nameMasked: r.name']], ['test/approval.test.ts']),

  // --- The app
  app('the sign-up page sends the invitation code', 'miniapp/src/features/registration/RegisterForm.tsx', [['      ...(invited && invite ? { invitationCode: invite } : {}),\n', '']]),
  app('the sign-up page fixes the invited category', 'miniapp/src/features/registration/RegisterForm.tsx', [['category: invited ? invited.category : draft.category,', 'category: draft.category,']]),
  app('我的报名 shows 待审核', 'miniapp/src/features/registration/status.ts', [["  if (r.approval === 'pending') return 'pending'\n", '']]),
  app('revoking an invitation asks first', 'miniapp/src/features/seats/InvitationsPanel.tsx', [['    if (!r.confirm) return\n    try {\n      await revokeInvitation', '    try {\n      await revokeInvitation']]),
  app('declining asks for a reason', 'miniapp/src/features/seats/ApprovalPanel.tsx', [['    if (!parsed.success) return setReasonError(parsed.error.issues[0]?.message)\n', '']]),
  app('the quotas are checked against the capacity before saving', 'miniapp/src/features/seats/SeatsView.tsx', [['    if (reserved > s.capacity) return setError(', '    if (false) return setError(']]),
]
