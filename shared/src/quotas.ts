// The event's quotas (名额分配, docs/seats.md) as validated on create and edit. A module of its
// own, used by schemas.ts: a strict object of the categories (no record schema), so the form
// pages that load schemas.ts carry almost nothing more.
import * as z from 'zod/mini'
import './zod'
import { CATEGORY_CODES, type Category } from './constants'
import { sumQuotas, type Quotas } from './seats'

const quota = z.optional(
  z.int({ error: '各类别名额须为整数' }).check(z.minimum(0, { error: '各类别名额不能为负数' }), z.maximum(10000)),
)

export const quotasSchema = z.strictObject(
  Object.fromEntries(CATEGORY_CODES.map((c) => [c, quota])) as Record<Category, typeof quota>,
  { error: (iss) => (iss.code === 'invalid_type' ? '名额分配格式不正确' : '名额分配的身份类别不正确') },
)

/** Σ quotas ≤ capacity, checked on the event input and on the event merged with a patch. */
export const checkQuotas = z.superRefine((v: { capacity?: number; quotas?: Quotas }, ctx) => {
  if (v.capacity !== undefined && v.quotas !== undefined && sumQuotas(v.quotas) > v.capacity)
    ctx.addIssue({ code: 'custom', path: ['quotas'], message: `各类别邀请名额合计（${sumQuotas(v.quotas)}）不能超过总名额（${v.capacity}）`, input: v })
})

