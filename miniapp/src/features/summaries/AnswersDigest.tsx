import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { PostDetail } from '@openday/shared'
import { useState } from 'react'
import { publishAnswersDigest } from '../../api/summaries'
import { ApiError, errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { LinkText, Section } from '../../components/Layout'
import { Banner } from '../../components/States'
import { go } from '../../lib/nav'
import { postPageUrl } from './links'

export const DIGEST_CONFIRM = '将把本活动新公开的意见答复汇总为一篇“答复公开”，发布到“动态”并通知关注者。发布后不能撤回修改。确定公开吗？'

/** 答复公开: the event's newly published answers as one post of 动态. */
export function AnswersDigest({ eventId, onAuthError }: { eventId: string; onAuthError: (e: unknown) => boolean }) {
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ kind: 'success' | 'info' | 'error'; text: string; post?: PostDetail }>()

  const run = async () => {
    setResult(undefined)
    const r = await Taro.showModal({ title: '公开意见答复？', content: DIGEST_CONFIRM, confirmText: '确定公开', cancelText: '取消' })
    if (!r.confirm) return
    setBusy(true)
    try {
      const post = await publishAnswersDigest(eventId)
      setResult({ kind: 'success', text: `已发布“${post.title}”`, post })
    } catch (e) {
      if (onAuthError(e)) return
      if (e instanceof ApiError && e.code === 'NOTHING_TO_PUBLISH') setResult({ kind: 'info', text: `${e.message}。有新的答复公开后再来发布。` })
      else setResult({ kind: 'error', text: `${errorMessage(e)}。未公开，请稍后重试。` })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Section title="答复公开" id="sum-digest">
      <Text className="meta">把本活动已答复、且提出人同意公开的意见建议（不含个人信息）汇总发布。每次只发布上次之后新公开的答复。</Text>
      <View className="stack">
        <Btn id="sum-digest-publish" kind="secondary" loading={busy} loadingText="正在公开…" onClick={() => void run()}>
          公开意见答复
        </Btn>
      </View>
      {result ? (
        <Banner kind={result.kind} id={`sum-digest-${result.kind === 'success' ? 'done' : result.kind === 'info' ? 'nothing' : 'error'}`}>
          <Text className="banner__line">{result.text}</Text>
          {result.post ? (
            <LinkText id="sum-digest-view" onClick={() => go(postPageUrl(result.post!.id))}>
              查看动态
            </LinkText>
          ) : null}
        </Banner>
      ) : null}
    </Section>
  )
}
