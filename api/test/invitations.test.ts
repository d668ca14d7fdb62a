import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { DAY, api, createAgency, createParticipant, createPublishedEvent, createStaff, signUp } from './support/fixtures'
import { advance } from './support/clock'
import { newInvitationCode } from '../src/lib/ids'
import { invite, preparedSignUps, seatCounts, seatedEvent } from './support/seats'

const CODE = /^[2-9A-HJ-NP-TV-Z]{17}$/

const storedInvitation = (id: string) =>
  env.DB.prepare('SELECT category, max_uses, used_count, expires_at, label, revoked_at FROM invitations WHERE id = ?1').bind(id).first()

describe('creating invitations (邀请码)', () => {
  it('creates a group invitation with an unguessable code and a sign-up link', async () => {
    const { event, staff } = await seatedEvent()
    const res = await invite(event.id, staff.token, { maxUses: 5, label: '市人大常委会', expiresAt: '2026-03-20T18:00:00+08:00' })
    expect(res.status).toBe(201)
    const { id, code, createdAt, ...rest } = res.json.invitation
    expect(code).toMatch(CODE)
    expect(rest).toEqual({
      url: `http://openday.test/#/pages/register/index?eventId=${encodeURIComponent(event.id)}&invite=${code}`,
      category: 'npc_deputy',
      maxUses: 5,
      usedCount: 0,
      expiresAt: '2026-03-20T10:00:00.000Z',
      label: '市人大常委会',
      revokedAt: null,
    })
    expect(await storedInvitation(id)).toEqual({
      category: 'npc_deputy',
      max_uses: 5,
      used_count: 0,
      expires_at: '2026-03-20T10:00:00.000Z',
      label: '市人大常委会',
      revoked_at: null,
    })
    // Codes differ every time (≈ 84 random bits each).
    const codes = new Set([code])
    for (let i = 0; i < 5; i++) codes.add((await invite(event.id, staff.token)).json.invitation.code)
    expect(codes.size).toBe(6)
    const list = await api(`/events/${event.id}/invitations`, { token: staff.token })
    expect(list.status).toBe(200)
    expect(list.json.invitations).toHaveLength(6)
  })

  it('refuses a category without reserved seats, a past expiry and bad input', async () => {
    const { event, staff } = await seatedEvent()
    const none = await invite(event.id, staff.token, { category: 'media' })
    expect(none.status).toBe(409)
    expect(none.json.error).toEqual({ code: 'INVALID_STATE', field: 'category', message: '请先在名额分配中为「新闻媒体」设置邀请名额' })
    const past = await invite(event.id, staff.token, { expiresAt: new Date(Date.now() - 1000).toISOString() })
    expect(past.status).toBe(400)
    expect(past.json.error).toEqual({ code: 'VALIDATION_FAILED', field: 'expiresAt', message: '有效期须晚于现在' })
    for (const bad of [{ maxUses: 0 }, { maxUses: 1.5 }, { category: 'alien' }, { expiresAt: 'tomorrow' }]) {
      const res = await invite(event.id, staff.token, bad as never)
      expect(res.status).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
    }
    expect((await env.DB.prepare('SELECT count(*) AS n FROM invitations WHERE event_id = ?1').bind(event.id).first())).toEqual({ n: 0 })
  })

  it('only the organiser or admin of the event agency creates, lists and revokes', async () => {
    const { event, staff, agency } = await seatedEvent()
    const inv = (await invite(event.id, staff.token)).json.invitation
    const checker = await createStaff(agency.id, 'checker')
    const handler = await createStaff(agency.id, 'handler')
    const stranger = await createStaff((await createAgency()).id, 'admin')
    const participant = await createParticipant()
    for (const token of [checker.token, handler.token, stranger.token, participant.token]) {
      expect((await invite(event.id, token)).status).toBe(403)
      expect((await api(`/events/${event.id}/invitations`, { token })).status).toBe(403)
      expect((await api(`/events/${event.id}/invitations/${inv.id}/revoke`, { method: 'POST', token })).status).toBe(403)
    }
    expect((await invite(event.id, '')).status).toBe(401)
    expect((await api(`/events/${event.id}/invitations`)).status).toBe(401)
    expect(await storedInvitation(inv.id)).toMatchObject({ revoked_at: null })
    const admin = await createStaff(agency.id, 'admin')
    expect((await invite(event.id, admin.token)).status).toBe(201)
  })
})

it('codes are 17 random readable characters (≈ 84 bits): every position varies', () => {
  const codes = Array.from({ length: 300 }, () => newInvitationCode())
  expect(new Set(codes).size).toBe(300)
  for (const c of codes) expect(c).toMatch(CODE)
  // 31 symbols per position: 300 codes show well over 15 of them at each of the 17 positions.
  for (let i = 0; i < 17; i++) expect(new Set(codes.map((c) => c[i])).size).toBeGreaterThan(15)
})

describe('signing up with an invitation', () => {
  it('counts uses; a used-up code is refused with 邀请码已用完', async () => {
    const { event, staff, participant } = await seatedEvent()
    const inv = (await invite(event.id, staff.token, { maxUses: 2 })).json.invitation
    expect((await signUp(event.id, participant.token, { invitationCode: inv.code })).status).toBe(201)
    expect((await signUp(event.id, participant.token, { invitationCode: ` ${inv.code.slice(0, 8)}-${inv.code.slice(8).toLowerCase()} ` })).status).toBe(201)
    const third = await signUp(event.id, participant.token, { invitationCode: inv.code })
    expect(third.status).toBe(409)
    expect(third.json.error).toEqual({ code: 'INVITATION_INVALID', field: 'invitationCode', reason: 'used_up', message: '邀请码已用完，请联系主办单位' })
    expect(await storedInvitation(inv.id)).toMatchObject({ used_count: 2 })
    const list = await api(`/events/${event.id}/invitations`, { token: staff.token })
    expect(list.json.invitations[0]).toMatchObject({ id: inv.id, usedCount: 2, maxUses: 2 })
  })

  it('a cancelled sign-up gives its use back; a declined one keeps it', async () => {
    const { event, staff, participant } = await seatedEvent()
    const inv = (await invite(event.id, staff.token, { maxUses: 1 })).json.invitation
    const first = (await signUp(event.id, participant.token, { invitationCode: inv.code })).json.registration
    expect(await storedInvitation(inv.id)).toMatchObject({ used_count: 1 })
    expect((await api(`/me/registrations/${first.id}`, { method: 'DELETE', token: participant.token })).status).toBe(200)
    expect(await storedInvitation(inv.id)).toMatchObject({ used_count: 0 })
    // The invited person signs up again with the same 1-use code.
    const again = await signUp(event.id, participant.token, { invitationCode: inv.code })
    expect(again.status).toBe(201)
    expect(await storedInvitation(inv.id)).toMatchObject({ used_count: 1 })

    const vetted = await seatedEvent({ requiresApproval: true })
    const code = (await invite(vetted.event.id, vetted.staff.token, { maxUses: 1 })).json.invitation
    const pending = (await signUp(vetted.event.id, vetted.participant.token, { invitationCode: code.code })).json.registration
    const declined = await api(`/events/${vetted.event.id}/registrations/${pending.id}/decline`, { body: { reason: '名单有误' }, token: vetted.staff.token })
    expect(declined.status).toBe(200)
    expect(await storedInvitation(code.id)).toMatchObject({ used_count: 1 })
    expect((await signUp(vetted.event.id, vetted.participant.token, { invitationCode: code.code })).json.error.reason).toBe('used_up')
  })

  it('a 1-use code used by 10 people at once gives exactly one seat', { timeout: 20_000 }, async () => {
    const { event, staff } = await seatedEvent({ capacity: 20, quotas: { npc_deputy: 10 } })
    const inv = (await invite(event.id, staff.token, { maxUses: 1 })).json.invitation
    const attempts = await preparedSignUps(10, () => ({ invitationCode: inv.code }))
    const results = await Promise.all(attempts.map((a) => api(`/events/${event.id}/registrations`, { body: a.body, token: a.token })))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409 && r.json.error.reason === 'used_up')).toHaveLength(9)
    expect(await storedInvitation(inv.id)).toMatchObject({ used_count: 1 })
    expect(await seatCounts(event.id)).toEqual({ npc_deputy: 1 })
  })

  it('expiry follows the clock: usable until expiresAt, refused after', async () => {
    const { event, staff, participant } = await seatedEvent()
    const inv = (await invite(event.id, staff.token, { maxUses: 3, expiresAt: new Date(Date.now() + DAY).toISOString() })).json.invitation
    advance(DAY - 1000)
    expect((await signUp(event.id, participant.token, { invitationCode: inv.code })).status).toBe(201)
    advance(1000)
    const late = await signUp(event.id, participant.token, { invitationCode: inv.code })
    expect(late.json.error).toEqual({ code: 'INVITATION_INVALID', field: 'invitationCode', reason: 'expired', message: '邀请码已过期，请联系主办单位' })
    expect((await api(`/public/invitations/${inv.code}`)).json).toMatchObject({ valid: false, reason: 'expired' })
  })

  it('a revoked code and another event’s code are refused, and take no seat', async () => {
    const { event, staff, participant, agency } = await seatedEvent()
    const inv = (await invite(event.id, staff.token, { maxUses: 3 })).json.invitation
    const revoked = await api(`/events/${event.id}/invitations/${inv.id}/revoke`, { method: 'POST', token: staff.token })
    expect(revoked.status).toBe(200)
    expect(revoked.json.invitation.revokedAt).toBe('2026-03-10T02:00:00.000Z')
    expect((await api(`/events/${event.id}/invitations/${inv.id}/revoke`, { method: 'POST', token: staff.token })).status).toBe(409)
    const res = await signUp(event.id, participant.token, { invitationCode: inv.code })
    expect(res.json.error).toEqual({ code: 'INVITATION_INVALID', field: 'invitationCode', reason: 'revoked', message: '邀请码已失效，请联系主办单位' })
    // The same agency's next event, with the same category reserved.
    const second = await createPublishedEvent(agency.id, { quotas: { npc_deputy: 5 }, capacity: 10 })
    const foreign = await signUp(second.id, participant.token, { invitationCode: (await invite(event.id, staff.token)).json.invitation.code })
    expect(foreign.json.error).toEqual({ code: 'INVITATION_INVALID', field: 'invitationCode', reason: 'invalid', message: '邀请码无效，请核对链接或联系主办单位' })
    const made = await signUp(event.id, participant.token, { invitationCode: 'NOTAREALCODE23456' })
    expect(made.json.error.reason).toBe('invalid')
    expect(await seatCounts(event.id)).toEqual({})
    expect(await seatCounts(second.id)).toEqual({})
  })
})

describe('GET /public/invitations/:code', () => {
  it('tells the sign-up page the event and the category, valid or why not', async () => {
    const { event, staff } = await seatedEvent()
    const inv = (await invite(event.id, staff.token)).json.invitation
    const res = await api(`/public/invitations/${inv.code.toLowerCase()}`)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ eventId: event.id, eventTitle: event.title, category: 'npc_deputy', categoryLabel: '人大代表', valid: true })
    const p = await createParticipant()
    await signUp(event.id, p.token, { invitationCode: inv.code })
    expect((await api(`/public/invitations/${inv.code}`)).json).toEqual({
      eventId: event.id,
      eventTitle: event.title,
      category: 'npc_deputy',
      categoryLabel: '人大代表',
      valid: false,
      reason: 'used_up',
      message: '邀请码已用完，请联系主办单位',
    })
    for (const bad of ['ZZZZZZZZZZZZZZZZZ', 'short', 'x'.repeat(30)]) {
      const miss = await api(`/public/invitations/${bad}`)
      expect(miss.status).toBe(404)
      expect(miss.json.error).toEqual({ code: 'INVITATION_INVALID', message: '邀请码无效，请核对链接或联系主办单位' })
    }
  })

  it('throttles guessing per device', async () => {
    const headers = { 'x-client-id': 'guessing-device' }
    const answers = []
    for (let i = 0; i < 21; i++) answers.push((await api(`/public/invitations/ZZZZZZZZZZZZZZZZ${'23456789A'[i % 9]}`, { headers })).status)
    expect(answers.slice(0, 20).every((s) => s === 404)).toBe(true)
    expect(answers[20]).toBe(429)
  })
})
