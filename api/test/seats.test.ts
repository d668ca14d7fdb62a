import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, createAgency, createStaff, eventInput, signUp } from './support/fixtures'
import { invite, preparedSignUps, seatCounts, seatedEvent, storedPools } from './support/seats'

const storedEvent = (id: string) =>
  env.DB.prepare('SELECT capacity, quotas, requires_approval, registered_count FROM events WHERE id = ?1').bind(id).first()

describe('seat pools (名额分配)', () => {
  it('30 concurrent sign-ups for 5 reserved and 5 general seats: exactly 5 + 5, rows and counters agree', { timeout: 30_000 }, async () => {
    const { event, staff } = await seatedEvent({ capacity: 10, quotas: { npc_deputy: 5 } })
    const group = (await invite(event.id, staff.token, { maxUses: 20 })).json.invitation
    // 15 with the group invitation, 15 without, all at once.
    const attempts = await preparedSignUps(30, (i) => (i % 2 ? { invitationCode: group.code, category: 'citizen' } : {}))
    const results = await Promise.all(attempts.map((a) => api(`/events/${event.id}/registrations`, { body: a.body, token: a.token })))
    const outcome = (i: number) => (results[i].status === 201 ? 'created' : results[i].json.error.code)
    const invited = results.map((_, i) => i).filter((i) => i % 2)
    const publicOnes = results.map((_, i) => i).filter((i) => !(i % 2))
    expect(invited.filter((i) => outcome(i) === 'created')).toHaveLength(5)
    expect(invited.filter((i) => outcome(i) === 'QUOTA_FULL')).toHaveLength(10)
    expect(publicOnes.filter((i) => outcome(i) === 'created')).toHaveLength(5)
    expect(publicOnes.filter((i) => outcome(i) === 'EVENT_FULL')).toHaveLength(10)
    // The invited sign up in the invitation's category, whatever they picked.
    for (const i of invited.filter((i) => outcome(i) === 'created')) expect(results[i].json.registration.category).toBe('npc_deputy')
    expect(await storedPools(event.id)).toEqual({ general: 5, npc_deputy: 5 })
    expect(await seatCounts(event.id)).toEqual({ general: 5, npc_deputy: 5 })
    expect(await storedEvent(event.id)).toMatchObject({ registered_count: 10 })
    const used = await env.DB.prepare('SELECT used_count FROM invitations WHERE id = ?1').bind(group.id).first()
    expect(used).toEqual({ used_count: 5 })
  })

  it('a public sign-up never takes a reserved seat, even with the reserved pool empty', async () => {
    const { event, participant } = await seatedEvent({ capacity: 3, quotas: { npc_deputy: 2 } })
    expect((await signUp(event.id, participant.token, { category: 'npc_deputy' })).status).toBe(201)
    const full = await signUp(event.id, participant.token, { category: 'npc_deputy' })
    expect(full.status).toBe(409)
    expect(full.json.error).toEqual({ code: 'EVENT_FULL', message: '名额已满，感谢关注' })
    expect(await storedPools(event.id)).toEqual({ general: 1 })
    // The public page counts only what the public can take.
    expect((await api(`/events/${event.id}`)).json.event.seatsLeft).toBe(0)
  })

  it('an invited person gets a reserved seat when the general pool is full', async () => {
    const { event, participant, staff } = await seatedEvent({ capacity: 3, quotas: { cppcc_member: 2 } })
    expect((await signUp(event.id, participant.token)).status).toBe(201)
    expect((await signUp(event.id, participant.token)).json.error.code).toBe('EVENT_FULL')
    const inv = (await invite(event.id, staff.token, { category: 'cppcc_member' })).json.invitation
    const res = await signUp(event.id, participant.token, { invitationCode: inv.code.toLowerCase(), category: 'citizen' })
    expect(res.status).toBe(201)
    expect(res.json.registration.category).toBe('cppcc_member')
    expect(res.roundTrips).toBe(1)
    const row = await env.DB.prepare('SELECT category, seat_pool, invitation_id, approval FROM registrations WHERE id = ?1').bind(res.json.registration.id).first()
    expect(row).toEqual({ category: 'cppcc_member', seat_pool: 'cppcc_member', invitation_id: inv.id, approval: null })
    expect(await seatCounts(event.id)).toEqual({ cppcc_member: 1, general: 1 })
  })

  it('cancelling frees the seat in its own pool', async () => {
    const { event, participant, staff } = await seatedEvent({ capacity: 2, quotas: { npc_deputy: 1 } })
    const inv = (await invite(event.id, staff.token, { maxUses: 2 })).json.invitation
    const reg = (await signUp(event.id, participant.token, { invitationCode: inv.code })).json.registration
    expect(await seatCounts(event.id)).toEqual({ npc_deputy: 1 })
    expect((await api(`/me/registrations/${reg.id}`, { method: 'DELETE', token: participant.token })).status).toBe(200)
    expect(await seatCounts(event.id)).toEqual({ npc_deputy: 0 })
    expect((await signUp(event.id, participant.token, { invitationCode: inv.code })).status).toBe(201)
    expect(await seatCounts(event.id)).toEqual({ npc_deputy: 1 })
  })
})

describe('quotas on create and edit', () => {
  it('stores quotas and approval on create and shows them on the detail', async () => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const res = await api('/events', { body: eventInput({ capacity: 30, quotas: { npc_deputy: 5, cppcc_member: 5 }, requiresApproval: true }), token: staff.token })
    expect(res.status).toBe(201)
    expect(res.json.event).toMatchObject({ quotas: { npc_deputy: 5, cppcc_member: 5 }, requiresApproval: true, seatsLeft: 20 })
    expect(await storedEvent(res.json.event.id)).toEqual({ capacity: 30, quotas: '{"npc_deputy":5,"cppcc_member":5}', requires_approval: 1, registered_count: 0 })
  })

  it.each([
    [{ capacity: 5, quotas: { npc_deputy: 4, cppcc_member: 2 } }, 'quotas', '各类别邀请名额合计（6）不能超过总名额（5）'],
    [{ quotas: { alien: 1 } }, 'quotas', '名额分配的身份类别不正确'],
    [{ quotas: { npc_deputy: -1 } }, 'quotas.npc_deputy', '各类别名额不能为负数'],
    [{ quotas: { npc_deputy: 1.5 } }, 'quotas.npc_deputy', '各类别名额须为整数'],
    [{ requiresApproval: 'yes' }, 'requiresApproval', '是否需要审核须为是或否'],
  ])('refuses %o on create with a 400 naming the field', async (bad, field, message) => {
    const agency = await createAgency()
    const staff = await createStaff(agency.id, 'organizer')
    const res = await api('/events', { body: { ...eventInput(), ...bad }, token: staff.token })
    expect(res.status).toBe(400)
    expect(res.json.error).toEqual({ code: 'VALIDATION_FAILED', field, message })
  })

  it('a patch keeps Σ quotas ≤ capacity against the stored capacity', async () => {
    const { event, staff } = await seatedEvent({ capacity: 10, quotas: {} })
    const res = await api(`/events/${event.id}`, { method: 'PATCH', body: { quotas: { npc_deputy: 11 } }, token: staff.token })
    expect(res.status).toBe(400)
    expect(res.json.error).toEqual({ code: 'VALIDATION_FAILED', field: 'quotas', message: '各类别邀请名额合计（11）不能超过总名额（10）' })
  })

  it('a quota cannot go below the seats taken in it, nor the general pool below its sign-ups', async () => {
    const { event, staff, participant } = await seatedEvent({ capacity: 10, quotas: { npc_deputy: 5 } })
    const inv = (await invite(event.id, staff.token, { maxUses: 5 })).json.invitation
    for (let i = 0; i < 3; i++) expect((await signUp(event.id, participant.token, { invitationCode: inv.code })).status).toBe(201)
    for (let i = 0; i < 2; i++) expect((await signUp(event.id, participant.token)).status).toBe(201)
    const patch = (body: object) => api(`/events/${event.id}`, { method: 'PATCH', body, token: staff.token })
    const low = await patch({ quotas: { npc_deputy: 2 } })
    expect(low.status).toBe(409)
    expect(low.json.error).toEqual({ code: 'INVALID_STATE', field: 'quotas', message: '「人大代表」已有3人凭邀请报名，该类别名额不能少于3' })
    const gone = await patch({ quotas: {} })
    expect(gone.status).toBe(409)
    // 6 general seats taken would need capacity − Σ quotas ≥ 2: capacity 6 leaves 1.
    const squeeze = await patch({ capacity: 6 })
    expect(squeeze.status).toBe(409)
    expect(squeeze.json.error).toEqual({ code: 'INVALID_STATE', field: 'quotas', message: '公开报名已有2人，总名额减去邀请名额后不能少于2' })
    expect(await storedEvent(event.id)).toMatchObject({ capacity: 10, quotas: '{"npc_deputy":5}' })
    // Capacity below the sign-ups is still refused as before.
    expect((await patch({ capacity: 4, quotas: {} })).status).toBe(409)
    const ok = await patch({ capacity: 7, quotas: { npc_deputy: 3, cppcc_member: 2 } })
    expect(ok.status).toBe(200)
    expect(ok.json.event).toMatchObject({ capacity: 7, quotas: { npc_deputy: 3, cppcc_member: 2 }, seatsLeft: 0 })
    expect(await storedEvent(event.id)).toMatchObject({ capacity: 7, quotas: '{"npc_deputy":3,"cppcc_member":2}' })
  })

  it('seats per pool for the organiser only', async () => {
    const { event, staff, participant, agency } = await seatedEvent({ capacity: 10, quotas: { npc_deputy: 4 } })
    await signUp(event.id, participant.token)
    const res = await api(`/events/${event.id}/seats`, { token: staff.token })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      capacity: 10,
      registered: 1,
      quotas: { npc_deputy: 4 },
      requiresApproval: false,
      pools: [
        { pool: 'general', label: '公开报名', size: 6, taken: 1 },
        { pool: 'npc_deputy', label: '人大代表', size: 4, taken: 0 },
      ],
    })
    const checker = await createStaff(agency.id, 'checker')
    expect((await api(`/events/${event.id}/seats`, { token: checker.token })).status).toBe(403)
    const stranger = await createStaff((await createAgency()).id, 'admin')
    expect((await api(`/events/${event.id}/seats`, { token: stranger.token })).status).toBe(403)
    expect((await api(`/events/${event.id}/seats`)).status).toBe(401)
  })
})
