// Deliberate breaks of the door and the exports (issue 8 parts 5 and 6, docs/door.md).
const DOOR = 'api/src/door/routes.ts'
const EXPORTS = 'api/src/exports/routes.ts'
const POSTERS = 'api/src/exports/posters.ts'
const MIGRATION = 'api/migrations/0015_door.sql'
const door = ['test/door.test.ts']
const exportsTests = ['test/exports.test.ts']
const posters = ['test/posters.test.ts']

export default [
  // Door search
  {
    rule: 'door search: only the event’s own registrations',
    file: DOOR,
    edits: [['WHERE r.event_id = ?1 AND ${match}', 'WHERE ${match}']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'door search: names masked',
    file: DOOR,
    edits: [['nameMasked: maskName(r.name),', 'nameMasked: r.name,']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'door search: phones shown as their last four only',
    file: DOOR,
    edits: [['phoneMasked: maskPhoneTail(r.phone),', 'phoneMasked: r.phone,']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'door search: at most 20 people',
    file: DOOR,
    edits: [['people: rows.slice(0, DOOR_SEARCH_LIMIT).map(toPerson)', 'people: rows.map(toPerson)']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'door search: a number must be exactly the last 4 digits',
    file: 'shared/src/door.ts',
    edits: [["return q.length === 4 ? { ok: true, query: { kind: 'phone4', digits: q } }", "return q.length >= 2 ? { ok: true, query: { kind: 'phone4', digits: q.slice(-4) } }"]],
    pkg: 'api',
    tests: door,
  },
  // Manual check-in
  {
    rule: 'manual check-in: the reason is stored on the check-in',
    file: DOOR,
    edits: [['SELECT r.id, r.event_id, ?3, ?5, ?6, ?6, ?8', 'SELECT r.id, r.event_id, ?3, ?5, ?6, ?6, NULL']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'manual check-in: not for a cancelled sign-up',
    file: DOOR,
    edits: [["WHERE r.id = ?2 AND r.event_id = ?1 AND r.status = 'active' AND e.status = 'published'", "WHERE r.id = ?2 AND r.event_id = ?1 AND e.status = 'published'"]],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'manual check-in: only a registration of this event',
    file: DOOR,
    edits: [["WHERE r.id = ?2 AND r.event_id = ?1 AND r.status = 'active' AND e.status = 'published'", "WHERE r.id = ?2 AND r.status = 'active' AND e.status = 'published'"]],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'manual check-in: only inside the check-in window',
    file: DOOR,
    edits: [["             AND ${inWindow('?6', '?7')}\n", '']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'manual check-in: only by current staff of the event’s agency, decided in the insert',
    file: DOOR,
    edits: [["             AND ${session.sqlIsCurrent('?3', '?4', 'e.agency_id')}\n           ON CONFLICT DO NOTHING`,\n        )\n        .bind(\n          eventId,", "           ON CONFLICT DO NOTHING`,\n        )\n        .bind(\n          eventId,"]],
    pkg: 'api',
    tests: door,
  },
  // Walk-ins
  {
    rule: 'walk-ins: never more people than capacity',
    file: DOOR,
    edits: [['export const WALK_IN_SEAT_LEFT = `e.registered_count < e.capacity AND ${poolHasSeatSql(\'e\', "\'general\'")}`', 'export const WALK_IN_SEAT_LEFT = `e.registered_count <= e.capacity + 100`']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'walk-ins: a phone already signed up for the event is refused with 409, no second registration',
    file: DOOR,
    edits: [
      ["      AND NOT EXISTS (SELECT 1 FROM registrations x WHERE x.event_id = e.id AND x.phone = ?2 AND x.status = 'active')\n", ''],
      ["FROM events e WHERE ${allowed} AND EXISTS (SELECT 1 FROM participants p WHERE p.id = ?7)\n           ON CONFLICT DO NOTHING`", 'FROM events e WHERE ${allowed} AND EXISTS (SELECT 1 FROM participants p WHERE p.id = ?7)`'],
    ],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'walk-ins: only inside the check-in window and for a published event',
    file: DOOR,
    edits: [["const allowed = `e.id = ?1 AND e.status = 'published' AND ${inWindow('?5', '?6')}", 'const allowed = `e.id = ?1']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'walk-ins: only by current staff of the event’s agency, decided in the inserts',
    file: DOOR,
    edits: [["      AND ${session.sqlIsCurrent('?3', '?4', 'e.agency_id')}`\n    const common", '`\n    const common']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'walk-ins: marked walk_in',
    file: DOOR,
    edits: [["SELECT ?8, e.id, ?7, ?9, ?2, ?10, ?11, 'active', ?12, ?5, 'walk_in'", "SELECT ?8, e.id, ?7, ?9, ?2, ?10, ?11, 'active', ?12, ?5, 'signup'"]],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'walk-ins: checked in in the same batch',
    file: DOOR,
    edits: [['SELECT r.id, r.event_id, ?2, ?3, ?4, ?4 FROM registrations r WHERE r.id = ?1', 'SELECT r.id, r.event_id, ?2, ?3, ?4, ?4 FROM registrations r WHERE r.id = ?1 AND 0']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'walk-ins: a refused walk-in leaves no participant behind',
    file: DOOR,
    edits: [['`DELETE FROM participants WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.participant_id = ?1)`', '`SELECT ?1 AS kept`']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'walk-ins: counted on the event by trigger',
    file: MIGRATION,
    edits: [["  WHEN NEW.`source` = 'walk_in' AND NEW.`status` = 'active'\n", '  WHEN 0\n']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'walk-ins: a cancelled walk-in leaves the count',
    file: MIGRATION,
    edits: [['UPDATE `events` SET `walk_in_count` = `walk_in_count` - 1', 'UPDATE `events` SET `walk_in_count` = `walk_in_count` - 0']],
    pkg: 'api',
    tests: door,
  },
  // Exports
  {
    rule: 'exports: names and phones masked by default',
    file: 'shared/src/exports.ts',
    edits: [['return full ? phone : maskPhone(phone)', 'return phone']],
    pkg: 'api',
    tests: exportsTests,
  },
  {
    rule: 'exports: admins and organizers only (not checkers or handlers)',
    file: EXPORTS,
    edits: [["requireStaffInBatch(ORGANISER_ROLES), exportRoute('registrations')", "requireStaffInBatch(), exportRoute('registrations')"]],
    pkg: 'api',
    tests: exportsTests,
  },
  {
    rule: 'exports: a full export needs a reason',
    file: 'shared/src/exports.ts',
    edits: [['if (Array.from(r).length < 4) return', 'if (Array.from(r).length < 0) return']],
    pkg: 'api',
    tests: exportsTests,
  },
  {
    rule: 'exports: the full list for admins only (decided in the audited read)',
    file: EXPORTS,
    edits: [["WHERE e.id = ?1 AND ${current} AND (SELECT s.role FROM staff_users s WHERE s.id = ?2) = 'admin'", 'WHERE e.id = ?1 AND ${current}']],
    pkg: 'api',
    tests: exportsTests,
  },
  {
    rule: 'exports: an organizer asking for the full list is told it is for admins',
    file: EXPORTS,
    edits: [["if (staff.role !== 'admin') throw fail(403, 'FORBIDDEN', '完整导出仅限管理员；您可以导出脱敏名单')", '']],
    pkg: 'api',
    tests: exportsTests,
  },
  {
    rule: 'exports: the audit row counts the rows that left',
    file: EXPORTS,
    edits: [['(SELECT count(*) FROM (${SOURCES[what]}))', '0']],
    pkg: 'api',
    tests: exportsTests,
  },
  {
    rule: 'exports: no full rows without the audit row',
    file: EXPORTS,
    edits: [
      ['FROM events e\n             WHERE e.id = ?1 AND ${current}', 'FROM events e\n             WHERE 0 AND e.id = ?1 AND ${current}'],
      ["if (!results[4].results[0]) throw fail(409, 'INVALID_STATE', '导出未能记入审计日志，已拒绝，请重试')", ''],
    ],
    pkg: 'api',
    tests: exportsTests,
  },
  {
    rule: 'exports: the log tells manual check-ins apart',
    file: EXPORTS,
    edits: [["WHEN c.manual_reason IS NOT NULL THEN 'manual' ", '']],
    pkg: 'api',
    tests: exportsTests,
  },
  {
    rule: 'exports: the log has the exits',
    file: EXPORTS,
    edits: [['WHERE c.event_id = ?1 AND c.exited_at IS NOT NULL', 'WHERE c.event_id = ?1 AND 0']],
    pkg: 'api',
    tests: exportsTests,
  },
  {
    rule: 'exports: the log has the check-in points',
    file: EXPORTS,
    edits: [["SELECT k.checked_in_at, p.name, p.position + 1, 'in', k.source", "SELECT k.checked_in_at, '入口', p.position + 1, 'in', k.source"]],
    pkg: 'api',
    tests: exportsTests,
  },
  // Posters
  {
    rule: 'posters: the title is escaped',
    file: POSTERS,
    edits: [['<h1 id="poster-title">${escapeHtml(p.title)}</h1>', '<h1 id="poster-title">${p.title}</h1>']],
    pkg: 'api',
    tests: posters,
  },
  {
    rule: 'posters: still printable when WeChat fails',
    file: POSTERS,
    edits: [
      ['if (!r.ok) return null', "if (!r.ok) throw new Error('wxacode')"],
      ['  } catch {\n    return null\n  }', '  } catch (e) {\n    throw e\n  }'],
    ],
    pkg: 'api',
    tests: posters,
  },
  {
    rule: 'posters: staff of the event’s agency only',
    file: POSTERS,
    edits: [["const event = assertOwn((await c.get('d1').prepare(EVENT_SQL).bind(eventId).first<EventRow>()) ?? undefined, c.get('staff'))", "const event = (await c.get('d1').prepare(EVENT_SQL).bind(eventId).first<EventRow>())!"]],
    pkg: 'api',
    tests: posters,
  },
  {
    rule: 'posters: a point of this event only',
    file: POSTERS,
    edits: [['SELECT name, description FROM checkpoints WHERE id = ?1 AND event_id = ?2', 'SELECT name, description FROM checkpoints WHERE id = ?1 AND ?2 IS NOT NULL']],
    pkg: 'api',
    tests: posters,
  },
  {
    rule: 'posters: the H5 QR code is on the page',
    file: POSTERS,
    edits: [['<div id="h5-qr" class="qr">${qrSvg(p.h5Url, \'H5 二维码\')}</div>', '<div id="h5-qr" class="qr"></div>']],
    pkg: 'api',
    tests: posters,
  },
  // The app
  {
    rule: 'app: the door screen links to 现场服务 of its event',
    file: 'miniapp/src/features/checkins/CheckinView.tsx',
    edits: [["url: pageUrl('staffDoor', { eventId })", "url: pageUrl('staffDoor', {})"]],
    pkg: 'miniapp',
    tests: ['test/components/DoorLink.test.tsx'],
  },
  {
    rule: 'app: 手动签到 is confirmed before it is sent',
    file: 'miniapp/src/features/door/DoorView.tsx',
    edits: [['    setError(undefined)\n    setConfirming(true)\n  }', '    setError(undefined)\n    void send()\n  }']],
    pkg: 'miniapp',
    tests: ['test/components/Door.test.tsx'],
  },
  {
    rule: 'app: 完整导出 asks for the purpose first',
    file: 'miniapp/src/features/door/DoorExports.tsx',
    edits: [['if (problem) return setReasonError(problem)', '']],
    pkg: 'miniapp',
    tests: ['test/components/Door.test.tsx'],
  },
  {
    rule: 'walk-ins: seats of the general pool only, never reserved ones',
    file: DOOR,
    edits: [['export const WALK_IN_SEAT_LEFT = `e.registered_count < e.capacity AND ${poolHasSeatSql(\'e\', "\'general\'")}`', 'export const WALK_IN_SEAT_LEFT = `e.registered_count < e.capacity`']],
    pkg: 'api',
    tests: door,
  },
  {
    rule: 'manual check-in: not for a sign-up waiting for approval',
    file: DOOR,
    edits: [["WHERE r.id = ?2 AND r.event_id = ?1 AND r.status = 'active' AND e.status = 'published'\n             AND (r.approval IS NULL OR r.approval = 'approved')", "WHERE r.id = ?2 AND r.event_id = ?1 AND r.status = 'active' AND e.status = 'published'"]],
    pkg: 'api',
    tests: door,
  },
]
