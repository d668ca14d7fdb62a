import { Text, View } from '@tarojs/components'
import {
  CATEGORIES,
  CATEGORY_CODES,
  MANUAL_REASONS,
  formatTime,
  manualCheckinSchema,
  parseDoorQuery,
  walkInSchema,
  type Category,
  type DoorPerson,
  type DoorSearchResponse,
} from '@openday/shared'
import { useState } from 'react'
import { createWalkIn, manualCheckin, searchDoor } from '../../api/door'
import { getEvent } from '../../api/events'
import { errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { ChoiceGroup } from '../../components/Choice'
import { TextField } from '../../components/Fields'
import { Card, Screen, Section, Title } from '../../components/Layout'
import { Banner, Empty } from '../../components/States'
import { fieldErrors, optional, type FieldErrors } from '../../lib/form'
import { pageUrl } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'
import './door.css'

const CATEGORY_OPTIONS = CATEGORY_CODES.map((c) => ({ value: c, label: CATEGORIES[c] }))
const OTHER = '其他原因'
const REASON_OPTIONS = [...MANUAL_REASONS, OTHER].map((r) => ({ value: r, label: r }))

/** 手动签到 of one person: pick a reason, then confirm (nothing is sent before 确认签到). */
function ManualCheckin({ eventId, person, selfUrl, onDone }: { eventId: string; person: DoorPerson; selfUrl: string; onDone: (message: string) => void }) {
  const [choice, setChoice] = useState<string>()
  const [other, setOther] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const reason = choice === OTHER ? other.trim() : (choice ?? '')
  const id = `door-manual-${person.registrationId}`
  const next = () => {
    const parsed = manualCheckinSchema.safeParse({ registrationId: person.registrationId, reason })
    if (!parsed.success) return setError(fieldErrors(parsed.error).reason ?? '请选择手动签到的原因')
    setError(undefined)
    setConfirming(true)
  }
  const send = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const r = await manualCheckin(eventId, { registrationId: person.registrationId, reason })
      onDone(
        r.result === 'checked_in'
          ? `${r.nameMasked} 已手动签到（${reason}）`
          : `${r.nameMasked} 已于 ${formatTime(r.checkedInAt)} 签到过，未重复计数`,
      )
    } catch (e) {
      if (!handleStaffAuthError(e, selfUrl)) setError(errorMessage(e))
      setConfirming(false)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="door-manual" id={id}>
      <ChoiceGroup id={`${id}-reason`} label="手动签到原因" options={REASON_OPTIONS} value={choice} onChange={(v) => setChoice(v)} columns={2} />
      {choice === OTHER ? <TextField id={`${id}-other`} label="其他原因" value={other} onChange={setOther} maxlength={100} placeholder="请简要说明" /> : null}
      {error ? <Banner id={`${id}-error`}>{error}</Banner> : null}
      {confirming ? (
        <View className="stack">
          <Text className="door-confirm" id={`${id}-confirm-text`}>
            确认为 {person.nameMasked}（{person.phoneMasked}）手动签到？原因：{reason}
          </Text>
          <Btn id={`${id}-confirm`} size="large" loading={busy} loadingText="正在签到…" onClick={() => void send()}>
            确认签到
          </Btn>
          <Btn id={`${id}-cancel`} kind="plain" onClick={() => setConfirming(false)}>
            返回
          </Btn>
        </View>
      ) : (
        <Btn id={`${id}-next`} size="large" onClick={next}>
          手动签到
        </Btn>
      )}
    </View>
  )
}

function PersonCard({ eventId, person, selfUrl, onDone }: { eventId: string; person: DoorPerson; selfUrl: string; onDone: (message: string) => void }) {
  const [open, setOpen] = useState(false)
  const state = person.status === 'cancelled' ? '已取消报名' : person.checkedIn ? `已签到 ${person.checkedInAt ? formatTime(person.checkedInAt) : ''}` : '未签到'
  return (
    <Card className="door-person" id={`door-person-${person.registrationId}`}>
      <View className="door-person__head">
        <Text className="door-person__name">{person.nameMasked}</Text>
        <Text className="door-person__phone">{person.phoneMasked}</Text>
      </View>
      <Text className="meta">
        {CATEGORIES[person.category]}
        {person.source === 'walk_in' ? ' · 现场登记' : ''} · <Text className={`door-state door-state--${person.checkedIn ? 'in' : person.status}`}>{state}</Text>
      </Text>
      {person.status === 'active' && !person.checkedIn ? (
        open ? (
          <ManualCheckin eventId={eventId} person={person} selfUrl={selfUrl} onDone={onDone} />
        ) : (
          <Btn id={`door-person-${person.registrationId}-open`} kind="secondary" size="large" onClick={() => setOpen(true)}>
            为此人手动签到
          </Btn>
        )
      ) : null}
    </Card>
  )
}

/** 现场登记: the form, then a confirmation, then one request (registration + check-in). */
function WalkInForm({ eventId, selfUrl, onDone }: { eventId: string; selfUrl: string; onDone: (message: string) => void }) {
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [category, setCategory] = useState<Category>()
  const [organization, setOrganization] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const input = () => ({ name, phone, category, organization: optional(organization) })
  const next = () => {
    const parsed = walkInSchema.safeParse(input())
    if (!parsed.success) return setErrors(fieldErrors(parsed.error))
    setErrors({})
    setConfirming(true)
  }
  const send = async () => {
    const parsed = walkInSchema.safeParse(input())
    if (!parsed.success) return
    setBusy(true)
    setError(undefined)
    try {
      const r = await createWalkIn(eventId, parsed.data)
      setName('')
      setPhone('')
      setCategory(undefined)
      setOrganization('')
      setConfirming(false)
      onDone(`${r.walkIn.nameMasked} 已现场登记并签到；剩余名额 ${r.seatsLeft}，现场登记共 ${r.walkInCount} 人`)
    } catch (e) {
      if (!handleStaffAuthError(e, selfUrl)) setError(errorMessage(e))
      setConfirming(false)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View id="door-walkin">
      <Text className="paragraph">未报名的来访者，有剩余名额时可现场登记，登记后即签到。</Text>
      <TextField id="door-walkin-name" label="姓名" required value={name} onChange={setName} maxlength={30} error={errors.name} />
      <TextField id="door-walkin-phone" label="手机号码" required type="tel" value={phone} onChange={setPhone} maxlength={11} error={errors.phone} />
      <ChoiceGroup id="door-walkin-category" label="身份类别" options={CATEGORY_OPTIONS} value={category} onChange={(v) => setCategory(v)} error={errors.category} />
      {errors.category ? <Text className="field__error">{errors.category}</Text> : null}
      <TextField id="door-walkin-org" label="工作单位（选填）" value={organization} onChange={setOrganization} maxlength={60} error={errors.organization} />
      {error ? <Banner id="door-walkin-error">{error}</Banner> : null}
      {confirming ? (
        <View className="stack">
          <Text className="door-confirm" id="door-walkin-confirm-text">
            确认为 {name}（{CATEGORIES[category!]}）现场登记并签到？将占用一个名额。
          </Text>
          <Btn id="door-walkin-confirm" size="large" loading={busy} loadingText="正在登记…" onClick={() => void send()}>
            确认登记并签到
          </Btn>
          <Btn id="door-walkin-back" kind="plain" onClick={() => setConfirming(false)}>
            返回修改
          </Btn>
        </View>
      ) : (
        <Btn id="door-walkin-next" size="large" onClick={next}>
          现场登记
        </Btn>
      )}
    </View>
  )
}

/** 现场服务 (?eventId=): find people not able to show a ticket, check them in by hand, or register walk-ins. */
export function DoorView({ eventId }: { eventId: string }) {
  const selfUrl = pageUrl('staffDoor', { eventId })
  const ok = useStaffGuard(selfUrl)
  const event = useResource(() => (ok ? getEvent(eventId, true) : Promise.resolve(undefined)), [eventId, ok])
  const [q, setQ] = useState('')
  const [qError, setQError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [found, setFound] = useState<DoorSearchResponse & { q: string }>()
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()

  const search = async (query = q) => {
    const parsed = parseDoorQuery(query)
    if (!parsed.ok) return setQError(parsed.message)
    setQError(undefined)
    setBusy(true)
    setError(undefined)
    try {
      setFound({ ...(await searchDoor(eventId, query.trim())), q: query.trim() })
    } catch (e) {
      if (!handleStaffAuthError(e, selfUrl)) setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const onDone = (message: string) => {
    setDone(message)
    if (found) void search(found.q)
  }

  if (!ok) return null
  return (
    <Screen className="door">
      <Title sub={event.data?.title}>现场服务</Title>
      {done ? (
        <Banner kind="success" id="door-done">
          {done}
        </Banner>
      ) : null}
      <Section title="查找报名人" id="door-search-section">
        <TextField
          id="door-q"
          label="姓名或手机号后4位"
          value={q}
          onChange={(v) => {
            setQ(v)
            if (qError) setQError(undefined)
          }}
          onConfirm={() => void search()}
          maxlength={20}
          placeholder="如 张三 或 5678"
          error={qError}
        />
        <Btn id="door-search" size="large" loading={busy} loadingText="正在查找…" onClick={() => void search()}>
          查找
        </Btn>
        {error ? <Banner id="door-search-error">{error}</Banner> : null}
        {found ? (
          found.people.length === 0 ? (
            <Empty id="door-empty" text={`没有找到“${found.q}”。可核对后重新查找，或为其现场登记。`} />
          ) : (
            <View id="door-results">
              {found.people.map((p) => (
                <PersonCard key={p.registrationId} eventId={eventId} person={p} selfUrl={selfUrl} onDone={onDone} />
              ))}
              {found.more ? <Text className="meta" id="door-more">只显示前20人，请输入更完整的姓名</Text> : null}
            </View>
          )
        ) : null}
      </Section>
      <Section title="现场登记" id="door-walkin-section">
        <WalkInForm eventId={eventId} selfUrl={selfUrl} onDone={setDone} />
      </Section>
    </Screen>
  )
}
