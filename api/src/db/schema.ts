import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

// Ids are random (see ids.ts): nothing in a URL or ticket can be guessed or enumerated.
// Times are ISO 8601 UTC strings, which sort and compare correctly as text.

export const agencies = sqliteTable('agencies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
})

export const staffUsers = sqliteTable('staff_users', {
  id: text('id').primaryKey(),
  agencyId: text('agency_id').notNull().references(() => agencies.id),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['admin', 'organizer', 'checker'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: text('locked_until'),
})

export const participants = sqliteTable('participants', {
  id: text('id').primaryKey(),
  phone: text('phone').unique(),
  wechatOpenid: text('wechat_openid').unique(),
  createdAt: text('created_at').notNull(),
})

export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull().references(() => agencies.id),
    title: text('title').notNull(),
    hostUnit: text('host_unit').notNull(),
    venue: text('venue').notNull(),
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
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('events_status_start').on(t.status, t.startAt), index('events_agency').on(t.agencyId)],
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
  },
  (t) => [
    // One active registration per phone per event, enforced by the database itself.
    uniqueIndex('registrations_event_phone_active').on(t.eventId, t.phone).where(sql`status = 'active'`),
    uniqueIndex('registrations_short_code').on(t.eventId, t.shortCode),
    index('registrations_event_status').on(t.eventId, t.status),
    index('registrations_participant').on(t.participantId),
  ],
)

export const checkins = sqliteTable(
  'checkins',
  {
    registrationId: text('registration_id').primaryKey().references(() => registrations.id),
    eventId: text('event_id').notNull().references(() => events.id),
    staffId: text('staff_id').notNull().references(() => staffUsers.id),
    nonce: text('nonce').notNull(),
    checkedInAt: text('checked_in_at').notNull(),
  },
  (t) => [index('checkins_event').on(t.eventId)],
)

export const idempotencyKeys = sqliteTable('idempotency_keys', {
  key: text('key').primaryKey(),
  registrationId: text('registration_id').notNull().references(() => registrations.id),
  createdAt: text('created_at').notNull(),
})

export const suggestions = sqliteTable(
  'suggestions',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id').notNull().references(() => events.id),
    trackingCode: text('tracking_code').notNull().unique(),
    topic: text('topic'),
    content: text('content').notNull(),
    contact: text('contact'),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['received', 'replied'] }).notNull().default('received'),
    reply: text('reply'),
    repliedAt: text('replied_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('suggestions_event').on(t.eventId)],
)

// Anonymous evaluation is two unlinked tables. `evaluation_ballots` says who has voted;
// `evaluations` holds the answers with no person, no time finer than the event, and a random
// key. Both are WITHOUT ROWID (see the migration), so neither keeps an insertion order that
// could be lined up with the other.
export const evaluationBallots = sqliteTable('evaluation_ballots', {
  registrationId: text('registration_id').primaryKey().references(() => registrations.id),
  eventId: text('event_id').notNull().references(() => events.id),
})

export const evaluations = sqliteTable(
  'evaluations',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id').notNull().references(() => events.id),
    measures: integer('measures').notNull(),
    results: integer('results').notNull(),
    procedures: integer('procedures').notNull(),
    service: integer('service').notNull(),
    conduct: integer('conduct').notNull(),
    integrity: integer('integrity').notNull(),
    comment: text('comment'),
  },
  (t) => [index('evaluations_event').on(t.eventId)],
)

export const smsCodes = sqliteTable('sms_codes', {
  phone: text('phone').primaryKey(),
  codeHash: text('code_hash').notNull(),
  expiresAt: text('expires_at').notNull(),
  attempts: integer('attempts').notNull().default(0),
  sentAt: text('sent_at').notNull(),
})

export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull(),
})
