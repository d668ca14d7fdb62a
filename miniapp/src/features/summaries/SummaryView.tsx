import { Text, View } from '@tarojs/components'
import { formatDateTime, formatRange, ORGANISER_ROLES, type EventDetail, type EventSummaryDraft, type PostDetail } from '@openday/shared'
import { useEffect, useState } from 'react'
import { getEvent } from '../../api/events'
import { ApiError, errorMessage } from '../../api/request'
import { getStaffProfile } from '../../api/session'
import { buildSummary, getSummary } from '../../api/summaries'
import { Btn } from '../../components/Btn'
import { Screen, Title } from '../../components/Layout'
import { Banner, ErrorState, Loading } from '../../components/States'
import { pageUrl, replace } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'
import { AnswersDigest } from './AnswersDigest'
import { PublishedPanel } from './PublishedPanel'
import { SummaryEditor } from './SummaryEditor'
import { SummaryFiguresCard } from './SummaryFiguresCard'
import './summary.css'

/** 应于 … 前发布, red with 已超期 once past; once published, when it was. */
function Deadline({ dueAt, publishedAt }: { dueAt: string; publishedAt: string | null }) {
  if (publishedAt) {
    return (
      <View id="sum-due" className="sum-due">
        <Text>
          已于 {formatDateTime(publishedAt)} 发布（期限 {formatDateTime(dueAt)}）
        </Text>
      </View>
    )
  }
  const late = Date.parse(dueAt) < Date.now()
  return (
    <View id="sum-due" className={`sum-due${late ? ' sum-due--late' : ''}`}>
      <Text>应于 {formatDateTime(dueAt)} 前发布</Text>
      {late ? (
        <Text id="sum-overdue" className="sum-badge sum-badge--late">
          已超期
        </Text>
      ) : null}
    </View>
  )
}

/** No draft yet: what the draft is, and the button that builds it. */
function NoDraft({ eventId, event, onBuilt, onAuthError }: { eventId: string; event?: EventDetail; onBuilt: (s: EventSummaryDraft) => void; onAuthError: (e: unknown) => boolean }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const notEnded = event ? Date.parse(event.endAt) > Date.now() : false
  const endsAt = event ? `本活动将于 ${formatDateTime(event.endAt)} 结束。` : ''
  const build = async () => {
    setBusy(true)
    setError(undefined)
    try {
      onBuilt(await buildSummary(eventId))
    } catch (e) {
      if (onAuthError(e)) return
      setError(e instanceof ApiError && e.code === 'EVENT_NOT_ENDED' ? `${e.message}。${endsAt}` : `${errorMessage(e)}。草稿未生成，请稍后重试。`)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View id="sum-empty" className="sum-empty">
      <Text className="sum-empty__text">
        活动结束后，可按报名签到、意见建议和测评数据自动生成总结草稿。草稿可以修改，确认无误后发布到“动态”，并按政府信息公开要求生成索引号。
      </Text>
      {notEnded ? (
        <Banner kind="info" id="sum-not-ended">
          活动尚未结束，结束后才能生成总结。{endsAt}
        </Banner>
      ) : null}
      {error ? <Banner id="sum-build-error">{error}</Banner> : null}
      <Btn id="sum-generate" kind="primary" size="large" loading={busy} loadingText="正在生成…" onClick={() => void build()}>
        生成总结草稿
      </Btn>
    </View>
  )
}

/** 活动总结 (?id=<eventId>): build the draft from the data, edit it, publish it; then 答复公开. */
export function SummaryView({ eventId }: { eventId: string }) {
  const selfUrl = pageUrl('staffEventSummary', { id: eventId })
  const ok = useStaffGuard(selfUrl)
  const profile = getStaffProfile()
  const organiser = profile ? ORGANISER_ROLES.includes(profile.role) : false
  const allowed = ok && organiser
  const res = useResource(() => (allowed ? getSummary(eventId) : Promise.resolve(undefined)), [eventId, allowed])
  const event = useResource(() => (allowed ? getEvent(eventId, true) : Promise.resolve(undefined)), [eventId, allowed])
  /** The summary as the last write answered; undefined: as loaded. */
  const [local, setLocal] = useState<EventSummaryDraft>()
  const [post, setPost] = useState<PostDetail>()
  const [justPublished, setJustPublished] = useState(false)
  const onAuthError = (e: unknown) => handleStaffAuthError(e, selfUrl)

  useEffect(() => {
    if (res.error) handleStaffAuthError(res.error, selfUrl)
  }, [res.error, selfUrl])

  if (!ok) return null
  const head = <Title sub={event.data ? `${event.data.title} · ${formatRange(event.data.startAt, event.data.endAt)}` : undefined}>活动总结</Title>
  if (!organiser) {
    return (
      <Screen>
        {head}
        <Banner id="sum-not-allowed">只有单位管理员或活动组织者可以编写和发布活动总结，请联系他们处理。</Banner>
        <Btn id="sum-back" kind="secondary" onClick={() => replace(pageUrl('staffEvents'))}>
          返回活动管理
        </Btn>
      </Screen>
    )
  }
  if (res.loading && !res.data) return <Loading />
  if (!res.data) {
    const offline = res.error instanceof ApiError && res.error.code === 'NETWORK'
    return (
      <Screen>
        {head}
        <ErrorState id={offline ? 'sum-offline' : 'sum-load-error'} error={res.error} onRetry={() => void res.reload()} />
      </Screen>
    )
  }
  const summary = local ?? res.data.summary
  const dueAt = summary?.dueAt ?? res.data.dueAt
  const reload = () => {
    setLocal(undefined)
    void res.reload()
  }
  return (
    <Screen className="sum-screen">
      {head}
      <Deadline dueAt={dueAt} publishedAt={summary?.status === 'published' ? summary.publishedAt : null} />
      {!summary ? (
        <NoDraft eventId={eventId} event={event.data} onBuilt={setLocal} onAuthError={onAuthError} />
      ) : summary.status === 'published' ? (
        <View>
          {justPublished ? (
            <Banner kind="success" id="sum-published-now">
              总结已发布，已公开到“动态”，关注者会收到通知。
            </Banner>
          ) : null}
          <PublishedPanel summary={summary} post={post} agencyName={profile?.agencyName ?? ''} />
          <SummaryFiguresCard figures={summary.figures} />
        </View>
      ) : (
        <View>
          <SummaryFiguresCard figures={summary.figures} />
          <SummaryEditor
            eventId={eventId}
            summary={summary}
            onChange={setLocal}
            onPublished={(s, p) => {
              setLocal(s)
              setPost(p)
              setJustPublished(true)
            }}
            onAuthError={onAuthError}
            onStale={reload}
          />
        </View>
      )}
      {summary || (event.data && Date.parse(event.data.endAt) <= Date.now()) ? <AnswersDigest eventId={eventId} onAuthError={onAuthError} /> : null}
    </Screen>
  )
}
