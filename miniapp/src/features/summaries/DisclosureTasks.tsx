import { Text, View } from '@tarojs/components'
import { DISCLOSURE_TASK_LABELS, formatDateTime, type DisclosureTask } from '@openday/shared'
import { useEffect } from 'react'
import { errorMessage } from '../../api/request'
import { listDisclosureTasks } from '../../api/summaries'
import { Btn } from '../../components/Btn'
import { Card, Section } from '../../components/Layout'
import { Banner, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { useRefreshOnShow } from '../../lib/useRefreshOnShow'
import { useResource } from '../../lib/useResource'
import './summary.css'

function TaskLine({ task }: { task: DisclosureTask }) {
  const done = task.doneAt !== null
  const late = !done && task.overdue
  const id = `task-${task.kind}-${task.eventId}`
  return (
    <Card id={id} className={`task${done ? ' task--done' : late ? ' task--late' : ''}`} onClick={() => go(pageUrl('staffEventSummary', { id: task.eventId }))}>
      <View className="card__top">
        <Text className="card__title">{DISCLOSURE_TASK_LABELS[task.kind]}</Text>
        {done ? (
          <Text id={`${id}-done`} className="sum-badge sum-badge--done">
            已完成
          </Text>
        ) : late ? (
          <Text id={`${id}-overdue`} className="sum-badge sum-badge--late">
            已超期
          </Text>
        ) : null}
      </View>
      <Text className="meta">活动：{task.eventTitle}</Text>
      <Text id={`${id}-due`} className={`meta${late ? ' sum-due--late' : ''}`}>
        {done ? `已于 ${formatDateTime(task.doneAt!)} 完成` : `截止：${formatDateTime(task.dueAt)}`}
      </Text>
    </Card>
  )
}

/** 信息公开待办 (admins and organisers): each ended event's summary and answers, by deadline. */
export function DisclosureTasks({ onAuthError }: { onAuthError: (e: unknown) => void }) {
  const res = useResource(() => listDisclosureTasks(), [])
  useRefreshOnShow(res, true)
  useEffect(() => {
    if (res.error) onAuthError(res.error)
  }, [res.error, onAuthError])
  const tasks = res.data
  return (
    <Section title="信息公开待办" id="disclosure-tasks">
      {res.loading && !tasks ? (
        <Loading />
      ) : !tasks ? (
        <Banner kind="warning" id="disclosure-tasks-error">
          <Text className="banner__line">待办加载失败：{errorMessage(res.error)}</Text>
          <Btn id="disclosure-tasks-retry" size="small" kind="secondary" onClick={() => void res.reload()}>
            重试
          </Btn>
        </Banner>
      ) : tasks.length === 0 ? (
        <Text id="disclosure-tasks-empty" className="meta">
          暂无待办：活动结束后，这里会提示发布活动总结和公开意见答复的期限。
        </Text>
      ) : (
        <View className="list">
          {tasks.map((t) => (
            <TaskLine key={`${t.kind}-${t.eventId}`} task={t} />
          ))}
        </View>
      )}
    </Section>
  )
}
