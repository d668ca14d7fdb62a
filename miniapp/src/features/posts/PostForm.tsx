import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { POST_BODY_MAX, POST_SUMMARY_MAX, POST_TITLE_MAX, postInputSchema, type PostInput, type PostPatch, type StaffPost } from '@openday/shared'
import { useState } from 'react'
import { createPost, updatePost } from '../../api/posts'
import { ApiError, errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { TextAreaField, TextField } from '../../components/Fields'
import { Section } from '../../components/Layout'
import { Banner } from '../../components/States'
import { fieldErrors, scrollToFirstError, type FieldErrors } from '../../lib/form'

const FIELD_IDS: [string, string][] = [
  ['title', 'pf-title'],
  ['summary', 'pf-summary'],
  ['body', 'pf-body'],
]

export const PUBLISH_CONFIRM = '发布后将在“动态”公开，关注本单位的群众会收到通知。确定发布吗？'
export const SAVE_CONFIRM = '保存修改？已发布的动态会立即更新。'
export const DISCARD_CONFIRM = '填写的内容还没有发布，确定放弃吗？'

interface Values {
  title: string
  summary: string
  body: string
}

const valuesOf = (p?: StaffPost): Values => ({ title: p?.title ?? '', summary: p?.summary ?? '', body: p?.body ?? '' })

/** The fields the staff member changed (the only ones a correction sends). */
export function changedFields(before: Values, after: Values): PostPatch {
  const patch: PostPatch = {}
  if (after.title !== before.title) patch.title = after.title
  if (after.summary !== before.summary) patch.summary = after.summary
  if (after.body !== before.body) patch.body = after.body
  return patch
}

interface Props {
  /** Absent: a new article; else the published post being corrected. */
  post?: StaffPost
  onDone: (post: StaffPost) => void
  onCancel: () => void
  onAuthError: (e: unknown) => boolean
}

/** 写文章 / 修改: 标题, 摘要 (optional), 正文; checked as the API checks before anything is sent. */
export function PostForm({ post, onDone, onCancel, onAuthError }: Props) {
  const initial = valuesOf(post)
  const [form, setForm] = useState<Values>(initial)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const editing = Boolean(post)
  const dirty = form.title !== initial.title || form.summary !== initial.summary || form.body !== initial.body

  const set = (key: keyof Values) => (v: string) => {
    setForm((f) => ({ ...f, [key]: v }))
    if (errors[key]) setErrors((e) => ({ ...e, [key]: '' }))
  }

  const validate = (): PostInput | null => {
    const input: PostInput = { title: form.title, body: form.body }
    if (form.summary !== '') input.summary = form.summary
    const parsed = postInputSchema.safeParse(input)
    if (!parsed.success) {
      const errs = fieldErrors(parsed.error)
      setErrors(errs)
      scrollToFirstError(errs, FIELD_IDS)
      return null
    }
    setErrors({})
    return parsed.data
  }

  const submit = async () => {
    setError(undefined)
    const input = validate()
    if (!input) return
    // Compared as sent (trimmed): only what the staff member changed goes in the PATCH.
    const patch = post ? changedFields(initial, { title: input.title, summary: input.summary ?? '', body: input.body }) : undefined
    if (patch && Object.keys(patch).length === 0) {
      setError('没有修改，无需保存。')
      return
    }
    const r = await Taro.showModal(
      editing
        ? { title: '保存修改？', content: SAVE_CONFIRM, confirmText: '保存', cancelText: '再看看' }
        : { title: '发布文章？', content: PUBLISH_CONFIRM, confirmText: '发布', cancelText: '再看看' },
    )
    if (!r.confirm) return
    setBusy(true)
    try {
      const saved = post && patch ? await updatePost(post.id, patch) : await createPost(input)
      onDone(saved)
    } catch (e) {
      if (onAuthError(e)) return
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && e.field) {
        setErrors({ [e.field]: e.message })
        scrollToFirstError({ [e.field]: e.message }, FIELD_IDS)
        return
      }
      if (e instanceof ApiError && e.code === 'INVALID_STATE') {
        // Withdrawn meanwhile (by someone else): retrying cannot help.
        setError(`${e.message}。`)
        return
      }
      // The text stays in the form: nothing typed is lost.
      setError(`${errorMessage(e)}。${editing ? '修改未保存' : '文章未发布'}，您填写的内容仍在页面上，请稍后重试。`)
    } finally {
      setBusy(false)
    }
  }

  const cancel = async () => {
    if (dirty) {
      const r = await Taro.showModal({ title: '放弃填写？', content: DISCARD_CONFIRM, confirmText: '放弃', cancelText: '继续填写' })
      if (!r.confirm) return
    }
    onCancel()
  }

  return (
    <View id="post-form" className="post-form">
      <Section title={editing ? '修改动态' : '写文章'}>
        <TextField
          id="pf-title"
          label="标题"
          required
          value={form.title}
          onChange={set('title')}
          maxlength={POST_TITLE_MAX}
          error={errors.title || undefined}
          hint={`${Array.from(form.title).length}/${POST_TITLE_MAX}字`}
        />
        <TextAreaField
          id="pf-summary"
          label="摘要"
          value={form.summary}
          onChange={set('summary')}
          maxlength={POST_SUMMARY_MAX}
          counter
          error={errors.summary || undefined}
          hint="选填，不填则取正文第一段"
        />
        <TextAreaField
          id="pf-body"
          label="正文"
          required
          value={form.body}
          onChange={set('body')}
          maxlength={POST_BODY_MAX}
          counter
          height="tall"
          error={errors.body || undefined}
          hint="段落之间空一行"
        />
      </Section>
      {editing ? null : (
        <Text id="pf-notice" className="meta">
          发布后将在“动态”公开，关注本单位的群众会收到通知。
        </Text>
      )}
      {error ? <Banner id="pf-error">{error}</Banner> : null}
      <Btn id="pf-submit" kind="primary" size="large" loading={busy} loadingText={editing ? '正在保存…' : '正在发布…'} onClick={() => void submit()}>
        {editing ? '保存修改' : '发布'}
      </Btn>
      <Btn id="pf-cancel" kind="secondary" disabled={busy} onClick={() => void cancel()}>
        取消
      </Btn>
    </View>
  )
}
