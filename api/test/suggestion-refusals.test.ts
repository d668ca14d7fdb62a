// Every step from every state through the API: the allowed ones move the item and add one trail
// step, every other one is 409 INVALID_TRANSITION (naming the current state) and changes nothing.
// Concurrent conflicting steps: exactly one wins.
import type { SuggestionStatus } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { api } from './support/fixtures'
import { agencySetup, post, submit, trailOf, workflowOf } from './support/handling'

type Setup = Awaited<ReturnType<typeof agencySetup>>
type Item = { id: string; code: string }

const LABELS: Record<SuggestionStatus, string> = {
  received: '已受理',
  assigned: '办理中',
  answered: '已答复',
  closed: '已办结',
  returned: '已退回',
  reopened: '重新办理',
  merged: '已合并',
}

/** Written out by hand (not read from shared), so a wrong table in shared fails here. */
const ALLOWED: Record<string, SuggestionStatus[]> = {
  assign: ['received', 'returned'],
  return: ['assigned', 'reopened'],
  answer: ['assigned', 'reopened'],
  urge: ['assigned', 'reopened'],
  merge: ['received', 'returned', 'assigned', 'reopened'],
  rate_satisfied: ['answered'],
  rate_dissatisfied: ['answered'],
}

const ok = (res: { status: number; json: unknown }) => {
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.json)}`)
}

/** An item driven through the API into `state`. */
async function itemIn(t: Setup, state: SuggestionStatus, main: Item): Promise<Item> {
  const s = await submit(t.event.id, { publicConsent: true })
  const step = (name: string, token: string, body: unknown) => post(`/staff/suggestions/${s.id}/${name}`, token, body).then(ok)
  if (state === 'received') return s
  await step('assign', t.organizer.token, { departmentId: t.dept.id })
  if (state === 'returned') await step('return', t.handler.token, { reason: '不属于本部门职责' })
  if (state === 'merged') await step('merge', t.admin.token, { intoId: main.id })
  if (state === 'assigned' || state === 'returned' || state === 'merged') return s
  await step('answer', t.handler.token, { answer: '已经处理完毕，感谢监督。', resultClass: 'A', publish: false })
  if (state === 'answered') return s
  await post(`/suggestions/${s.code}/rating`, undefined, { rating: state === 'closed' ? 5 : 2 }).then(ok)
  return s
}

function attempt(t: Setup, action: string, s: Item, main: Item) {
  const S = (step: string) => `/staff/suggestions/${s.id}/${step}`
  switch (action) {
    case 'assign':
      return post(S('assign'), t.organizer.token, { departmentId: t.dept.id })
    case 'return':
      return post(S('return'), t.handler.token, { reason: '不属于本部门职责' })
    case 'answer':
      return post(S('answer'), t.admin.token, { answer: '已经处理完毕，感谢监督。', resultClass: 'A', publish: false })
    case 'urge':
      return post(S('urge'), t.admin.token, { note: '请尽快办理' })
    case 'merge':
      return post(S('merge'), t.admin.token, { intoId: main.id })
    case 'rate_satisfied':
      return post(`/suggestions/${s.code}/rating`, undefined, { rating: 5 })
    default:
      return post(`/suggestions/${s.code}/rating`, undefined, { rating: 1 })
  }
}

describe('the table of transitions, through the API', () => {
  const states = Object.keys(LABELS) as SuggestionStatus[]
  for (const action of Object.keys(ALLOWED)) {
    it(`${action}: allowed from ${ALLOWED[action].join(', ')}; refused from every other state`, async () => {
      const t = await agencySetup()
      const main = await submit(t.event.id)
      for (const state of states) {
        const s = await itemIn(t, state, main)
        const before = { row: await workflowOf(s.id), trail: await trailOf(s.id) }
        const res = await attempt(t, action, s, main)
        if (ALLOWED[action].includes(state)) {
          expect([state, res.status]).toStrictEqual([state, 200])
          const trail = await trailOf(s.id)
          expect(trail).toHaveLength(before.trail.length + 1)
          expect(trail.at(-1)).toMatchObject({ action, from_state: state })
          continue
        }
        // A handler does not see an item that no department of theirs holds (not yet or no longer).
        if (action === 'return' && (state === 'received' || state === 'returned')) {
          expect([state, res.status, res.json.error.code]).toStrictEqual([state, 404, 'NOT_FOUND'])
        } else {
          expect([state, res.status, res.json.error.code]).toStrictEqual([state, 409, 'INVALID_TRANSITION'])
          expect(res.json.error.message).toContain(`“${LABELS[state]}”`)
        }
        expect(await workflowOf(s.id)).toStrictEqual(before.row)
        expect(await trailOf(s.id)).toStrictEqual(before.trail)
      }
    }, 30_000)
  }
})

describe('concurrent steps', () => {
  it('two answers at once: exactly one is stored', async () => {
    const t = await agencySetup()
    for (let round = 0; round < 5; round++) {
      const s = await itemIn(t, 'assigned', await submit(t.event.id))
      const body = (who: string) => ({ answer: `${who}的答复：已经处理完毕。`, resultClass: 'A', publish: false })
      const results = await Promise.all([
        post(`/staff/suggestions/${s.id}/answer`, t.handler.token, body('承办人')),
        post(`/staff/suggestions/${s.id}/answer`, t.admin.token, body('管理员')),
      ])
      expect(results.map((r) => r.status).sort()).toStrictEqual([200, 409])
      const winner = results[0].status === 200 ? t.handler : t.admin
      expect(results.find((r) => r.status === 409)!.json.error.code).toBe('INVALID_TRANSITION')
      const trail = await trailOf(s.id)
      expect(trail.filter((step) => step.action === 'answer')).toHaveLength(1)
      expect(await workflowOf(s.id)).toMatchObject({ status: 'answered', answered_by: winner.id, trail_seq: 2 })
    }
  }, 30_000)

  it('a satisfied and a dissatisfied rating at once: one wins, the other is refused', async () => {
    const t = await agencySetup()
    for (let round = 0; round < 5; round++) {
      const s = await itemIn(t, 'answered', await submit(t.event.id))
      const results = await Promise.all([5, 1].map((rating) => post(`/suggestions/${s.code}/rating`, undefined, { rating })))
      expect(results.map((r) => r.status).sort()).toStrictEqual([200, 409])
      const trail = await trailOf(s.id)
      expect(trail.filter((step) => String(step.action).startsWith('rate_'))).toHaveLength(1)
      const row = await workflowOf(s.id)
      expect(row).toMatchObject(results[0].status === 200 ? { status: 'closed', rating: 5, reopen_count: 0 } : { status: 'reopened', rating: 1, reopen_count: 1 })
    }
  }, 30_000)

  it('assign and merge at once, and two items merged into each other at once: one step each time', async () => {
    const t = await agencySetup()
    for (let round = 0; round < 3; round++) {
      const [a, b] = [await submit(t.event.id), await submit(t.event.id)]
      const [assign, merge] = await Promise.all([
        post(`/staff/suggestions/${a.id}/assign`, t.organizer.token, { departmentId: t.dept.id }),
        post(`/staff/suggestions/${a.id}/merge`, t.admin.token, { intoId: b.id }),
      ])
      // Merging an assigned item is allowed too, so the merge may come second and still succeed.
      const steps = (await trailOf(a.id)).slice(1).map((s) => s.action)
      expect(steps.length).toBe([assign, merge].filter((r) => r.status === 200).length)
      expect(new Set(steps).size).toBe(steps.length)

      const [c, d] = [await submit(t.event.id), await submit(t.event.id)]
      const crossed = await Promise.all([
        post(`/staff/suggestions/${c.id}/merge`, t.admin.token, { intoId: d.id }),
        post(`/staff/suggestions/${d.id}/merge`, t.organizer.token, { intoId: c.id }),
      ])
      expect(crossed.map((r) => r.status).sort()).toStrictEqual([200, 400])
      const rows = [await workflowOf(c.id), await workflowOf(d.id)]
      expect(rows.map((r) => r!.status).sort()).toStrictEqual(['merged', 'received'])
    }
  }, 30_000)

  it('y into x and x into z at once: never a chain y → x → z', async () => {
    const t = await agencySetup()
    for (let round = 0; round < 8; round++) {
      const [x, y, z] = [await submit(t.event.id), await submit(t.event.id), await submit(t.event.id)]
      const chain = await Promise.all([
        post(`/staff/suggestions/${y.id}/merge`, t.admin.token, { intoId: x.id }),
        post(`/staff/suggestions/${x.id}/merge`, t.organizer.token, { intoId: z.id }),
      ])
      expect(chain.map((r) => r.status).sort()).toStrictEqual([200, 400])
    }
  }, 30_000)
})

describe('a view after the race', () => {
  it('shows one answer', async () => {
    const t = await agencySetup()
    const s = await itemIn(t, 'answered', await submit(t.event.id))
    expect((await api(`/suggestions/${s.code}`)).json.suggestion.timeline.filter((x: { action: string }) => x.action === 'answer')).toHaveLength(1)
  })
})
