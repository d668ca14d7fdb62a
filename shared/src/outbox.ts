import { fitField } from './notifications'
import { formatDateTime, formatTime, shanghaiDate } from './time'

// Messages to the public (docs/notifications.md): what they are about, who may receive them on
// which channel, when SMS may go out, and how long a failing message waits before its next try.
// The API writes outbox rows in the batch of the change; the queue consumer decides with these.

export const NOTICE_KINDS = {
  event_changed: '活动变更',
  event_cancelled: '活动取消',
  event_reminder: '活动提醒',
  evaluation_invite: '测评邀请',
  answer_published: '意见答复',
  new_post: '关注动态',
  registration_approved: '报名审核通过',
  registration_declined: '报名未通过审核',
  waitlist_offer: '候补名额待确认',
} as const
export type NoticeKind = keyof typeof NOTICE_KINDS
export const NOTICE_KIND_CODES = Object.keys(NOTICE_KINDS) as NoticeKind[]

/** wrangler.toml [triggers]: every 5 minutes, reminders and invitations, then forwarding (api/src/notifications/jobs.ts). */
export const NOTICE_CRON = '*/5 * * * *'

export const NOTICE_CHANNELS = { wechat: '微信服务通知', sms: '短信', inapp: '站内消息' } as const
export type NoticeChannel = keyof typeof NOTICE_CHANNELS

export const OUTBOX_STATUSES = { pending: '待发送', sending: '发送中', sent: '已发送', dead: '发送失败', skipped: '未发送' } as const
export type OutboxStatus = keyof typeof OUTBOX_STATUSES

/** What a person receives. Missing settings mean the defaults: everything, on every channel. */
export interface NoticeSettings {
  sms: boolean
  wechat: boolean
  /** Kinds the person turned off. */
  mutedKinds: NoticeKind[]
  /** 全部停止: nothing is sent on any channel (the in-app list still shows what happened). */
  stopped: boolean
}
export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = { sms: true, wechat: true, mutedKinds: [], stopped: false }

/**
 * The channels to try, in order, for one message. WeChat first where the person can get it (the
 * mini-program user with a one-time accept left), then SMS where there is a phone; a WeChat
 * refusal (43101) falls through to SMS. Nothing outside the app when stopped or muted.
 */
export function channelsFor(
  kind: NoticeKind,
  settings: NoticeSettings,
  reach: { wechatAccepts: number; hasOpenid: boolean; hasPhone: boolean },
): Exclude<NoticeChannel, 'inapp'>[] {
  if (settings.stopped || settings.mutedKinds.includes(kind)) return []
  const out: Exclude<NoticeChannel, 'inapp'>[] = []
  if (settings.wechat && reach.hasOpenid && reach.wechatAccepts > 0) out.push('wechat')
  if (settings.sms && reach.hasPhone) out.push('sms')
  return out
}

/** SMS is never sent from 21:00 to 08:00 Beijing time (no daylight saving: UTC+8 all year). */
export const QUIET_HOURS = { from: 21, to: 8 } as const
const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** `now` if SMS may go out now, otherwise 08:00 Beijing time of the next morning. */
export function smsAllowedFrom(now: Date): Date {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS)
  const hour = local.getUTCHours()
  if (hour >= QUIET_HOURS.to && hour < QUIET_HOURS.from) return now
  const morning = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), QUIET_HOURS.to))
  if (hour >= QUIET_HOURS.from) morning.setUTCDate(morning.getUTCDate() + 1)
  return new Date(morning.getTime() - SHANGHAI_OFFSET_MS)
}

/** Tries per message before it goes to the dead-letter list (the queue's max_retries + 1). */
export const OUTBOX_MAX_ATTEMPTS = 5
/** Seconds to wait after failed attempt n (1-based): 30 s, 2 min, 10 min, 30 min. */
export function retryDelaySeconds(attempt: number): number {
  return [30, 120, 600, 1800][Math.min(Math.max(attempt, 1), 4) - 1]
}

/** What a message says, fixed when the outbox row is written. */
export interface NoticePayload {
  title: string
  startAt?: string
  endAt?: string
  venue?: string
  previousStartAt?: string | null
  previousVenue?: string | null
  reason?: string
  /** Last 4 characters of a suggestion's tracking code (answer_published). */
  codeTail?: string
  /** When the answer was published (answer_published). */
  answeredAt?: string
  /** Until when an offered waiting-list seat is held (waitlist_offer). */
  until?: string
  /** The app page it is about (path of the mini-program / H5 hash route). */
  page: string
}

/** The in-app message (我的消息) and the body of WeChat/SMS texts. */
export function noticeText(kind: NoticeKind, p: NoticePayload): { title: string; body: string } {
  const when = p.startAt ? formatDateTime(p.startAt) : ''
  switch (kind) {
    case 'event_changed': {
      const parts: string[] = []
      if (p.previousStartAt) parts.push(`时间由${formatDateTime(p.previousStartAt)}改为${when}`)
      if (p.previousVenue) parts.push(`地点由“${p.previousVenue}”改为“${p.venue ?? ''}”`)
      return { title: `活动变更：${p.title}`, body: `您报名的“${p.title}”${parts.join('，') || '有调整'}。请按新的安排参加，电子票继续有效。` }
    }
    case 'event_cancelled':
      return { title: `活动取消：${p.title}`, body: `很抱歉，您报名的“${p.title}”（原定${when}）已取消。原因：${p.reason ?? ''}` }
    case 'event_reminder':
      return { title: `活动提醒：${p.title}`, body: `您报名的“${p.title}”将于${when}在${p.venue ?? ''}开始，请携带电子票按时参加。` }
    case 'evaluation_invite':
      return { title: `请您评价：${p.title}`, body: `感谢参加“${p.title}”。欢迎填写无记名测评，也可以留下意见建议，我们会按时答复。` }
    case 'answer_published':
      return { title: '您的意见建议已答复', body: `您提交的意见建议（查询码尾号${p.codeTail ?? ''}）已答复，请查看答复并评价是否满意。` }
    case 'new_post':
      return { title: `关注动态：${p.title}`, body: `您关注的单位发布了“${p.title}”。` }
    case 'registration_approved':
      return { title: `报名审核通过：${p.title}`, body: `您报名的“${p.title}”（${when}）已通过审核，电子票已生成，请在“我的报名”中查看并按时参加。` }
    case 'registration_declined':
      return { title: `报名未通过审核：${p.title}`, body: `很抱歉，您报名的“${p.title}”（${when}）未通过审核。原因：${p.reason ?? ''}` }
    case 'waitlist_offer':
      return {
        title: `候补名额待确认：${p.title}`,
        body: `您候补的“${p.title}”（${when}）有名额了。候补名额已为您保留至${p.until ? formatDateTime(p.until) : ''}，请及时在“我的报名”中确认，逾期将顺延给下一位。`,
      }
  }
}

/**
 * SMS parameters per kind, for the approved notice templates listed in docs/notifications.md.
 * Tencent Cloud allows at most 6 characters per variable in a non-code template, so the texts
 * are fixed and only the date and time vary (12月31日, 09:30).
 */
export function smsNoticeParams(kind: NoticeKind, p: NoticePayload): string[] {
  const day = p.startAt ? smsDay(p.startAt) : ''
  const time = p.startAt ? formatTime(p.startAt) : ''
  switch (kind) {
    case 'event_changed':
    case 'event_reminder':
      return [day, time]
    case 'event_cancelled':
    case 'evaluation_invite':
    case 'registration_declined':
      return [day]
    case 'registration_approved':
      return [day, time]
    case 'waitlist_offer':
      // The deadline: 名额保留至{1}{2}
      return p.until ? [smsDay(p.until), formatTime(p.until)] : ['', '']
    case 'answer_published':
      return [p.codeTail ?? '']
    case 'new_post':
      return []
  }
}

/** 12月31日 (≤ 6 characters), Beijing time. */
function smsDay(iso: string): string {
  const d = shanghaiDate(iso)
  return `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`
}

/**
 * The data of a WeChat subscribe message per kind, for templates with these keywords (choose
 * them in the 订阅消息 template library; docs/notifications.md lists them), each value fitted to
 * its field's limits (fitField): event_changed / event_cancelled 活动变更 thing1 活动名称,
 * time2 活动时间, phrase3 变更类型, thing4 备注; event_reminder thing1 活动名称, time2 开始时间,
 * thing3 活动地点, thing4 温馨提示; evaluation_invite and new_post thing1 标题, thing2 说明;
 * answer_published character_string1 查询码尾号, phrase2 办理状态, thing3 温馨提示, date4 答复日期.
 */
export function wechatNoticeData(kind: NoticeKind, p: NoticePayload): Record<string, string> {
  const time = (iso?: string) => (iso ? fitField('time', iso) : '-')
  switch (kind) {
    case 'event_changed':
      return {
        thing1: fitField('thing', p.title),
        time2: time(p.startAt),
        phrase3: fitField('phrase', p.previousStartAt ? '时间调整' : '地点调整'),
        thing4: fitField('thing', `地点：${p.venue ?? ''}`),
      }
    case 'event_cancelled':
      return { thing1: fitField('thing', p.title), time2: time(p.startAt), phrase3: fitField('phrase', '活动取消'), thing4: fitField('thing', p.reason ?? '') }
    case 'event_reminder':
      return { thing1: fitField('thing', p.title), time2: time(p.startAt), thing3: fitField('thing', p.venue ?? ''), thing4: fitField('thing', '请携带电子票按时参加') }
    case 'evaluation_invite':
      return { thing1: fitField('thing', p.title), thing2: fitField('thing', '欢迎填写无记名测评和意见建议') }
    case 'new_post':
      return { thing1: fitField('thing', p.title), thing2: fitField('thing', '您关注的单位发布了新动态') }
    case 'registration_approved':
      return { thing1: fitField('thing', p.title), time2: time(p.startAt), phrase3: fitField('phrase', '审核通过'), thing4: fitField('thing', '电子票已生成，请按时参加') }
    case 'registration_declined':
      return { thing1: fitField('thing', p.title), time2: time(p.startAt), phrase3: fitField('phrase', '未通过'), thing4: fitField('thing', p.reason ?? '') }
    case 'waitlist_offer':
      return {
        thing1: fitField('thing', p.title),
        time2: time(p.startAt),
        phrase3: fitField('phrase', '候补到位'),
        thing4: fitField('thing', p.until ? `请于${smsDay(p.until)}${formatTime(p.until)}前确认` : '请及时确认'),
      }
    case 'answer_published':
      return {
        character_string1: fitField('character_string', p.codeTail ?? ''),
        phrase2: fitField('phrase', '已答复'),
        thing3: fitField('thing', '请查看答复并评价是否满意'),
        date4: p.answeredAt ? fitField('date', p.answeredAt) : '-',
      }
  }
}
