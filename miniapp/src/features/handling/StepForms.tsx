import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  ANSWER_WORKING_DAYS,
  answerInputSchema,
  assignInputSchema,
  CLASS_C_MIN_CHARS,
  mergeInputSchema,
  RESULT_CLASS_HINTS,
  RESULT_CLASSES,
  returnInputSchema,
  shanghaiDate,
  urgeInputSchema,
  type Department,
  type ResultClass,
  type StaffSuggestionDetail,
  type StaffSuggestionItem,
} from '@openday/shared'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { ChoiceGroup, Toggle } from '../../components/Choice'
import { FieldShell, TextAreaField, TextField } from '../../components/Fields'
import { Empty, ErrorState, Loading } from '../../components/States'
import { useResource } from '../../lib/useResource'
import { listDepartmentHandlers } from '../../api/handling'
import { fieldErrors, type FieldErrors } from '../../lib/form'
import { excerpt } from './format'

/** Every form gets the step's body and sends it; the detail view shows the API's answer. */
export type Send = (body: unknown) => Promise<void>

interface FormProps {
  send: Send
  busy: boolean
  onCancel: () => void
}

function Actions({ id, busy, onSubmit, onCancel, label, kind = 'primary' }: { id: string; busy: boolean; onSubmit: () => void; onCancel: () => void; label: string; kind?: 'primary' | 'danger' }) {
  return (
    <View className="btn-grid">
      <Btn id={`${id}-submit`} kind={kind} loading={busy} onClick={onSubmit}>
        {label}
      </Btn>
      <Btn id={`${id}-cancel`} kind="secondary" disabled={busy} onClick={onCancel}>
        取消
      </Btn>
    </View>
  )
}

const confirm = async (title: string, content: string, confirmText: string) =>
  (await Taro.showModal({ title, content, confirmText, cancelText: '取消' })).confirm

const ANYONE = ''

/** 承办人: optional; the department's active handlers, loaded once a department is picked. */
function AssigneeChoice({ departmentId, value, onChange }: { departmentId: string; value: string; onChange: (id: string) => void }) {
  const res = useResource(() => listDepartmentHandlers(departmentId), [departmentId])
  if (res.error) return <ErrorState error={res.error} onRetry={() => void res.reload()} />
  if (!res.data) return <Loading text="正在加载承办人…" />
  const options = [{ value: ANYONE, label: '不指定（部门内承办人均可办理）' }, ...res.data.map((h) => ({ value: h.id, label: h.displayName }))]
  return (
    <FieldShell id="hd-assign-person" label="承办人">
      <ChoiceGroup id="hd-assign-person" label="承办人" columns={1} options={options} value={value} onChange={onChange} />
    </FieldShell>
  )
}

/** 转办: department, optionally a handler, and working days (the deadline is counted by the API). */
export function AssignForm({ send, busy, onCancel, departments, defaultDays }: FormProps & { departments: Department[]; defaultDays: number }) {
  const [departmentId, setDepartmentId] = useState<string>()
  const [assigneeId, setAssigneeId] = useState(ANYONE)
  const [days, setDays] = useState(String(defaultDays))
  const [errors, setErrors] = useState<FieldErrors>({})
  const active = departments.filter((d) => d.active)
  const n = /^\d+$/.test(days.trim()) ? Number(days.trim()) : NaN
  const inRange = n >= ANSWER_WORKING_DAYS.min && n <= ANSWER_WORKING_DAYS.max

  const submit = () => {
    const parsed = assignInputSchema.safeParse({ departmentId: departmentId ?? '', workingDays: n, ...(assigneeId ? { assigneeId } : {}) })
    if (!parsed.success) return setErrors(fieldErrors(parsed.error))
    setErrors({})
    void send(parsed.data)
  }

  return (
    <View id="hd-assign" className="stack">
      {active.length === 0 ? <Empty text="本单位还没有承办部门，请管理员先在机构管理中添加" /> : null}
      <FieldShell id="hd-assign-dept" label="承办部门" required error={errors.departmentId}>
        <ChoiceGroup
          id="hd-assign-dept"
          label="承办部门"
          options={active.map((d) => ({ value: d.id, label: d.name }))}
          value={departmentId}
          onChange={(id) => {
            setDepartmentId(id)
            setAssigneeId(ANYONE)
          }}
        />
      </FieldShell>
      {departmentId ? <AssigneeChoice departmentId={departmentId} value={assigneeId} onChange={setAssigneeId} /> : null}
      <TextField
        id="hd-assign-days"
        label={`办理时限（${ANSWER_WORKING_DAYS.min}–${ANSWER_WORKING_DAYS.max}个工作日）`}
        required
        type="digits"
        maxlength={2}
        value={days}
        onChange={setDays}
        error={errors.workingDays}
        hint={`默认${defaultDays}个工作日，节假日不计`}
      />
      {inRange ? (
        <Text id="hd-assign-due" className="meta">
          答复期限：自今日起第{n}个工作日24时前（节假日顺延），转办后显示具体日期
        </Text>
      ) : null}
      <Actions id="hd-assign" busy={busy} onSubmit={submit} onCancel={onCancel} label="确认转办" />
    </View>
  )
}

/** 退回: the handler says why the item is not for their department; asked to confirm. */
export function ReturnForm({ send, busy, onCancel }: FormProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const submit = async () => {
    const parsed = returnInputSchema.safeParse({ reason: reason.trim() })
    if (!parsed.success) return setError(fieldErrors(parsed.error).reason)
    setError(undefined)
    if (!(await confirm('退回', '退回后由活动组织者重新转办，本部门不再办理此件。确定退回吗？', '退回'))) return
    await send(parsed.data)
  }
  return (
    <View id="hd-return" className="stack">
      <TextAreaField id="hd-return-reason" label="退回理由" required value={reason} onChange={setReason} maxlength={500} counter error={error} placeholder="如：不属于本部门职责，建议转交××科" />
      <Actions id="hd-return" kind="danger" busy={busy} onSubmit={() => void submit()} onCancel={onCancel} label="退回" />
    </View>
  )
}

/** 催办: an internal note to the department (never shown to the public). */
export function UrgeForm({ send, busy, onCancel }: FormProps) {
  const [note, setNote] = useState('')
  const [error, setError] = useState<string>()
  const submit = () => {
    const parsed = urgeInputSchema.safeParse({ note: note.trim() })
    if (!parsed.success) return setError(fieldErrors(parsed.error).note)
    setError(undefined)
    void send(parsed.data)
  }
  return (
    <View id="hd-urge" className="stack">
      <TextAreaField id="hd-urge-note" label="催办意见" required value={note} onChange={setNote} maxlength={500} counter error={error} hint="仅本单位工作人员可见" />
      <Actions id="hd-urge" busy={busy} onSubmit={submit} onCancel={onCancel} label="发出催办" />
    </View>
  )
}

/** 合并: into another item of the same event that is still open; asked to confirm. */
export function MergeForm({ send, busy, onCancel, candidates }: FormProps & { candidates: StaffSuggestionItem[] | undefined }) {
  const [intoId, setIntoId] = useState<string>()
  const [error, setError] = useState<string>()
  const submit = async () => {
    const parsed = mergeInputSchema.safeParse({ intoId: intoId ?? '' })
    if (!parsed.success) return setError(fieldErrors(parsed.error).intoId)
    setError(undefined)
    const into = candidates?.find((c) => c.id === intoId)
    if (!(await confirm('合并', `合并后此件不再单独办理，提出人将看到“${excerpt(into?.topic ?? into?.content ?? '', 20)}”的答复。确定合并吗？`, '合并'))) return
    await send(parsed.data)
  }
  return (
    <View id="hd-merge" className="stack">
      {!candidates ? (
        <Text className="meta">正在加载同一活动的其他意见建议…</Text>
      ) : candidates.length === 0 ? (
        <Empty text="同一活动没有可以合并到的意见建议" />
      ) : (
        <FieldShell id="hd-merge-into" label="合并到" required error={error}>
          <ChoiceGroup
            id="hd-merge-into"
            label="合并到"
            columns={1}
            options={candidates.map((c) => ({ value: c.id, label: `${c.statusLabel} · ${excerpt(c.topic ?? c.content, 40)}` }))}
            value={intoId}
            onChange={setIntoId}
          />
        </FieldShell>
      )}
      <Actions id="hd-merge" kind="danger" busy={busy} onSubmit={() => void submit()} onCancel={onCancel} label="合并" />
    </View>
  )
}

const CLASS_CODES = Object.keys(RESULT_CLASSES) as ResultClass[]

/** 答复: the answer with its class (A–D explained), B's planned date, and 公开 when consented. */
export function AnswerForm({ send, busy, onCancel, suggestion }: FormProps & { suggestion: StaffSuggestionDetail }) {
  const [answer, setAnswer] = useState('')
  const [resultClass, setResultClass] = useState<ResultClass>()
  const [plannedBy, setPlannedBy] = useState('')
  const [publish, setPublish] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const submit = () => {
    const parsed = answerInputSchema.safeParse({
      answer: answer.trim(),
      resultClass,
      plannedBy: resultClass === 'B' ? plannedBy.trim() || undefined : undefined,
      publish: suggestion.publicConsent && publish,
    })
    if (!parsed.success) return setErrors(fieldErrors(parsed.error))
    setErrors({})
    void send(parsed.data)
  }
  return (
    <View id="hd-answer" className="stack">
      <FieldShell id="hd-answer-class" label="办理结果分类" required error={errors.resultClass}>
        <ChoiceGroup id="hd-answer-class" label="办理结果分类" columns={1} options={CLASS_CODES.map((c) => ({ value: c, label: `${c}类 ${RESULT_CLASSES[c]}` }))} value={resultClass} onChange={setResultClass} />
      </FieldShell>
      {resultClass ? (
        <Text id="hd-answer-class-hint" className="meta">
          {resultClass}类：{RESULT_CLASS_HINTS[resultClass]}
        </Text>
      ) : null}
      {resultClass === 'B' ? (
        <TextField id="hd-answer-planned" label="计划完成日期" required value={plannedBy} onChange={setPlannedBy} maxlength={10} placeholder={shanghaiDate(new Date())} hint="格式：2026-06-30" error={errors.plannedBy} />
      ) : null}
      <TextAreaField
        id="hd-answer-text"
        label="答复内容"
        required
        value={answer}
        onChange={setAnswer}
        maxlength={2000}
        counter
        error={errors.answer}
        hint={resultClass === 'C' ? `C类答复须说明暂不能解决的原因（至少${CLASS_C_MIN_CHARS}个字）` : '答复将告知提出人'}
      />
      {suggestion.publicConsent ? (
        <Toggle id="hd-answer-publish" checked={publish} onChange={setPublish}>
          <Text>公开答复：提出人已同意公开，隐去个人信息后在本单位公开答复栏目中展示</Text>
        </Toggle>
      ) : (
        <Text id="hd-answer-private" className="meta">
          提出人未同意公开，答复仅告知本人。
        </Text>
      )}
      <Actions id="hd-answer" busy={busy} onSubmit={submit} onCancel={onCancel} label="提交答复" />
    </View>
  )
}
