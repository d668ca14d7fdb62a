import {
  DEFAULT_NOTICE_SETTINGS,
  maskPhone,
  noticeSettingsSchema,
  noticeText,
  wechatSubscriptionsSchema,
  type FailedNotice,
  type MyNotice,
  type NoticeKind,
  type NoticePayload,
  type NoticeSettings,
  type NoticeSettingsResponse,
} from '@openday/shared'
import { and, desc, eq, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { requireParticipant, requireStaff } from '../auth/guards'
import { notificationSettings, outbox, participants, verifiedPhones, wechatSubscriptions } from '../db/schema'
import type { AppEnv, Bindings } from '../env'
import type { Db } from '../lib/db'
import { fail } from '../lib/errors'
import { json } from '../lib/validate'
import { forwardSoon } from './outbox'
import { templateMap } from './senders'

/** How many one-time accepts of one template a person can have in store (WeChat keeps no count for us). */
export const MAX_WECHAT_ACCEPTS = 20
export const MY_NOTICES_LIMIT = 50
export const FAILED_LIST_LIMIT = 100

async function settingsResponse(db: Db, env: Bindings, participantId: string): Promise<NoticeSettingsResponse> {
  const [stored, person, phone] = await db.batch([
    db.select().from(notificationSettings).where(eq(notificationSettings.participantId, participantId)),
    db.select({ phone: participants.phone }).from(participants).where(eq(participants.id, participantId)),
    db
      .select({ phone: verifiedPhones.phone })
      .from(verifiedPhones)
      .where(eq(verifiedPhones.participantId, participantId))
      .orderBy(desc(verifiedPhones.verifiedAt))
      .limit(1),
  ])
  const row = stored[0]
  const settings: NoticeSettings = row
    ? { sms: row.sms, wechat: row.wechat, mutedKinds: row.mutedKinds as NoticeKind[], stopped: row.stopped }
    : DEFAULT_NOTICE_SETTINGS
  const shown = person[0]?.phone ?? phone[0]?.phone ?? null
  const templates = templateMap(env.WECHAT_NOTICE_TEMPLATES)
  return {
    settings,
    phoneMasked: shown ? maskPhone(shown) : null,
    wechatTemplates: Object.entries(templates).map(([kind, templateId]) => ({ kind: kind as NoticeKind, templateId: templateId! })),
  }
}

function saveSettings(db: Db, participantId: string, s: NoticeSettings) {
  const values = { sms: s.sms, wechat: s.wechat, mutedKinds: s.mutedKinds, stopped: s.stopped, updatedAt: new Date().toISOString() }
  return db
    .insert(notificationSettings)
    .values({ participantId, ...values })
    .onConflictDoUpdate({ target: notificationSettings.participantId, set: values })
}

export const notificationRoutes = new Hono<AppEnv>()
  // 我的通知设置
  .get('/me/notification-settings', requireParticipant, async (c) =>
    c.json(await settingsResponse(c.get('db'), c.env, c.get('participant').id)),
  )
  .put('/me/notification-settings', requireParticipant, json(noticeSettingsSchema), async (c) => {
    const input = c.req.valid('json')
    const id = c.get('participant').id
    await saveSettings(c.get('db'), id, { ...input, mutedKinds: [...new Set(input.mutedKinds)] })
    return c.json(await settingsResponse(c.get('db'), c.env, id))
  })
  // 全部停止: one step, nothing else changes (turning it back on restores the earlier choices).
  .post('/me/notification-settings/stop', requireParticipant, async (c) => {
    const db = c.get('db')
    const id = c.get('participant').id
    const now = new Date().toISOString()
    await db
      .insert(notificationSettings)
      .values({ participantId: id, ...DEFAULT_NOTICE_SETTINGS, stopped: true, updatedAt: now })
      .onConflictDoUpdate({ target: notificationSettings.participantId, set: { stopped: true, updatedAt: now } })
    return c.json(await settingsResponse(db, c.env, id))
  })

  // 我的消息: what was written for this person, sent or not, newest first.
  .get('/me/notifications', requireParticipant, async (c) => {
    const rows = await c
      .get('db')
      .select({
        id: outbox.id,
        kind: outbox.kind,
        payload: outbox.payload,
        eventId: outbox.eventId,
        suggestionId: outbox.suggestionId,
        createdAt: outbox.createdAt,
        channel: outbox.channel,
        status: outbox.status,
      })
      .from(outbox)
      .where(eq(outbox.participantId, c.get('participant').id))
      .orderBy(desc(outbox.createdAt))
      .limit(MY_NOTICES_LIMIT)
    const notifications: MyNotice[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      ...noticeText(r.kind, r.payload as NoticePayload),
      eventId: r.eventId,
      suggestionId: r.suggestionId,
      page: (r.payload as NoticePayload).page ?? null,
      createdAt: r.createdAt,
      channel: r.channel,
      status: r.status,
    }))
    return c.json({ notifications })
  })

  // After wx.requestSubscribeMessage: each 'accept' is one message of that template we may send.
  .post('/me/wechat-subscriptions', requireParticipant, json(wechatSubscriptionsSchema), async (c) => {
    const db = c.get('db')
    const id = c.get('participant').id
    const known = new Set(Object.values(templateMap(c.env.WECHAT_NOTICE_TEMPLATES)))
    const now = new Date().toISOString()
    const accepted = Object.entries(c.req.valid('json').results).filter(([t, r]) => r === 'accept' && known.has(t))
    const refused = Object.entries(c.req.valid('json').results).filter(([t, r]) => r === 'ban' && known.has(t))
    const statements = [
      ...accepted.map(([templateId]) =>
        db
          .insert(wechatSubscriptions)
          .values({ participantId: id, templateId, accepts: 1, updatedAt: now })
          .onConflictDoUpdate({
            target: [wechatSubscriptions.participantId, wechatSubscriptions.templateId],
            set: { accepts: sql`min(${wechatSubscriptions.accepts} + 1, ${MAX_WECHAT_ACCEPTS})`, updatedAt: now },
          }),
      ),
      // 'ban': the person switched the template off in WeChat; nothing in store is usable.
      ...refused.map(([templateId]) =>
        db
          .update(wechatSubscriptions)
          .set({ accepts: 0, updatedAt: now })
          .where(and(eq(wechatSubscriptions.participantId, id), eq(wechatSubscriptions.templateId, templateId))),
      ),
    ]
    if (statements.length) await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]])
    return c.json({ ok: true as const })
  })

  // 发送失败 (dead letters): admins see their agency's and send them again.
  .get('/staff/notifications/failed', requireStaff(['admin']), async (c) => {
    const rows = await c
      .get('db')
      .select()
      .from(outbox)
      .where(and(eq(outbox.agencyId, c.get('staff').agencyId), eq(outbox.status, 'dead')))
      .orderBy(desc(outbox.deadAt))
      .limit(FAILED_LIST_LIMIT)
    const failed: FailedNotice[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: noticeText(r.kind, r.payload as NoticePayload).title,
      eventId: r.eventId,
      phoneMasked: r.phone ? maskPhone(r.phone) : null,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt,
      deadAt: r.deadAt,
    }))
    return c.json({ failed })
  })
  .post('/staff/notifications/:id/retry', requireStaff(['admin']), async (c) => {
    const db = c.get('db')
    const retried = await db
      .update(outbox)
      .set({ status: 'pending', attempts: 0, enqueuedAt: null, claimedAt: null, deadAt: null, notBefore: null })
      .where(and(eq(outbox.id, c.req.param('id')), eq(outbox.agencyId, c.get('staff').agencyId), eq(outbox.status, 'dead')))
      .returning({ id: outbox.id })
    if (!retried[0]) throw fail(404, 'NOT_FOUND', '没有这条发送失败的消息，可能已重新发送')
    forwardSoon(c)
    return c.json({ ok: true as const })
  })
