// 关注 (follows): the input of POST /me/follows and the shape of GET /me/follows. The labels
// (FOLLOW_KINDS) are in constants.ts, so the app's 关注 button does not carry this schema.
import * as z from 'zod/mini'
import './zod'
import { FOLLOW_KIND_CODES, type FollowKind } from './constants'
import { text } from './text-schema'

/** Follows per person: enough for every agency and event one cares about, not a fan-out weapon. */
export const FOLLOWS_MAX = 200

export const followInputSchema = z.object({
  kind: z.enum(FOLLOW_KIND_CODES, { error: '请选择关注的对象' }),
  /** An agency or event id, or a suggestion's tracking code. */
  target: text(1, 64, { required: '请选择关注的对象' }),
})
export type FollowInput = z.infer<typeof followInputSchema>

/** GET /me/follows */
export interface Follow {
  id: string
  kind: FollowKind
  targetId: string
  /** What the person sees: the agency's name, the event's title, or 意见 + the code's last 4. */
  title: string
  /** A followed suggestion's tracking code (the follower gave it), to open its page; null otherwise. */
  trackingCode: string | null
  createdAt: string
}
