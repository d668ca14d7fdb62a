import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { verifyPassword } from '../src/auth/passwords'
import { api, createAgency } from './support/fixtures'
import { createDepartment, createMember, login, orgSnapshot, staffRow } from './support/org'

// Staff accounts managed by the agency's admin: one-time passwords, role and department
// changes that end old sessions, and an agency that always keeps an active admin.

const OTP = /^[2-9A-HJ-NP-TV-Z]{4}-[2-9A-HJ-NP-TV-Z]{4}-[2-9A-HJ-NP-TV-Z]{4}$/

async function agencyWithAdmin() {
  const agency = await createAgency('固原市农业农村局')
  const department = await createDepartment(agency.id, '检测科')
  const admin = await createMember(agency.id, 'admin')
  return { agency, department, admin }
}

const patch = (id: string, body: unknown, token: string) => api(`/staff/users/${id}`, { method: 'PATCH', body, token })

describe('creating a staff account', () => {
  it('answers the account and a one-time password once; stores only its PBKDF2 hash and the must-change flag', async () => {
    const { agency, department, admin } = await agencyWithAdmin()
    const res = await api('/staff/users', {
      body: { username: 'li.handler', displayName: '李承办', role: 'handler', departmentId: department.id },
      token: admin.token,
    })
    expect(res.status).toBe(201)
    const { oneTimePassword } = res.json
    expect(oneTimePassword).toMatch(OTP)
    const id = res.json.user.id
    expect(res.json).toStrictEqual({
      user: {
        id,
        username: 'li.handler',
        displayName: '李承办',
        role: 'handler',
        departmentId: department.id,
        departmentName: '检测科',
        active: true,
        mustChangePassword: true,
      },
      oneTimePassword,
    })
    const row = await staffRow(id)
    expect(row).toStrictEqual({
      id,
      agencyId: agency.id,
      username: 'li.handler',
      displayName: '李承办',
      role: 'handler',
      departmentId: department.id,
      active: 1,
      mustChangePassword: 1,
      tokenVersion: 0,
      passwordHash: expect.stringMatching(/^pbkdf2-sha256\$100000\$/),
    })
    expect(row!.passwordHash).not.toContain(oneTimePassword)
    expect(await verifyPassword(oneTimePassword, row!.passwordHash)).toBe(true)
  })

  it('gives each account its own random password', async () => {
    const { admin } = await agencyWithAdmin()
    const made = await Promise.all(
      ['org.a', 'org.b', 'org.c'].map((username) => api('/staff/users', { body: { username, displayName: '王', role: 'checker' }, token: admin.token })),
    )
    expect(new Set(made.map((r) => r.json.oneTimePassword)).size).toBe(3)
  })

  it('a handler needs an active department of the same agency (400, nothing stored)', async () => {
    const { agency, admin } = await agencyWithAdmin()
    const inactive = await createDepartment(agency.id, '旧科室', false)
    const foreign = await createDepartment((await createAgency()).id, '检测科')
    const before = await orgSnapshot()
    const none = await api('/staff/users', { body: { username: 'h.none', displayName: '甲', role: 'handler' }, token: admin.token })
    expect(none.status).toBe(400)
    expect(none.json.error).toStrictEqual({ code: 'VALIDATION_FAILED', message: '承办人须属于一个承办部门', field: 'departmentId' })
    for (const departmentId of [inactive.id, foreign.id, 'no-such-department']) {
      const res = await api('/staff/users', { body: { username: 'h.bad', displayName: '乙', role: 'handler', departmentId }, token: admin.token })
      expect(res.status).toBe(400)
      expect(res.json.error).toStrictEqual({ code: 'VALIDATION_FAILED', message: '请选择本单位启用中的承办部门', field: 'departmentId' })
    }
    expect(await orgSnapshot()).toStrictEqual(before)
  })

  it('usernames are unique across agencies (409), also between simultaneous requests', async () => {
    const { admin } = await agencyWithAdmin()
    const other = await agencyWithAdmin()
    const body = { username: 'zhang.san', displayName: '张三', role: 'organizer' }
    const both = await Promise.all([
      api('/staff/users', { body, token: admin.token }),
      api('/staff/users', { body, token: other.admin.token }),
    ])
    expect(both.map((r) => r.status).sort()).toEqual([201, 409])
    expect(both.find((r) => r.status === 409)!.json).toStrictEqual({
      error: { code: 'USERNAME_TAKEN', message: '该用户名已被使用，请换一个', field: 'username' },
    })
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM staff_users WHERE username = 'zhang.san'`).first()).toStrictEqual({ n: 1 })
  })

  it('refuses usernames that are hard to read out or type', async () => {
    const { admin } = await agencyWithAdmin()
    for (const username of ['Zhang', 'ab', '张三', 'a b', '-lead']) {
      const res = await api('/staff/users', { body: { username, displayName: '张三', role: 'checker' }, token: admin.token })
      expect(res.json.error.field).toBe('username')
    }
  })
})

describe('a one-time password', () => {
  it('logs in with mustChangePassword; everything but the password change and /staff/me is refused until it is changed', async () => {
    const { admin } = await agencyWithAdmin()
    const made = await api('/staff/users', { body: { username: 'new.organizer', displayName: '赵组织', role: 'organizer' }, token: admin.token })
    const first = await login('new.organizer', made.json.oneTimePassword)
    expect(first.status).toBe(200)
    expect(first.json.mustChangePassword).toBe(true)
    expect(first.json.staff.mustChangePassword).toBe(true)
    expect((await api('/staff/me', { token: first.json.token })).json.staff.mustChangePassword).toBe(true)
    const refused = await api('/staff/events', { token: first.json.token })
    expect(refused.status).toBe(403)
    expect(refused.json).toStrictEqual({ error: { code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改初始密码' } })

    const changed = await api('/auth/staff/password', {
      body: { currentPassword: made.json.oneTimePassword, newPassword: 'my-own-password-1' },
      token: first.json.token,
    })
    expect(changed.status).toBe(200)
    expect(changed.json.staff.mustChangePassword).toBe(false)
    expect(await staffRow(made.json.user.id)).toMatchObject({ mustChangePassword: 0, tokenVersion: 1 })
    expect((await api('/staff/events', { token: changed.json.token })).status).toBe(200)
    const again = await login('new.organizer', 'my-own-password-1')
    expect([again.json.mustChangePassword, again.json.staff.mustChangePassword]).toEqual([false, false])
    expect((await login('new.organizer', made.json.oneTimePassword)).status).toBe(401)
  })
})

describe('listing staff accounts', () => {
  it("shows the agency's accounts only, never a password hash", async () => {
    const { agency, department, admin } = await agencyWithAdmin()
    const handler = await createMember(agency.id, 'handler', department.id)
    await createMember((await createAgency()).id, 'admin')
    const res = await api('/staff/users', { token: admin.token })
    expect(res.status).toBe(200)
    const shown = (s: { id: string; username: string }, role: string, departmentId: string | null, departmentName: string | null) => ({
      id: s.id,
      username: s.username,
      displayName: expect.any(String),
      role,
      departmentId,
      departmentName,
      active: true,
      mustChangePassword: false,
    })
    expect(res.json).toStrictEqual({
      users: [shown(admin, 'admin', null, null), shown(handler, 'handler', department.id, '检测科')].sort((a, b) =>
        a.username < b.username ? -1 : 1,
      ),
    })
    expect(JSON.stringify(res.json)).not.toMatch(/pbkdf2|passwordHash/)
  })
})

describe('changing a staff account', () => {
  it('a change of role, department or active ends the old tokens; a new display name does not', async () => {
    const { agency, department, admin } = await agencyWithAdmin()
    const second = await createDepartment(agency.id, '办公室')
    const member = await createMember(agency.id, 'organizer')
    const renamed = await patch(member.id, { displayName: '钱组织' }, admin.token)
    expect(renamed.json.user).toMatchObject({ displayName: '钱组织', role: 'organizer' })
    expect(await staffRow(member.id)).toMatchObject({ displayName: '钱组织', tokenVersion: 0 })
    expect((await api('/staff/events', { token: member.token })).status).toBe(200)

    const same = await patch(member.id, { role: 'organizer' }, admin.token)
    expect(same.status).toBe(200)
    expect(await staffRow(member.id)).toMatchObject({ tokenVersion: 0 })

    const toHandler = await patch(member.id, { role: 'handler', departmentId: department.id }, admin.token)
    expect(toHandler.status).toBe(200)
    expect(toHandler.json.user).toStrictEqual({
      id: member.id,
      username: member.username,
      displayName: '钱组织',
      role: 'handler',
      departmentId: department.id,
      departmentName: '检测科',
      active: true,
      mustChangePassword: false,
    })
    expect(await staffRow(member.id)).toMatchObject({ role: 'handler', departmentId: department.id, tokenVersion: 1 })
    expect((await api('/staff/me', { token: member.token })).status).toBe(401)

    const moved = await patch(member.id, { departmentId: second.id }, admin.token)
    expect(moved.json.user).toMatchObject({ departmentId: second.id, departmentName: '办公室' })
    expect(await staffRow(member.id)).toMatchObject({ tokenVersion: 2 })
  })

  it('disabling ends the sessions at once and the login; enabling again allows a new login', async () => {
    const { agency, admin } = await agencyWithAdmin()
    const member = await createMember(agency.id, 'checker')
    const off = await patch(member.id, { active: false }, admin.token)
    expect(off.status).toBe(200)
    expect(off.json.user.active).toBe(false)
    expect(await staffRow(member.id)).toMatchObject({ active: 0, tokenVersion: 1 })
    expect((await api('/staff/me', { token: member.token })).status).toBe(401)
    expect((await login(member.username, member.password)).status).toBe(401)
    await patch(member.id, { active: true }, admin.token)
    expect((await login(member.username, member.password)).status).toBe(200)
  })

  it('a handler keeps a department (400, nothing changed)', async () => {
    const { agency, department, admin } = await agencyWithAdmin()
    const handler = await createMember(agency.id, 'handler', department.id)
    const organizer = await createMember(agency.id, 'organizer')
    const before = await orgSnapshot()
    const cases = [
      [handler.id, { departmentId: null }],
      [organizer.id, { role: 'handler' }],
      [organizer.id, { role: 'handler', departmentId: null }],
    ] as const
    for (const [id, body] of cases) {
      const res = await patch(id, body, admin.token)
      expect(res.status).toBe(400)
      expect(res.json.error).toStrictEqual({ code: 'VALIDATION_FAILED', message: '承办人须属于一个承办部门', field: 'departmentId' })
    }
    const foreign = await patch(handler.id, { departmentId: (await createDepartment((await createAgency()).id)).id }, admin.token)
    expect(foreign.json.error.message).toBe('请选择本单位启用中的承办部门')
    const { departments, staff } = await orgSnapshot()
    expect(staff).toStrictEqual(before.staff)
    expect(departments).toHaveLength(before.departments.length + 1)
  })

  it('the last active admin cannot be demoted or disabled (409, nothing changed)', async () => {
    const { agency, admin } = await agencyWithAdmin()
    // A disabled admin does not count.
    const disabled = await createMember(agency.id, 'admin')
    await env.DB.prepare('UPDATE staff_users SET active = 0 WHERE id = ?1').bind(disabled.id).run()
    const before = await orgSnapshot()
    for (const body of [{ role: 'organizer' }, { active: false }, { role: 'checker', active: false }]) {
      const res = await patch(admin.id, body, admin.token)
      expect(res.status).toBe(409)
      expect(res.json).toStrictEqual({ error: { code: 'LAST_ADMIN', message: '本单位至少要保留一名启用的管理员' } })
    }
    expect(await orgSnapshot()).toStrictEqual(before)
    // With another active admin it is allowed (and ends the demoted admin's sessions).
    await patch(disabled.id, { active: true }, admin.token)
    const demoted = await patch(admin.id, { role: 'organizer' }, admin.token)
    expect(demoted.status).toBe(200)
    expect(await staffRow(admin.id)).toMatchObject({ role: 'organizer', tokenVersion: 1 })
  })

  it('five admins demoting themselves at the same moment: four succeed', async () => {
    const { agency, admin } = await agencyWithAdmin()
    const others = await Promise.all([1, 2, 3, 4].map(() => createMember(agency.id, 'admin')))
    const results = await Promise.all([admin, ...others].map((a) => patch(a.id, { role: 'organizer' }, a.token)))
    console.log(results.map((r) => r.status))
  })

  it('five admins demoting or disabling themselves at the same moment: four succeed, one admin stays', async () => {
    const { agency, admin } = await agencyWithAdmin()
    const others = await Promise.all([1, 2, 3, 4].map(() => createMember(agency.id, 'admin')))
    // Five at once interleave in the Worker: a rule checked by a read before the write lets all pass.
    const results = await Promise.all(
      [admin, ...others].map((a, i) => patch(a.id, i % 2 ? { active: false } : { role: 'organizer' }, a.token)),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 409])
    expect(results.find((r) => r.status === 409)!.json.error.code).toBe('LAST_ADMIN')
    const admins = await env.DB.prepare(`SELECT count(*) AS n FROM staff_users WHERE agency_id = ?1 AND role = 'admin' AND active = 1`)
      .bind(agency.id)
      .first()
    expect(admins).toStrictEqual({ n: 1 })
  })

  it('two admins demoting each other at the same moment: exactly one succeeds', async () => {
    const { agency, admin } = await agencyWithAdmin()
    const second = await createMember(agency.id, 'admin')
    const results = await Promise.all([
      patch(second.id, { role: 'checker' }, admin.token),
      patch(admin.id, { active: false }, second.token),
    ])
    // The loser is refused as no longer an admin: 401 if its token was already revoked when it
    // arrived, 403 if its statement ran after the winner's, 409 if both were admins to the end.
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect([401, 403, 409]).toContain(results.find((r) => r.status !== 200)!.status)
    const admins = await env.DB.prepare(`SELECT count(*) AS n FROM staff_users WHERE agency_id = ?1 AND role = 'admin' AND active = 1`)
      .bind(agency.id)
      .first()
    expect(admins).toStrictEqual({ n: 1 })
  })
})

describe('resetting a password', () => {
  it('replaces it with a new one-time password, ends every session and requires a change', async () => {
    const { agency, admin } = await agencyWithAdmin()
    const member = await createMember(agency.id, 'organizer')
    const res = await api(`/staff/users/${member.id}/reset-password`, { method: 'POST', token: admin.token })
    expect(res.status).toBe(200)
    expect(res.json.oneTimePassword).toMatch(OTP)
    expect(res.json.user).toMatchObject({ id: member.id, mustChangePassword: true, active: true })
    const row = await staffRow(member.id)
    expect(row).toMatchObject({ mustChangePassword: 1, tokenVersion: 1 })
    expect(await verifyPassword(res.json.oneTimePassword, row!.passwordHash)).toBe(true)
    expect((await api('/staff/me', { token: member.token })).status).toBe(401)
    expect((await login(member.username, member.password)).status).toBe(401)
    const fresh = await login(member.username, res.json.oneTimePassword)
    expect(fresh.json.mustChangePassword).toBe(true)
    expect((await api('/staff/events', { token: fresh.json.token })).json.error.code).toBe('PASSWORD_CHANGE_REQUIRED')
  })
})
