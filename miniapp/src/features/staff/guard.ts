import { useEffect } from 'react'
import { ApiError } from '../../api/request'
import { getStaffProfile, hasToken } from '../../api/session'
import { goStaffLogin, pageUrl, replace } from '../../lib/nav'

/** Staff on a one-time password change it first, then come back to `returnTo`. */
export function goChangePassword(returnTo?: string): void {
  replace(pageUrl('staffPassword', { redirect: returnTo }))
}

/**
 * Staff pages: without a staff token go to the staff login, which brings the user back; still on
 * a one-time password, go to 修改初始密码 first (the API refuses everything else anyway).
 */
export function useStaffGuard(selfUrl: string): boolean {
  const token = hasToken('staff')
  const mustChange = token && getStaffProfile()?.mustChangePassword === true
  useEffect(() => {
    if (!token) goStaffLogin(selfUrl)
    else if (mustChange) goChangePassword(selfUrl)
  }, [token, mustChange, selfUrl])
  return token && !mustChange
}

/**
 * An API 401 on a staff page means the session is gone: log in again; a 403
 * PASSWORD_CHANGE_REQUIRED means the password must be changed first. Returns true if handled.
 */
export function handleStaffAuthError(e: unknown, selfUrl: string): boolean {
  if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
    goStaffLogin(selfUrl)
    return true
  }
  if (e instanceof ApiError && e.code === 'PASSWORD_CHANGE_REQUIRED') {
    goChangePassword(selfUrl)
    return true
  }
  return false
}
