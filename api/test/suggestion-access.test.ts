// Who may do what on every new suggestion route: the handler of the item's department, a handler
// of another department, organizer, admin, checker, another agency's admin and handler, a
// participant and nobody. A refused step changes nothing.
import { describe, expect, it } from 'vitest'
import { api, createAgency, createParticipant, createPublishedEvent } from './support/fixtures'
import { agencySetup, createDepartment, createMember, post, submit, trailOf, workflowOf } from './support/handling'

type Persona = 'handler' | 'otherHandler' | 'organizer' | 'admin' | 'checker' | 'foreignAdmin' | 'foreignHandler' | 'participant' | 'anonymous'
const PERSONAS: Persona[] = ['handler', 'otherHandler', 'organizer', 'admin', 'checker', 'foreignAdmin', 'foreignHandler', 'participant', 'anonymous']

async function world() {
  const t = await agencySetup()
  const foreign = await createAgency()
  await createPublishedEvent(foreign.id)
  const foreignDept = await createDepartment(foreign.id, '检测科')
  const tokens: Record<Persona, string | undefined> = {
    handler: t.handler.token,
    otherHandler: t.otherHandler.token,
    organizer: t.organizer.token,
    admin: t.admin.token,
    checker: t.checker.token,
    foreignAdmin: (await createMember(foreign.id, 'admin')).token,
    foreignHandler: (await createMember(foreign.id, 'handler', foreignDept.id)).token,
    participant: (await createParticipant()).token,
    anonymous: undefined,
  }
  return { ...t, tokens }
}
type World = Awaited<ReturnType<typeof world>>

const ok = (r: { status: number; json: unknown }) => {
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.json)}`)
}
async function assigned(w: World) {
  const s = await submit(w.event.id)
  await post(`/staff/suggestions/${s.id}/assign`, w.organizer.token, { departmentId: w.dept.id }).then(ok)
  return s
}

const STEPS: Record<string, { expect: Record<Persona, number>; item: (w: World) => Promise<{ id: string }>; body: (w: World) => Promise<unknown> | unknown }> = {
  assign: {
    expect: { handler: 403, otherHandler: 403, organizer: 200, admin: 200, checker: 403, foreignAdmin: 404, foreignHandler: 403, participant: 403, anonymous: 401 },
    item: (w) => submit(w.event.id),
    body: (w) => ({ departmentId: w.dept.id }),
  },
  return: {
    expect: { handler: 200, otherHandler: 404, organizer: 403, admin: 403, checker: 403, foreignAdmin: 403, foreignHandler: 404, participant: 403, anonymous: 401 },
    item: assigned,
    body: () => ({ reason: '不属于本部门职责' }),
  },
  answer: {
    expect: { handler: 200, otherHandler: 404, organizer: 403, admin: 200, checker: 403, foreignAdmin: 404, foreignHandler: 404, participant: 403, anonymous: 401 },
    item: assigned,
    body: () => ({ answer: '已经处理完毕，感谢监督。', resultClass: 'A', publish: false }),
  },
  urge: {
    expect: { handler: 403, otherHandler: 403, organizer: 403, admin: 200, checker: 403, foreignAdmin: 404, foreignHandler: 403, participant: 403, anonymous: 401 },
    item: assigned,
    body: () => ({ note: '请尽快办理' }),
  },
  merge: {
    expect: { handler: 403, otherHandler: 403, organizer: 200, admin: 200, checker: 403, foreignAdmin: 404, foreignHandler: 403, participant: 403, anonymous: 401 },
    item: assigned,
    body: async (w) => ({ intoId: (await submit(w.event.id)).id }),
  },
}

describe('the authorisation matrix of the staff steps', () => {
  for (const [step, spec] of Object.entries(STEPS)) {
    it(`POST /staff/suggestions/:id/${step}`, async () => {
      const w = await world()
      for (const persona of PERSONAS) {
        const s = await spec.item(w)
        const before = { row: await workflowOf(s.id), trail: await trailOf(s.id) }
        const res = await post(`/staff/suggestions/${s.id}/${step}`, w.tokens[persona], await spec.body(w))
        expect([persona, res.status]).toStrictEqual([persona, spec.expect[persona]])
        if (res.status === 200) continue
        expect(await workflowOf(s.id)).toStrictEqual(before.row)
        expect(await trailOf(s.id)).toStrictEqual(before.trail)
      }
    }, 30_000)
  }
})

describe('the authorisation matrix of the staff reads', () => {
  it('GET /staff/suggestions: handlers only their department, other agencies nothing, checkers 403', async () => {
    const w = await world()
    const mine = await assigned(w)
    const unassigned = await submit(w.event.id)
    const seen: Record<Persona, number | string[]> = {
      handler: [mine.id],
      otherHandler: [],
      organizer: [mine.id, unassigned.id],
      admin: [mine.id, unassigned.id],
      checker: 403,
      foreignAdmin: [],
      foreignHandler: [],
      participant: 403,
      anonymous: 401,
    }
    for (const persona of PERSONAS) {
      const res = await api('/staff/suggestions', { token: w.tokens[persona] })
      const expected = seen[persona]
      if (typeof expected === 'number') expect([persona, res.status]).toStrictEqual([persona, expected])
      else expect([persona, res.json.items.map((i: { id: string }) => i.id).sort()]).toStrictEqual([persona, [...expected].sort()])
    }
  })

  it('GET /staff/suggestions/:id', async () => {
    const w = await world()
    const mine = await assigned(w)
    const expected: Record<Persona, number> = {
      handler: 200, otherHandler: 404, organizer: 200, admin: 200, checker: 403, foreignAdmin: 404, foreignHandler: 404, participant: 403, anonymous: 401,
    }
    for (const persona of PERSONAS) {
      const res = await api(`/staff/suggestions/${mine.id}`, { token: w.tokens[persona] })
      expect([persona, res.status]).toStrictEqual([persona, expected[persona]])
      if (res.status === 200) expect(res.json.suggestion.trail).toHaveLength(2)
      else expect(JSON.stringify(res.json)).not.toContain('指引牌')
    }
  })

  it('a handler moved to another department sees that department’s items from the next request', async () => {
    const w = await world()
    const mine = await assigned(w)
    expect((await api(`/staff/suggestions/${mine.id}`, { token: w.handler.token })).status).toBe(200)
    const { env } = await import('cloudflare:test')
    await env.DB.prepare('UPDATE staff_users SET department_id = ?1 WHERE id = ?2').bind(w.otherDept.id, w.handler.id).run()
    expect((await api(`/staff/suggestions/${mine.id}`, { token: w.handler.token })).status).toBe(404)
    expect((await post(`/staff/suggestions/${mine.id}/answer`, w.handler.token, STEPS.answer.body(w))).status).toBe(404)
  })
})

describe('the citizen routes', () => {
  it('GET /me/suggestions: participants only', async () => {
    const w = await world()
    expect((await api('/me/suggestions')).status).toBe(401)
    expect((await api('/me/suggestions', { token: w.admin.token })).status).toBe(403)
    expect((await api('/me/suggestions', { token: w.tokens.participant })).status).toBe(200)
  })

  it('rating needs the tracking code, not a login; a staff token does not help', async () => {
    const w = await world()
    const s = await assigned(w)
    await post(`/staff/suggestions/${s.id}/answer`, w.handler.token, STEPS.answer.body(w)).then(ok)
    // The internal id is not a tracking code.
    expect((await post(`/suggestions/${s.id}/rating`, w.admin.token, { rating: 5 })).status).toBe(404)
    expect((await post(`/suggestions/${s.code.toLowerCase()}/rating`, undefined, { rating: 5 })).status).toBe(200)
  })
})
