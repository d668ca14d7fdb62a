import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { RATING_LABELS, isSatisfied, ratingInputSchema, type SuggestionView } from '@openday/shared'
import { useState } from 'react'
import { ApiError, errorMessage } from '../../api/request'
import { rateSuggestion } from '../../api/suggestions'
import { Btn } from '../../components/Btn'
import { ChoiceGroup } from '../../components/Choice'
import { TextAreaField } from '../../components/Fields'
import { Section } from '../../components/Layout'
import { Banner } from '../../components/States'
import { optional } from '../../lib/form'

/** 5 非常满意 first, as on the national 好差评 scale. */
const RATING_OPTIONS = ([5, 4, 3, 2, 1] as const).map((value) => ({ value, label: `${RATING_LABELS[value]}` }))

export const REOPEN_CONFIRM_TEXT = '选择“不满意”或“非常不满意”后，这条意见将退回承办部门重新办理，并重新计算办理时限。确定提交吗？'

/**
 * 好差评 of an answer, once per answer. A 1–2 sends the item back for 重新办理, so the visitor
 * confirms it first. A failed send keeps the choice and the comment.
 */
export function RatingForm({ trackingCode, onRated }: { trackingCode: string; onRated: (s: SuggestionView) => void }) {
  const [rating, setRating] = useState<number>()
  const [comment, setComment] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const onSubmit = async () => {
    setError(undefined)
    const parsed = ratingInputSchema.safeParse({ rating, comment: optional(comment) })
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请选择满意程度')
      return
    }
    if (!isSatisfied(parsed.data.rating)) {
      const r = await Taro.showModal({ title: '确认评价', content: REOPEN_CONFIRM_TEXT, confirmText: '确定提交', cancelText: '再想想' })
      if (!r.confirm) return
    }
    setBusy(true)
    try {
      onRated(await rateSuggestion(trackingCode, parsed.data))
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'INVALID_TRANSITION' ? '这条答复已评价过或已办结，请刷新查看最新状态。' : errorMessage(e),
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <Section id="rate" title="评价办理结果">
      <Text className="paragraph">请对本次答复作出评价（每次答复可评价一次）。评价“不满意”的，将退回承办部门重新办理。</Text>
      <View className="stack">
        <ChoiceGroup id="rate-score" label="满意程度" options={RATING_OPTIONS} value={rating} onChange={setRating} columns={1} />
        <TextAreaField
          id="rate-comment"
          label="评价意见（选填）"
          value={comment}
          onChange={setComment}
          maxlength={500}
          counter
          placeholder="可写下您对答复的看法"
        />
        {error ? <Banner id="rate-error">{error}</Banner> : null}
        <Btn id="rate-submit" size="large" loading={busy} loadingText="正在提交…" onClick={() => void onSubmit()}>
          提交评价
        </Btn>
      </View>
    </Section>
  )
}
