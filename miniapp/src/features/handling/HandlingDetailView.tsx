import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import {
  ANSWER_WORKING_DAYS,
  CLOSE_REASONS,
  RATING_LABELS,
  RESULT_CLASSES,
  ROLE_LABELS,
  SUGGESTION_STATUSES,
  type Rating,
  type StaffStepAction,
  type StaffSuggestionDetail,
  type TrailStep,
} from '@openday/shared'
import { useEffect, useState } from 'react'
import {
  answerSuggestion,
  assignSuggestion,
  getStaffSuggestion,
  listDepartments,
  listStaffSuggestions,
  mergeSuggestion,
  returnSuggestion,
  urgeSuggestion,
} from '../../api/handling'
import { errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { Card, LinkText, Row, Screen, Section, Title } from '../../components/Layout'
import { Banner, ErrorState, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'
import { dateTime } from './format'
import { AnswerForm, AssignForm, MergeForm, ReturnForm, UrgeForm, type Send } from './StepForms'
import './handling.css'

export const ACTION_LABELS: Record<StaffStepAction, string> = { assign: '转办', answer: '答复', return: '退回', urge: '催办', merge: '合并' }
const ACTION_ORDER: StaffStepAction[] = ['answer', 'assign', 'urge', 'return', 'merge']

function who(step: TrailStep): string {
  if (step.actorKind === 'citizen') return '提出人'
  if (step.actorKind === 'system') return '系统'
  return `${step.actorName ?? '工作人员'}${step.actorRole ? `（${ROLE_LABELS[step.actorRole]}）` : ''}`
}

function Trail({ steps }: { steps: TrailStep[] }) {
  return (
    <View id="hd-trail" className="hd-trail">
      {steps.map((s) => (
        <View key={s.seq} id={`hd-trail-${s.seq}`} className="hd-trail__step">
          <Text className="hd-trail__head">
            {s.actionLabel} · {dateTime(s.at)}
          </Text>
          <Text className="meta">
            {who(s)}：{s.fromState ? `${SUGGESTION_STATUSES[s.fromState]} → ` : ''}
            {SUGGESTION_STATUSES[s.toState]}
          </Text>
          {s.note ? <Text className="meta hd-trail__note">{s.note}</Text> : null}
        </View>
      ))}
    </View>
  )
}

function Facts({ s }: { s: StaffSuggestionDetail }) {
  return (
    <Card id="hd-facts">
      <View className="card__top">
        <Text className="card__title">{s.topic ?? '意见建议'}</Text>
        <Text id="hd-status" className={`status status--${s.status}`}>
          {s.statusLabel}
        </Text>
      </View>
      <Text id="hd-content" className="hd-content">
        {s.content}
      </Text>
      <Row label="活动">{s.eventTitle}</Row>
      <Row label="提出时间">{dateTime(s.createdAt)}</Row>
      <Row label="联系方式" id="hd-contact">
        {s.anonymous ? '匿名' : s.contactMasked ?? '未留'}
      </Row>
      <Row label="同意公开" id="hd-consent">
        {s.publicConsent ? '同意' : '不同意'}
      </Row>
      <Row label="承办部门">{s.departmentName ? `${s.departmentName}${s.assigneeName ? ` · ${s.assigneeName}` : ''}` : '未转办'}</Row>
      {s.dueAt ? (
        <Row label="办理期限" id="hd-due">
          <Text className={s.overdue ? 'hd-overdue' : ''}>
            {dateTime(s.dueAt)}
            {s.overdue ? '（已逾期）' : ''}
          </Text>
        </Row>
      ) : null}
      {s.urgeCount > 0 ? <Row label="催办次数">{s.urgeCount}</Row> : null}
      {s.answer ? (
        <View id="hd-answered" className="hd-answer">
          <Text className="hd-trail__head">
            答复{s.resultClass ? `（${s.resultClass}类 ${RESULT_CLASSES[s.resultClass]}）` : ''}
            {s.answeredAt ? ` · ${dateTime(s.answeredAt)}` : ''}
          </Text>
          <Text className="meta">{s.answer}</Text>
          {s.plannedBy ? <Text className="meta">计划完成日期：{s.plannedBy}</Text> : null}
          <Text className="meta">{s.published ? '已公开答复' : '未公开'}</Text>
        </View>
      ) : null}
      {s.rating ? (
        <Row label="评价">
          {RATING_LABELS[s.rating as Rating]}
          {s.ratingComment ? `：${s.ratingComment}` : ''}
        </Row>
      ) : null}
      {s.closeReason ? <Row label="办结方式">{CLOSE_REASONS[s.closeReason]}</Row> : null}
    </Card>
  )
}

/** 意见办理详情 (?id=): what was said, who did what, and the steps this role may take now. */
export function HandlingDetailView({ id }: { id: string }) {
  const selfUrl = pageUrl('staffSuggestion', { id })
  const ok = useStaffGuard(selfUrl)
  const res = useResource(() => (ok ? getStaffSuggestion(id) : Promise.resolve(undefined)), [id, ok])
  const [open, setOpen] = useState<StaffStepAction>()
  const [busy, setBusy] = useState(false)
  const [stepError, setStepError] = useState<string>()
  const [done, setDone] = useState<string>()
  const s = res.data
  // The data each form needs, loaded only when it is opened.
  const departments = useResource(() => (open === 'assign' ? listDepartments() : Promise.resolve(undefined)), [open])
  const candidates = useResource(
    () =>
      open === 'merge' && s
        ? listStaffSuggestions({ eventId: s.eventId, pageSize: '100' }).then((l) => l.items.filter((i) => i.id !== s.id && i.status !== 'merged'))
        : Promise.resolve(undefined),
    [open, s?.eventId],
  )

  usePullDownRefresh(() => {
    void res.reload({ silent: true }).finally(() => Taro.stopPullDownRefresh())
  })
  useEffect(() => {
    if (res.error) handleStaffAuthError(res.error, selfUrl)
  }, [res.error, selfUrl])

  /** Sends one step; on success or on an API refusal (e.g. 409: someone was faster) shows the fresh state. */
  const run = (action: StaffStepAction, call: (body: never) => Promise<unknown>): Send => async (body) => {
    setBusy(true)
    setStepError(undefined)
    setDone(undefined)
    try {
      await call(body as never)
      setOpen(undefined)
      setDone(`已${ACTION_LABELS[action]}`)
    } catch (e) {
      if (handleStaffAuthError(e, selfUrl)) return
      setStepError(errorMessage(e))
      setOpen(undefined)
    } finally {
      setBusy(false)
      await res.reload({ silent: true })
    }
  }

  if (!ok) return <Loading text="请先登录…" />
  if (res.loading && !s) return <Loading />
  if (!s) return <ErrorState id="hd-load-error" error={res.error} onRetry={() => void res.reload()} />

  const cancel = () => setOpen(undefined)
  const actions = ACTION_ORDER.filter((a) => s.actions.includes(a))

  return (
    <Screen className="hd">
      <Title sub={`${s.eventTitle} · ${s.statusLabel}`}>意见办理</Title>
      {res.error ? <Banner kind="warning">刷新失败，显示的是上次结果</Banner> : null}
      {stepError ? <Banner id="hd-step-error">{stepError}</Banner> : null}
      {done ? (
        <Banner kind="success" id="hd-step-done">
          {done}
        </Banner>
      ) : null}
      <View className="hd-columns">
        <View className="hd-main">
          <Facts s={s} />
          <Section title="办理过程">
            <Trail steps={s.trail} />
          </Section>
        </View>
        <View className="hd-side">
          <Section title="办理" id="hd-actions">
            <Card>
            {actions.length === 0 ? <Text className="meta">当前没有您可以办理的步骤</Text> : null}
            {!open ? (
              <View className="btn-grid">
                {actions.map((a) => (
                  <Btn key={a} id={`hd-do-${a}`} kind={a === 'return' || a === 'merge' ? 'secondary' : 'primary'} onClick={() => { setOpen(a); setStepError(undefined); setDone(undefined) }}>
                    {ACTION_LABELS[a]}
                  </Btn>
                ))}
              </View>
            ) : open === 'assign' ? (
              departments.data ? (
                <AssignForm send={run('assign', (b) => assignSuggestion(id, b))} busy={busy} onCancel={cancel} departments={departments.data} defaultDays={ANSWER_WORKING_DAYS.default} />
              ) : departments.error ? (
                <ErrorState error={departments.error} onRetry={() => void departments.reload()} />
              ) : (
                <Loading />
              )
            ) : open === 'answer' ? (
              <AnswerForm send={run('answer', (b) => answerSuggestion(id, b))} busy={busy} onCancel={cancel} suggestion={s} />
            ) : open === 'return' ? (
              <ReturnForm send={run('return', (b: { reason: string }) => returnSuggestion(id, b.reason))} busy={busy} onCancel={cancel} />
            ) : open === 'urge' ? (
              <UrgeForm send={run('urge', (b: { note: string }) => urgeSuggestion(id, b.note))} busy={busy} onCancel={cancel} />
            ) : candidates.error ? (
              <ErrorState error={candidates.error} onRetry={() => void candidates.reload()} />
            ) : (
              <MergeForm send={run('merge', (b: { intoId: string }) => mergeSuggestion(id, b.intoId))} busy={busy} onCancel={cancel} candidates={candidates.data} />
            )}
            </Card>
          </Section>
        </View>
      </View>
      <View className="footer">
        <LinkText id="hd-back" kind="quiet" onClick={() => go(pageUrl('staffSuggestions'))}>
          返回意见办理
        </LinkText>
      </View>
    </Screen>
  )
}
