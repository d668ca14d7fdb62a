// Check-in points (签到点, docs/checkpoints.md): the stops of a tour and its talk, scanned by staff
// (a ticket at a point) or by the participants themselves (the point's code that changes every
// 30 s). Pure: used by the API and the app.
import * as z from 'zod/mini'
import './zod'
import type { PointScanResult } from './checkin'
import { text } from './text-schema'

export const CHECKPOINT_KINDS = ['stop', 'talk'] as const
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number]
export const CHECKPOINT_KIND_LABELS: Record<CheckpointKind | 'entrance', string> = { entrance: '入口', stop: '参观点', talk: '座谈交流' }

export const CHECKPOINT_NAME_MAX = 30
export const CHECKPOINT_DESCRIPTION_MAX = 500
export const CHECKPOINT_IMAGES_MAX = 6
/** Points per event, the entrance not counted. */
export const CHECKPOINT_MAX_PER_EVENT = 20
export const ENTRANCE_NAME = '入口签到'

/** A picture: an https URL, or a path of the app's own assets. */
const imageSchema = z.string({ error: '图片地址格式不正确' }).check(
  z.trim(),
  z.maxLength(500, { error: '图片地址过长' }),
  z.regex(/^(https:\/\/[^\s"'<>]+|\/assets\/[A-Za-z0-9/_.-]+)$/, { error: '图片须为 https 地址或 /assets/ 下的图片' }),
)

const checkpointFields = {
  name: text(1, CHECKPOINT_NAME_MAX, { required: '请填写签到点名称', max: `签到点名称不能超过${CHECKPOINT_NAME_MAX}个字` }),
  kind: z.enum(CHECKPOINT_KINDS, { error: '请选择签到点类型' }),
  description: text(0, CHECKPOINT_DESCRIPTION_MAX, { max: `介绍不能超过${CHECKPOINT_DESCRIPTION_MAX}字` }),
  images: z.array(imageSchema).check(z.maxLength(CHECKPOINT_IMAGES_MAX, { error: `最多${CHECKPOINT_IMAGES_MAX}张图片` })),
  position: z.int({ error: '顺序须为整数' }).check(z.minimum(0, { error: '顺序不能小于0' }), z.maximum(999, { error: '顺序不能大于999' })),
}

export const checkpointInputSchema = z.object({
  name: checkpointFields.name,
  kind: z._default(checkpointFields.kind, 'stop'),
  description: z._default(checkpointFields.description, ''),
  images: z._default(checkpointFields.images, []),
  position: z.optional(checkpointFields.position),
})
export type CheckpointInput = z.input<typeof checkpointInputSchema>

/** PATCH: any of the fields, and `active` (停用/启用); no defaults, so absent means unchanged. */
export const checkpointPatchSchema = z.object({
  name: z.optional(checkpointFields.name),
  kind: z.optional(checkpointFields.kind),
  description: z.optional(checkpointFields.description),
  images: z.optional(checkpointFields.images),
  position: z.optional(checkpointFields.position),
  active: z.optional(z.boolean({ error: '启用状态须为是或否' })),
})
export type CheckpointPatch = z.infer<typeof checkpointPatchSchema>

/** The participant's scan of a point's code. */
export const checkpointScanSchema = z.object({
  code: z.string({ error: '请扫描签到点的二维码' }).check(z.trim(), z.minLength(1, { error: '请扫描签到点的二维码' }), z.maxLength(200)),
})

export const SCAN_DIRECTIONS = ['in', 'out'] as const
export type ScanDirection = (typeof SCAN_DIRECTIONS)[number]

export interface CheckpointCounts {
  checkedIn: number
  exited: number
  /** Checked in and not yet exited. */
  insideNow: number
}

export interface CheckpointView extends CheckpointCounts {
  id: string
  kind: CheckpointKind | 'entrance'
  name: string
  description: string
  images: string[]
  position: number
  active: boolean
}

export interface CheckpointListResponse {
  points: CheckpointView[]
}

export const insideNow = (checkedIn: number, exited: number) => Math.max(0, checkedIn - exited)

// ---- Staff scans at a point ----

export interface PointScanResponse {
  result: PointScanResult
  checkpointId: string
  direction: ScanDirection
  attendee?: { nameMasked: string; category: string }
  checkedInAt?: string
  exitedAt?: string
}

// ---- The rotating participant code ----

/** A point's code changes every this many seconds. */
export const CODE_WINDOW_SECONDS = 30
const WINDOW_MS = CODE_WINDOW_SECONDS * 1000

/** The number of the 30-second window `now` falls in. */
export const codeWindow = (now: Date | number) => Math.floor(+now / WINDOW_MS)
/** When a window ends (its code stops being the current one). */
export const windowEndsAt = (window: number) => new Date((window + 1) * WINDOW_MS)

/**
 * Whether a code made in `window` is accepted at `now`: the current window, and the previous one
 * (grace for a code shown at second 29); 'expired' for older (forwarded, photographed), 'future'
 * for a window not yet begun (a forged window number; the MAC refuses it anyway).
 */
export function windowStatus(window: number, now: Date | number): 'current' | 'previous' | 'expired' | 'future' {
  const cur = codeWindow(now)
  if (window === cur) return 'current'
  if (window === cur - 1) return 'previous'
  return window < cur ? 'expired' : 'future'
}

/** Code format: `<pointId>.<window base36>.<mac base64url>`, compact enough for a small QR. */
const CODE_PATTERN = /^([0-9A-Za-z_-]{10,40})\.([0-9a-z]{1,10})\.([0-9A-Za-z_-]{16})$/

export interface ParsedCode {
  pointId: string
  window: number
  mac: string
}

export function formatCode(p: ParsedCode): string {
  return `${p.pointId}.${p.window.toString(36)}.${p.mac}`
}

/** The parts of a code (or of a stop URL carrying it as `c=`), or null when it is not one. */
export function parseCode(raw: string): ParsedCode | null {
  let s = raw.trim()
  const q = /[?&]c=([^&#]+)/.exec(s)
  if (q) {
    try {
      s = decodeURIComponent(q[1])
    } catch {
      return null
    }
  }
  const m = CODE_PATTERN.exec(s)
  if (!m) return null
  const window = parseInt(m[2], 36)
  if (!Number.isSafeInteger(window)) return null
  return { pointId: m[1], window, mac: m[3] }
}

/** The H5 stop page a point's code opens (hash route, relative to the app's origin). */
export const STOP_PAGE = 'pages/stop/index'
export const stopPagePath = (code: string) => `/#/${STOP_PAGE}?c=${encodeURIComponent(code)}`

export interface CheckpointCodeResponse {
  code: string
  url: string
  windowSeconds: number
  validUntil: string
  point: { id: string; name: string } & CheckpointCounts
}

/** What the participant's stop page shows. */
export interface StopPage {
  eventId: string
  eventTitle: string
  point: { id: string; name: string; kind: CheckpointKind; description: string; images: string[] }
  /** This scan checked the account's people in here (false: they already were). */
  newlyCheckedIn: boolean
  checkedInAt: string | null
}

/** A point's line on the dashboard. */
export interface DashboardPoint extends CheckpointCounts {
  id: string
  kind: CheckpointKind | 'entrance'
  name: string
}
