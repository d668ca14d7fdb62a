import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { POST_KIND_LABELS, shanghaiDate, type PostKind, type PostSummary } from '@openday/shared'
import { useState } from 'react'
import { getFeed } from '../../api/feed'
import { ApiError, errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { Card, LinkText } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { a11y, idAttr } from '../../lib/platform'
import { useResource } from '../../lib/useResource'
import './feed.css'

/** 2026年3月10日 (Beijing time). */
export function dayText(iso: string): string {
  const [y, m, d] = shanghaiDate(iso).split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

/** The request never got an answer: no network (or none that reaches the API). */
export const isOffline = (e: unknown) => e instanceof ApiError && e.code === 'NETWORK'

export function KindChip({ kind, id }: { kind: PostKind; id?: string }) {
  return (
    <Text {...idAttr(id)} className={`post-kind post-kind--${kind}`}>
      {POST_KIND_LABELS[kind]}
    </Text>
  )
}

/** A post in a list: kind, title, summary, agency and date; opens the post page. */
export function PostCard({ post, idPrefix = 'post' }: { post: PostSummary; idPrefix?: string }) {
  return (
    <Card id={`${idPrefix}-${post.id}`} className="post-card" onClick={() => go(pageUrl('post', { id: post.id }))}>
      <View className="post-card__head">
        <KindChip kind={post.kind} />
        <Text className="post-card__date">{dayText(post.publishedAt)}</Text>
      </View>
      <Text className="post-card__title">{post.title}</Text>
      {post.summary ? <Text className="post-card__summary">{post.summary}</Text> : null}
      <Text className="post-card__agency">{post.agencyName}</Text>
    </Card>
  )
}

/** No network: says so in words, with 重试 (pull-down works as well). */
export function OfflineState({ id, onRetry }: { id: string; onRetry: () => void }) {
  return (
    <View id={id} className="state state--error" {...a11y({ role: 'alert' })}>
      <Text className="state__icon">!</Text>
      <Text className="state__title">网络未连接</Text>
      <Text className="state__text">暂时无法加载动态，请检查网络后重试。</Text>
      <Btn id={`${id}-retry`} kind="secondary" onClick={onRetry}>
        重试
      </Btn>
    </View>
  )
}

/**
 * 动态: published posts newest first (of one agency with `agencyId`), 20 at a time with 加载更多
 * (the API's cursor), pull-down to refresh. `onShowAll` clears the agency filter.
 */
export function FeedView({ agencyId, onShowAll }: { agencyId?: string; onShowAll?: () => void }) {
  const [more, setMore] = useState<PostSummary[]>([])
  /** The cursor of the last page loaded after the first (undefined: go by the first page). */
  const [cursor, setCursor] = useState<string | null | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const [moreError, setMoreError] = useState<unknown>()
  const first = useResource(async () => {
    const page = await getFeed({ agencyId })
    // A fresh first page starts the list over.
    setMore([])
    setCursor(undefined)
    setMoreError(undefined)
    return page
  }, [agencyId])
  usePullDownRefresh(() => {
    void first.reload({ silent: true }).finally(() => Taro.stopPullDownRefresh())
  })

  const filter = agencyId ? (
    <Banner kind="info" id="feed-filter">
      <Text className="banner__line">只看{first.data?.posts[0]?.agencyName ?? '本单位'}的动态</Text>
      {onShowAll ? (
        <LinkText id="feed-show-all" kind="quiet" onClick={onShowAll}>
          查看全部单位的动态
        </LinkText>
      ) : null}
    </Banner>
  ) : null

  if (first.loading && !first.data) return <Loading text="正在加载动态…" />
  if (!first.data) {
    return (
      <View>
        {filter}
        {isOffline(first.error) ? (
          <OfflineState id="feed-offline" onRetry={() => void first.reload()} />
        ) : (
          <ErrorState id="feed-error" error={first.error} onRetry={() => void first.reload()} />
        )}
      </View>
    )
  }
  const posts = [...first.data.posts, ...more]
  const next = cursor === undefined ? first.data.nextCursor : cursor

  const loadMore = async () => {
    if (!next || busy) return
    setBusy(true)
    setMoreError(undefined)
    try {
      const page = await getFeed({ agencyId, cursor: next })
      setMore((m) => [...m, ...page.posts])
      setCursor(page.nextCursor)
    } catch (e) {
      setMoreError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View>
      {filter}
      {first.error ? (
        <Banner kind="warning" id="feed-stale">
          <Text className="banner__line">{isOffline(first.error) ? '网络未连接，显示的是上次加载的动态。' : `刷新失败：${errorMessage(first.error)}`}</Text>
        </Banner>
      ) : null}
      {posts.length === 0 ? (
        <Empty id="feed-empty" text="暂无动态" />
      ) : (
        <View id="feed-list" className="list">
          {posts.map((p) => (
            <PostCard key={p.id} post={p} />
          ))}
          {moreError ? <ErrorState id="feed-more-error" error={moreError} /> : null}
          {next ? (
            <Btn id="feed-more" kind="secondary" loading={busy} loadingText="正在加载…" onClick={() => void loadMore()}>
              加载更多
            </Btn>
          ) : (
            <Text id="feed-end" className="meta feed-end">
              已显示全部动态
            </Text>
          )}
        </View>
      )}
    </View>
  )
}
