import { Text, View } from '@tarojs/components'
import { CATEGORIES, CATEGORY_CODES, formatRange, quotasSchema, sumQuotas, type Category, type Quotas } from '@openday/shared'
import { useEffect, useState } from 'react'
import { getEvent } from '../../api/events'
import { errorMessage } from '../../api/request'
import { getSeats, saveSeats } from '../../api/seats'
import { Btn } from '../../components/Btn'
import { Toggle } from '../../components/Choice'
import { TextField } from '../../components/Fields'
import { Screen, Section, Title } from '../../components/Layout'
import { Banner, ErrorState, Loading } from '../../components/States'
import { pageUrl, replace } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'
import { WaitlistPanel } from './WaitlistPanel'
import { ApprovalPanel } from './ApprovalPanel'
import { InvitationsPanel } from './InvitationsPanel'

type QuotaDraft = Record<Category, string>

const draftOf = (q: Quotas): QuotaDraft =>
  Object.fromEntries(CATEGORY_CODES.map((c) => [c, q[c] ? String(q[c]) : ''])) as QuotaDraft

/** Typed numbers → quotas (blank or 0 leaves the category out); null with a message if not numbers. */
export function quotasOf(d: QuotaDraft): { quotas: Quotas } | { error: string } {
  const out: Record<string, number> = {}
  for (const c of CATEGORY_CODES) {
    const t = d[c].trim()
    if (!t) continue
    if (!/^\d+$/.test(t)) return { error: `「${CATEGORIES[c]}」的名额须为整数` }
    if (Number(t) > 0) out[c] = Number(t)
  }
  const parsed = quotasSchema.safeParse(out)
  return parsed.success ? { quotas: parsed.data } : { error: parsed.error.issues[0]?.message ?? '名额分配格式不正确' }
}

/**
 * 名额与邀请 (?id=): reserved seats per category (名额分配), 需要审核, invitation codes and the
 * 审核 list, on a page of its own so that 新建活动 stays within its first-load budget.
 */
export function SeatsView({ id }: { id: string }) {
  const selfUrl = pageUrl('staffEventSeats', { id })
  const ok = useStaffGuard(selfUrl)
  const event = useResource(() => (ok ? getEvent(id, true) : Promise.resolve(undefined)), [id, ok])
  const seats = useResource(() => (ok ? getSeats(id) : Promise.resolve(undefined)), [id, ok])
  const [draft, setDraft] = useState<QuotaDraft>()
  const [approval, setApproval] = useState(false)
  const [error, setError] = useState<string>()
  const [saved, setSaved] = useState(false)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (seats.data) {
      setDraft(draftOf(seats.data.quotas))
      setApproval(seats.data.requiresApproval)
    }
  }, [seats.data])
  useEffect(() => {
    const e = event.error ?? seats.error
    if (e) handleStaffAuthError(e, selfUrl)
  }, [event.error, seats.error, selfUrl])

  if (!ok) return null
  if ((event.loading && !event.data) || (seats.loading && !seats.data)) return <Loading />
  if (!event.data || !seats.data || !draft) return <ErrorState error={event.error ?? seats.error} onRetry={() => void (event.reload(), seats.reload())} />
  const ev = event.data
  const s = seats.data
  const typed = quotasOf(draft)
  const reserved = 'quotas' in typed ? sumQuotas(typed.quotas) : 0
  const takenIn = (pool: string) => s.pools.find((p) => p.pool === pool)?.taken ?? 0

  const save = async () => {
    setError(undefined)
    setSaved(false)
    if ('error' in typed) return setError(typed.error)
    if (reserved > s.capacity) return setError(`各类别邀请名额合计（${reserved}）不能超过总名额（${s.capacity}）`)
    setBusy(true)
    try {
      await saveSeats(id, { quotas: typed.quotas, requiresApproval: approval })
      setSaved(true)
      await Promise.all([seats.reload({ silent: true }), event.reload({ silent: true })])
    } catch (e) {
      if (handleStaffAuthError(e, selfUrl)) return
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen>
      <Title sub={`${ev.title} · ${formatRange(ev.startAt, ev.endAt)}`}>名额与邀请</Title>
      <Section title="名额分配" id="seats-quotas">
        <Text className="paragraph">
          总名额 {s.capacity} 人，已报名 {s.registered} 人。为受邀代表预留的名额只能凭邀请码报名；其余 {Math.max(0, s.capacity - reserved)}{' '}
          个为公开报名名额（已用 {takenIn('general')}）。
        </Text>
        <View className="stack">
          {CATEGORY_CODES.map((c) => (
            <TextField
              key={c}
              id={`seats-quota-${c}`}
              label={CATEGORIES[c]}
              type="digits"
              maxlength={5}
              value={draft[c]}
              placeholder="不预留"
              hint={s.quotas[c] ? `已凭邀请报名 ${takenIn(c)} 人` : undefined}
              onChange={(v) => {
                setDraft({ ...draft, [c]: v })
                setSaved(false)
              }}
            />
          ))}
          <Toggle id="seats-approval" checked={approval} onChange={(v) => (setApproval(v), setSaved(false))}>
            <Text>需要审核：报名后为“待审核”，由工作人员审核通过后才发放电子票</Text>
          </Toggle>
          {error ? <Banner id="seats-error">{error}</Banner> : null}
          {saved ? (
            <Banner kind="success" id="seats-saved">
              已保存
            </Banner>
          ) : null}
          <Btn id="seats-save" loading={busy} loadingText="正在保存…" onClick={() => void save()}>
            保存名额分配
          </Btn>
        </View>
      </Section>
      <InvitationsPanel event={ev} quotas={s.quotas} onAuthError={(e) => handleStaffAuthError(e, selfUrl)} />
      <ApprovalPanel eventId={id} requiresApproval={s.requiresApproval} onAuthError={(e) => handleStaffAuthError(e, selfUrl)} onDecided={() => void seats.reload({ silent: true })} />
      <WaitlistPanel eventId={id} />
      <Btn id="seats-back" kind="secondary" onClick={() => replace(pageUrl('staffEvents'))}>
        返回活动管理
      </Btn>
    </Screen>
  )
}
