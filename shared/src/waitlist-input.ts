// The input of POST /events/:id/waitlist: what the sign-up form takes, so that accepting an offer
// can make the registration without asking again (no invitation code: reserved seats are by
// invitation, the waiting list is for the general pool; no evaluation token: the ticket page sends one
// for a registration that has none, ensureTokenRequest in the miniapp).
import * as z from 'zod/mini'
import { registrationInputSchema } from './registration-input'

// Marked pure: pages that import the shared index but not this schema do not carry z.pick.
export const waitlistInputSchema = /* @__PURE__ */ z.pick(registrationInputSchema, { name: true, phone: true, category: true, organization: true, consent: true })
export type WaitlistInput = z.infer<typeof waitlistInputSchema>
