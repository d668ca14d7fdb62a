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
import { Btn } from '../../components/Btn'
import { ChoiceGroup } from '../../components/Choice'
import { FieldShell, TextAreaField } from '../../components/Fields'
import { Screen, Title } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { fieldErrors, optional, type FieldErrors } from '../../lib/form'
import { back, go, goLogin, pageUrl } from '../../lib/nav'
import { EVALUATION_STATE_TEXT } from './EvaluationEntry'
import { finishedToken, type TokenProblem } from './token'
import { markUsed, type StoredToken } from './token-store'

type Score = 1 | 2 | 3 | 4 | 5
const SCORE_OPTIONS = ([5, 4, 3, 2, 1] as const).map((v) => ({ value: v as Score, label: SATISFACTION_LABELS[v] }))

export const ANONYMITY_NOTE =
  '您的手机在报名时生成了一张只有它能解开的匿名凭证，提交时不带任何登录信息；服务器只能确认凭证有效，无法知道它属于谁，任何人都无法将答卷与您对应'

type Ready = StoredToken & { signature: string }

/** 无记名测评 (?registrationId=): answered with this phone's anonymous token, without login. */
export function EvaluateForm({ registrationId }: { registrationId: string }) {
  const [token, setToken] = useState<Ready>()
  const [problem, setProblem] = useState<TokenProblem>()
  const [loadError, setLoadError] = useState<unknown>()
  const [attempt, setAttempt] = useState(0)
  const [scores, setScores] = useState<Partial<Record<ScoreDimension, Score>>>({})
  const [comment, setComment] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string>()
  const selfUrl = pageUrl('evaluate', { registrationId })

  useEffect(() => {
    if (!registrationId) return
    // A finished token needs no login; fetching the blind signature does (UNAUTHENTICATED below).
    let alive = true
    setLoadError(undefined)
    finishedToken(registrationId)
      .then((r) => {
        if (!alive) return
        if ('problem' in r) setProblem(r.problem)
        else setToken(r.token)
      })
      .catch((e) => {
        if (!alive) return
        if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') goLogin(selfUrl, { replaceCurrent: true })
        else setLoadError(e)
      })
    return () => {
      alive = false
    }
  }, [registrationId, selfUrl, attempt])

  const pick = (dim: ScoreDimension, v: Score) => {
    setScores((s) => ({ ...s, [dim]: v }))
    setErrors((e) => ({ ...e, [`scores.${dim}`]: '' }))
  }

  const onSubmit = async () => {
    if (!token) return
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
      await submitEvaluation(token.eventId, { ...parsed.data, token: { message: token.message, signature: token.signature } })
      markUsed(registrationId, token.eventId)
      setDone('测评已提交，感谢您的参与！')
    } catch (e) {
      if (e instanceof ApiError && e.code === 'ALREADY_EVALUATED') {
        markUsed(registrationId, token.eventId)
        setDone(ERROR_MESSAGES.ALREADY_EVALUATED)
      } else if (e instanceof ApiError && e.code === 'EVALUATION_CLOSED') {
        setFormError(e.message)
      } else {
        // Network and the like: the token is kept, the same answer can be sent again.
        setFormError(errorMessage(e))
      }
    } finally {
      setBusy(false)
    }
  }

  if (!registrationId) {
    return (
      <Screen>
        <Empty id="eval-missing" text="请从“我的报名”中的电子票进入无记名测评">
          <Btn onClick={() => go(pageUrl('my'))}>查看我的报名</Btn>
        </Empty>
      </Screen>
    )
  }
  if (done || problem === 'used') {
    return (
      <Screen>
        <Empty id="eval-done" text={done ?? EVALUATION_STATE_TEXT.used}>
          <Btn onClick={() => back(pageUrl('my'))}>返回</Btn>
        </Empty>
      </Screen>
    )
  }
  if (problem) {
    return (
      <Screen>
        <Title>无记名测评</Title>
        <Empty id="eval-unavailable" text={EVALUATION_STATE_TEXT[problem]}>
          <Btn onClick={() => back(pageUrl('ticket', { id: registrationId }))}>返回电子票</Btn>
        </Empty>
      </Screen>
    )
  }
  if (loadError) return <ErrorState id="eval-load-error" error={loadError} onRetry={() => setAttempt((n) => n + 1)} />
  if (!token) return <Loading text="正在准备匿名凭证…" />

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
        <Text className="meta" id="eval-comment-note">
          补充意见每满5条才一并交给主办单位，且顺序随机，不显示提交时间
        </Text>
        <Text className="progress-text">已完成 {answered}/6 项</Text>
        {formError ? <Banner id="eval-error">{formError}</Banner> : null}
        <Btn id="eval-submit" size="large" loading={busy} loadingText="正在提交…" onClick={() => void onSubmit()}>
          提交测评
        </Btn>
      </View>
    </Screen>
  )
}
