import { Text, View } from '@tarojs/components'
import { formatDateTime } from '@openday/shared'
import { listMySuggestions } from '../../api/suggestions'
import { Btn } from '../../components/Btn'
import { Card, Screen, Title } from '../../components/Layout'
import { Empty, ErrorState, Loading } from '../../components/States'
import { go, goLogin, pageUrl, replace } from '../../lib/nav'
import { useParticipantResource } from '../../lib/useParticipantResource'
import './suggestions.css'

/** 我的意见: the visitor's suggestions, each opening 意见查询 with its code. */
export function MySuggestionsView() {
  const { res, needsLogin } = useParticipantResource(listMySuggestions)
  if (needsLogin) {
    return (
      <Screen>
        <Title>我的意见</Title>
        <Empty id="mysug-login-needed" text="登录后可查看您提交的意见建议和答复">
          <Btn id="mysug-login" onClick={() => goLogin(pageUrl('mySuggestions'), { replaceCurrent: true })}>
            去登录
          </Btn>
        </Empty>
      </Screen>
    )
  }

  return (
    <Screen>
      <Title sub="登录后提交的，或留下了您手机号码的意见建议">我的意见</Title>
      <View id="mysug-list" className="list">
        {res.loading && !res.data ? (
          <Loading />
        ) : res.error && !res.data ? (
          <ErrorState id="mysug-error" error={res.error} onRetry={() => void res.reload()} />
        ) : res.data && res.data.length === 0 ? (
          <Empty id="mysug-empty" text="您还没有提交过意见建议。参加开放日时，可扫描现场二维码提出意见建议。">
            <Btn id="mysug-browse" onClick={() => replace(pageUrl('index'))}>
              去看看开放日活动
            </Btn>
          </Empty>
        ) : (
          res.data?.map((s) => (
            <Card key={s.trackingCode} id={`mysug-${s.trackingCode}`} onClick={() => go(pageUrl('track', { code: s.trackingCode }))}>
              <View className="card__top">
                <Text className="card__title">{s.topic || s.eventTitle}</Text>
                <Text className={`status status--${s.status}`}>{s.statusLabel}</Text>
              </View>
              <Text className="meta">活动：{s.eventTitle}</Text>
              <Text className="meta">提交时间：{formatDateTime(s.createdAt)}</Text>
              <Text className="meta mysug__content">{s.content}</Text>
              <Text className="card__more">{s.awaitingRating ? '已答复，请评价 ›' : '查看办理进度 ›'}</Text>
            </Card>
          ))
        )}
      </View>
    </Screen>
  )
}
