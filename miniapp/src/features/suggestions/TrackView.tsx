import { Text, View } from '@tarojs/components'
import { formatDateTime, SUGGESTION_STATUSES, type SuggestionView } from '@openday/shared'
import { useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../api/request'
import { getSuggestion } from '../../api/suggestions'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Fields'
import { Card, Row, Screen, Section, Title } from '../../components/Layout'
import { Banner } from '../../components/States'
import { normaliseTrackingCode, TrackingCode } from './TrackingCode'

export const NOT_FOUND_TEXT = '未找到该编号的意见建议，请核对编号后重试'

/** 意见查询 (?code=). */
export function TrackView({ initialCode = '' }: { initialCode?: string }) {
  const [code, setCode] = useState(initialCode)
  const [result, setResult] = useState<SuggestionView>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const query = async (raw: string) => {
    const c = normaliseTrackingCode(raw)
    setError(undefined)
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
              {SUGGESTION_STATUSES[result.status]}
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
          <Section title="意见建议内容">
            <Text id="track-content" className="paragraph">
              {result.content}
            </Text>
          </Section>
          {result.answer ? (
            <Section title="答复">
              <View className="reply">
                <Text id="track-reply" className="paragraph">
                  {result.answer}
                </Text>
                {result.answeredAt ? <Text className="meta">答复时间：{formatDateTime(result.answeredAt)}</Text> : null}
              </View>
            </Section>
          ) : (
            <Text className="meta">已受理，正在办理中，答复后可在此查看。</Text>
          )}
        </Card>
      ) : null}
    </Screen>
  )
}
