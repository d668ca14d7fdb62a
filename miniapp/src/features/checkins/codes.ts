import { checkinInputSchema, looksLikeTicket, parseTicket } from '@openday/shared'

export type ScanKind = 'ticket' | 'code'

export interface ScanInput {
  kind: ScanKind
  /** Exactly what is sent: a ticket as scanned, a 签到码 cleaned up. */
  value: string
}

/**
 * What was typed into the field, or why it cannot be sent. Handheld scanners type the whole QR
 * content as keystrokes, so a ticket is taken as is (only trimmed: its signature is
 * case-sensitive); anything else is a 签到码, forgiven its case, spaces and dashes.
 */
export function readTyped(raw: string): ScanInput | { error: string } {
  const text = raw.trim()
  const value = looksLikeTicket(text) ? text : text.replace(/[\s-]/g, '').toUpperCase()
  const parsed = checkinInputSchema.safeParse({ ticket: value })
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? '请扫描票据或输入签到码' }
  return { kind: looksLikeTicket(value) ? 'ticket' : 'code', value }
}

/** A QR read by a camera is always judged as a ticket (a QR that is not ours is an invalid ticket). */
export function readScanned(raw: string): ScanInput | null {
  const value = raw.trim()
  return value ? { kind: 'ticket', value } : null
}

/**
 * The scan as shown in lists: enough to tell lines apart and match them to a person in front of
 * the desk, not enough to use: a 签到码 shows 4 of its 8 characters, a ticket the last 4 of its
 * signature.
 */
export function maskScan(scan: ScanInput): string {
  if (scan.kind === 'code') {
    const v = scan.value
    return v.length <= 4 ? `签到码 ${v[0] ?? ''}***` : `签到码 ${v.slice(0, 2)}****${v.slice(-2)}`
  }
  const ticket = parseTicket(scan.value)
  if (ticket) return `电子票 …${scan.value.slice(-4)}`
  return '无法识别的二维码'
}
