import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CATEGORIES, declineSchema, formatDateTime, type StaffRegistration } from '@openday/shared'
import { useState } from 'react'
import { errorMessage } from '../../api/request'
import { approveRegistration, declineRegistration, listRegistrations } from '../../api/seats'
import { Btn } from '../../components/Btn'
import { TextAreaField } from '../../components/Fields'
import { Card, Section } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { useResource } from '../../lib/useResource'

interface Props {
  eventId: string
  requiresApproval: boolean
  onAuthError: (e: unknown) => boolean
  onDecided: () => void
}

/** 待审核: approve (confirmed), or decline with a required reason (confirmed); the person is told. */
export function ApprovalPanel({ eventId, requiresApproval, onAuthError, onDecided }: Props) {
  const list = useResource(() => listRegistrations(eventId, 'pending'), [eventId])
  const [declining, setDeclining] = useState<string>()
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState<string>()

  const done = async () => {
    await list.reload({ silent: true })
    onDecided()
  }

  const approve = async (r: StaffRegistration) => {
    const ok = await Taro.showModal({
      title: '审核通过？',
      content: `${r.nameMasked}（${CATEGORIES[r.category]}）将收到通过通知和电子票。`,
      confirmText: '通过',
      cancelText: '取消',
    })
    if (!ok.confirm) return
    setError(undefined)
    setBusy(r.id)
    try {
      await approveRegistration(eventId, r.id)
      await done()
    } catch (e) {
      if (!onAuthError(e)) setError(errorMessage(e))
    } finally {
      setBusy(undefined)
    }
  }

  const decline = async (r: StaffRegistration) => {
    const parsed = declineSchema.safeParse({ reason: reason.trim() || undefined })
    if (!parsed.success) return setReasonError(parsed.error.issues[0]?.message)
    setReasonError(undefined)
    const ok = await Taro.showModal({
      title: '确定不通过？',
      content: `${r.nameMasked} 的报名将被取消，名额释放，并通过短信或微信告知原因。`,
      confirmText: '不通过',
      cancelText: '再想想',
      confirmColor: '#b3261e',
    })
    if (!ok.confirm) return
    setError(undefined)
    setBusy(r.id)
    try {
      await declineRegistration(eventId, r.id, parsed.data.reason)
      setDeclining(undefined)
      setReason('')
      await done()
    } catch (e) {
      if (!onAuthError(e)) setError(errorMessage(e))
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <Section title="报名审核" id="seats-approval-list">
      {!requiresApproval ? (
        <Text className="paragraph">本活动报名无需审核。如需审核，请勾选上方“需要审核”并保存。</Text>
      ) : null}
      {error ? <Banner id="approval-error">{error}</Banner> : null}
      <View id="approval-list" className="list">
        {list.loading && !list.data ? (
          <Loading />
        ) : !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.reload()} />
        ) : list.data.length === 0 ? (
          <Empty id="approval-empty" text="没有待审核的报名" />
        ) : (
          list.data.map((r) => (
            <Card key={r.id} id={`approval-${r.id}`}>
              <View className="card__top">
                <Text className="card__title">
                  {r.nameMasked} · {r.phoneMasked}
                </Text>
                <Text className="status status--pending">待审核</Text>
              </View>
              <Text className="meta">
                {CATEGORIES[r.category]}
                {r.invited ? '（受邀）' : ''}
                {r.organization ? ` · ${r.organization}` : ''}
              </Text>
              <Text className="meta">报名时间：{formatDateTime(r.createdAt)}</Text>
              {declining === r.id ? (
                <View className="stack">
                  <TextAreaField
                    id={`approval-${r.id}-reason`}
                    label="不通过的原因"
                    required
                    value={reason}
                    onChange={(v) => (setReason(v), setReasonError(undefined))}
                    maxlength={200}
                    counter
                    error={reasonError}
                    placeholder="如：本场面向食品生产企业代表，名额有限"
                    hint="报名者会收到这段说明"
                  />
                  <View className="btn-grid">
                    <Btn id={`approval-${r.id}-decline-confirm`} kind="danger" loading={busy === r.id} onClick={() => void decline(r)}>
                      确定不通过
                    </Btn>
                    <Btn id={`approval-${r.id}-decline-cancel`} kind="secondary" onClick={() => setDeclining(undefined)}>
                      返回
                    </Btn>
                  </View>
                </View>
              ) : (
                <View className="btn-grid">
                  <Btn id={`approval-${r.id}-approve`} kind="success" loading={busy === r.id} onClick={() => void approve(r)}>
                    通过
                  </Btn>
                  <Btn
                    id={`approval-${r.id}-decline`}
                    kind="danger"
                    disabled={busy === r.id}
                    onClick={() => (setDeclining(r.id), setReason(''), setReasonError(undefined))}
                  >
                    不通过
                  </Btn>
                </View>
              )}
            </Card>
          ))
        )}
      </View>
    </Section>
  )
}
