import { View } from '@tarojs/components'
import { usePullDownRefresh } from '@tarojs/taro'
import { getFeed } from '../../api/feed'
import { LinkText, Section } from '../../components/Layout'
import { Empty, ErrorState, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { OfflineState, PostCard, isOffline } from './FeedView'

/** Posts shown on the agency page; 查看全部动态 opens the rest. */
export const AGENCY_POSTS_SHOWN = 5

/** 最新动态 of an agency (单位公开): its newest posts, and 查看全部动态 (the home page's 动态 tab, filtered). */
export function AgencyPosts({ agencyId }: { agencyId: string }) {
  const res = useResource(() => getFeed({ agencyId }), [agencyId])
  usePullDownRefresh(() => {
    void res.reload({ silent: true })
  })
  const posts = res.data?.posts.slice(0, AGENCY_POSTS_SHOWN) ?? []
  return (
    <Section title="最新动态" id="pub-posts">
      {res.loading && !res.data ? (
        <Loading text="正在加载动态…" />
      ) : !res.data ? (
        isOffline(res.error) ? (
          <OfflineState id="pub-posts-offline" onRetry={() => void res.reload()} />
        ) : (
          <ErrorState id="pub-posts-error" error={res.error} onRetry={() => void res.reload()} />
        )
      ) : posts.length === 0 ? (
        <Empty id="pub-posts-empty" text="暂无动态" />
      ) : (
        <View id="pub-posts-list" className="list">
          {posts.map((p) => (
            <PostCard key={p.id} post={p} idPrefix="pub-post" />
          ))}
          <LinkText id="pub-posts-all" onClick={() => go(pageUrl('index', { tab: 'feed', agencyId }))}>
            查看全部动态
          </LinkText>
        </View>
      )}
    </Section>
  )
}
