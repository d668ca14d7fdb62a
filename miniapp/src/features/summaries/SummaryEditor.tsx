import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  SUMMARY_BODY_MAX,
  SUMMARY_NEXT_STEPS_MAX,
  SUMMARY_TITLE_MAX,
  summaryEditSchema,
  type EventSummaryDraft,
  type PostDetail,
  type SummaryEdit,
} from '@openday/shared'
import { useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../api/request'
import { buildSummary, publishSummary, saveSummary } from '../../api/summaries'
import { Btn } from '../../components/Btn'
import { TextAreaField, TextField } from '../../components/Fields'
import { Section } from '../../components/Layout'
import { Banner } from '../../components/States'
import { fieldErrors, scrollToFirstError, type FieldErrors } from '../../lib/form'
import { IS_WEAPP } from '../../lib/platform'

const FIELD_IDS: [string, string][] = [
  ['title', 'sum-title'],
  ['body', 'sum-body'],
  ['nextSteps', 'sum-next'],
]

export const PUBLISH_CONFIRM =
  '发布后将：公开到“动态”，生成政府信息公开索引号，并通知关注本单位和本活动的人。发布后不能修改。确定发布吗？'
export const REBUILD_CONFIRM = '将按最新数据重新统计，并重新生成标题和正文，您对标题和正文的修改会被覆盖（“下一步”保留）。确定重新生成吗？'

const formOf = (s: EventSummaryDraft): SummaryEdit => ({ title: s.title, body: s.body, nextSteps: s.nextSteps })
const same = (a: SummaryEdit, b: SummaryEdit) => a.title === b.title && a.body === b.body && a.nextSteps === b.nextSteps

/**
 * Leaving with unsaved edits: WeChat asks before going back; a browser asks before the tab is
 * closed or reloaded.
 */
function useLeaveWarning(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return
    if (IS_WEAPP) {
      try {
        Taro.enableAlertBeforeUnload({ message: '总结的修改还没有保存，确定离开吗？' })
      } catch {
        // older base libraries: no warning
      }
      return () => {
        try {
          Taro.disableAlertBeforeUnload()
        } catch {
          // as above
        }
      }
    }
    if (typeof window === 'undefined') return
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])
}

interface Props {
  eventId: string
  summary: EventSummaryDraft
  onChange: (summary: EventSummaryDraft) => void
  onPublished: (summary: EventSummaryDraft, post: PostDetail) => void
  onAuthError: (e: unknown) => boolean
  /** Someone else published meanwhile: load the summary again. */
  onStale: () => void
}

/** The draft's 标题 / 正文 / 下一步 with 保存草稿, 按最新数据重新生成 and 发布. */
export function SummaryEditor({ eventId, summary, onChange, onPublished, onAuthError, onStale }: Props) {
  const [form, setForm] = useState<SummaryEdit>(() => formOf(summary))
  const [saved, setSaved] = useState<SummaryEdit>(() => formOf(summary))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<string>()
  const [notice, setNotice] = useState<string>()
  const [busy, setBusy] = useState<'save' | 'rebuild' | 'publish'>()
  const dirty = !same(form, saved)
  useLeaveWarning(dirty)

  const set = (key: keyof SummaryEdit) => (v: string) => {
    setForm((f) => ({ ...f, [key]: v }))
    if (errors[key]) setErrors((e) => ({ ...e, [key]: '' }))
    setNotice(undefined)
  }

  /** Checks the form as the API will; shows the messages beside the fields. */
  const validate = (): SummaryEdit | null => {
    const parsed = summaryEditSchema.safeParse(form)
    if (!parsed.success) {
      const errs = fieldErrors(parsed.error)
      setErrors(errs)
      scrollToFirstError(errs, FIELD_IDS)
      return null
    }
    setErrors({})
    return parsed.data
  }

  const fail = (e: unknown, what: string) => {
    if (onAuthError(e)) return
    if (e instanceof ApiError && e.code === 'SUMMARY_PUBLISHED') {
      onStale()
      return
    }
    if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && e.field) {
      setErrors({ [e.field]: e.message })
      scrollToFirstError({ [e.field]: e.message }, FIELD_IDS)
      return
    }
    setError(`${errorMessage(e)}${what}`)
  }

  /** Sends the form; the stored draft is what the API answered. */
  const store = async (edit: SummaryEdit): Promise<EventSummaryDraft> => {
    const next = await saveSummary(eventId, edit)
    const stored = formOf(next)
    setSaved(stored)
    // What was typed while the request ran stays; the trimmed text replaces an unchanged field.
    setForm((f) => (same(f, form) ? stored : f))
    onChange(next)
    return next
  }

  const save = async () => {
    setError(undefined)
    setNotice(undefined)
    const edit = validate()
    if (!edit) return
    setBusy('save')
    try {
      await store(edit)
      setNotice('草稿已保存')
    } catch (e) {
      fail(e, '。修改未保存，请稍后重试。')
    } finally {
      setBusy(undefined)
    }
  }

  const rebuild = async () => {
    setError(undefined)
    setNotice(undefined)
    const r = await Taro.showModal({ title: '按最新数据重新生成？', content: REBUILD_CONFIRM, confirmText: '重新生成', cancelText: '取消' })
    if (!r.confirm) return
    setBusy('rebuild')
    try {
      const next = await buildSummary(eventId, true)
      const stored = formOf(next)
      setSaved(stored)
      // An unsaved 下一步 stays in the form (the API kept the stored one).
      setForm((f) => ({ ...stored, nextSteps: f.nextSteps }))
      onChange(next)
      setNotice('已按最新数据重新生成标题和正文')
    } catch (e) {
      fail(e, '。未重新生成，请稍后重试。')
    } finally {
      setBusy(undefined)
    }
  }

  const publish = async () => {
    setError(undefined)
    setNotice(undefined)
    const edit = validate()
    if (!edit) return
    const r = await Taro.showModal({ title: '发布活动总结？', content: PUBLISH_CONFIRM, confirmText: '确定发布', cancelText: '再看看' })
    if (!r.confirm) return
    setBusy('publish')
    try {
      // The text on screen is what gets published: unsaved edits are saved first.
      if (dirty) await store(edit)
      const done = await publishSummary(eventId)
      onPublished(done.summary, done.post)
    } catch (e) {
      fail(e, '。总结未发布，您的修改仍在页面上，请稍后重试。')
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <View id="sum-form" className="sum-form">
      <Section title="总结内容">
        <TextField
          id="sum-title"
          label="标题"
          required
          value={form.title}
          onChange={set('title')}
          maxlength={SUMMARY_TITLE_MAX}
          error={errors.title || undefined}
          hint={`${Array.from(form.title).length}/${SUMMARY_TITLE_MAX}字`}
        />
        <TextAreaField
          id="sum-body"
          label="正文"
          required
          value={form.body}
          onChange={set('body')}
          maxlength={SUMMARY_BODY_MAX}
          counter
          height="tall"
          error={errors.body || undefined}
          hint="段落之间空一行。数字已按统计结果写入，可修改表述。"
        />
        <TextAreaField
          id="sum-next"
          label="下一步"
          value={form.nextSteps}
          onChange={set('nextSteps')}
          maxlength={SUMMARY_NEXT_STEPS_MAX}
          counter
          error={errors.nextSteps || undefined}
          placeholder="如：对收到的意见建议逐条办理，办理结果在本单位动态中公开"
          hint="选填：下一步工作打算，重新生成时保留"
        />
      </Section>
      {dirty ? (
        <Text id="sum-dirty" className="meta sum-dirty">
          有未保存的修改
        </Text>
      ) : null}
      {notice ? (
        <Banner kind="success" id="sum-notice">
          {notice}
        </Banner>
      ) : null}
      {error ? <Banner id="sum-error">{error}</Banner> : null}
      <View className="btn-grid">
        <Btn id="sum-save" kind="secondary" disabled={Boolean(busy) || !dirty} loading={busy === 'save'} loadingText="正在保存…" onClick={() => void save()}>
          {dirty ? '保存草稿' : '草稿已保存'}
        </Btn>
        <Btn id="sum-rebuild" kind="secondary" disabled={Boolean(busy)} loading={busy === 'rebuild'} loadingText="正在生成…" onClick={() => void rebuild()}>
          按最新数据重新生成
        </Btn>
      </View>
      <Btn id="sum-publish" kind="primary" size="large" disabled={Boolean(busy)} loading={busy === 'publish'} loadingText="正在发布…" onClick={() => void publish()}>
        发布
      </Btn>
    </View>
  )
}
