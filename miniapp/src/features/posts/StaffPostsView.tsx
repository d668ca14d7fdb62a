import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { formatDateTime, ORGANISER_ROLES, POST_KIND_LABELS, type StaffPost } from '@openday/shared'
import { useEffect, useState } from 'react'
import { listStaffPosts, withdrawPost } from '../../api/posts'
import { errorMessage } from '../../api/request'
import { getStaffProfile } from '../../api/session'
import { Btn } from '../../components/Btn'
import { Card, Screen, Title } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { go, pageUrl, replace } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'
import { PostForm } from './PostForm'
import '../feed/feed.css'
import './posts.css'

const SELF = pageUrl('staffPosts')
export const WITHDRAW_CONFIRM = '撤回后群众将看不到这条动态，不能恢复。确定撤回吗？'

/** One post: kind, title, date, 已撤回; 查看 / 修改 / 撤回 while published. */
function StaffPostCard({ post, busy, onEdit, onWithdraw }: { post: StaffPost; busy: boolean; onEdit: () => void; onWithdraw: () => void }) {
  const id = `spost-${post.id}`
  const withdrawn = post.status === 'withdrawn'
  return (
    <Card id={id} className={`spost${withdrawn ? ' spost--withdrawn' : ''}`}>
      <View className="spost__head">
        <View>
          <Text className={`post-kind post-kind--${post.kind}`}>{POST_KIND_LABELS[post.kind]}</Text>
          {withdrawn ? (
            <Text id={`${id}-withdrawn`} className="spost__withdrawn">
              已撤回
            </Text>
          ) : null}
        </View>
        <Text className="spost__date">{formatDateTime(post.publishedAt)}</Text>
      </View>
      <Text id={`${id}-title`} className="spost__title">
        {post.title}
      </Text>
      {withdrawn ? null : (
        <View className="btn-grid">
          <Btn id={`${id}-view`} size="small" kind="secondary" onClick={() => go(pageUrl('post', { id: post.id }))}>
            查看
          </Btn>
          <Btn id={`${id}-edit`} size="small" kind="secondary" disabled={busy} onClick={onEdit}>
            修改
          </Btn>
          <Btn id={`${id}-withdraw`} size="small" kind="danger" loading={busy} loadingText="正在撤回…" onClick={onWithdraw}>
            撤回
          </Btn>
        </View>
      )}
    </Card>
  )
}

type Editing = { post?: StaffPost } | null

/**
 * 动态管理 (admin and organizer): the agency's posts of every kind and status, newest first, with
 * 加载更多; 写文章 publishes an article, 修改 corrects a published post, 撤回 takes it down.
 */
export function StaffPostsView() {
  const ok = useStaffGuard(SELF)
  const profile = getStaffProfile()
  const organiser = profile ? ORGANISER_ROLES.includes(profile.role) : false
  const allowed = ok && organiser
  /** Later pages, the cursor after them, and posts written or changed since the first page loaded. */
  const [more, setMore] = useState<StaffPost[]>([])
  const [cursor, setCursor] = useState<string | null | undefined>(undefined)
  const [created, setCreated] = useState<StaffPost[]>([])
  const [changed, setChanged] = useState<Record<string, StaffPost>>({})
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<unknown>()
  const [editing, setEditing] = useState<Editing>(null)
  const [notice, setNotice] = useState<string>()
  const [actionError, setActionError] = useState<string>()
  const [withdrawing, setWithdrawing] = useState<string>()
  const first = useResource(async () => {
    if (!allowed) return undefined
    const page = await listStaffPosts()
    setMore([])
    setCursor(undefined)
    setCreated([])
    setChanged({})
    setMoreError(undefined)
    return page
  }, [allowed])
  const onAuthError = (e: unknown) => handleStaffAuthError(e, SELF)
  useEffect(() => {
    if (first.error) handleStaffAuthError(first.error, SELF)
  }, [first.error])
  usePullDownRefresh(() => {
    void first.reload({ silent: true }).finally(() => Taro.stopPullDownRefresh())
  })

  if (!ok) return null
  const head = <Title sub={profile?.agencyName}>动态管理</Title>
  if (!organiser) {
    return (
      <Screen>
        {head}
        <Banner id="posts-not-allowed">只有单位管理员或活动组织者可以管理动态，请联系他们处理。</Banner>
        <Btn id="posts-back" kind="secondary" onClick={() => replace(pageUrl('staffEvents'))}>
          返回活动管理
        </Btn>
      </Screen>
    )
  }
  if (editing) {
    return (
      <Screen>
        {head}
        <PostForm
          post={editing.post}
          onAuthError={onAuthError}
          onCancel={() => setEditing(null)}
          onDone={(p) => {
            if (editing.post) {
              setChanged((c) => ({ ...c, [p.id]: p }))
              setNotice('修改已保存，“动态”中已更新。')
            } else {
              setCreated((c) => [p, ...c])
              setNotice('文章已发布，已公开到“动态”，关注本单位的群众会收到通知。')
            }
            setEditing(null)
          }}
        />
      </Screen>
    )
  }
  if (first.loading && !first.data) return <Loading text="正在加载动态…" />
  if (!first.data) {
    return (
      <Screen>
        {head}
        <ErrorState id="posts-error" error={first.error} onRetry={() => void first.reload()} />
      </Screen>
    )
  }

  const seen = new Set<string>()
  const posts = [...created, ...first.data.posts, ...more]
    .filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)))
    .map((p) => changed[p.id] ?? p)
  const next = cursor === undefined ? first.data.nextCursor : cursor

  const loadMore = async () => {
    if (!next || loadingMore) return
    setLoadingMore(true)
    setMoreError(undefined)
    try {
      const page = await listStaffPosts(next)
      setMore((m) => [...m, ...page.posts])
      setCursor(page.nextCursor)
    } catch (e) {
      if (!onAuthError(e)) setMoreError(e)
    } finally {
      setLoadingMore(false)
    }
  }

  const withdraw = async (post: StaffPost) => {
    setNotice(undefined)
    setActionError(undefined)
    const r = await Taro.showModal({ title: '撤回这条动态？', content: WITHDRAW_CONFIRM, confirmText: '撤回', cancelText: '取消', confirmColor: '#b3261e' })
    if (!r.confirm) return
    setWithdrawing(post.id)
    try {
      const done = await withdrawPost(post.id)
      setChanged((c) => ({ ...c, [done.id]: done }))
      setNotice('已撤回，群众已看不到这条动态。')
    } catch (e) {
      if (!onAuthError(e)) setActionError(`${errorMessage(e)}。未撤回，请稍后重试。`)
    } finally {
      setWithdrawing(undefined)
    }
  }

  const write = () => {
    setNotice(undefined)
    setActionError(undefined)
    setEditing({})
  }

  return (
    <Screen>
      {head}
      <View className="stack">
        <Btn id="posts-write" kind="primary" onClick={write}>
          写文章
        </Btn>
      </View>
      {notice ? (
        <Banner kind="success" id="posts-notice">
          {notice}
        </Banner>
      ) : null}
      {actionError ? <Banner id="posts-action-error">{actionError}</Banner> : null}
      {first.error ? (
        <Banner kind="warning" id="posts-stale">
          <Text className="banner__line">刷新失败：{errorMessage(first.error)}</Text>
        </Banner>
      ) : null}
      {posts.length === 0 ? (
        <Empty id="posts-empty" text="还没有动态，可点“写文章”发布" />
      ) : (
        <View id="posts-list" className="list">
          {posts.map((p) => (
            <StaffPostCard
              key={p.id}
              post={p}
              busy={withdrawing === p.id}
              onEdit={() => {
                setNotice(undefined)
                setActionError(undefined)
                setEditing({ post: p })
              }}
              onWithdraw={() => void withdraw(p)}
            />
          ))}
          {moreError ? <ErrorState id="posts-more-error" error={moreError} /> : null}
          {next ? (
            <Btn id="posts-more" kind="secondary" loading={loadingMore} loadingText="正在加载…" onClick={() => void loadMore()}>
              加载更多
            </Btn>
          ) : (
            <Text id="posts-end" className="meta posts-end">
              已显示全部动态
            </Text>
          )}
        </View>
      )}
    </Screen>
  )
}
