import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  CATEGORIES,
  CATEGORY_CODES,
  ERROR_MESSAGES,
  eventInputSchema,
  formatTime,
  ORGANISER_ROLES,
  publishInputSchema,
  shanghaiDate,
  type AgendaItem,
  type Category,
  type EventDetail,
  type EventInput,
  type EventPatch,
} from '@openday/shared'
import { useEffect, useState } from 'react'
import { createEvent, getEvent, publishEvent, updateEvent } from '../../api/events'
import { ApiError, errorMessage } from '../../api/request'
import { getStaffProfile } from '../../api/session'
import { Btn } from '../../components/Btn'
import { ChoiceGroup } from '../../components/Choice'
import { FieldShell, TextAreaField, TextField } from '../../components/Fields'
import { Screen, Section, Title } from '../../components/Layout'
import { Banner, ErrorState, Loading } from '../../components/States'
import { fieldErrors, optional, scrollToFirstError, type FieldErrors } from '../../lib/form'
import { go, pageUrl, replace } from '../../lib/nav'
import { canCancel, registeredCount } from './eventState'
import { handleStaffAuthError, useStaffGuard } from './guard'

interface FormState {
  title: string
  hostUnit: string
  venue: string
  description: string
  startAt: string
  endAt: string
  registrationOpensAt: string
  registrationClosesAt: string
  capacity: string
  agenda: string
  targetGroups: Category[]
  contactPhone: string
  venueLat: string
  venueLng: string
}

const EMPTY: FormState = {
  title: '',
  hostUnit: '',
  venue: '',
  description: '',
  startAt: '',
  endAt: '',
  registrationOpensAt: '',
  registrationClosesAt: '',
  capacity: '',
  agenda: '',
  targetGroups: [],
  contactPhone: '',
  venueLat: '',
  venueLng: '',
}

const LOCAL_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2})[:：](\d{2})$/
const pad = (s: string) => s.padStart(2, '0')

/** '2026-12-04 09:30' (Beijing time, as typed) → '2026-12-04T09:30:00+08:00'; anything else as is. */
export function localToIso(s: string): string | undefined {
  const t = s.trim()
  if (!t) return undefined
  const m = LOCAL_RE.exec(t)
  if (!m) return t
  return `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${m[5]}:00+08:00`
}

export function isoToLocal(iso: string): string {
  return `${shanghaiDate(iso)} ${formatTime(iso)}`
}

const AGENDA_RE = /^(\d{1,2}[:：]\d{2}(?:\s*[-–~至]\s*\d{1,2}[:：]\d{2})?)\s+(.+)$/

/** One agenda item per line; a leading time ('09:30' or '09:30-10:00') becomes the item's time. */
export function parseAgenda(text: string): AgendaItem[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = AGENDA_RE.exec(line)
      return m ? { time: m[1].replace(/：/g, ':'), title: m[2].trim() } : { title: line }
    })
}

function fromEvent(e: EventDetail): FormState {
  return {
    title: e.title,
    hostUnit: e.hostUnit,
    venue: e.venue,
    description: e.description ?? '',
    startAt: isoToLocal(e.startAt),
    endAt: isoToLocal(e.endAt),
    registrationOpensAt: isoToLocal(e.registrationOpensAt),
    registrationClosesAt: isoToLocal(e.registrationClosesAt),
    capacity: String(e.capacity),
    agenda: e.agenda.map((a) => (a.time ? `${a.time} ${a.title}` : a.title)).join('\n'),
    targetGroups: e.targetGroups,
    contactPhone: e.contactPhone ?? '',
    venueLat: e.venueLat === null ? '' : String(e.venueLat),
    venueLng: e.venueLng === null ? '' : String(e.venueLng),
  }
}

/** A typed coordinate: empty is none (null), anything else a number (NaN is refused by the schema). */
const coordinate = (s: string) => (s.trim() ? Number(s.trim()) : null)

function toInput(f: FormState) {
  return {
    title: f.title,
    hostUnit: f.hostUnit,
    venue: f.venue,
    description: optional(f.description),
    startAt: localToIso(f.startAt),
    endAt: localToIso(f.endAt),
    registrationOpensAt: localToIso(f.registrationOpensAt),
    registrationClosesAt: localToIso(f.registrationClosesAt),
    capacity: /^\d+$/.test(f.capacity.trim()) ? Number(f.capacity.trim()) : f.capacity.trim() ? NaN : undefined,
    agenda: parseAgenda(f.agenda),
    targetGroups: f.targetGroups,
    contactPhone: optional(f.contactPhone),
    venueLat: coordinate(f.venueLat),
    venueLng: coordinate(f.venueLng),
  }
}

const TIME_KEYS = ['startAt', 'endAt', 'registrationOpensAt', 'registrationClosesAt'] as const
/** Changes registrants are told about (the API sends the notice). */
const NOTIFIED_KEYS = ['startAt', 'endAt', 'venue']

/**
 * What a published event's form changes, field by field (times compared as instants): only
 * these are sent, so that an unchanged start is never re-checked against the notice rule.
 */
export function changedFields(before: EventInput, after: EventInput): EventPatch {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(after) as (keyof EventInput)[]) {
    const [a, b] = [before[k], after[k]]
    const same = (TIME_KEYS as readonly string[]).includes(k)
      ? Date.parse(String(a)) === Date.parse(String(b))
      : JSON.stringify(a) === JSON.stringify(b)
    if (!same && b !== undefined) out[k] = b
  }
  // The map point changes as a whole (the API wants both or neither).
  if ('venueLat' in out || 'venueLng' in out) Object.assign(out, { venueLat: after.venueLat, venueLng: after.venueLng })
  return out as EventPatch
}

/** '2026-12-04 09:30' moved by whole days (the form's own format); unparsable text as is. */
export function shiftLocal(local: string, days: number): string {
  const iso = localToIso(local)
  if (!iso || !LOCAL_RE.test(local.trim())) return local
  return isoToLocal(new Date(Date.parse(iso) + days * 24 * 3600 * 1000).toISOString())
}

/** Agenda errors are reported on the whole agenda box. */
function normaliseErrors(errs: FieldErrors): FieldErrors {
  const out: FieldErrors = {}
  for (const [k, v] of Object.entries(errs)) {
    const key = k.startsWith('agenda') ? 'agenda' : k.startsWith('targetGroups') ? 'targetGroups' : k
    if (!out[key]) out[key] = v
  }
  return out
}

const CATEGORY_OPTIONS = CATEGORY_CODES.map((c) => ({ value: c, label: CATEGORIES[c] }))
const FIELD_ORDER: [string, string][] = [
  ['title', 'ev-title'],
  ['hostUnit', 'ev-host-unit'],
  ['venue', 'ev-venue'],
  ['venueLat', 'ev-venueLat'],
  ['venueLng', 'ev-venueLng'],
  ['startAt', 'ev-start'],
  ['endAt', 'ev-end'],
  ['registrationOpensAt', 'ev-reg-open'],
  ['registrationClosesAt', 'ev-reg-close'],
  ['capacity', 'ev-capacity'],
  ['description', 'ev-description'],
  ['agenda', 'ev-agenda'],
  ['targetGroups', 'ev-targets'],
  ['contactPhone', 'ev-contact'],
]
const TIME_HINT = '格式：2026-12-04 09:30（北京时间）'

/**
 * 新建/编辑活动 (?id= for an existing event), then 发布. A published event can still be changed
 * (时间、地点…, 延期 = new times; registrants are told by the API) or cancelled with a reason; a
 * cancelled one is shown, not edited.
 */
export function EventEditForm({ id }: { id?: string }) {
  const selfUrl = pageUrl('staffEventEdit', { id })
  const ok = useStaffGuard(selfUrl)
  const profile = getStaffProfile()
  const organiser = profile ? ORGANISER_ROLES.includes(profile.role) : false

  const [form, setForm] = useState<FormState>(EMPTY)
  const [saved, setSaved] = useState<EventDetail>()
  const [dirty, setDirty] = useState(false)
  const [loading, setLoading] = useState(Boolean(id))
  const [loadError, setLoadError] = useState<unknown>()
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState<'save' | 'publish'>()
  /** A published event's change, saved: whether registrants are told. */
  const [changeSaved, setChangeSaved] = useState<{ notified: boolean }>()
  const [notice, setNotice] = useState<{ earliestStartDate?: string }>()
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string>()
  const [published, setPublished] = useState<EventDetail>()

  const load = () => {
    if (!id || !ok) return
    setLoading(true)
    setLoadError(undefined)
    getEvent(id, true)
      .then((e) => {
        setSaved(e)
        setForm(fromEvent(e))
      })
      .catch((e) => {
        if (!handleStaffAuthError(e, selfUrl)) setLoadError(e)
      })
      .finally(() => setLoading(false))
  }
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(load, [id, ok])
  useEffect(() => {
    if (id) Taro.setNavigationBarTitle({ title: '编辑活动' }).catch(() => undefined)
  }, [id])

  // A cancelled event cannot be edited: its page is 取消活动, which shows when and why.
  const cancelledId = saved?.status === 'cancelled' ? saved.id : undefined
  useEffect(() => {
    if (cancelledId) replace(pageUrl('staffEventCancel', { id: cancelledId }))
  }, [cancelledId])

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => {
    setForm((f) => ({ ...f, [k]: v }))
    setDirty(true)
    setChangeSaved(undefined)
    if (errors[k]) setErrors((e) => ({ ...e, [k]: '' }))
  }

  /** 延期: moves the start and the end by whole days (the rest stays as typed). */
  const postpone = (days: number) => {
    setForm((f) => ({ ...f, startAt: shiftLocal(f.startAt, days), endAt: shiftLocal(f.endAt, days) }))
    setDirty(true)
    setChangeSaved(undefined)
  }

  const live = saved?.status === 'published'

  /**
   * Validates and saves (create or patch); returns the saved event or undefined. A published
   * event sends only what changed, with the reason when its start moves inside the notice period.
   */
  const save = async (overrideReason?: string): Promise<EventDetail | undefined> => {
    setFormError(undefined)
    const parsed = eventInputSchema.safeParse(toInput(form))
    if (!parsed.success) {
      const errs = normaliseErrors(fieldErrors(parsed.error))
      setErrors(errs)
      scrollToFirstError(errs, FIELD_ORDER)
      setFormError('请按提示修改标红的内容')
      return undefined
    }
    setErrors({})
    let patch: EventPatch = parsed.data
    if (saved && live) {
      const before = eventInputSchema.safeParse(toInput(fromEvent(saved)))
      patch = before.success ? changedFields(before.data, parsed.data) : parsed.data
      if (Object.keys(patch).length === 0) {
        setDirty(false)
        return saved
      }
      if (overrideReason) patch = { ...patch, overrideReason }
    }
    try {
      const ev = saved ? await updateEvent(saved.id, patch) : await createEvent(parsed.data)
      setSaved(ev)
      setDirty(false)
      if (live) {
        setNotice(undefined)
        setReason('')
        setChangeSaved({ notified: NOTIFIED_KEYS.some((k) => k in patch) })
      }
      return ev
    } catch (e) {
      if (handleStaffAuthError(e, selfUrl)) return undefined
      if (live && e instanceof ApiError && e.code === 'NOTICE_TOO_SHORT') {
        const earliest = e.details.earliestStartDate
        setNotice({ earliestStartDate: typeof earliest === 'string' ? earliest : undefined })
        setFormError('新的开始时间距今不足5个工作日，请在下方填写理由后再保存')
        return undefined
      }
      if (e instanceof ApiError && e.field) setErrors(normaliseErrors({ [e.field]: e.message }))
      setFormError(errorMessage(e))
      return undefined
    }
  }

  /** Reason for a published event's start moved inside the notice period (as when publishing). */
  const checkedReason = (): string | undefined => {
    setReasonError(undefined)
    const parsed = publishInputSchema.safeParse({ overrideReason: reason.trim() })
    if (!parsed.success || !parsed.data.overrideReason) {
      setReasonError(parsed.success ? '请填写理由' : fieldErrors(parsed.error).overrideReason)
      return undefined
    }
    return parsed.data.overrideReason
  }

  /** 保存修改 of a published event: says who will be told, then saves. */
  const onSaveLive = async (withReason: boolean) => {
    if (!saved) return
    const overrideReason = withReason ? checkedReason() : undefined
    if (withReason && !overrideReason) return
    const parsed = eventInputSchema.safeParse(toInput(form))
    const before = eventInputSchema.safeParse(toInput(fromEvent(saved)))
    const notifies = parsed.success && before.success && NOTIFIED_KEYS.some((k) => k in changedFields(before.data, parsed.data))
    const n = registeredCount(saved)
    if (notifies && n > 0) {
      const r = await Taro.showModal({
        title: '保存修改',
        content: `活动时间或地点已修改，保存后将通知已报名的 ${n} 人。确定保存吗？`,
        confirmText: '保存并通知',
        cancelText: '再看看',
      })
      if (!r.confirm) return
    }
    setBusy('save')
    const ev = await save(overrideReason)
    setBusy(undefined)
    if (ev) Taro.showToast({ title: '修改已保存', icon: 'success' }).catch(() => undefined)
  }

  const onSave = async () => {
    setBusy('save')
    const ev = await save()
    setBusy(undefined)
    if (ev) Taro.showToast({ title: '草稿已保存', icon: 'success' }).catch(() => undefined)
  }

  const onPublish = async (withReason: boolean) => {
    setReasonError(undefined)
    let overrideReason: string | undefined
    if (withReason) {
      overrideReason = checkedReason()
      if (!overrideReason) return
    }
    const confirm = await Taro.showModal({
      title: '发布活动',
      content: '发布后活动预告将向社会公开，群众即可报名。确定发布吗？',
      confirmText: '发布',
      cancelText: '取消',
    })
    if (!confirm.confirm) return
    setBusy('publish')
    setFormError(undefined)
    try {
      const ev = !saved || dirty ? await save() : saved
      if (!ev) return
      const done = await publishEvent(ev.id, overrideReason)
      setPublished(done)
      setNotice(undefined)
    } catch (e) {
      if (handleStaffAuthError(e, selfUrl)) return
      if (e instanceof ApiError && e.code === 'NOTICE_TOO_SHORT') {
        const earliest = e.details.earliestStartDate
        setNotice({ earliestStartDate: typeof earliest === 'string' ? earliest : undefined })
      } else {
        setFormError(errorMessage(e))
      }
    } finally {
      setBusy(undefined)
    }
  }

  if (!ok) return <Loading text="请先登录…" />
  if (!organiser) {
    return (
      <Screen>
        <Banner>{ERROR_MESSAGES.FORBIDDEN}：仅活动组织者和管理员可以新建、发布活动。</Banner>
      </Screen>
    )
  }
  if (loading) return <Loading />
  if (loadError) return <ErrorState error={loadError} onRetry={load} />

  if (saved?.status === 'cancelled') return <Loading />

  if (published) {
    return (
      <Screen>
        <Banner kind="success" id="ev-published">
          <Text className="banner__strong">活动已发布</Text>
          <Text>“{published.title}”的活动预告已公开，群众现在可以报名。</Text>
        </Banner>
        <Btn id="ev-back" onClick={() => replace(pageUrl('staffEvents'))}>
          返回活动管理
        </Btn>
      </Screen>
    )
  }

  return (
    <Screen>
      <Title sub={live ? '活动已发布，修改后核对无误再保存' : saved ? '草稿已保存，可继续修改或发布' : '先保存为草稿，确认无误后发布'}>
        {live ? '修改活动' : saved ? '编辑活动' : '新建活动'}
      </Title>
      {live && saved ? (
        <Banner kind="info" id="ev-live-note">
          <Text className="banner__strong">本活动已发布，已报名 {registeredCount(saved)} 人</Text>
          <Text className="banner__line">修改活动时间或地点并保存后，报名者会收到变更通知。延期即把开始、结束时间改到新的日期。</Text>
        </Banner>
      ) : null}
      <View className="stack">
        <TextField id="ev-title" label="活动主题" required value={form.title} onChange={(v) => set('title', v)} maxlength={80} error={errors.title} />
        <TextField id="ev-host-unit" label="开放单位" required value={form.hostUnit} onChange={(v) => set('hostUnit', v)} maxlength={60} error={errors.hostUnit} placeholder="如：农产品质量安全监管中心" />
        <TextField id="ev-venue" label="活动地点" required value={form.venue} onChange={(v) => set('venue', v)} maxlength={120} error={errors.venue} />
        {(['venueLat', 'venueLng'] as const).map((k) => (
          <TextField key={k} id={`ev-${k}`} label={k === 'venueLat' ? '纬度（选填，用于导航）' : '经度（选填，用于导航）'} value={form[k]} onChange={(v) => set(k, v)} maxlength={12} error={errors[k]} placeholder={k === 'venueLat' ? '如：36.0158' : '如：106.2426'} hint="GCJ-02，可在地图应用中长按地点获取" />
        ))}
        <TextField id="ev-start" label="开始时间" required value={form.startAt} onChange={(v) => set('startAt', v)} maxlength={16} error={errors.startAt} placeholder="2026-12-04 09:30" hint={TIME_HINT} />
        <TextField id="ev-end" label="结束时间" required value={form.endAt} onChange={(v) => set('endAt', v)} maxlength={16} error={errors.endAt} placeholder="2026-12-04 11:30" hint={TIME_HINT} />
        {live ? (
          <Btn id="ev-postpone-7" size="small" kind="secondary" onClick={() => postpone(7)}>
            延期7天
          </Btn>
        ) : null}
        <TextField id="ev-reg-open" label="报名开始时间" required value={form.registrationOpensAt} onChange={(v) => set('registrationOpensAt', v)} maxlength={16} error={errors.registrationOpensAt} placeholder="2026-11-20 09:00" hint={TIME_HINT} />
        <TextField id="ev-reg-close" label="报名截止时间" required value={form.registrationClosesAt} onChange={(v) => set('registrationClosesAt', v)} maxlength={16} error={errors.registrationClosesAt} placeholder="2026-12-03 17:00" hint={TIME_HINT} />
        <TextField id="ev-capacity" label="名额（人）" required type="digits" value={form.capacity} onChange={(v) => set('capacity', v)} maxlength={5} error={errors.capacity} />
        <TextAreaField id="ev-description" label="活动介绍（选填）" value={form.description} onChange={(v) => set('description', v)} maxlength={2000} counter error={errors.description} />
        <TextAreaField
          id="ev-agenda"
          label="活动议程（选填，每行一项）"
          value={form.agenda}
          onChange={(v) => set('agenda', v)}
          maxlength={2000}
          error={errors.agenda}
          placeholder={'09:30 签到入场\n09:40-10:10 职能介绍\n10:10 参观检测实验室'}
          hint="行首可写时间，如“09:30 签到入场”"
        />
        <FieldShell id="ev-targets" label="开放对象（可多选）" error={errors.targetGroups}>
          <ChoiceGroup
            id="ev-targets"
            label="开放对象"
            multiple
            options={CATEGORY_OPTIONS}
            value={form.targetGroups}
            onChange={(v) =>
              set('targetGroups', form.targetGroups.includes(v) ? form.targetGroups.filter((g) => g !== v) : [...form.targetGroups, v])
            }
          />
        </FieldShell>
        <TextField id="ev-contact" label="联系电话（选填）" type="tel" value={form.contactPhone} onChange={(v) => set('contactPhone', v)} maxlength={20} error={errors.contactPhone} placeholder="如：0954-1234567" />

        {formError ? <Banner id="ev-error">{formError}</Banner> : null}
        {changeSaved && !dirty ? (
          <Banner kind="success" id="ev-change-saved">
            <Text className="banner__strong">修改已保存</Text>
            {changeSaved.notified ? <Text>报名者将收到时间或地点的变更通知。</Text> : null}
          </Banner>
        ) : null}

        {live && notice ? (
          <View className="stack" id="ev-notice">
            <Banner kind="warning">
              <Text>新的开始时间距今不足5个工作日。如确需调整，请说明理由，理由会随活动保存。</Text>
              {notice.earliestStartDate ? (
                <Text id="ev-earliest" className="banner__strong">
                  按规定最早可改到 {notice.earliestStartDate}
                </Text>
              ) : null}
            </Banner>
            <TextAreaField
              id="ev-override-reason"
              label="未提前5个工作日告知的理由"
              required
              value={reason}
              onChange={setReason}
              maxlength={500}
              counter
              error={reasonError}
              placeholder="如：因场地检修，经批准调整时间，已电话告知报名者"
            />
            <Btn id="ev-save-override" kind="danger" loading={busy === 'save'} onClick={() => void onSaveLive(true)}>
              填写理由后保存
            </Btn>
          </View>
        ) : live ? (
          <Btn id="ev-save" loading={busy === 'save'} disabled={!dirty} onClick={() => void onSaveLive(false)}>
            {dirty ? '保存修改' : '没有未保存的修改'}
          </Btn>
        ) : (
          <Btn id="ev-save" kind="secondary" loading={busy === 'save'} disabled={busy === 'publish'} onClick={() => void onSave()}>
            {saved ? (dirty ? '保存修改' : '草稿已保存') : '保存草稿'}
          </Btn>
        )}
      </View>

      {live && saved && canCancel(saved) ? (
        <Section title="取消活动" id="ev-cancel-section">
          <View className="stack">
            <Text className="paragraph">活动无法如期举办时可取消。取消须填写原因，报名者会收到通知，取消后不能恢复。</Text>
            <Btn id="ev-cancel" kind="danger" onClick={() => go(pageUrl('staffEventCancel', { id: saved.id }))}>
              取消活动
            </Btn>
          </View>
        </Section>
      ) : null}

      {saved && !live ? (
        <Section title="发布">
          {notice ? (
            <View className="stack" id="ev-notice">
              <Banner kind="warning">
                <Text>{ERROR_MESSAGES.NOTICE_TOO_SHORT}</Text>
                {notice.earliestStartDate ? (
                  <Text id="ev-earliest" className="banner__strong">
                    按规定最早可于 {notice.earliestStartDate} 举办
                  </Text>
                ) : null}
              </Banner>
              <TextAreaField
                id="ev-override-reason"
                label="未提前5个工作日发布的理由"
                required
                value={reason}
                onChange={setReason}
                maxlength={500}
                counter
                error={reasonError}
                placeholder="如：配合上级统一部署，活动时间已对外公布"
              />
              <Btn id="ev-publish-override" kind="danger" loading={busy === 'publish'} onClick={() => void onPublish(true)}>
                填写理由后发布
              </Btn>
            </View>
          ) : (
            <View className="stack">
              <Text className="paragraph">发布后，活动预告将在活动列表中公开，群众可在报名时间内报名。</Text>
              <Btn id="ev-publish" loading={busy === 'publish'} disabled={busy === 'save'} onClick={() => void onPublish(false)}>
                发布活动
              </Btn>
            </View>
          )}
        </Section>
      ) : null}
    </Screen>
  )
}
