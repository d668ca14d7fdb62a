import {
  SMS_RESEND_SECONDS,
  maskPhone,
  passwordChangeSchema,
  smsSendSchema,
  smsVerifySchema,
  staffLoginSchema,
  wechatLoginSchema,
  type ParticipantProfile,
} from '@openday/shared'
import { and, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { participants, staffUsers, verifiedPhones } from '../db/schema'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { newId } from '../lib/ids'
import { runBatch } from '../lib/sql-batch'
import { json } from '../lib/validate'
import type { SmsSendResult } from '../notifications/sms/tencent'
import { selectStaff, staffLookupSql, toStaffProfile, type StaffLookupRow } from '../staff'
import { requireParticipant, requireStaff, tokenClaims } from './guards'
import { minutesUntil, retryLater, secondsUntil, shanghaiDay } from './limits'
import { reserveLoginAttempt } from './login-throttle'
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords'
import { REVOKED_MESSAGE } from './session-check'
import { smsSenderFor } from './sms'
import { checkSmsCode, issueSmsCode } from './sms-codes'
import { issueParticipantToken, issueStaffToken } from './tokens'
import { codeToSession } from './wechat'

/** What the person should do when the provider did not deliver the code. */
function smsFailure(c: Context<AppEnv>, result: Extract<SmsSendResult, { ok: false }>) {
  switch (result.failure) {
    case 'number_daily_limit':
      return retryLater(c, 429, 'SMS_DAILY_LIMIT', secondsUntil(shanghaiDay('', 0).endsAt))
    case 'number_too_frequent': {
      const seconds = result.retryAfterSeconds ?? 60
      return retryLater(c, 429, 'SMS_TOO_FREQUENT', seconds, `验证码发送过于频繁，请${Math.ceil(seconds / 60)}分钟后再试`)
    }
    case 'number_unreachable':
      return fail(400, 'SMS_NUMBER_UNREACHABLE', undefined, { field: 'phone' })
    case 'misconfigured':
      // The operator must act (keys, app id, signature, template, balance); the code says which.
      console.error(`[sms] provider refused the request: ${result.providerCode}`)
      return fail(503, 'SMS_UNAVAILABLE', '短信服务暂时不可用，请稍后再试；微信小程序内可使用微信一键登录')
    default:
      console.error(`[sms] provider unavailable: ${result.providerCode}`)
      return retryLater(c, 503, 'SMS_UNAVAILABLE', result.retryAfterSeconds ?? 60, '短信发送失败，请稍后重试')
  }
}

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
      db
        .select({ id: participants.id, phone: participants.phone, tokenVersion: participants.tokenVersion })
        .from(participants)
        .where(eq(participants.wechatOpenid, session.openid)),
    ])
    const participant = rows[0]
    const profile: ParticipantProfile = { id: participant.id, phoneMasked: participant.phone ? maskPhone(participant.phone) : null }
    const token = await issueParticipantToken(c.env.SESSION_SECRET, participant.id, participant.tokenVersion)
    return c.json({ token, participant: profile })
  })

  .post('/sms/send', json(smsSendSchema), async (c) => {
    const { phone } = c.req.valid('json')
    const sender = smsSenderFor(c.env)
    if (!sender) throw fail(503, 'SMS_UNAVAILABLE', '短信验证码登录暂未开通，请在微信小程序内使用微信登录，或联系主办单位')
    const issued = await issueSmsCode(c, phone)
    const result = await sender.send(phone, issued.code, issued.expiresAt)
    if (!result.ok) {
      await issued.undo()
      throw smsFailure(c, result)
    }
    return c.json({
      sent: true,
      expiresIn: secondsUntil(Date.parse(issued.expiresAt)),
      resendIn: SMS_RESEND_SECONDS,
      ...(c.env.DEV_MODE === 'true' ? { devCode: issued.code } : {}),
    })
  })

  .post('/sms/verify', json(smsVerifySchema), async (c) => {
    const { phone, code } = c.req.valid('json')
    const use = await checkSmsCode(c, phone, code)
    const db = c.get('db')
    const now = new Date().toISOString()
    const results = await runBatch(c.get('d1'), [
      ...use.statements,
      db.insert(participants).values({ id: newId(), phone, createdAt: now }).onConflictDoNothing(),
      // Logging in by SMS proves the phone: a sign-up may use it.
      sql`INSERT INTO ${verifiedPhones} (participant_id, phone, verified_at)
        SELECT ${participants.id}, ${phone}, ${now} FROM ${participants} WHERE ${participants.phone} = ${phone}
        ON CONFLICT DO UPDATE SET verified_at = excluded.verified_at`,
      sql`SELECT ${participants.id} AS id, ${participants.tokenVersion} AS tokenVersion FROM ${participants} WHERE ${participants.phone} = ${phone}`,
    ])
    const me = results[results.length - 1][0] as { id: string; tokenVersion: number }
    const profile: ParticipantProfile = { id: me.id, phoneMasked: maskPhone(phone) }
    const token = await issueParticipantToken(c.env.SESSION_SECRET, profile.id, me.tokenVersion)
    return c.json({ token, participant: profile })
  })

  .post('/staff/login', json(staffLoginSchema), async (c) => {
    const { username, password } = c.req.valid('json')
    // Unknown usernames get the same throttle, the same query and the same PBKDF2 work.
    const { attempt, found } = await reserveLoginAttempt(c, username, staffLookupSql(eq(staffUsers.username, username)))
    const user = found[0] as StaffLookupRow | undefined
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)
    if (!user || !user.active || !ok) throw attempt.failure()
    await runBatch(c.get('d1'), attempt.succeeded())
    const token = await issueStaffToken(
      c.env.SESSION_SECRET,
      { id: user.id, role: user.role, agencyId: user.agencyId, name: user.displayName },
      user.tokenVersion,
    )
    const staff = toStaffProfile(user)
    return c.json({ token, staff, mustChangePassword: staff.mustChangePassword })
  })

  .post('/staff/password', requireStaff(undefined, { allowPasswordChangeRequired: true }), json(passwordChangeSchema), async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json')
    const db = c.get('db')
    const me = c.get('staff')
    const [known] = await selectStaff(db, eq(staffUsers.id, me.id))
    if (!known) throw fail(401, 'UNAUTHENTICATED', REVOKED_MESSAGE)
    // Guessing the current password with a stolen token is throttled like the login.
    const { attempt, found } = await reserveLoginAttempt(c, known.username, staffLookupSql(eq(staffUsers.id, me.id)))
    const user = found[0] as StaffLookupRow | undefined
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
      const wait = attempt.waitUntil()
      throw fail(400, 'VALIDATION_FAILED', wait ? `当前密码不正确。请${minutesUntil(wait)}分钟后再试` : '当前密码不正确', {
        field: 'currentPassword',
      })
    }
    if (newPassword === user.username) throw fail(400, 'VALIDATION_FAILED', '新密码不能与用户名相同', { field: 'newPassword' })
    const passwordHash = await hashPassword(newPassword)
    // Raising the version revokes every token issued before, on every device; a one-time
    // password from the admin is done with once it is changed.
    const [updated] = await runBatch(c.get('d1'), [
      sql`UPDATE ${staffUsers} SET password_hash = ${passwordHash}, token_version = ${staffUsers.tokenVersion} + 1, must_change_password = 0
        WHERE ${staffUsers.id} = ${user.id} AND ${staffUsers.tokenVersion} = ${user.tokenVersion}
        RETURNING token_version AS tokenVersion`,
      ...attempt.succeeded(),
    ])
    if (!updated[0]) throw fail(401, 'UNAUTHENTICATED', REVOKED_MESSAGE)
    const token = await issueStaffToken(
      c.env.SESSION_SECRET,
      { id: user.id, role: user.role, agencyId: user.agencyId, name: user.displayName },
      updated[0].tokenVersion as number,
    )
    return c.json({ token, staff: toStaffProfile({ ...user, mustChangePassword: false }) })
  })

  /** A fresh participant token for a current one (the app renews once a token is a day old). */
  .post('/refresh', requireParticipant, async (c) => {
    const claims = await tokenClaims(c)
    if (!claims || claims.kind !== 'participant') throw fail(401, 'UNAUTHENTICATED')
    return c.json({ token: await issueParticipantToken(c.env.SESSION_SECRET, claims.id, claims.version) })
  })

  /** Ends every session of this user: their token version goes up, so all earlier tokens fail. */
  .post('/logout', async (c) => {
    const claims = await tokenClaims(c)
    if (!claims) throw fail(401, 'UNAUTHENTICATED')
    const db = c.get('db')
    if (claims.kind === 'staff') {
      await db
        .update(staffUsers)
        .set({ tokenVersion: sql`${staffUsers.tokenVersion} + 1` })
        .where(and(eq(staffUsers.id, claims.id), eq(staffUsers.tokenVersion, claims.version)))
    } else {
      await db
        .update(participants)
        .set({ tokenVersion: sql`${participants.tokenVersion} + 1` })
        .where(and(eq(participants.id, claims.id), eq(participants.tokenVersion, claims.version)))
    }
    return c.json({ ok: true as const })
  })
