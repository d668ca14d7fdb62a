import { sql } from 'drizzle-orm'
import { blob, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

// Ids are random (see ids.ts): nothing in a URL or ticket can be guessed or enumerated.
// Times are ISO 8601 UTC strings, which sort and compare correctly as text.

export const agencies = sqliteTable('agencies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Working days a department has to answer a suggestion, unless the assignment says otherwise (1–15). */
  answerWorkingDays: integer('answer_working_days').notNull().default(5),
  /** 机构代码 that starts the 索引号 of its 政府信息公开 documents (e.g. 640400017); null: the id's start. */
  disclosureCode: text('disclosure_code'),
})

/** 承办部门: the units of an agency that suggestions are assigned to. */
export const departments = sqliteTable(
  'departments',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull().references(() => agencies.id),
    name: text('name').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('departments_agency_name').on(t.agencyId, t.name)],
)

export const staffUsers = sqliteTable('staff_users', {
  id: text('id').primaryKey(),
  agencyId: text('agency_id').notNull().references(() => agencies.id),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['admin', 'organizer', 'handler', 'checker'] }).notNull(),
  /** A handler (承办人) belongs to one department; other roles may name one too. */
  departmentId: text('department_id').references(() => departments.id),
  passwordHash: text('password_hash').notNull(),
  /** Set by an admin's create or reset (a one-time password): only the password change is allowed. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  /** A disabled account's tokens stop working at once. */
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Tokens carry the version they were issued at; raising it (logout, password change) revokes them. */
  tokenVersion: integer('token_version').notNull().default(0),
},
// The daily deadline job finds an agency's admins and a department's handlers.
(t) => [index('staff_users_agency_role').on(t.agencyId, t.role)])

export const participants = sqliteTable('participants', {
  id: text('id').primaryKey(),
  phone: text('phone').unique(),
  wechatOpenid: text('wechat_openid').unique(),
  createdAt: text('created_at').notNull(),
  tokenVersion: integer('token_version').notNull().default(0),
})

/** Phones a participant has proved by SMS code; a sign-up may only use one of these. */
export const verifiedPhones = sqliteTable(
  'verified_phones',
  {
    participantId: text('participant_id').notNull().references(() => participants.id),
    phone: text('phone').notNull(),
    verifiedAt: text('verified_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantId, t.phone] })],
)

export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull().references(() => agencies.id),
    title: text('title').notNull(),
    hostUnit: text('host_unit').notNull(),
    venue: text('venue').notNull(),
    /** The venue's map point (GCJ-02, what Taro.openLocation and Chinese map apps take); null: no map. */
    venueLat: real('venue_lat'),
    venueLng: real('venue_lng'),
    description: text('description'),
    startAt: text('start_at').notNull(),
    endAt: text('end_at').notNull(),
    registrationOpensAt: text('registration_opens_at').notNull(),
    registrationClosesAt: text('registration_closes_at').notNull(),
    capacity: integer('capacity').notNull(),
    agenda: text('agenda', { mode: 'json' }).notNull().default(sql`'[]'`),
    targetGroups: text('target_groups', { mode: 'json' }).notNull().default(sql`'[]'`),
    contactPhone: text('contact_phone'),
    status: text('status', { enum: ['draft', 'published', 'cancelled'] }).notNull().default('draft'),
    publishedAt: text('published_at'),
    noticeOverrideReason: text('notice_override_reason'),
    /** 取消活动: why, and when (status 'cancelled'); told to registrants through the outbox. */
    cancelReason: text('cancel_reason'),
    cancelledAt: text('cancelled_at'),
    /** The last change of a published event's time or venue, and the start before it. */
    changedAt: text('changed_at'),
    previousStartAt: text('previous_start_at'),
    createdAt: text('created_at').notNull(),
    // Kept by triggers (migrations/0001) in the same statement as every sign-up, cancellation
    // and check-in, so reading them costs nothing and capacity is decided on them atomically.
    registeredCount: integer('registered_count').notNull().default(0),
    checkedInCount: integer('checked_in_count').notNull().default(0),
    /** Exit scans at the entrance (migrations/0013): inside now = checked_in_count − exited_count. */
    exitedCount: integer('exited_count').notNull().default(0),
    /** Suggestions on the event, kept by triggers (migrations/0002) like the counts above. */
    suggestionCount: integer('suggestion_count').notNull().default(0),
    /** Reserved seats per category ({"npc_deputy": 5}); the rest of capacity is the general pool (migrations/0014). */
    quotas: text('quotas', { mode: 'json' }).notNull().default(sql`'{}'`).$type<Record<string, number>>(),
    /** 审核: sign-ups wait as pending (holding their seat) until staff approve or decline. */
    requiresApproval: integer('requires_approval', { mode: 'boolean' }).notNull().default(false),
    /** Active walk-ins (现场登记, registrations.source 'walk_in'), kept by triggers (migrations/0015). */
    walkInCount: integer('walk_in_count').notNull().default(0),
    /** Outstanding waiting-list offers, each holding a general seat; kept by triggers (migrations/0016). */
    offeredCount: integer('offered_count').notNull().default(0),
  },
  (t) => [
    index('events_status_start').on(t.status, t.startAt),
    index('events_status_end').on(t.status, t.endAt),
    index('events_agency').on(t.agencyId),
  ],
)

/** Registered and checked-in counts per category of an event, kept by the same triggers. */
export const eventCounts = sqliteTable(
  'event_counts',
  {
    eventId: text('event_id').notNull().references(() => events.id),
    category: text('category').notNull(),
    registered: integer('registered').notNull().default(0),
    checkedIn: integer('checked_in').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.category] })],
)

export const registrations = sqliteTable(
  'registrations',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id').notNull().references(() => events.id),
    participantId: text('participant_id').notNull().references(() => participants.id),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    category: text('category').notNull(),
    organization: text('organization'),
    status: text('status', { enum: ['active', 'cancelled'] }).notNull().default('active'),
    shortCode: text('short_code').notNull(),
    createdAt: text('created_at').notNull(),
    cancelledAt: text('cancelled_at'),
    /**
     * The participant's blinded evaluation token (RSA blind signature request, RFC 9474), sent at
     * sign-up. Once checked in, the server signs it on request without writing anything, so no
     * row ever records when, or whether, a token was handed out (docs/privacy.md).
     */
    evaluationRequest: text('evaluation_request'),
    /** The seat pool this sign-up holds a seat in: 'general' or a category code (migrations/0014). */
    seatPool: text('seat_pool').notNull().default('general'),
    /** The invitation it was made with (its use counted by a trigger in the same statement). */
    invitationId: text('invitation_id'),
    /** 审核: 'pending' | 'approved' | 'declined'; null when the event needs no approval. */
    approval: text('approval', { enum: ['pending', 'approved', 'declined'] }),
    approvalDecidedAt: text('approval_decided_at'),
    approvalDecidedBy: text('approval_decided_by'),
    declineReason: text('decline_reason'),
    /** 'signup': the public form; 'walk_in': 现场登记 by staff at the door (migrations/0015, docs/door.md). */
    source: text('source', { enum: ['signup', 'walk_in'] }).notNull().default('signup'),
  },
  (t) => [
    index('registrations_event_approval').on(t.eventId, t.approval).where(sql`approval = 'pending'`),
    // One active registration per phone per event, enforced by the database itself.
    uniqueIndex('registrations_event_phone_active').on(t.eventId, t.phone).where(sql`status = 'active'`),
    uniqueIndex('registrations_short_code').on(t.eventId, t.shortCode),
    index('registrations_event_status').on(t.eventId, t.status),
    index('registrations_participant').on(t.participantId),
    // Door search by the last four digits of the phone (migrations/0015).
    index('registrations_event_phone4').on(t.eventId, sql`substr(${t.phone}, -4)`),
    check('registrations_source', sql`${t.source} IN ('signup', 'walk_in')`),
  ],
)

/** 邀请码: a code for invited seats of one category of one event (migrations/0014). */
export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id').notNull().references(() => events.id),
    code: text('code').notNull(),
    category: text('category').notNull(),
    maxUses: integer('max_uses').notNull(),
    /** Raised by a trigger in the statement that signs up with the code (never above max_uses). */
    usedCount: integer('used_count').notNull().default(0),
    expiresAt: text('expires_at').notNull(),
    label: text('label'),
    revokedAt: text('revoked_at'),
    createdBy: text('created_by').notNull().references(() => staffUsers.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('invitations_code').on(t.code), index('invitations_event').on(t.eventId, t.createdAt)],
)

/** Seats taken per pool of an event ('general' or a category code), kept by triggers (0014). */
export const eventSeats = sqliteTable(
  'event_seats',
  {
    eventId: text('event_id').notNull().references(() => events.id),
    pool: text('pool').notNull(),
    taken: integer('taken').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.pool] })],
)

export const checkins = sqliteTable(
  'checkins',
  {
    registrationId: text('registration_id').primaryKey().references(() => registrations.id),
    eventId: text('event_id').notNull().references(() => events.id),
    staffId: text('staff_id').notNull().references(() => staffUsers.id),
    nonce: text('nonce').notNull(),
    /** When the ticket was scanned (on the device, for scans uploaded after an outage). */
    checkedInAt: text('checked_in_at').notNull(),
    /** When the scan reached the server. */
    recordedAt: text('recorded_at'),
    /** The optional exit scan at the entrance (inside now = checked in − exited). */
    exitedAt: text('exited_at'),
    /** 手动签到 (no ticket scanned): why, e.g. 忘带手机 (migrations/0015); null for a scan. */
    manualReason: text('manual_reason'),
  },
  (t) => [index('checkins_event').on(t.eventId)],
)

/** One row per full (unmasked) export, written in the batch that reads the data (migrations/0015). */
export const exportAudit = sqliteTable(
  'export_audit',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull().references(() => agencies.id),
    eventId: text('event_id').notNull().references(() => events.id),
    staffId: text('staff_id').notNull().references(() => staffUsers.id),
    what: text('what', { enum: ['registrations', 'checkins'] }).notNull(),
    reason: text('reason').notNull(),
    rowCount: integer('row_count').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('export_audit_agency').on(t.agencyId, t.createdAt), check('export_audit_what', sql`${t.what} IN ('registrations', 'checkins')`)],
)

/** 签到点: the tour's stops and the talk (the entrance is `checkins`). Migration 0013. */
export const checkpoints = sqliteTable(
  'checkpoints',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id').notNull().references(() => events.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['stop', 'talk'] }).notNull().default('stop'),
    /** What is shown at this stop, for the participant's stop page. */
    description: text('description').notNull().default(''),
    /** Picture URLs (https or /assets/…), in order. */
    images: text('images', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    position: integer('position').notNull().default(0),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    // Kept by triggers (migrations/0013) in the same statement as each scan.
    checkedInCount: integer('checked_in_count').notNull().default(0),
    exitedCount: integer('exited_count').notNull().default(0),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('checkpoints_event').on(t.eventId, t.position), check('checkpoints_kind', sql`${t.kind} IN ('stop', 'talk')`)],
)

/** One person's scan at one checkpoint; the primary key makes several devices count it once. */
export const checkpointScans = sqliteTable(
  'checkpoint_scans',
  {
    checkpointId: text('checkpoint_id').notNull().references(() => checkpoints.id),
    registrationId: text('registration_id').notNull().references(() => registrations.id),
    eventId: text('event_id').notNull().references(() => events.id),
    /** 'staff' scanned the ticket; 'self': the participant scanned the point's rotating code. */
    source: text('source', { enum: ['staff', 'self'] }).notNull(),
    staffId: text('staff_id').references(() => staffUsers.id),
    nonce: text('nonce').notNull(),
    checkedInAt: text('checked_in_at').notNull(),
    recordedAt: text('recorded_at').notNull(),
    exitedAt: text('exited_at'),
  },
  (t) => [
    primaryKey({ columns: [t.checkpointId, t.registrationId] }),
    index('checkpoint_scans_event').on(t.eventId),
    index('checkpoint_scans_registration').on(t.registrationId),
    check('checkpoint_scans_source', sql`${t.source} IN ('staff', 'self')`),
  ],
)

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    key: text('key').primaryKey(),
    registrationId: text('registration_id').notNull().references(() => registrations.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('idempotency_keys_created').on(t.createdAt)],
)

/**
 * A suggestion and where it stands. `status` only changes together with `trail_seq` (+1) and the
 * `last_*` columns: a trigger then appends that step to `suggestion_trail` in the same statement
 * (migration 0004), so no transition can skip the audit trail. The states and the allowed
 * transitions are `shared/src/suggestions.ts`.
 */
export const suggestions = sqliteTable(
  'suggestions',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id').notNull().references(() => events.id),
    /**
     * The event's agency, copied by the trigger suggestions_agency (migration 0008) on insert:
     * lets 公开答复 read one agency's answers newest first off one index.
     */
    agencyId: text('agency_id'),
    trackingCode: text('tracking_code').notNull().unique(),
    topic: text('topic'),
    content: text('content').notNull(),
    /** A mainland mobile to be told of the answer (never published, masked for staff lists). */
    contact: text('contact'),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull().default(false),
    /** 同意在隐去个人信息后公开: only then may the answer be published. */
    publicConsent: integer('public_consent', { mode: 'boolean' }).notNull().default(false),
    /** The logged-in submitter, if any (我的意见). */
    participantId: text('participant_id').references(() => participants.id),
    status: text('status', { enum: ['received', 'assigned', 'answered', 'closed', 'returned', 'reopened', 'merged'] })
      .notNull()
      .default('received'),
    departmentId: text('department_id').references(() => departments.id),
    assigneeId: text('assignee_id').references(() => staffUsers.id),
    assignedAt: text('assigned_at'),
    /** End (23:59:59 Asia/Shanghai) of the last working day to answer. */
    dueAt: text('due_at'),
    answer: text('answer'),
    answeredAt: text('answered_at'),
    /**
     * Working days from submission to this answer (shared calendar), set by the answer step: the
     * public 平均答复用时 adds these up in the counters instead of running the calendar per item.
     */
    answerWorkingDays: integer('answer_working_days'),
    answeredBy: text('answered_by').references(() => staffUsers.id),
    resultClass: text('result_class', { enum: ['A', 'B', 'C', 'D'] }),
    /** Class B: the date (YYYY-MM-DD) by which it is planned to be solved. */
    plannedBy: text('planned_by'),
    /** The answer is shown in public (only with the submitter's consent; personal data masked). */
    published: integer('published', { mode: 'boolean' }).notNull().default(false),
    /** The latest 好差评 rating, 1–5. */
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: text('rated_at'),
    /** How many times it was reopened after a dissatisfied rating. */
    reopenCount: integer('reopen_count').notNull().default(0),
    closeReason: text('close_reason', { enum: ['satisfied', 'dissatisfied', 'unrated'] }),
    closedAt: text('closed_at'),
    mergedIntoId: text('merged_into_id'),
    urgeCount: integer('urge_count').notNull().default(0),
    /** Set by the daily job: reminded the day before the deadline, marked overdue and escalated. */
    remindedAt: text('reminded_at'),
    overdueAt: text('overdue_at'),
    /** The step the trigger copies into the trail (see above). */
    trailSeq: integer('trail_seq').notNull().default(0),
    lastAction: text('last_action').notNull().default('submit'),
    lastActorKind: text('last_actor_kind', { enum: ['citizen', 'staff', 'system'] }).notNull().default('citizen'),
    lastActorId: text('last_actor_id'),
    lastActorRole: text('last_actor_role'),
    lastNote: text('last_note'),
    updatedAt: text('updated_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('suggestions_event').on(t.eventId),
    index('suggestions_department_due').on(t.departmentId, t.status, t.dueAt),
    index('suggestions_status_due').on(t.status, t.dueAt),
    index('suggestions_participant').on(t.participantId),
    index('suggestions_contact').on(t.contact),
    // 不满意办结 of the last 30 days (deadline job, admins' inbox) without reading every closed item.
    index('suggestions_close_reason').on(t.closeReason, t.closedAt),
    // 公开答复, newest first (read backwards): a page reads its 21 rows off these, however many answers there are.
    index('suggestions_published_answers')
      .on(t.agencyId, t.answeredAt, t.id)
      .where(sql`${t.published} = 1 AND ${t.publicConsent} = 1`),
    index('suggestions_event_published_answers')
      .on(t.eventId, t.answeredAt, t.id)
      .where(sql`${t.published} = 1 AND ${t.publicConsent} = 1`),
    // Open items past their deadline that the daily job has not marked yet: few at any time.
    index('suggestions_overdue_unmarked')
      .on(t.dueAt, t.agencyId, t.departmentId, t.createdAt)
      .where(sql`${t.status} NOT IN ('answered', 'closed', 'merged') AND (${t.overdueAt} IS NULL OR ${t.overdueAt} <= ${t.dueAt})`),
  ],
)

/** Every step of every suggestion, appended by trigger and never changed (triggers refuse it). */
export const suggestionTrail = sqliteTable(
  'suggestion_trail',
  {
    suggestionId: text('suggestion_id').notNull().references(() => suggestions.id),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    actorRole: text('actor_role'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.suggestionId, t.seq] })],
)

/**
 * 提醒 outbox, written by the daily deadline job (api/src/suggestions/deadlines.ts): one row per
 * staff member, suggestion, kind and occasion, so running the job again adds nothing. The inbox
 * shows them and marks them read; a sender (Queues, next issue) will set `sent_at`.
 */
export const staffReminders = sqliteTable(
  'staff_reminders',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull().references(() => agencies.id),
    staffId: text('staff_id').notNull().references(() => staffUsers.id),
    suggestionId: text('suggestion_id').notNull().references(() => suggestions.id),
    kind: text('kind', { enum: ['due_soon', 'overdue', 'dissatisfied'] }).notNull(),
    /** What it is about: the deadline (due_soon, overdue) or the close (dissatisfied); a reopened item's new deadline is a new occasion. */
    occasionAt: text('occasion_at').notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
    sentAt: text('sent_at'),
  },
  (t) => [
    uniqueIndex('staff_reminders_once').on(t.suggestionId, t.staffId, t.kind, t.occasionAt),
    index('staff_reminders_staff').on(t.staffId, t.readAt),
  ],
)

// Anonymous evaluation (docs/privacy.md). There is no row per answer: answers are added to
// per-event counters that exist before the first answer and are overwritten in place with values
// of fixed width, and comments go to pre-made slots of fixed size filled in random order. Who may
// answer is proved by an RSA blind signature that the server cannot link to the sign-up.

/** Per-event RSA key pair for evaluation tokens; the private key is encrypted with an env secret. */
export const evaluationKeys = sqliteTable('evaluation_keys', {
  eventId: text('event_id').primaryKey().references(() => events.id),
  publicKey: text('public_key').notNull(),
  privateKey: text('private_key').notNull(),
  createdAt: text('created_at').notNull(),
})

/** dimension x level counters, created up front; `live` and `published` are fixed-width text. */
export const evaluationTallies = sqliteTable(
  'evaluation_tallies',
  {
    id: integer('id').primaryKey(),
    eventId: text('event_id').notNull().references(() => events.id),
    dimension: text('dimension').notNull(),
    level: integer('level').notNull(),
    live: text('live').notNull(),
    published: text('published').notNull(),
  },
  (t) => [uniqueIndex('evaluation_tallies_cell').on(t.eventId, t.dimension, t.level)],
)

/** Hashes of spent tokens, so each token answers once. Nothing in them points to a person. */
export const evaluationSpentTokens = sqliteTable('evaluation_spent_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  eventId: text('event_id').notNull().references(() => events.id),
})

/** Fixed-size comment slots, made empty in batches and filled in random order. */
export const evaluationCommentSlots = sqliteTable(
  'evaluation_comment_slots',
  {
    id: integer('id').primaryKey(),
    eventId: text('event_id').notNull().references(() => events.id),
    batch: integer('batch').notNull(),
    filled: integer('filled').notNull().default(0),
    body: blob('body', { mode: 'buffer' }).notNull(),
  },
  (t) => [index('evaluation_comment_slots_event').on(t.eventId, t.batch)],
)

export const smsCodes = sqliteTable(
  'sms_codes',
  {
    phone: text('phone').primaryKey(),
    /**
     * A random seed, not the code: the code is HMAC(server secret, phone, seed), so a resend within
     * the code's life sends the same code and the database alone does not reveal it (auth/sms-codes.ts).
     */
    codeHash: text('code_hash').notNull(),
    expiresAt: text('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    sentAt: text('sent_at').notNull(),
  },
  (t) => [index('sms_codes_expires').on(t.expiresAt)],
)

export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: integer('window_start').notNull(),
    count: integer('count').notNull(),
    /** Epoch ms after which the row serves no limit and the cron may delete it. */
    expiresAt: integer('expires_at').notNull().default(0),
  },
  (t) => [index('rate_limits_expires').on(t.expiresAt)],
)

/** Staff login throttle per username+source (and per source): growing delays, never a lock. */
export const loginThrottles = sqliteTable(
  'login_throttles',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull().default(0),
    /** Epoch ms before which the next attempt is refused. */
    nextAllowedAt: integer('next_allowed_at').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('login_throttles_updated').on(t.updatedAt)],
)

/**
 * The public figures' counters (docs/metrics.md, "Counters"): the sums of MetricsRow per agency ×
 * department × node of a Fenwick tree over the Shanghai submission day (`counterUpdatePath` in
 * shared/src/metrics.ts), kept by the triggers of migration 0009 on every insert, relevant update
 * and delete of `suggestions`. A period's sums are those of at most 34 nodes per department,
 * however long the history. '' stands for no department. Merged items add nothing.
 */
export const suggestionCounters = sqliteTable(
  'suggestion_counters',
  {
    agencyId: text('agency_id').notNull(),
    node: integer('node').notNull(),
    departmentId: text('department_id').notNull(),
    received: integer('received').notNull(),
    answered: integer('answered').notNull(),
    /** Of the answered, those with their working days known, and the sum of those days. */
    timedAnswers: integer('timed_answers').notNull(),
    answerWorkingDays: integer('answer_working_days').notNull(),
    answeredOnTime: integer('answered_on_time').notNull(),
    /**
     * Open and marked overdue by the daily job for its current deadline; "overdue now" adds the
     * open items past their deadline that the job has not marked yet (suggestions_overdue_unmarked).
     */
    overdueMarked: integer('overdue_marked').notNull(),
    everAnswered: integer('ever_answered').notNull(),
    rated: integer('rated').notNull(),
    satisfied: integer('satisfied').notNull(),
    reopened: integer('reopened').notNull(),
    classA: integer('class_a').notNull(),
    classB: integer('class_b').notNull(),
    classC: integer('class_c').notNull(),
    classD: integer('class_d').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.node, t.departmentId] }), index('suggestion_counters_node').on(t.node)],
)

/**
 * Messages to the public (docs/notifications.md). A change that should tell someone inserts its
 * rows in the same D1 batch as the change, so there is never one without the other; a forwarder
 * puts pending rows on the NOTIFY queue and the consumer sends them (api/src/notifications/).
 * `dedupe_key` makes writing the same notice twice a no-op; `phone` is erased once sent.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    /** The agency whose admins see the message in 发送失败 (dead letters). */
    agencyId: text('agency_id').notNull(),
    kind: text('kind', {
      enum: [
        'event_changed',
        'event_cancelled',
        'event_reminder',
        'evaluation_invite',
        'answer_published',
        'new_post',
        'registration_approved',
        'registration_declined',
        'waitlist_offer',
      ],
    }).notNull(),
    participantId: text('participant_id'),
    /** Where an SMS goes (the sign-up's or the suggestion's phone); null after sending. */
    phone: text('phone'),
    eventId: text('event_id'),
    suggestionId: text('suggestion_id'),
    postId: text('post_id'),
    /** What the message says (title, time, venue, reason, link), fixed when it is written. */
    payload: text('payload', { mode: 'json' }).notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'dead', 'skipped'] }).notNull().default('pending'),
    channel: text('channel', { enum: ['wechat', 'sms', 'inapp'] }),
    attempts: integer('attempts').notNull().default(0),
    /** Put on the queue at (null: not yet); the cron puts rows back that never arrived. */
    enqueuedAt: text('enqueued_at'),
    /** Claimed by a consumer at: a second delivery of the message waits instead of sending twice. */
    claimedAt: text('claimed_at'),
    /** Not before (SMS quiet hours 21:00–08:00). */
    notBefore: text('not_before'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
    deadAt: text('dead_at'),
  },
  (t) => [
    index('outbox_status').on(t.status, t.enqueuedAt),
    index('outbox_participant').on(t.participantId, t.createdAt),
    index('outbox_dead').on(t.agencyId, t.deadAt).where(sql`${t.status} = 'dead'`),
  ],
)

/** 我的通知设置: one row per participant who changed anything; no row = the defaults. */
export const notificationSettings = sqliteTable('notification_settings', {
  participantId: text('participant_id').primaryKey().references(() => participants.id),
  sms: integer('sms', { mode: 'boolean' }).notNull().default(true),
  wechat: integer('wechat', { mode: 'boolean' }).notNull().default(true),
  mutedKinds: text('muted_kinds', { mode: 'json' }).notNull().default(sql`'[]'`),
  stopped: integer('stopped', { mode: 'boolean' }).notNull().default(false),
  updatedAt: text('updated_at').notNull(),
})

/** One-time accepts of a WeChat subscribe-message template left per person (wx.requestSubscribeMessage). */
export const wechatSubscriptions = sqliteTable(
  'wechat_subscriptions',
  {
    participantId: text('participant_id').notNull().references(() => participants.id),
    templateId: text('template_id').notNull(),
    accepts: integer('accepts').notNull().default(0),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantId, t.templateId] })],
)

/**
 * 动态: the feed's posts (migration 0011). 活动预告 and 变更通知 are written by the event routes
 * in the batch of the change (api/src/feed/posts.ts), articles by staff. A withdrawn post leaves
 * every public read; rows are never deleted. `summary` is what lists and RSS show.
 */
export const posts = sqliteTable(
  'posts',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull().references(() => agencies.id),
    kind: text('kind', { enum: ['preview', 'change', 'summary', 'answers', 'article'] }).notNull(),
    eventId: text('event_id').references(() => events.id),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    /** Plain text, paragraphs split by a blank line. */
    body: text('body').notNull(),
    publishedAt: text('published_at').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    authorStaffId: text('author_staff_id').references(() => staffUsers.id),
    status: text('status', { enum: ['published', 'withdrawn'] }).notNull().default('published'),
    /** 索引号 of a 政府信息公开 document (活动总结): `<机构代码>/<year>-<5-digit sequence>`, unique. */
    indexNo: text('index_no'),
  },
  (t) => [
    // The feeds, newest first (read backwards): a page reads its 21 rows off these.
    index('posts_agency_feed').on(t.agencyId, t.publishedAt, t.id).where(sql`${t.status} = 'published'`),
    index('posts_feed').on(t.publishedAt, t.id).where(sql`${t.status} = 'published'`),
    index('posts_event').on(t.eventId),
    // The staff's own list, withdrawn posts included.
    index('posts_agency').on(t.agencyId, t.publishedAt, t.id),
    check('posts_kind', sql`${t.kind} IN ('preview', 'change', 'summary', 'answers', 'article')`),
    check('posts_status', sql`${t.status} IN ('published', 'withdrawn')`),
    check('posts_summary_length', sql`length(${t.summary}) <= 120`),
    check('posts_body_length', sql`length(${t.body}) <= 20000`),
    uniqueIndex('posts_index_no').on(t.indexNo).where(sql`${t.indexNo} IS NOT NULL`),
  ],
)

/**
 * 关注: a participant follows an agency, an event or a suggestion. Publishing an event or a post
 * writes one new_post outbox row per follower in its batch; an answer tells the item's followers.
 */
export const follows = sqliteTable(
  'follows',
  {
    id: text('id').primaryKey(),
    participantId: text('participant_id').notNull().references(() => participants.id),
    targetKind: text('target_kind', { enum: ['agency', 'event', 'suggestion'] }).notNull(),
    targetId: text('target_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('follows_participant_target').on(t.participantId, t.targetKind, t.targetId),
    // Fan-out on publish reads the followers of one target.
    index('follows_target').on(t.targetKind, t.targetId),
    check('follows_kind', sql`${t.targetKind} IN ('agency', 'event', 'suggestion')`),
  ],
)

/**
 * 活动总结: the staff's draft of an event's summary, built from the data (figures frozen at the
 * last refresh), edited, then published as a 'summary' post with its 索引号. One per event.
 */
export const eventSummaries = sqliteTable('event_summaries', {
  eventId: text('event_id').primaryKey().references(() => events.id),
  agencyId: text('agency_id').notNull().references(() => agencies.id),
  title: text('title').notNull(),
  /** The text staff edit (plain text, paragraphs split by a blank line). */
  body: text('body').notNull(),
  /** 下一步: what the agency will do next, written by staff. */
  nextSteps: text('next_steps').notNull().default(''),
  /** The figures the draft was built from (SummaryFigures in shared/), frozen at the last refresh. */
  figures: text('figures', { mode: 'json' }).notNull(),
  status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
  postId: text('post_id').references(() => posts.id),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  publishedAt: text('published_at'),
  authorStaffId: text('author_staff_id').references(() => staffUsers.id),
})

/**
 * 候补 (docs/waitlist.md, migrations/0016): one row per time a person joined an event's waiting
 * list. Open entries (waiting, offered) keep the sign-up details the registration is made of on
 * accept; they are cleared when the entry closes. Status changes only through `transition`
 * (api/src/waitlist/offers.ts); triggers write the trail and keep events.offered_count.
 */
export const waitlistEntries = sqliteTable(
  'waitlist_entries',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id').notNull().references(() => events.id),
    participantId: text('participant_id').notNull().references(() => participants.id),
    /** Order of joining within the event (1, 2, …). */
    position: integer('position').notNull(),
    name: text('name'),
    phone: text('phone'),
    category: text('category').notNull(),
    organization: text('organization'),
    status: text('status', { enum: ['waiting', 'offered', 'accepted', 'expired', 'declined', 'left'] }).notNull().default('waiting'),
    offeredAt: text('offered_at'),
    offerExpiresAt: text('offer_expires_at'),
    registrationId: text('registration_id').references(() => registrations.id),
    /** Who made the last transition: 'participant', 'system' or a staff id (copied to the trail). */
    changedBy: text('changed_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('waitlist_event_position').on(t.eventId, t.position),
    uniqueIndex('waitlist_open_person').on(t.eventId, t.participantId).where(sql`status IN ('waiting', 'offered')`),
    index('waitlist_event_status').on(t.eventId, t.status, t.position),
    index('waitlist_waiting').on(t.eventId, t.position).where(sql`status = 'waiting'`),
    index('waitlist_offers_due').on(t.offerExpiresAt).where(sql`status = 'offered'`),
    index('waitlist_participant').on(t.participantId, t.createdAt),
    check('waitlist_status', sql`${t.status} IN ('waiting', 'offered', 'accepted', 'expired', 'declined', 'left')`),
    check('waitlist_offer', sql`${t.status} <> 'offered' OR ${t.offerExpiresAt} IS NOT NULL`),
  ],
)

/** The waiting list's trail: every status change of an entry, written by triggers (migrations/0016). */
export const waitlistEvents = sqliteTable(
  'waitlist_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: text('entry_id').notNull().references(() => waitlistEntries.id),
    eventId: text('event_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    by: text('by').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('waitlist_events_entry').on(t.entryId, t.id)],
)
