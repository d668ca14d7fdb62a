import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  CHECKPOINT_DESCRIPTION_MAX,
  CHECKPOINT_IMAGES_MAX,
  CHECKPOINT_KIND_LABELS,
  CHECKPOINT_NAME_MAX,
  ENTRANCE_ID,
  ORGANISER_ROLES,
  checkpointInputSchema,
  type CheckpointKind,
  type CheckpointView,
} from '@openday/shared'
import { useEffect, useState } from 'react'
import { createCheckpoint, listCheckpoints, patchCheckpoint } from '../../api/checkpoints'
import { errorMessage } from '../../api/request'
import { getStaffProfile } from '../../api/session'
import { Btn } from '../../components/Btn'
import { ChoiceGroup } from '../../components/Choice'
import { TextAreaField, TextField } from '../../components/Fields'
import { Card, Screen, Section, Title } from '../../components/Layout'
import { Banner, ErrorState, Loading } from '../../components/States'
import { CSV_NEEDS_SECOND_TAP, fetchCsv, saveCsv, type CsvFile } from '../../lib/download'
import { go, pageUrl } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'

interface Draft {
  id?: string
  name: string
  kind: CheckpointKind
  description: string
  /** One picture address per line. */
  images: string
}

const EMPTY: Draft = { name: '', kind: 'stop', description: '', images: '' }

function PointForm({ eventId, draft, onDone, onCancel }: { eventId: string; draft: Draft; onDone: () => void; onCancel: () => void }) {
  const [d, setD] = useState(draft)
  const [error, setError] = useState<string>()
  const [saving, setSaving] = useState(false)
  const save = async () => {
    const input = { name: d.name, kind: d.kind, description: d.description, images: d.images.split('\n').map((s) => s.trim()).filter(Boolean) }
    const checked = checkpointInputSchema.safeParse(input)
    if (!checked.success) {
      setError(checked.error.issues[0]?.message ?? '填写的信息有误，请检查后重试')
      return
    }
    setSaving(true)
    setError(undefined)
    try {
      if (d.id) await patchCheckpoint(eventId, d.id, input)
      else await createCheckpoint(eventId, input)
      Taro.showToast({ title: '已保存', icon: 'success' }).catch(() => undefined)
      onDone()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }
  return (
    <Card id="cp-form">
      <TextField id="cp-name" label="名称" required value={d.name} onChange={(name) => setD({ ...d, name })} maxlength={CHECKPOINT_NAME_MAX} placeholder="如 气相色谱仪" />
      <ChoiceGroup
        id="cp-kind"
        label="类型"
        options={[
          { value: 'stop', label: CHECKPOINT_KIND_LABELS.stop },
          { value: 'talk', label: CHECKPOINT_KIND_LABELS.talk },
        ]}
        value={d.kind}
        onChange={(kind) => setD({ ...d, kind })}
      />
      <TextAreaField
        id="cp-description"
        label="介绍（参加者扫码后看到）"
        value={d.description}
        onChange={(description) => setD({ ...d, description })}
        maxlength={CHECKPOINT_DESCRIPTION_MAX}
        counter
        placeholder="如 气相色谱仪能把样品中的多种农药分离开来，逐一测定含量"
      />
      <TextAreaField
        id="cp-images"
        label={`图片地址（每行一个，最多${CHECKPOINT_IMAGES_MAX}张，https 开头）`}
        value={d.images}
        onChange={(images) => setD({ ...d, images })}
        maxlength={3000}
      />
      {error ? (
        <Banner id="cp-form-error">
          <Text>{error}</Text>
        </Banner>
      ) : null}
      <Btn id="cp-save" loading={saving} loadingText="正在保存…" onClick={() => void save()}>
        保存
      </Btn>
      <Btn id="cp-cancel" kind="plain" onClick={onCancel}>
        取消
      </Btn>
    </Card>
  )
}

/**
 * The point's A4 poster (its name, text, the event's codes and how the 30 s code works): fetched
 * with the staff token; H5 saves the page to print from the browser, the mini-program forwards
 * the file to a chat (a second tap, as WeChat wants) to print on a computer.
 */
function PointPoster({ eventId, p }: { eventId: string; p: CheckpointView }) {
  const [busy, setBusy] = useState(false)
  const [ready, setReady] = useState<CsvFile>()
  const [error, setError] = useState<string>()
  const fetchPoster = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const file = await fetchCsv(`/staff/events/${encodeURIComponent(eventId)}/checkpoints/${encodeURIComponent(p.id)}/poster`, `海报-${p.name}.html`)
      if (CSV_NEEDS_SECOND_TAP) setReady(file)
      else await saveCsv(file)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Btn id={`cp-${p.id}-poster`} size="small" kind="secondary" loading={busy} loadingText="正在生成…" onClick={() => void fetchPoster()}>
        海报
      </Btn>
      {ready ? (
        <Btn id={`cp-${p.id}-poster-save`} size="small" onClick={() => void saveCsv(ready).catch(() => undefined)}>
          转发到聊天
        </Btn>
      ) : null}
      {error ? <Banner id={`cp-${p.id}-poster-error`}>{error}</Banner> : null}
    </>
  )
}

function PointCard({ p, organiser, eventId, onEdit, onChanged }: { p: CheckpointView; organiser: boolean; eventId: string; onEdit: () => void; onChanged: () => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const toggle = async () => {
    if (p.active) {
      const ok = await Taro.showModal({
        title: '停用签到点',
        content: `停用「${p.name}」后，签到页面和二维码都不能再用于该点；已有的签到记录保留。确定停用吗？`,
        confirmText: '停用',
        cancelText: '再想想',
      }).then(
        (r) => r.confirm,
        () => false,
      )
      if (!ok) return
    }
    setBusy(true)
    setError(undefined)
    try {
      await patchCheckpoint(eventId, p.id, { active: !p.active })
      onChanged()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card id={`cp-${p.id}`} >
      <Text className="card__title">
        {p.name}
        {p.id === ENTRANCE_ID ? '' : `（${CHECKPOINT_KIND_LABELS[p.kind]}）`}
        {p.active ? '' : ' · 已停用'}
      </Text>
      <Text id={`cp-${p.id}-counts`} className="meta">
        已签到 {p.checkedIn}　已离开 {p.exited}　现在场内 {p.insideNow}
      </Text>
      {p.description ? <Text className="paragraph">{p.description}</Text> : null}
      {error ? <Banner>{error}</Banner> : null}
      {p.id !== ENTRANCE_ID ? (
        <View className="btn-grid">
          {p.active ? (
            <Btn id={`cp-${p.id}-qr`} size="small" onClick={() => go(pageUrl('staffPointQr', { eventId, cpId: p.id }))}>
              签到二维码
            </Btn>
          ) : null}
          {p.active ? <PointPoster eventId={eventId} p={p} /> : null}
          {organiser ? (
            <Btn id={`cp-${p.id}-edit`} size="small" kind="secondary" onClick={onEdit}>
              编辑
            </Btn>
          ) : null}
          {organiser ? (
            <Btn id={`cp-${p.id}-toggle`} size="small" kind={p.active ? 'danger' : 'secondary'} loading={busy} onClick={() => void toggle()}>
              {p.active ? '停用' : '重新启用'}
            </Btn>
          ) : null}
        </View>
      ) : null}
    </Card>
  )
}

/** 签到点管理 (?eventId=): the tour's stops and talk, their counts and codes. */
export function CheckpointsView({ eventId }: { eventId: string }) {
  const selfUrl = pageUrl('staffCheckpoints', { eventId })
  const ok = useStaffGuard(selfUrl)
  const profile = getStaffProfile()
  const organiser = profile ? ORGANISER_ROLES.includes(profile.role) : false
  const list = useResource(() => (ok ? listCheckpoints(eventId) : Promise.resolve(undefined)), [eventId, ok])
  const [editing, setEditing] = useState<Draft>()
  useEffect(() => {
    if (list.error) handleStaffAuthError(list.error, selfUrl)
  }, [list.error, selfUrl])
  if (!ok) return null
  const done = () => {
    setEditing(undefined)
    void list.reload({ silent: true })
  }
  return (
    <Screen>
      <Title sub="参加者在每个点扫码签到，也可由工作人员扫电子票">签到点</Title>
      {list.loading && !list.data ? (
        <Loading />
      ) : !list.data ? (
        <ErrorState id="cp-error" error={list.error} onRetry={() => void list.reload()} />
      ) : (
        <View id="cp-list">
          {list.data.points.length === 1 ? <Text id="cp-empty" className="meta">还没有参观点，只有入口签到。</Text> : null}
          {list.data.points.map((p) =>
            editing?.id === p.id ? (
              <PointForm key={p.id} eventId={eventId} draft={editing} onDone={done} onCancel={() => setEditing(undefined)} />
            ) : (
              <PointCard
                key={p.id}
                p={p}
                organiser={organiser}
                eventId={eventId}
                onChanged={done}
                onEdit={() => setEditing({ id: p.id, name: p.name, kind: p.kind === 'talk' ? 'talk' : 'stop', description: p.description, images: p.images.join('\n') })}
              />
            ),
          )}
        </View>
      )}
      {organiser ? (
        <Section title="添加签到点" id="cp-add">
          {editing && !editing.id ? (
            <PointForm eventId={eventId} draft={editing} onDone={done} onCancel={() => setEditing(undefined)} />
          ) : (
            <Btn id="cp-new" kind="secondary" onClick={() => setEditing(EMPTY)}>
              添加参观点或座谈
            </Btn>
          )}
        </Section>
      ) : null}
    </Screen>
  )
}
