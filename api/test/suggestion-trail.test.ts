// The suggestion's audit trail is kept by the database itself (migration 0004): a submit writes
// step 0, every status change must come with trail_seq + 1 and is appended, and nobody can edit
// or delete a step, not even with SQL.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createPublishedEvent } from './support/fixtures'

async function submitted() {
  const agency = await createAgency()
  const event = await createPublishedEvent(agency.id)
  const res = await api(`/events/${event.id}/suggestions`, {
    body: { content: '建议在入口处设置指引牌。' },
    headers: { 'cf-connecting-ip': '203.0.113.77', 'x-client-id': `trail-${crypto.randomUUID()}` },
  })
  expect(res.status).toBe(201)
  const row = await env.DB.prepare('SELECT id, created_at FROM suggestions WHERE tracking_code = ?').bind(res.json.trackingCode).first<{ id: string; created_at: string }>()
  return row!
}

const trail = (id: string) =>
  env.DB.prepare('SELECT seq, at, action, from_state, to_state, actor_kind, actor_id, actor_role, note FROM suggestion_trail WHERE suggestion_id = ? ORDER BY seq')
    .bind(id)
    .all()
    .then((r) => r.results)

describe('the suggestion trail', () => {
  it('starts with the submit step, written by the same INSERT', async () => {
    const s = await submitted()
    expect(await trail(s.id)).toStrictEqual([
      { seq: 0, at: s.created_at, action: 'submit', from_state: null, to_state: 'received', actor_kind: 'citizen', actor_id: null, actor_role: null, note: null },
    ])
  })

  it('appends each step with who, role, when, from → to and the note', async () => {
    const s = await submitted()
    await env.DB.prepare(
      `UPDATE suggestions SET status = 'assigned', trail_seq = trail_seq + 1, last_action = 'assign', last_actor_kind = 'staff',
         last_actor_id = 'staff-1', last_actor_role = 'organizer', last_note = '请检测科办理', updated_at = '2025-09-26T02:00:00.000Z' WHERE id = ?`,
    )
      .bind(s.id)
      .run()
    // 催办 changes no state but is a step too.
    await env.DB.prepare(
      `UPDATE suggestions SET trail_seq = trail_seq + 1, last_action = 'urge', last_actor_kind = 'staff', last_actor_id = 'staff-2',
         last_actor_role = 'admin', last_note = '请尽快答复', updated_at = '2025-09-29T02:00:00.000Z' WHERE id = ?`,
    )
      .bind(s.id)
      .run()
    expect((await trail(s.id)).slice(1)).toStrictEqual([
      { seq: 1, at: '2025-09-26T02:00:00.000Z', action: 'assign', from_state: 'received', to_state: 'assigned', actor_kind: 'staff', actor_id: 'staff-1', actor_role: 'organizer', note: '请检测科办理' },
      { seq: 2, at: '2025-09-29T02:00:00.000Z', action: 'urge', from_state: 'assigned', to_state: 'assigned', actor_kind: 'staff', actor_id: 'staff-2', actor_role: 'admin', note: '请尽快答复' },
    ])
  })

  it('refuses a status change that skips the trail, and a step without a time', async () => {
    const s = await submitted()
    await expect(env.DB.prepare(`UPDATE suggestions SET status = 'closed' WHERE id = ?`).bind(s.id).run()).rejects.toThrow(/go through the trail/)
    await expect(
      env.DB.prepare(`UPDATE suggestions SET status = 'assigned', trail_seq = trail_seq + 2, updated_at = '2025-09-26T02:00:00.000Z' WHERE id = ?`).bind(s.id).run(),
    ).rejects.toThrow(/go through the trail/)
    await expect(env.DB.prepare(`UPDATE suggestions SET status = 'assigned', trail_seq = trail_seq + 1 WHERE id = ?`).bind(s.id).run()).rejects.toThrow(
      /go through the trail/,
    )
    const row = await env.DB.prepare('SELECT status, trail_seq FROM suggestions WHERE id = ?').bind(s.id).first()
    expect(row).toStrictEqual({ status: 'received', trail_seq: 0 })
    expect(await trail(s.id)).toHaveLength(1)
  })

  it('cannot be edited or deleted', async () => {
    const s = await submitted()
    await expect(env.DB.prepare(`UPDATE suggestion_trail SET note = 'x' WHERE suggestion_id = ?`).bind(s.id).run()).rejects.toThrow(/append-only/)
    await expect(env.DB.prepare(`DELETE FROM suggestion_trail WHERE suggestion_id = ?`).bind(s.id).run()).rejects.toThrow(/append-only/)
    expect(await trail(s.id)).toHaveLength(1)
  })
})
