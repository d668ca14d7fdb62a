import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createStaff } from './support/fixtures'
import { createDepartment, createMember, departmentRow, orgSnapshot, setSuggestionStatus, suggestionIn } from './support/org'

// 承办部门 per agency: the admin creates, renames and (de)activates them; organizers and handlers
// read the list (assign forms need it); a department with items still being handled stays active.

const NOW = '2026-03-10T02:00:00.000Z'

async function adminOfNewAgency() {
  const agency = await createAgency()
  return { agency, admin: await createStaff(agency.id, 'admin') }
}

describe('departments', () => {
  it('the admin creates one; it is stored for the agency and answered as stored', async () => {
    const { agency, admin } = await adminOfNewAgency()
    const res = await api('/staff/departments', { body: { name: ' 检测科 ' }, token: admin.token })
    expect(res.status).toBe(201)
    const id = res.json.department.id
    expect(res.json).toStrictEqual({ department: { id, name: '检测科', active: true, openItems: 0, createdAt: NOW } })
    expect(await departmentRow(id)).toStrictEqual({ id, agencyId: agency.id, name: '检测科', active: 1, createdAt: NOW })
  })

  it('a name is unique per agency (409, nothing stored), also between simultaneous requests; other agencies may reuse it', async () => {
    const { agency, admin } = await adminOfNewAgency()
    const both = await Promise.all([1, 2].map(() => api('/staff/departments', { body: { name: '办公室' }, token: admin.token })))
    expect(both.map((r) => r.status).sort()).toEqual([201, 409])
    const refused = both.find((r) => r.status === 409)!
    expect(refused.json).toStrictEqual({ error: { code: 'DEPARTMENT_NAME_TAKEN', message: '本单位已有同名的部门', field: 'name' } })
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM departments WHERE agency_id = ?1').bind(agency.id).first()
    expect(stored).toStrictEqual({ n: 1 })
    const other = await adminOfNewAgency()
    expect((await api('/staff/departments', { body: { name: '办公室' }, token: other.admin.token })).status).toBe(201)
  })

  it('lists the own agency only, active first, with the items each is handling; organizers and handlers read it too', async () => {
    const { agency, admin } = await adminOfNewAgency()
    const a = await createDepartment(agency.id, '检测科')
    const b = await createDepartment(agency.id, '质量安全监管科')
    const old = await createDepartment(agency.id, '旧科室', false)
    await createDepartment((await createAgency()).id, '别的单位的科室')
    await suggestionIn(agency.id, a.id, 'assigned')
    await suggestionIn(agency.id, a.id, 'reopened')
    await suggestionIn(agency.id, a.id, 'answered')
    await suggestionIn(agency.id, b.id, 'returned')
    const expected = {
      departments: [
        { id: a.id, name: '检测科', active: true, openItems: 2, createdAt: NOW },
        { id: b.id, name: '质量安全监管科', active: true, openItems: 1, createdAt: NOW },
        { id: old.id, name: '旧科室', active: false, openItems: 0, createdAt: NOW },
      ],
    }
    const organizer = await createMember(agency.id, 'organizer')
    const handler = await createMember(agency.id, 'handler', a.id)
    for (const who of [admin, organizer, handler]) {
      const res = await api('/staff/departments', { token: who.token })
      expect(res.status).toBe(200)
      expect(res.json).toStrictEqual(expected)
    }
  })

  it('renames; a name already used in the agency is 409 and changes nothing', async () => {
    const { agency, admin } = await adminOfNewAgency()
    const a = await createDepartment(agency.id, '检测科')
    await createDepartment(agency.id, '办公室')
    const renamed = await api(`/staff/departments/${a.id}`, { method: 'PATCH', body: { name: '农产品检测科' }, token: admin.token })
    expect(renamed.status).toBe(200)
    expect(renamed.json).toStrictEqual({ department: { id: a.id, name: '农产品检测科', active: true, openItems: 0, createdAt: NOW } })
    const before = await orgSnapshot()
    const clash = await api(`/staff/departments/${a.id}`, { method: 'PATCH', body: { name: '办公室', active: false }, token: admin.token })
    expect(clash.status).toBe(409)
    expect(clash.json.error.code).toBe('DEPARTMENT_NAME_TAKEN')
    expect(await orgSnapshot()).toStrictEqual(before)
  })

  it.each(['assigned', 'reopened', 'returned'] as const)(
    'is not deactivated while it has an item %s (409, stays active); once handled it is',
    async (status) => {
      const { agency, admin } = await adminOfNewAgency()
      const d = await createDepartment(agency.id, '检测科')
      const item = await suggestionIn(agency.id, d.id, status)
      await suggestionIn(agency.id, d.id, 'closed')
      const refused = await api(`/staff/departments/${d.id}`, { method: 'PATCH', body: { active: false }, token: admin.token })
      expect(refused.status).toBe(409)
      expect(refused.json).toStrictEqual({
        error: { code: 'DEPARTMENT_HAS_OPEN_ITEMS', message: '该部门还有1条正在办理的意见，办结或转办后才能停用', openItems: 1 },
      })
      expect(await departmentRow(d.id)).toMatchObject({ active: 1 })
      // A rename is still fine while it works on items.
      expect((await api(`/staff/departments/${d.id}`, { method: 'PATCH', body: { name: '检测一科' }, token: admin.token })).status).toBe(200)
      await setSuggestionStatus(item, 'answered')
      const done = await api(`/staff/departments/${d.id}`, { method: 'PATCH', body: { active: false }, token: admin.token })
      expect(done.status).toBe(200)
      expect(done.json.department).toStrictEqual({ id: d.id, name: '检测一科', active: false, openItems: 0, createdAt: NOW })
      expect(await departmentRow(d.id)).toStrictEqual({ id: d.id, agencyId: agency.id, name: '检测一科', active: 0, createdAt: NOW })
      const back = await api(`/staff/departments/${d.id}`, { method: 'PATCH', body: { active: true }, token: admin.token })
      expect(back.json.department.active).toBe(true)
    },
  )

  it('refuses an empty change and bad names (400), nothing stored', async () => {
    const { agency, admin } = await adminOfNewAgency()
    const d = await createDepartment(agency.id, '检测科')
    const before = await orgSnapshot()
    const empty = await api(`/staff/departments/${d.id}`, { method: 'PATCH', body: {}, token: admin.token })
    expect(empty.status).toBe(400)
    expect(empty.json.error.code).toBe('VALIDATION_FAILED')
    const blank = await api('/staff/departments', { body: { name: '   ' }, token: admin.token })
    expect(blank.json.error).toStrictEqual({ code: 'VALIDATION_FAILED', message: '请输入部门名称', field: 'name' })
    const long = await api('/staff/departments', { body: { name: '科'.repeat(31) }, token: admin.token })
    expect(long.json.error).toStrictEqual({ code: 'VALIDATION_FAILED', message: '部门名称不能超过30个字', field: 'name' })
    expect(await orgSnapshot()).toStrictEqual(before)
  })
})
