import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useRef } from 'react'
import { ApiError } from '../api/request'
import { hasToken } from '../api/session'
import { useResource } from './useResource'

/**
 * A list that belongs to the logged-in participant (我的报名, 我的意见): loaded once, refreshed
 * quietly when the page shows again (back from a ticket or a rating the state may have changed)
 * and on pull-down. `needsLogin` when there is no session or the server refused it.
 */
export function useParticipantResource<T>(load: () => Promise<T[]>) {
  const loggedIn = hasToken('participant')
  const res = useResource(async () => (loggedIn ? load() : []), [loggedIn])
  const firstShow = useRef(true)
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false
    else if (loggedIn) void res.reload({ silent: true })
  })
  usePullDownRefresh(() => {
    void res.reload({ silent: true }).finally(() => Taro.stopPullDownRefresh())
  })
  const needsLogin = !loggedIn || (res.error instanceof ApiError && res.error.code === 'UNAUTHENTICATED')
  return { res, needsLogin }
}
