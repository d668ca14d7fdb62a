import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { formatDateTime, paragraphs, type Disclosure, type PostDetail } from '@openday/shared'
import { useEffect } from 'react'
import { getPost, postPrintUrl } from '../../api/feed'
import { ApiError } from '../../api/request'
import { Btn } from '../../components/Btn'
import { LinkText, Screen } from '../../components/Layout'
import { ErrorState, Loading, Unavailable } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { IS_H5, IS_WEAPP, a11y } from '../../lib/platform'
import { copyShareLink, SHARE_IMAGE, useSharing } from '../../lib/share'
import { useResource } from '../../lib/useResource'
import { KindChip, OfflineState, isOffline } from './FeedView'
import './feed.css'

/** 打印版: H5 opens it in a new tab; the mini-program cannot open web pages, so the link is copied. */
function openPrint(id: string) {
  const url = postPrintUrl(id)
  if (!IS_WEAPP && typeof window !== 'undefined') {
    window.open(url, '_blank', 'noopener')
    return
  }
  Taro.setClipboardData({ data: url }).then(
    () => void Taro.showToast({ title: '链接已复制', icon: 'none', duration: 3000 }),
    () => undefined,
  )
}

/** 政府信息公开 header of a published 活动总结, as a label–value table. */
export function DisclosureTable({ postId, title, disclosure }: { postId: string; title: string; disclosure: Disclosure }) {
  const rows: [string, string, string][] = [
    ['index', '索引号', disclosure.indexNo],
    ['publisher', '发布机构', disclosure.publisher],
    ['issued', '发文时间', formatDateTime(disclosure.issuedAt)],
    ['method', '公开方式', disclosure.method],
    ['validity', '有效性', disclosure.validity],
    ['title', '标题', title],
  ]
  return (
    <View id="post-disclosure" className="disclosure">
      <View className="disclosure__table" {...a11y({ role: 'table', 'aria-label': '政府信息公开' })}>
        {rows.map(([key, label, value]) => (
          <View key={key} className="disclosure__row" {...a11y({ role: 'row' })}>
            <Text className="disclosure__label" {...a11y({ role: 'rowheader' })}>
              {label}
            </Text>
            <Text id={`post-disclosure-${key}`} className="disclosure__value" {...a11y({ role: 'cell' })}>
              {value}
            </Text>
          </View>
        ))}
      </View>
      <LinkText id="post-print" kind="quiet" onClick={() => openPrint(postId)}>
        打印版
      </LinkText>
    </View>
  )
}

export function PostBody({ post }: { post: PostDetail }) {
  return (
    <Screen>
      {post.disclosure ? <DisclosureTable postId={post.id} title={post.title} disclosure={post.disclosure} /> : null}
      <View className="post-head">
        <KindChip id="post-kind" kind={post.kind} />
        <Text id="post-title" className="post-head__title" {...a11y({ role: 'heading', 'aria-level': 1 })}>
          {post.title}
        </Text>
        <View id="post-agency" className="post-head__agency" onClick={() => go(pageUrl('agency', { id: post.agencyId }))} {...a11y({ role: 'link', tabindex: 0 })}>
          <Text>{post.agencyName} ›</Text>
        </View>
        <Text id="post-time" className="meta">
          发布时间：{formatDateTime(post.publishedAt)}
        </Text>
      </View>
      {/* Plain text: each paragraph its own Text, never parsed as HTML. */}
      <View id="post-body" className="post-body">
        {paragraphs(post.body).map((p, i) => (
          <Text key={i} className="paragraph post-body__p">
            {p}
          </Text>
        ))}
      </View>
      {post.eventId ? (
        <View className="action-block">
          <LinkText id="post-event" onClick={() => go(pageUrl('event', { id: post.eventId! }))}>
            查看相关活动 ›
          </LinkText>
        </View>
      ) : null}
      {/* The mini-program shares from its ··· menu (useSharing); a browser copies the share URL. */}
      {IS_H5 ? (
        <View className="action-block">
          <LinkText id="post-share" kind="quiet" onClick={() => void copyShareLink('post', post.id)}>
            分享（复制链接）
          </LinkText>
        </View>
      ) : null}
    </Screen>
  )
}

/** Back to the list of 动态 (the home page's 动态 tab). */
const toFeed = () => void Taro.reLaunch({ url: pageUrl('index', { tab: 'feed' }) }).catch(() => undefined)

/** 动态详情 (?id=): one published post; the page title is the post's title. */
export function PostView({ id }: { id: string }) {
  const res = useResource(() => getPost(id), [id])
  usePullDownRefresh(() => {
    void res.reload({ silent: true }).finally(() => Taro.stopPullDownRefresh())
  })
  const title = res.data?.title
  useSharing(res.data ? { title: res.data.title, path: pageUrl('post', { id: res.data.id }), imageUrl: SHARE_IMAGE } : undefined)
  useEffect(() => {
    // H5: also the document's title (Taro sets document.title).
    if (title) Taro.setNavigationBarTitle({ title }).catch(() => undefined)
  }, [title])

  if (res.loading && !res.data) return <Loading />
  if (!res.data) {
    if (res.error instanceof ApiError && res.error.code === 'NOT_FOUND') {
      return (
        <Screen>
          <Unavailable id="post-not-found" title="该动态不存在或已撤回" text="这条动态可能已被发布单位撤回，可回到动态列表查看其他动态。">
            <Btn id="post-not-found-feed" kind="secondary" onClick={toFeed}>
              返回动态
            </Btn>
          </Unavailable>
        </Screen>
      )
    }
    return (
      <Screen>
        {isOffline(res.error) ? (
          <OfflineState id="post-offline" onRetry={() => void res.reload()} />
        ) : (
          <ErrorState id="post-error" error={res.error} onRetry={() => void res.reload()} />
        )}
      </Screen>
    )
  }
  return <PostBody post={res.data} />
}
