import { Text, View } from '@tarojs/components'
import { CLOSE_REASONS, formatDateTime, RATING_LABELS, SUGGESTION_STATUSES, type Rating, type SuggestionView } from '@openday/shared'
import { useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../api/request'
import { getSuggestion } from '../../api/suggestions'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Fields'
import { Card, Row, Screen, Section, Title } from '../../components/Layout'
import { Banner } from '../../components/States'
import { pageUrl } from '../../lib/nav'
import { FollowButton } from '../follows/FollowButton'
import { RatingForm } from './RatingForm'
import { normaliseTrackingCode, TrackingCode } from './TrackingCode'
import './suggestions.css'

/** '2026-04-30' → '2026年4月30日' (a plan can reach into next year, so the year is shown). */
export function calendarDate(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

export const NOT_FOUND_TEXT = '未找到该编号的意见建议，请核对编号后重试'

/** 意见查询 (?code=). */
export function TrackView({ initialCode = '' }: { initialCode?: string }) {
  const [code, setCode] = useState(initialCode)
  const [result, setResult] = useState<SuggestionView>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [justRated, setJustRated] = useState(false)

  const query = async (raw: string) => {
    const c = normaliseTrackingCode(raw)
    setError(undefined)
    setJustRated(false)
    if (c.length < 4) {
      setError('请输入查询编号')
      return
    }
    setBusy(true)
    try {
      setResult(await getSuggestion(c))
    } catch (e) {
      setResult(undefined)
      setError(e instanceof ApiError && e.code === 'NOT_FOUND' ? NOT_FOUND_TEXT : errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    if (initialCode) void query(initialCode)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialCode])

  return (
    <Screen>
      <Title sub="输入提交意见建议时获得的查询编号">意见查询</Title>
      <View className="stack">
        <TextField
          id="track-code"
          label="查询编号"
          value={code}
          onChange={setCode}
          onConfirm={() => void query(code)}
          maxlength={40}
          placeholder="请输入查询编号"
          hint="可带空格，不区分大小写"
          inputClassName="input--code"
        />
        <Btn id="track-submit" size="large" loading={busy} loadingText="正在查询…" onClick={() => void query(code)}>
          查询
        </Btn>
        {error ? <Banner id="track-error">{error}</Banner> : null}
      </View>
      {result ? (
        <Card id="track-result">
          <View className="card__top">
            <Text className="card__title">{result.eventTitle}</Text>
            <Text id="track-status" className={`status status--${result.status}`}>
              {result.statusLabel || SUGGESTION_STATUSES[result.status]}
            </Text>
          </View>
          <Text className="tracking__label">查询编号</Text>
          <TrackingCode id="track-tracking-code" code={result.trackingCode} copyId="track-copy" size="normal" />
          <Row label="提交时间">
            <Text>{formatDateTime(result.createdAt)}</Text>
          </Row>
          {result.topic ? (
            <Row label="主题">
              <Text>{result.topic}</Text>
            </Row>
          ) : null}
          {result.departmentName ? (
            <Row label="承办部门" id="track-department">
              <Text>{result.departmentName}</Text>
            </Row>
          ) : null}
          {result.status === 'merged' ? (
            <Text id="track-merged" className="paragraph notice">
              这条意见与内容相同的另一条意见合并办理，答复以合并后的办理结果为准。
            </Text>
          ) : null}
          <Section title="意见建议内容">
            <Text id="track-content" className="paragraph">
              {result.content}
            </Text>
          </Section>
          <Section title="办理进度" id="track-timeline">
            <View className="timeline">
              {result.timeline.map((step, i) => (
                <View key={i} className="timeline__step">
                  <Text className="timeline__label">{step.label}</Text>
                  <Text className="timeline__date">{formatDateTime(step.at)}</Text>
                  <Text className="timeline__state">{step.statusLabel}</Text>
                </View>
              ))}
            </View>
          </Section>
          {result.answer ? (
            <Section title="答复">
              <View className="reply">
                {result.resultClass ? (
                  <Text id="track-class" className="reply__class">
                    {result.resultClass}类：{result.resultClassLabel}
                  </Text>
                ) : null}
                <Text id="track-reply" className="paragraph">
                  {result.answer}
                </Text>
                {result.resultClass === 'B' && result.plannedBy ? (
                  <Text id="track-planned" className="meta">
                    计划完成日期：{calendarDate(result.plannedBy)}
                  </Text>
                ) : null}
                {result.answeredAt ? <Text className="meta">答复时间：{formatDateTime(result.answeredAt)}</Text> : null}
              </View>
            </Section>
          ) : result.status === 'closed' ? null : (
            <View id="track-follow-hint">
              <Text className="meta">{result.status === 'reopened' ? '正在重新办理，答复后可在此查看和评价。' : '正在办理中，答复后可在此查看。'}</Text>
              <Text className="meta">关注后，答复时会按您的通知设置提醒您。</Text>
              <FollowButton kind="suggestion" target={result.trackingCode} returnTo={pageUrl('track', { code: result.trackingCode })} id="track-follow" />
            </View>
          )}
          {justRated ? (
            <Banner kind="success" id="track-rated">
              <Text>
                感谢您的评价。{result.status === 'reopened' ? '这条意见已退回承办部门重新办理，答复后请再次查看。' : '这条意见已办结。'}
              </Text>
            </Banner>
          ) : null}
          {result.rating && !result.awaitingRating ? (
            <Row label="您的评价" id="track-rating">
              <Text>{RATING_LABELS[result.rating as Rating]}</Text>
            </Row>
          ) : null}
          {result.closeReason ? (
            <Row label="办结方式" id="track-close-reason">
              <Text>{CLOSE_REASONS[result.closeReason]}</Text>
            </Row>
          ) : null}
          {result.awaitingRating && result.status !== 'merged' ? (
            <RatingForm
              trackingCode={result.trackingCode}
              onRated={(s) => {
                setResult(s)
                setJustRated(true)
              }}
            />
          ) : null}
        </Card>
      ) : null}
    </Screen>
  )
}
