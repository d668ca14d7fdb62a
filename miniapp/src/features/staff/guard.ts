import { useEffect } from 'react'
import { ApiError } from '../../api/request'
import { hasToken } from '../../api/session'
import { goStaffLogin } from '../../lib/nav'

/** Staff pages: without a staff token go to the staff login, which brings the user back. */
export function useStaffGuard(selfUrl: string): boolean {
  const ok = hasToken('staff')
  useEffect(() => {
    if (!ok) goStaffLogin(selfUrl)
  }, [ok, selfUrl])
  return ok
}

/** An API 401 on a staff page means the session is gone: log in again. Returns true if handled. */
export function handleStaffAuthError(e: unknown, selfUrl: string): boolean {
  if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
    goStaffLogin(selfUrl)
    return true
  }
  return false
}
