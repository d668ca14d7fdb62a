import { Text, View } from '@tarojs/components'
import {
  ERROR_MESSAGES,
  evaluationInputSchema,
  SATISFACTION_LABELS,
  SCORE_DIMENSION_CODES,
  SCORE_DIMENSIONS,
  type ScoreDimension,
} from '@openday/shared'
import { useEffect, useState } from 'react'
import { submitEvaluation } from '../../api/evaluations'
import { ApiError, errorMessage } from '../../api/request'
import { hasToken } from '../../api/session'
import { Btn } from '../../components/Btn'
import { ChoiceGroup } from '../../components/Choice'
import { FieldShell, TextAreaField } from '../../components/Fields'
import { Screen, Title } from '../../components/Layout'
import { Banner, Empty } from '../../components/States'
import { fieldErrors, optional, type FieldErrors } from '../../lib/form'
import { back, goLogin, pageUrl } from '../../lib/nav'

type Score = 1 | 2 | 3 | 4 | 5
const SCORE_OPTIONS = ([5, 4, 3, 2, 1] as const).map((v) => ({ value: v as Score, label: SATISFACTION_LABELS[v] }))

export const ANONYMITY_NOTE = '测评结果与您的身份信息分开保存，任何人都无法将答卷与您对应'

/** 无记名测评 (?eventId=). */
export function EvaluateForm({ eventId }: { eventId: string }) {
  const [scores, setScores] = useState<Partial<Record<ScoreDimension, Score>>>({})
  const [comment, setComment] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string>()
  const selfUrl = pageUrl('evaluate', { eventId })

  useEffect(() => {
    if (!hasToken('participant')) goLogin(selfUrl, { replaceCurrent: true })
  }, [selfUrl])

  const pick = (dim: ScoreDimension, v: Score) => {
    setScores((s) => ({ ...s, [dim]: v }))
    setErrors((e) => ({ ...e, [`scores.${dim}`]: '' }))
  }

  const onSubmit = async () => {
    setFormError(undefined)
    const parsed = evaluationInputSchema.safeParse({ scores, comment: optional(comment) })
    if (!parsed.success) {
      const errs = fieldErrors(parsed.error)
      setErrors(errs)
      const missing = SCORE_DIMENSION_CODES.filter((d) => scores[d] === undefined).length
      setFormError(missing > 0 ? `还有 ${missing} 项未评分，请为每一项打分` : Object.values(errs)[0])
      return
    }
    setErrors({})
    setBusy(true)
    try {
      await submitEvaluation(eventId, parsed.data)
      setDone('测评已提交，感谢您的参与！')
    } catch (e) {
      if (e instanceof ApiError && e.code === 'ALREADY_EVALUATED') setDone(ERROR_MESSAGES.ALREADY_EVALUATED)
      else if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') goLogin(selfUrl, { replaceCurrent: true })
      else if (e instanceof ApiError && e.code === 'NOT_CHECKED_IN') setFormError(ERROR_MESSAGES.NOT_CHECKED_IN)
      else setFormError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  if (done) {
    return (
      <Screen>
        <Empty id="eval-done" text={done}>
          <Btn onClick={() => back(pageUrl('my'))}>返回</Btn>
        </Empty>
      </Screen>
    )
  }

  const answered = SCORE_DIMENSION_CODES.filter((d) => scores[d] !== undefined).length

  return (
    <Screen>
      <Title sub="请根据本次开放日的所见所闻，对本单位作出评价">无记名测评</Title>
      <Banner kind="info" id="eval-anonymous">
        <Text className="banner__strong">本测评不记名。</Text>
        <Text>{ANONYMITY_NOTE}。</Text>
      </Banner>
      <View className="stack">
        {SCORE_DIMENSION_CODES.map((dim, i) => (
          <FieldShell
            key={dim}
            id={`eval-${dim}`}
            label={`${i + 1}. ${SCORE_DIMENSIONS[dim]}`}
            required
            error={errors[`scores.${dim}`] || undefined}
          >
            <ChoiceGroup
              id={`eval-${dim}`}
              label={SCORE_DIMENSIONS[dim]}
              options={SCORE_OPTIONS}
              value={scores[dim]}
              onChange={(v) => pick(dim, v)}
              columns={3}
              error={errors[`scores.${dim}`] || undefined}
            />
          </FieldShell>
        ))}
        <TextAreaField
          id="eval-comment"
          label="补充意见（选填）"
          value={comment}
          onChange={setComment}
          maxlength={500}
          counter
          error={errors.comment}
          placeholder="还有什么想对我们说的？"
        />
        <Text className="progress-text">已完成 {answered}/6 项</Text>
        {formError ? <Banner id="eval-error">{formError}</Banner> : null}
        <Btn id="eval-submit" size="large" loading={busy} loadingText="正在提交…" onClick={() => void onSubmit()}>
          提交测评
        </Btn>
      </View>
    </Screen>
  )
}

