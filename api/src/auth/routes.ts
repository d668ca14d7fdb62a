import {

  SMS_CODE_MAX_ATTEMPTS,
  SMS_CODE_TTL_SECONDS,
  SMS_RESEND_SECONDS,
  maskPhone,
  smsSendSchema,
  smsVerifySchema,
  staffLoginSchema,
  wechatLoginSchema,
  type ParticipantProfile,
} from '@openday/shared'
import { and, eq, gt, lte, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { participants, smsCodes, staffUsers } from '../db/schema'
import { selectStaff, toStaffProfile } from '../staff'
import type { AppEnv } from '../env'
import { hmacSha256, safeEqual } from '../lib/encoding'
import { fail } from '../lib/errors'
import { newId } from '../lib/ids'
import { limitClient } from '../lib/rate-limit'
import { json } from '../lib/validate'
import { DUMMY_HASH, verifyPassword } from './passwords'
import { randomSmsCode, smsSenderFor } from './sms'
import { issueParticipantToken, issueStaffToken } from './tokens'
import { codeToSession } from './wechat'

const SMS_LIMIT = {
  windowMs: 10 * 60 * 1000,
  perClient: 5,
  perAddress: 60,
  message: '获取验证码过于频繁，请10分钟后再试',
}
const MAX_FAILED_LOGINS = 5
const LOCK_MINUTES = 15

const codeHash = (secret: string, phone: string, code: string) => hmacSha256(secret, `sms:${phone}:${code}`)

export const authRoutes = new Hono<AppEnv>()
  .post('/wechat', json(wechatLoginSchema), async (c) => {
    const { code } = c.req.valid('json')
    const session = await codeToSession(
      { base: c.env.WECHAT_API_BASE, appId: c.env.WECHAT_APP_ID, appSecret: c.env.WECHAT_APP_SECRET },
      code,
    )
    if (!session.ok) {
      if (session.reason === 'unavailable') throw fail(503, 'WECHAT_UNAVAILABLE')
      throw fail(401, 'WECHAT_LOGIN_FAILED', '微信登录凭证无效或已过期，请重新进入小程序后再试')
    }
    const db = c.get('db')
    const [, rows] = await db.batch([
      db
        .insert(participants)
        .values({ id: newId(), wechatOpenid: session.openid, createdAt: new Date().toISOString() })
        .onConflictDoNothing(),
      db.select({ id: participants.id, phone: participants.phone }).from(participants).where(eq(participants.wechatOpenid, session.openid)),
    ])
    const participant = rows[0]
    const profile: ParticipantProfile = { id: participant.id, phoneMasked: participant.phone ? maskPhone(participant.phone) : null }
    return c.json({ token: await issueParticipantToken(c.env.SESSION_SECRET, participant.id), participant: profile })
  })

  .post('/sms/send', json(smsSendSchema), async (c) => {
    const { phone } = c.req.valid('json')
    // Besides one code per phone per minute: one device cannot send codes to many phones.
    await limitClient(c, 'sms', SMS_LIMIT)
    const db = c.get('db')
    const now = new Date()
    const code = randomSmsCode()
    const hash = await codeHash(c.env.SESSION_SECRET, phone, code)
    const fresh = {
      codeHash: hash,
      expiresAt: new Date(now.getTime() + SMS_CODE_TTL_SECONDS * 1000).toISOString(),
      attempts: 0,
      sentAt: now.toISOString(),
    }
    // One statement: replaces the old code only if the last send is a minute old.
    const written = await db
      .insert(smsCodes)
      .values({ phone, ...fresh })
      .onConflictDoUpdate({
        target: smsCodes.phone,
        set: fresh,
        setWhere: lte(smsCodes.sentAt, new Date(now.getTime() - SMS_RESEND_SECONDS * 1000).toISOString()),
      })
      .returning({ phone: smsCodes.phone })
    if (written.length === 0) throw fail(429, 'SMS_TOO_FREQUENT')
    await smsSenderFor(c.env).send(phone, code)
    return c.json({
      sent: true,
      expiresIn: SMS_CODE_TTL_SECONDS,
      resendIn: SMS_RESEND_SECONDS,
      ...(c.env.DEV_MODE === 'true' ? { devCode: code } : {}),
    })
  })

  .post('/sms/verify', json(smsVerifySchema), async (c) => {
    const { phone, code } = c.req.valid('json')
    const db = c.get('db')
    const now = new Date().toISOString()
    // Each try uses up one attempt atomically, so even parallel guesses get five in all.
    const [attempt] = await db
      .update(smsCodes)
      .set({ attempts: sql`${smsCodes.attempts} + 1` })
      .where(and(eq(smsCodes.phone, phone), gt(smsCodes.expiresAt, now), sql`${smsCodes.attempts} < ${SMS_CODE_MAX_ATTEMPTS}`))
      .returning({ codeHash: smsCodes.codeHash, attempts: smsCodes.attempts })
    if (!attempt) {
      const [row] = await db.select({ attempts: smsCodes.attempts, expiresAt: smsCodes.expiresAt }).from(smsCodes).where(eq(smsCodes.phone, phone))
      if (row && row.expiresAt > now && row.attempts >= SMS_CODE_MAX_ATTEMPTS) throw fail(429, 'SMS_TOO_MANY_ATTEMPTS')
      throw fail(400, 'SMS_CODE_EXPIRED')
    }
    if (!safeEqual(await codeHash(c.env.SESSION_SECRET, phone, code), attempt.codeHash)) {
      const left = SMS_CODE_MAX_ATTEMPTS - attempt.attempts
      if (left <= 0) throw fail(429, 'SMS_TOO_MANY_ATTEMPTS')
      throw fail(400, 'SMS_CODE_INVALID', `验证码错误，还可以再试${left}次`)
    }
    const [, , rows] = await db.batch([
      db.delete(smsCodes).where(eq(smsCodes.phone, phone)),
      db.insert(participants).values({ id: newId(), phone, createdAt: now }).onConflictDoNothing(),
      db.select({ id: participants.id }).from(participants).where(eq(participants.phone, phone)),
    ])
    const profile: ParticipantProfile = { id: rows[0].id, phoneMasked: maskPhone(phone) }
    return c.json({ token: await issueParticipantToken(c.env.SESSION_SECRET, profile.id), participant: profile })
  })

  .post('/staff/login', json(staffLoginSchema), async (c) => {
    const { username, password } = c.req.valid('json')
    const db = c.get('db')
    const now = new Date()
    const [user] = await selectStaff(db, eq(staffUsers.username, username))
    if (user?.lockedUntil && user.lockedUntil > now.toISOString()) throw fail(429, 'ACCOUNT_LOCKED')
    // Hash even for unknown users so response time does not reveal which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)
    if (!user || !ok) {
      if (user) {
        const lockAt = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString()
        const [after] = await db
          .update(staffUsers)
          .set({
            failedLogins: sql`${staffUsers.failedLogins} + 1`,
            lockedUntil: sql`CASE WHEN ${staffUsers.failedLogins} + 1 >= ${MAX_FAILED_LOGINS} THEN ${lockAt} ELSE NULL END`,
          })
          .where(eq(staffUsers.id, user.id))
          .returning({ failedLogins: staffUsers.failedLogins })
        if (after && after.failedLogins >= MAX_FAILED_LOGINS) {
          await db.update(staffUsers).set({ failedLogins: 0 }).where(eq(staffUsers.id, user.id))
          throw fail(429, 'ACCOUNT_LOCKED')
        }
      }
      throw fail(401, 'LOGIN_FAILED')
    }
    if (user.failedLogins > 0 || user.lockedUntil) {
      await db.update(staffUsers).set({ failedLogins: 0, lockedUntil: null }).where(eq(staffUsers.id, user.id))
    }
    const staff = toStaffProfile(user)
    const token = await issueStaffToken(c.env.SESSION_SECRET, { id: user.id, role: user.role, agencyId: user.agencyId, name: user.displayName })
    return c.json({ token, staff })
  })

