import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatDateTime, FOLLOW_KINDS, type Follow } from '@openday/shared'
import { useState } from 'react'
import { errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { Card, Screen, Title } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { go, goLogin, pageUrl, replace } from '../../lib/nav'
import { useParticipantResource } from '../../lib/useParticipantResource'
import { myFollows, unfollow } from './followState'

/** Where a follow leads: the agency's page, the event's page, or 意见查询 with the code. */
export function followUrl(f: Follow): string {
  if (f.kind === 'agency') return pageUrl('agency', { id: f.targetId })
  if (f.kind === 'event') return pageUrl('event', { id: f.targetId })
  return pageUrl('track', { code: f.trackingCode ?? undefined })
}

/** 我的关注: what the person follows, each opening its page, each with 取消关注. */
export function FollowsView() {
  const { res, needsLogin } = useParticipantResource(myFollows)
  const [removed, setRemoved] = useState<string[]>([])
  const [busy, setBusy] = useState<string>()
  const [error, setError] = useState<string>()

  if (needsLogin) {
    return (
      <Screen>
        <Title>我的关注</Title>
        <Empty id="follows-login-needed" text="登录后可关注单位、活动和意见建议，有新动态时通知您">
          <Btn id="follows-login" onClick={() => goLogin(pageUrl('follows'), { replaceCurrent: true })}>
            去登录
          </Btn>
        </Empty>
      </Screen>
    )
  }

  const onRemove = async (f: Follow) => {
    if (busy) return
    const r = await Taro.showModal({
      title: '取消关注？',
      content: `取消后不再收到“${f.title}”的新动态通知，可随时重新关注。`,
      confirmText: '取消关注',
      cancelText: '保留',
    })
    if (!r.confirm) return
    setError(undefined)
    setBusy(f.id)
    try {
      await unfollow(f.id)
      setRemoved((ids) => [...ids, f.id])
    } catch (e) {
      setError(`${errorMessage(e)}。仍在关注，请稍后再试。`)
    } finally {
      setBusy(undefined)
    }
  }

  const shown = res.data?.filter((f) => !removed.includes(f.id))
  return (
    <Screen>
      <Title sub="关注的单位发布活动和动态、关注的意见建议答复后，按通知设置提醒您">我的关注</Title>
      {error ? <Banner id="follows-error-banner">{error}</Banner> : null}
      <View id="follows-list" className="list">
        {res.loading && !res.data ? (
          <Loading />
        ) : res.error && !res.data ? (
          <ErrorState id="follows-error" error={res.error} onRetry={() => void res.reload()} />
        ) : shown && shown.length === 0 ? (
          <Empty id="follows-empty" text="还没有关注。可在单位、活动页面点“关注”，在意见查询页关注您关心的意见建议。">
            <Btn id="follows-browse" onClick={() => replace(pageUrl('index'))}>
              去看看开放日活动
            </Btn>
          </Empty>
        ) : (
          shown?.map((f) => (
            <Card key={f.id} id={`follow-${f.id}`}>
              <View className="card__top" onClick={() => go(followUrl(f))}>
                <Text className="card__title">{f.title}</Text>
                <Text className="status status--published">{FOLLOW_KINDS[f.kind]}</Text>
              </View>
              <Text className="meta">关注于 {formatDateTime(f.createdAt)}</Text>
              <View className="btn-grid">
                <Btn id={`follow-open-${f.id}`} kind="secondary" size="small" onClick={() => go(followUrl(f))}>
                  查看
                </Btn>
                <Btn id={`follow-remove-${f.id}`} kind="plain" size="small" loading={busy === f.id} onClick={() => void onRemove(f)}>
                  取消关注
                </Btn>
              </View>
            </Card>
          ))
        )}
      </View>
    </Screen>
  )
}
