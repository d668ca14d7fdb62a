// SQL for the scale benchmark (bench/scale.mjs), applied with `wrangler d1 execute --local
// --persist-to` before wrangler dev starts. Both databases get the same target event; the big
// one also gets years of history, written in a few statements with recursive CTEs:
//   100,000 registrations on the target event (one participant each, logged in by SMS: the
//   participant's phone and its verified_phones row, as a real sign-up needs), 50,000 of them checked
//   in, 50,000 suggestions on it spread over the states and three departments, and 200 more
//   published events that ended 31–400 days ago.
// The triggers of migrations/0001 keep the counts on the events while the rows go in.

export const TARGET_EVENT_ID = 'bench-scale-target'
export const AGENCY_ID = 'demo-agency-guyuan-nyncj'
export const STAFF_ID = 'demo-staff-demo'

const HOUR = 3600_000
const iso = (ms) => new Date(ms).toISOString()
const q = (s) => `'${String(s).replace(/'/g, "''")}'`

/** The event every measured route targets: running within the hour, registration open. */
export function targetEventSql(now = Date.now()) {
  const cols = {
    id: TARGET_EVENT_ID,
    agency_id: AGENCY_ID,
    title: '规模测试：农产品检测实验室开放日',
    host_unit: '农产品质量安全监管中心',
    venue: '固原市农产品质量安全监管中心',
    description: '由 bench/scale.mjs 创建。',
    start_at: iso(now + HOUR),
    end_at: iso(now + 6 * HOUR),
    registration_opens_at: iso(now - 24 * HOUR),
    registration_closes_at: iso(now + 0.9 * HOUR),
    // Above the API's maximum on purpose: the big database already holds 100,000.
    capacity: 1_000_000,
    agenda: '[]',
    target_groups: '["citizen"]',
    status: 'published',
    published_at: iso(now - 30 * 24 * HOUR),
    created_at: iso(now - 30 * 24 * HOUR),
  }
  return `INSERT INTO events (${Object.keys(cols).join(', ')}) VALUES (${Object.values(cols)
    .map((v) => (typeof v === 'number' ? String(v) : q(v)))
    .join(', ')});`
}

// Readable codes as the API makes them (lib/ids.ts), here derived from the row number.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTVWXYZ'
const code = (expr, length) =>
  Array.from({ length }, (_, k) => `substr('${ALPHABET}', ((${expr}) / ${31 ** k}) % 31 + 1, 1)`).join(' || ')
const CATEGORIES = ['citizen', 'npc_deputy', 'cppcc_member', 'employee', 'community_worker', 'enterprise', 'media']
const category = (expr) => `CASE (${expr}) % ${CATEGORIES.length} ${CATEGORIES.map((c, k) => `WHEN ${k} THEN ${q(c)}`).join(' ')} END`

/** The history's citizens have phones 16 + 9 digits; the benchmark's own citizens use 17. */
const phone = (expr) => `'16' || printf('%09d', ${expr})`

/** The history of the big database. */
export function bigSeedSql({ registrations = 100_000, checkins = 50_000, suggestions = 50_000, pastEvents = 200, posts = 20_000, follows = 20_000, now = Date.now() } = {}) {
  const since = iso(now - 60 * 24 * HOUR)
  return `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${pastEvents})
INSERT INTO events (id, agency_id, title, host_unit, venue, description, start_at, end_at, registration_opens_at,
  registration_closes_at, capacity, agenda, target_groups, status, published_at, created_at)
SELECT 'bench-past-' || i, ${q(AGENCY_ID)}, '往期开放日 第' || i || '期', '农产品质量安全监管中心', '固原市农产品质量安全监管中心',
  '往期活动', strftime('%Y-%m-%dT%H:%M:%fZ', ${q(iso(now))}, '-' || (30 + 2 * i) || ' days', '-3 hours'),
  strftime('%Y-%m-%dT%H:%M:%fZ', ${q(iso(now))}, '-' || (30 + 2 * i) || ' days', '-1 hours'),
  strftime('%Y-%m-%dT%H:%M:%fZ', ${q(iso(now))}, '-' || (60 + 2 * i) || ' days'),
  strftime('%Y-%m-%dT%H:%M:%fZ', ${q(iso(now))}, '-' || (31 + 2 * i) || ' days'),
  100, '[]', '["citizen"]', 'published', ${q(since)}, ${q(since)}
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${registrations})
INSERT INTO participants (id, phone, created_at) SELECT 'bench-p-' || i, ${phone('i')}, ${q(since)} FROM n;

-- What each of these citizens' SMS login wrote: the phone it proved, which its sign-up used.
INSERT INTO verified_phones (participant_id, phone, verified_at) SELECT id, phone, created_at FROM participants WHERE id LIKE 'bench-p-%';

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${registrations})
INSERT INTO registrations (id, event_id, participant_id, name, phone, category, organization, status, short_code, created_at)
SELECT 'bench-r-' || i, ${q(TARGET_EVENT_ID)}, 'bench-p-' || i, '历史报名' || (i % 1000), ${phone('i')},
  ${category('i')}, NULL, 'active', ${code('i + 923521', 8)},
  strftime('%Y-%m-%dT%H:%M:%fZ', ${q(since)}, '+' || (i % 86400) || ' seconds')
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${checkins})
INSERT INTO checkins (registration_id, event_id, staff_id, nonce, checked_in_at, recorded_at)
SELECT 'bench-r-' || (2 * i), ${q(TARGET_EVENT_ID)}, ${q(STAFF_ID)}, 'bench-nonce-' || i, ${q(iso(now - HOUR))}, ${q(iso(now - HOUR))} FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${suggestions})
INSERT INTO suggestions (id, event_id, tracking_code, topic, content, contact, anonymous, status, created_at)
SELECT 'bench-s-' || i, ${q(TARGET_EVENT_ID)}, 'YJ' || ${code('i', 8)} || ${code('i * 7 + 3', 8)}, NULL,
  '历史意见建议 第' || i || '条：建议增加农药残留快检点。', NULL, 1, 'received',
  -- Spread over the 12 months before now (one a day per 137 or so), as a year of history is.
  strftime('%Y-%m-%dT%H:%M:%fZ', ${q(iso(now - 365 * 24 * HOUR))}, '+' || (i % 364) || ' days', '+' || (i % 86400) || ' seconds')
FROM n;

-- 动态: years of posts of the agency (one in 20 withdrawn), newest an hour ago.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${posts})
INSERT INTO posts (id, agency_id, kind, event_id, title, summary, body, published_at, created_at, updated_at, author_staff_id, status)
SELECT 'bench-post-' || i, ${q(AGENCY_ID)}, 'article', NULL, '往期动态 第' || i || '篇', '往期动态摘要', '往期动态正文。',
  strftime('%Y-%m-%dT%H:%M:%fZ', ${q(iso(now - HOUR))}, '-' || (i * 37) || ' minutes'),
  strftime('%Y-%m-%dT%H:%M:%fZ', ${q(iso(now - HOUR))}, '-' || (i * 37) || ' minutes'),
  strftime('%Y-%m-%dT%H:%M:%fZ', ${q(iso(now - HOUR))}, '-' || (i * 37) || ' minutes'),
  ${q(STAFF_ID)}, CASE WHEN i % 20 = 0 THEN 'withdrawn' ELSE 'published' END
FROM n;

-- 关注: the agency's followers (the history's participants).
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${follows})
INSERT INTO follows (id, participant_id, target_kind, target_id, created_at)
SELECT 'bench-f-' || i, 'bench-p-' || i, 'agency', ${q(AGENCY_ID)}, ${q(since)} FROM n;
${suggestionStatesSql(now)}`
}

/**
 * Spreads the history's suggestions over the states, as the public figures see them: of every 5,
 * one stays received, one is assigned (to one of three departments), one answered and published,
 * one closed satisfied, one reopened after a dissatisfied rating. Each step is one UPDATE that
 * moves the trail on (trail_seq + 1, last_*, updated_at), so the triggers of migration 0004
 * append it, as the API's steps do. Deadlines end at 23:59:59 Shanghai time, as `answerDueAt` sets them;
 * the daily job's overdue marks are in place, as they are in a database the job has run on.
 */
function suggestionStatesSql(now) {
  const n = "CAST(substr(id, 9) AS INTEGER)"
  const mine = `id LIKE 'bench-s-%'`
  const departments = [1, 2, 3].map((k) => `('bench-d-${k}', ${q(AGENCY_ID)}, '规模测试${k}科', 1, ${q(iso(now - 90 * 24 * HOUR))})`)
  return `
INSERT INTO departments (id, agency_id, name, active, created_at) VALUES ${departments.join(', ')};

UPDATE suggestions SET status = 'assigned', trail_seq = trail_seq + 1, last_action = 'assign', last_actor_kind = 'staff',
  last_actor_id = ${q(STAFF_ID)}, last_actor_role = 'admin', updated_at = created_at, assigned_at = created_at,
  department_id = 'bench-d-' || (${n} % 3 + 1), due_at = strftime('%Y-%m-%dT15:59:59.000Z', created_at, '+8 hours', '+7 days'), public_consent = 1
WHERE ${mine} AND ${n} % 5 <> 0;

UPDATE suggestions SET status = 'answered', trail_seq = trail_seq + 1, last_action = 'answer', last_actor_kind = 'staff',
  answered_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+' || (${n} % 12) || ' days'), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+' || (${n} % 12) || ' days'),
  -- About the working days in n % 12 calendar days (the answer step computes them exactly).
  answer_working_days = (${n} % 12) * 5 / 7,
  answer = '已办理，感谢您的建议。', result_class = substr('ABCD', ${n} % 4 + 1, 1), published = 1
WHERE ${mine} AND ${n} % 5 IN (2, 3, 4);

UPDATE suggestions SET status = CASE WHEN ${n} % 5 = 3 THEN 'closed' ELSE 'reopened' END, trail_seq = trail_seq + 1,
  last_action = CASE WHEN ${n} % 5 = 3 THEN 'rate_satisfied' ELSE 'rate_dissatisfied' END, last_actor_kind = 'citizen', last_actor_id = NULL, last_actor_role = NULL,
  updated_at = answered_at, rated_at = answered_at, rating = CASE WHEN ${n} % 5 = 3 THEN 4 ELSE 2 END,
  reopen_count = CASE WHEN ${n} % 5 = 3 THEN 0 ELSE 1 END, close_reason = CASE WHEN ${n} % 5 = 3 THEN 'satisfied' END,
  closed_at = CASE WHEN ${n} % 5 = 3 THEN answered_at END
WHERE ${mine} AND ${n} % 5 IN (3, 4);

-- The daily job has run every morning: open items past their deadline were marked overdue at
-- 08:30 Shanghai the day after it (00:30:01 UTC after a 23:59:59 deadline), with their trail step.
UPDATE suggestions SET overdue_at = strftime('%Y-%m-%dT%H:%M:%fZ', due_at, '+8 hours', '+30 minutes', '+1 seconds'),
  trail_seq = trail_seq + 1, last_action = 'mark_overdue', last_actor_kind = 'system', last_actor_id = NULL, last_actor_role = NULL,
  last_note = '已超过答复期限，已提醒本单位管理员',
  updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', due_at, '+8 hours', '+30 minutes', '+1 seconds')
WHERE ${mine} AND status IN ('assigned', 'reopened') AND strftime('%Y-%m-%dT%H:%M:%fZ', due_at, '+8 hours', '+30 minutes', '+1 seconds') < ${q(iso(now))};
`
}
