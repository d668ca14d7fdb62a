import type { Follow, FollowKind } from '@openday/shared'
import { addFollow, listFollows, removeFollow } from '../../api/follows'
import { getToken } from '../../api/session'

// The person's follows, loaded once per login and kept in step with every follow and unfollow,
// so each 关注 button on a page knows its state without a request of its own.

let loaded: { token: string; follows: Promise<Follow[]> } | null = null

export function myFollows(): Promise<Follow[]> {
  const token = getToken('participant') ?? ''
  if (!loaded || loaded.token !== token) {
    const follows = listFollows()
    loaded = { token, follows }
    // A failed load is tried again next time.
    follows.catch(() => {
      if (loaded?.follows === follows) loaded = null
    })
  }
  return loaded.follows
}

/** Whether `target` (an id; for a suggestion its tracking code) is among the follows. */
export function findFollow(follows: Follow[], kind: FollowKind, target: string): Follow | undefined {
  const code = target.trim().toUpperCase()
  return follows.find((f) => f.kind === kind && (kind === 'suggestion' ? f.trackingCode === code : f.targetId === target))
}

export async function follow(kind: FollowKind, target: string): Promise<Follow> {
  const added = await addFollow(kind, target)
  const before = loaded ? await loaded.follows.catch(() => null) : null
  if (loaded && before) loaded.follows = Promise.resolve([added, ...before.filter((f) => f.id !== added.id)])
  return added
}

export async function unfollow(id: string): Promise<void> {
  await removeFollow(id)
  const before = loaded ? await loaded.follows.catch(() => null) : null
  if (loaded && before) loaded.follows = Promise.resolve(before.filter((f) => f.id !== id))
}

/** Tests start from nothing loaded. */
export function forgetFollows(): void {
  loaded = null
}
