// The NOTIFY queue's consumer: sends one outbox row per message through the channels the person
// can be reached on (WeChat subscribe message, then SMS), retries with back-off, and after the
// last try leaves the row in the dead-letter list (发送失败) for admins. Idempotent: a row is
// claimed before sending and only a pending row is sent, so a message delivered twice, or put on
// the queue twice, sends once.
import {
  DEFAULT_NOTICE_SETTINGS,
  OUTBOX_MAX_ATTEMPTS,
  channelsFor,
  retryDelaySeconds,
  smsAllowedFrom,
  type NoticeKind,
  type NoticePayload,
  type NoticeSettings,
} from '@openday/shared'
import { and, eq, lte, or, sql } from 'drizzle-orm'
import { notificationSettings, outbox, participants, wechatSubscriptions } from '../db/schema'
import type { Bindings } from '../env'
import { makeDb, type Db } from '../lib/db'
import type { NotifyMessage } from './outbox'
import { sendersFor, type SendOutcome, type Senders } from './senders'

/** The dead-letter queue of NOTIFY (wrangler.toml). Not exported from index.ts: a Worker's main module may only export handlers. */
export const NOTIFY_DLQ = 'openday-notify-dlq'

/** A claim older than this is from a consumer that died mid-send: the row may be taken again. */
export const CLAIM_TIMEOUT_MS = 2 * 60_000

export type Delivery =
  | { done: true; status: 'sent' | 'skipped' | 'dead' | 'already' }
  | { done: false; retryAfterSeconds: number; why: 'failed' | 'busy' | 'quiet_hours' }

async function readRow(db: Db, id: string, wechatTemplate: string) {
  const [row] = await db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      status: outbox.status,
      phone: outbox.phone,
      payload: outbox.payload,
      attempts: outbox.attempts,
      claimedAt: outbox.claimedAt,
      participantId: outbox.participantId,
      openid: participants.wechatOpenid,
      accepts: wechatSubscriptions.accepts,
      sms: notificationSettings.sms,
      wechat: notificationSettings.wechat,
      mutedKinds: notificationSettings.mutedKinds,
      stopped: notificationSettings.stopped,
    })
    .from(outbox)
    .leftJoin(participants, eq(participants.id, outbox.participantId))
    .leftJoin(notificationSettings, eq(notificationSettings.participantId, outbox.participantId))
    .leftJoin(
      wechatSubscriptions,
      and(eq(wechatSubscriptions.participantId, outbox.participantId), eq(wechatSubscriptions.templateId, wechatTemplate)),
    )
    .where(eq(outbox.id, id))
  return row
}

/** Sends one outbox row (or decides it need not or cannot be sent yet). */
export async function deliver(db: Db, senders: Senders, outboxId: string, now: Date): Promise<Delivery> {
  const nowIso = now.toISOString()
  const peek = await db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.id, outboxId))
  if (!peek[0]) return { done: true, status: 'already' }
  const kind = peek[0].kind as NoticeKind
  const template = senders.wechat?.templateFor(kind) ?? ''
  const row = await readRow(db, outboxId, template)
  if (!row || row.status === 'sent' || row.status === 'dead' || row.status === 'skipped') return { done: true, status: 'already' }
  if (row.status === 'sending' && row.claimedAt && Date.parse(row.claimedAt) > now.getTime() - CLAIM_TIMEOUT_MS) {
    return { done: false, retryAfterSeconds: CLAIM_TIMEOUT_MS / 1000, why: 'busy' }
  }

  const settings: NoticeSettings = row.sms === null ? DEFAULT_NOTICE_SETTINGS : {
    sms: Boolean(row.sms),
    wechat: Boolean(row.wechat),
    mutedKinds: (row.mutedKinds as NoticeKind[]) ?? [],
    stopped: Boolean(row.stopped),
  }
  const channels = channelsFor(kind, settings, {
    wechatAccepts: template ? (row.accepts ?? 0) : 0,
    hasOpenid: Boolean(row.openid && senders.wechat),
    hasPhone: Boolean(row.phone && senders.sms),
  })
  if (channels.length === 0) {
    // Nothing to send outside the app (stopped, muted, or no way to reach): 我的消息 still shows it.
    await db
      .update(outbox)
      .set({ status: 'skipped', channel: 'inapp', phone: null, sentAt: nowIso })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, row.status)))
    return { done: true, status: 'skipped' }
  }
  // SMS only, at night: wait for the morning without spending a try.
  const morning = senders.smsAnyHour ? now : smsAllowedFrom(now)
  if (channels[0] === 'sms' && morning > now) return deferToMorning(db, row.id, morning, now)

  // Claim: only one consumer sends a row; attempts counts the tries.
  const claimed = await db
    .update(outbox)
    .set({ status: 'sending', claimedAt: nowIso, attempts: sql`${outbox.attempts} + 1` })
    .where(
      and(
        eq(outbox.id, row.id),
        or(
          eq(outbox.status, 'pending'),
          and(eq(outbox.status, 'sending'), lte(outbox.claimedAt, new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString())),
        ),
      ),
    )
    .returning({ attempts: outbox.attempts })
  if (!claimed[0]) return { done: true, status: 'already' }
  const attempt = claimed[0].attempts

  const payload = row.payload as NoticePayload
  let failure: Extract<SendOutcome, { ok: false }> | null = null
  for (const channel of channels) {
    if (channel === 'sms' && morning > now) {
      await db.update(outbox).set({ status: 'pending', attempts: sql`${outbox.attempts} - 1` }).where(eq(outbox.id, row.id))
      return deferToMorning(db, row.id, morning, now)
    }
    const result =
      channel === 'wechat' ? await senders.wechat!.send(row.openid!, kind, payload) : await senders.sms!(row.phone!, kind, payload)
    if (result.ok) {
      const sent = db
        .update(outbox)
        .set({ status: 'sent', channel, sentAt: nowIso, phone: null, lastError: null })
        .where(eq(outbox.id, row.id))
      // A one-time accept is used up by the message it allowed.
      const used = db
        .update(wechatSubscriptions)
        .set({ accepts: sql`max(${wechatSubscriptions.accepts} - 1, 0)`, updatedAt: nowIso })
        .where(and(eq(wechatSubscriptions.participantId, row.participantId ?? ''), eq(wechatSubscriptions.templateId, template)))
      if (channel === 'wechat') await db.batch([sent, used])
      else await sent
      return { done: true, status: 'sent' }
    }
    if (channel === 'wechat' && result.refused) {
      // 43101: WeChat says the person has no accept left (or refused): believe it, and try SMS.
      await db
        .update(wechatSubscriptions)
        .set({ accepts: 0, updatedAt: nowIso })
        .where(and(eq(wechatSubscriptions.participantId, row.participantId ?? ''), eq(wechatSubscriptions.templateId, template)))
      failure = result
      continue
    }
    // WeChat refused the message itself (an openid or template data it does not take): SMS may still reach them.
    if (channel === 'wechat' && result.permanent) {
      failure = result
      continue
    }
    failure = result
    break
  }

  const error = `${failure?.error ?? 'no channel'}`.slice(0, 200)
  if (failure?.refused || failure?.permanent || attempt >= OUTBOX_MAX_ATTEMPTS) {
    await db.update(outbox).set({ status: 'dead', deadAt: nowIso, lastError: error }).where(eq(outbox.id, row.id))
    return { done: true, status: 'dead' }
  }
  await db.update(outbox).set({ status: 'pending', lastError: error }).where(eq(outbox.id, row.id))
  return { done: false, retryAfterSeconds: Math.max(retryDelaySeconds(attempt), failure?.retryAfterSeconds ?? 0), why: 'failed' }
}

async function deferToMorning(db: Db, id: string, morning: Date, now: Date): Promise<Delivery> {
  // The message is put back on the queue with a delay; should it be lost, the cron forwards the
  // row once it is due (enqueued_at = the morning, so not before LOST_AFTER_MS past it).
  await db
    .update(outbox)
    .set({ notBefore: morning.toISOString(), enqueuedAt: morning.toISOString() })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
  return { done: false, retryAfterSeconds: Math.ceil((morning.getTime() - now.getTime()) / 1000), why: 'quiet_hours' }
}

/**
 * queue() of the Worker for NOTIFY. A failed try is retried by the queue with the back-off
 * delay; a quiet-hours wait is a new delayed message (it must not spend one of the queue's retries).
 */
export async function consumeNotify(batch: MessageBatch<NotifyMessage>, env: Bindings, now = new Date()): Promise<void> {
  const db = makeDb(env.DB)
  const senders = sendersFor(env)
  for (const message of batch.messages) {
    try {
      const result = await deliver(db, senders, message.body.outboxId, now)
      if (result.done) message.ack()
      else if (result.why === 'quiet_hours') {
        await env.NOTIFY.send(message.body, { delaySeconds: Math.min(result.retryAfterSeconds, 43_200) })
        message.ack()
      } else message.retry({ delaySeconds: result.retryAfterSeconds })
    } catch (e) {
      // D1 unavailable or similar: the queue tries again; the row stays as it was.
      console.error('notify consumer failed', e instanceof Error ? e.message : 'unknown')
      message.retry({ delaySeconds: 60 })
    }
  }
}

/**
 * The dead-letter queue's consumer: a message the queue gave up on (its consumer kept failing)
 * leaves its row in 发送失败 unless it was sent meanwhile.
 */
export async function consumeNotifyDeadLetters(batch: MessageBatch<NotifyMessage>, env: Bindings, now = new Date()) {
  const db = makeDb(env.DB)
  for (const message of batch.messages) {
    await db
      .update(outbox)
      .set({ status: 'dead', deadAt: now.toISOString(), lastError: sql`coalesce(${outbox.lastError}, '队列多次投递失败')` })
      .where(and(eq(outbox.id, message.body.outboxId), or(eq(outbox.status, 'pending'), eq(outbox.status, 'sending'))))
    message.ack()
  }
}
