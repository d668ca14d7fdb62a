import { maskPhone, phoneVerifySchema, type VerifiedPhone } from '@openday/shared'
import { desc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { verifiedPhones } from '../db/schema'
import type { AppEnv } from '../env'
import { runBatch } from '../lib/sql-batch'
import { json } from '../lib/validate'
import { requireParticipant } from './guards'
import { checkSmsCode } from './sms-codes'

// Phones the participant has proved by SMS code. A sign-up may only use one of these, so nobody
// can register someone else's number. SMS login adds its own phone; WeChat users, and people
// signing up a family member, add one here with a code from POST /auth/sms/send (same limits).
// Only masked numbers leave the server; the app remembers on the device the full numbers it verified.

export const phoneRoutes = new Hono<AppEnv>()
  .post('/me/phones', requireParticipant, json(phoneVerifySchema), async (c) => {
    const { phone, code } = c.req.valid('json')
    const use = await checkSmsCode(c, phone, code)
    const db = c.get('db')
    const verifiedAt = new Date().toISOString()
    await runBatch(c.get('d1'), [
      ...use.statements,
      db
        .insert(verifiedPhones)
        .values({ participantId: c.get('participant').id, phone, verifiedAt })
        .onConflictDoUpdate({ target: [verifiedPhones.participantId, verifiedPhones.phone], set: { verifiedAt } }),
    ])
    const body: { phone: VerifiedPhone } = { phone: { phoneMasked: maskPhone(phone), verifiedAt } }
    return c.json(body, 201)
  })

  .get('/me/phones', requireParticipant, async (c) => {
    const rows = await c
      .get('db')
      .select({ phone: verifiedPhones.phone, verifiedAt: verifiedPhones.verifiedAt })
      .from(verifiedPhones)
      .where(eq(verifiedPhones.participantId, c.get('participant').id))
      .orderBy(desc(verifiedPhones.verifiedAt))
      .limit(50)
    const phones: VerifiedPhone[] = rows.map((r) => ({ phoneMasked: maskPhone(r.phone), verifiedAt: r.verifiedAt }))
    return c.json({ phones })
  })
