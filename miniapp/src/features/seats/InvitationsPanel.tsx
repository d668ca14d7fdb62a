import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  CATEGORIES,
  formatDateTime,
  invitationInputSchema,
  invitationProblem,
  type Category,
  type EventDetail,
  type Invitation,
  type Quotas,
} from '@openday/shared'
import { useState } from 'react'
import { errorMessage } from '../../api/request'
import { createInvitation, listInvitations, revokeInvitation } from '../../api/seats'
import { Btn } from '../../components/Btn'
import { ChoiceGroup } from '../../components/Choice'
import { FieldShell, TextField } from '../../components/Fields'
import { Card, Section } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { useResource } from '../../lib/useResource'
import { isoToLocal, localToIso } from './local-time'
import { copyText } from './copy'

const STATE_LABELS = { ok: '可使用', used_up: '已用完', expired: '已过期', revoked: '已作废', invalid: '无效' } as const

interface Props {
  event: EventDetail
  quotas: Quotas
  onAuthError: (e: unknown) => boolean
}

/** 邀请码: create one per category (one person or a group), list with uses, copy the link, revoke. */
export function InvitationsPanel({ event, quotas, onAuthError }: Props) {
  const list = useResource(() => listInvitations(event.id), [event.id])
  const categories = (Object.keys(quotas) as Category[]).filter((c) => (quotas[c] ?? 0) > 0)
  const [category, setCategory] = useState<Category>()
  const [uses, setUses] = useState('1')
  const [expires, setExpires] = useState(() => isoToLocal(event.registrationClosesAt))
  const [label, setLabel] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState<Invitation>()

  const create = async () => {
    setError(undefined)
    setCreated(undefined)
    const parsed = invitationInputSchema.safeParse({
      category,
      maxUses: /^\d+$/.test(uses.trim()) ? Number(uses.trim()) : uses,
      expiresAt: localToIso(expires),
      label: label.trim() || undefined,
    })
    if (!parsed.success) {
      const e: Record<string, string> = {}
      for (const i of parsed.error.issues) e[String(i.path[0])] ??= i.message
      return setErrors(e)
    }
    setErrors({})
    setBusy(true)
    try {
      const inv = await createInvitation(event.id, parsed.data)
      setCreated(inv)
      setLabel('')
      await list.reload({ silent: true })
    } catch (e) {
      if (onAuthError(e)) return
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (inv: Invitation) => {
    const r = await Taro.showModal({
      title: '作废邀请码？',
      content: `作废后，尚未使用的人将不能再凭此邀请码报名（已报名的不受影响）。已使用 ${inv.usedCount}/${inv.maxUses}。`,
      confirmText: '确定作废',
      cancelText: '再想想',
      confirmColor: '#b3261e',
    })
    if (!r.confirm) return
    try {
      await revokeInvitation(event.id, inv.id)
      await list.reload({ silent: true })
    } catch (e) {
      if (onAuthError(e)) return
      setError(errorMessage(e))
    }
  }

  return (
    <Section title="邀请码" id="seats-invitations">
      {categories.length === 0 ? (
        <Banner kind="info" id="inv-no-quota">
          先在上面的名额分配中为受邀类别预留名额，再生成邀请码。
        </Banner>
      ) : (
        <View className="stack">
          <FieldShell id="inv-category" label="邀请的身份类别" required error={errors.category}>
            <ChoiceGroup
              id="inv-category"
              label="邀请的身份类别"
              options={categories.map((c) => ({ value: c, label: `${CATEGORIES[c]}（${quotas[c]}个名额）` }))}
              value={category}
              onChange={setCategory}
              error={errors.category}
            />
          </FieldShell>
          <TextField id="inv-uses" label="可用人数" type="digits" maxlength={4} value={uses} onChange={setUses} error={errors.maxUses} hint="1 为一人一码；填更大的数可发给一个团体" required />
          <TextField id="inv-expires" label="有效期至" value={expires} onChange={setExpires} error={errors.expiresAt} hint="北京时间，如 2026-03-20 18:00" required />
          <TextField id="inv-label" label="备注" value={label} onChange={setLabel} maxlength={40} placeholder="选填，如：市人大常委会联络处" error={errors.label} />
          {error ? <Banner id="inv-error">{error}</Banner> : null}
          {created ? (
            <Banner kind="success" id="inv-created">
              <Text>已生成邀请码 {created.code}</Text>
              <Btn id="inv-created-copy" size="small" kind="secondary" onClick={() => void copyText(created.url, '报名链接')}>
                复制报名链接
              </Btn>
            </Banner>
          ) : null}
          <Btn id="inv-create" loading={busy} loadingText="正在生成…" onClick={() => void create()}>
            生成邀请码
          </Btn>
        </View>
      )}
      <View id="inv-list" className="list">
        {list.loading && !list.data ? (
          <Loading />
        ) : !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.reload()} />
        ) : list.data.length === 0 ? (
          <Empty id="inv-empty" text="还没有邀请码" />
        ) : (
          list.data.map((inv) => {
            const problem = invitationProblem(inv, new Date())
            return (
              <Card key={inv.id} id={`inv-${inv.id}`}>
                <View className="card__top">
                  <Text className="card__title">
                    {CATEGORIES[inv.category]}
                    {inv.label ? ` · ${inv.label}` : ''}
                  </Text>
                  <Text className={`status status--${problem ? 'cancelled' : 'registered'}`}>{STATE_LABELS[problem ?? 'ok']}</Text>
                </View>
                <Text className="meta" id={`inv-${inv.id}-uses`}>
                  已使用 {inv.usedCount}/{inv.maxUses} · 有效期至 {formatDateTime(inv.expiresAt)}
                </Text>
                <Text className="meta">邀请码：{inv.code}</Text>
                <View className="btn-grid">
                  <Btn id={`inv-${inv.id}-copy`} size="small" kind="secondary" onClick={() => void copyText(inv.url, '报名链接')}>
                    复制链接
                  </Btn>
                  {inv.revokedAt ? null : (
                    <Btn id={`inv-${inv.id}-revoke`} size="small" kind="danger" onClick={() => void revoke(inv)}>
                      作废
                    </Btn>
                  )}
                </View>
              </Card>
            )
          })
        )}
      </View>
    </Section>
  )
}
