import Taro from '@tarojs/taro'
import { FOLLOW_KINDS, type Follow, type FollowKind } from '@openday/shared'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../api/request'
import { hasToken } from '../../api/session'
import { Btn } from '../../components/Btn'
import { goLogin } from '../../lib/nav'
import { findFollow, follow, myFollows, unfollow } from './followState'

const toast = (title: string, icon: 'success' | 'none' = 'none') => Taro.showToast({ title, icon }).catch(() => undefined)

/**
 * 关注 / 已关注 for an agency, an event or a suggestion (by its tracking code). Without a login the
 * tap goes to the login page, which comes back to `returnTo`. Followers are told of new events,
 * posts and answers by the channels chosen in 通知设置.
 */
export function FollowButton({ kind, target, returnTo, id }: { kind: FollowKind; target: string; returnTo: string; id?: string }) {
  const loggedIn = hasToken('participant')
  const [current, setCurrent] = useState<Follow | null | undefined>(loggedIn ? undefined : null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!loggedIn) return
    let live = true
    myFollows()
      .then((all) => live && setCurrent(findFollow(all, kind, target) ?? null))
      // Unknown state (offline): offer 关注; following twice is harmless.
      .catch(() => live && setCurrent(null))
    return () => {
      live = false
    }
  }, [loggedIn, kind, target])

  const onTap = async () => {
    if (!loggedIn) {
      goLogin(returnTo)
      return
    }
    if (busy || current === undefined) return
    setBusy(true)
    try {
      if (current) {
        await unfollow(current.id)
        setCurrent(null)
        toast('已取消关注')
      } else {
        setCurrent(await follow(kind, target))
        toast(`已关注该${FOLLOW_KINDS[kind]}，有新动态会通知您`)
      }
    } catch (e) {
      toast(`${errorMessage(e)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Btn
      id={id ?? `follow-${kind}`}
      kind={current ? 'secondary' : 'primary'}
      size="small"
      loading={busy || current === undefined}
      loadingText={current === undefined ? '关注' : '请稍候…'}
      onClick={() => void onTap()}
    >
      {current ? '已关注 ✓' : `＋ 关注${FOLLOW_KINDS[kind]}`}
    </Btn>
  )
}
