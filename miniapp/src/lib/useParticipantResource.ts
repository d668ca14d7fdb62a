import { ApiError } from '../api/request'
import { hasToken } from '../api/session'
import { useRefreshOnShow } from './useRefreshOnShow'
import { useResource } from './useResource'

/**
 * A list that belongs to the logged-in participant (我的报名, 我的意见): loaded once, refreshed
 * quietly when the page shows again (back from a ticket or a rating the state may have changed)
 * and on pull-down. `needsLogin` when there is no session or the server refused it.
 */
export function useParticipantResource<T>(load: () => Promise<T[]>) {
  const loggedIn = hasToken('participant')
  const res = useResource(async () => (loggedIn ? load() : []), [loggedIn])
  useRefreshOnShow(res, loggedIn)
  const needsLogin = !loggedIn || (res.error instanceof ApiError && res.error.code === 'UNAUTHENTICATED')
  return { res, needsLogin }
}
