import { Text, View } from '@tarojs/components'
import { RESULT_CLASSES, shanghaiDate, type PublicAnswer, type PublicAnswerPage } from '@openday/shared'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { Card } from '../../components/Layout'
import { Empty, ErrorState, Loading } from '../../components/States'
import { useResource } from '../../lib/useResource'
import { dayLabel } from './period'

function AnswerCard({ a, showEvent }: { a: PublicAnswer; showEvent: boolean }) {
  return (
    <Card id={`pub-answer-${a.id}`} className="pub-answer">
      <View className="pub-answer__head">
        {a.resultClass ? <Text className={`pub-class pub-class--${a.resultClass}`}>{`${a.resultClass}类 ${RESULT_CLASSES[a.resultClass]}`}</Text> : null}
        {a.department ? <Text className="meta">承办：{a.department}</Text> : null}
      </View>
      {showEvent ? <Text className="meta">活动：{a.event.title}</Text> : null}
      <Text className="pub-answer__label">意见建议</Text>
      <Text className="paragraph">{a.topic ? `【${a.topic}】${a.content}` : a.content}</Text>
      <Text className="pub-answer__label">答复</Text>
      <Text className="paragraph">{a.answer}</Text>
      {a.resultClass === 'B' && a.plannedBy ? <Text className="meta">计划完成：{dayLabel(a.plannedBy)}</Text> : null}
      <Text className="meta">
        提出 {dayLabel(shanghaiDate(a.submittedAt))} · 答复 {dayLabel(shanghaiDate(a.answeredAt))}
      </Text>
    </Card>
  )
}

/**
 * 公开答复: published answers (only with the submitter's consent; personal data masked by the
 * API), newest first, 20 at a time with 加载更多.
 */
export function AnswerList({ id, load, showEvent = true }: { id: string; load: (page: number) => Promise<PublicAnswerPage>; showEvent?: boolean }) {
  const first = useResource(() => load(1), [load])
  const [more, setMore] = useState<PublicAnswer[]>([])
  const [page, setPage] = useState(1)
  /** Whether the last page loaded said another follows (null: go by the first page). */
  const [moreAfterLast, setMoreAfterLast] = useState<boolean | null>(null)
  const [busy, setBusy] = useState(false)
  const [moreError, setMoreError] = useState<unknown>()

  if (first.loading && !first.data) return <Loading />
  if (first.error && !first.data) return <ErrorState id={`${id}-error`} error={first.error} onRetry={() => void first.reload()} />
  const data = first.data!
  const answers = [...data.answers, ...more]
  if (answers.length === 0) return <Empty id={`${id}-empty`} text="暂无公开答复。提出人同意公开的意见建议答复后，将在这里展示。" />

  const loadMore = async () => {
    setBusy(true)
    setMoreError(undefined)
    try {
      const next = await load(page + 1)
      setMore((m) => [...m, ...next.answers])
      setPage(page + 1)
      setMoreAfterLast(next.hasMore)
    } catch (e) {
      setMoreError(e)
    } finally {
      setBusy(false)
    }
  }
  const hasMore = moreAfterLast ?? data.hasMore
  return (
    <View id={id} className="list">
      {answers.map((a) => (
        <AnswerCard key={a.id} a={a} showEvent={showEvent} />
      ))}
      {moreError ? <ErrorState id={`${id}-more-error`} error={moreError} /> : null}
      {hasMore ? (
        <Btn id={`${id}-more`} kind="secondary" loading={busy} loadingText="正在加载…" onClick={() => void loadMore()}>
          加载更多
        </Btn>
      ) : (
        <Text id={`${id}-end`} className="meta">
          已显示全部 {answers.length} 条公开答复
        </Text>
      )}
    </View>
  )
}
