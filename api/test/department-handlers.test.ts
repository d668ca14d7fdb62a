// GET /staff/departments/:id/handlers: the 承办人 picker of 转办. Active handlers of that
// department of the caller's agency only; admins and organizers only.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createParticipant } from './support/fixtures'
import { agencySetup, createDepartment, createMember } from './support/handling'

describe('GET /staff/departments/:id/handlers', () => {
  it("lists the department's active handlers by name, in one batch after the session check", async () => {
    const s = await agencySetup()
    const second = await createMember(s.agency.id, 'handler', s.dept.id)
    const gone = await createMember(s.agency.id, 'handler', s.dept.id)
    await env.DB.prepare('UPDATE staff_users SET active = 0 WHERE id = ?').bind(gone.id).run()
    // An organizer placed in the department is not a handler.
    await createMember(s.agency.id, 'organizer', s.dept.id)
    const expected = [
      { id: s.handler.id, displayName: s.handler.name },
      { id: second.id, displayName: second.name },
    ].sort((a, b) => (a.displayName === b.displayName ? (a.id < b.id ? -1 : 1) : a.displayName < b.displayName ? -1 : 1))
    for (const caller of [s.admin, s.organizer]) {
      const res = await api(`/staff/departments/${s.dept.id}/handlers`, { token: caller.token })
      expect(res.status).toBe(200)
      expect(res.roundTrips).toBe(2) // the session check, then one batch
      expect(res.json).toStrictEqual({ handlers: expected })
    }
    const other = await api(`/staff/departments/${s.otherDept.id}/handlers`, { token: s.organizer.token })
    expect(other.json).toStrictEqual({ handlers: [{ id: s.otherHandler.id, displayName: s.otherHandler.name }] })
  })

  it('refuses handlers, checkers and participants (403) and nobody (401); another agency gets 404', async () => {
    const s = await agencySetup()
    const path = `/staff/departments/${s.dept.id}/handlers`
    expect((await api(path, { token: s.handler.token })).status).toBe(403)
    expect((await api(path, { token: s.checker.token })).status).toBe(403)
    expect((await api(path, { token: (await createParticipant()).token })).status).toBe(403)
    expect((await api(path)).status).toBe(401)
    const otherAgency = await createAgency()
    const outsider = await createMember(otherAgency.id, 'admin')
    const res = await api(path, { token: outsider.token })
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('NOT_FOUND')
    const ownDept = await createDepartment(otherAgency.id, '检测科')
    expect((await api(`/staff/departments/${ownDept.id}/handlers`, { token: outsider.token })).json).toStrictEqual({ handlers: [] })
  })
})
