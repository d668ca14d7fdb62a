import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { purgePublic } from '../lib/public-cache'

/**
 * After a step that changes what the public sees (a department's figures, a published answer, a
 * rating), the cached public reads of that agency are deleted, so the next anonymous read is
 * fresh: the agency page and its answers for the default period and first page (what the app
 * opens with), the event's answers and the ranking. Other periods and pages may lag up to the
 * edge cache's 5 minutes, and other Cloudflare data centres as well (docs/api.md).
 */
export function purgePublicFigures(c: Context<AppEnv>, item: { agencyId: string; eventId: string }): Promise<void> {
  return purgePublic(
    c,
    `/public/agencies/${item.agencyId}`,
    `/public/agencies/${item.agencyId}/answers`,
    `/public/events/${item.eventId}/answers`,
    '/public/rankings',
  )
}
