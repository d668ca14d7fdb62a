import { Image, Text } from '@tarojs/components'
import { formatTime, type StopPage } from '@openday/shared'
import { useEffect, useState } from 'react'
import { scanCheckpoint } from '../../api/checkpoints'
import { ApiError, errorMessage } from '../../api/request'
import { hasToken } from '../../api/session'
import { Btn } from '../../components/Btn'
import { Card, Screen, Title } from '../../components/Layout'
import { Banner, Loading } from '../../components/States'
import { PAGES, goLogin, pageUrl, replace } from '../../lib/nav'
import { IS_WEAPP } from '../../lib/platform'
import { scanStopCode } from './scanStop'

/**
 * 参观点 (?c=<code>): opened by the phone camera (H5) or after 扫码签到 in the mini-program. Posts
 * the point's code (checking the person in there) and shows what the stop is about.
 */
export function StopView({ code }: { code: string }) {
  const loggedIn = hasToken('participant')
  const [page, setPage] = useState<StopPage>()
  const [error, setError] = useState<unknown>()
  useEffect(() => {
    if (!loggedIn) {
      goLogin(pageUrl('stop', { c: code }), { replaceCurrent: true })
      return
    }
    let alive = true
    scanCheckpoint(code).then(
      (p) => alive && setPage(p),
      (e: unknown) => alive && setError(e),
    )
    return () => {
      alive = false
    }
  }, [code, loggedIn])
  if (!loggedIn) return null
  if (error) {
    const signedUp = !(error instanceof ApiError && error.code === 'NOT_SIGNED_UP')
    return (
      <Screen>
        <Title>签到未成功</Title>
        <Banner id="stop-error">
          <Text>{errorMessage(error)}</Text>
        </Banner>
        {IS_WEAPP ? (
          <Btn id="stop-rescan" size="large" onClick={() => scanStopCode({ replaceCurrent: true })}>
            重新扫码
          </Btn>
        ) : (
          <Text className="meta">请用手机相机重新扫描工作人员屏幕上的二维码。</Text>
        )}
        <Btn id="stop-my" kind="secondary" onClick={() => replace(signedUp ? PAGES.my : PAGES.index)}>
          {signedUp ? '查看我的报名' : '查看开放日活动'}
        </Btn>
      </Screen>
    )
  }
  if (!page) return <Loading text="正在签到…" />
  return (
    <Screen>
      <Title sub={page.eventTitle}>{page.point.name}</Title>
      <Banner kind="success" id="stop-done">
        <Text className="banner__strong">{page.newlyCheckedIn ? '签到成功' : '已在此签到'}</Text>
        {page.checkedInAt ? <Text className="banner__line">签到时间 {formatTime(page.checkedInAt)}</Text> : null}
      </Banner>
      {page.point.description ? (
        <Card>
          <Text id="stop-description" className="paragraph" userSelect>
            {page.point.description}
          </Text>
        </Card>
      ) : null}
      {page.point.images.map((src, i) => (
        <Image key={src} id={`stop-image-${i}`} className="stop__image" src={src} mode="widthFix" />
      ))}
      {IS_WEAPP ? (
        <Btn id="stop-next" kind="secondary" onClick={() => scanStopCode({ replaceCurrent: true })}>
          扫描下一个签到点
        </Btn>
      ) : null}
    </Screen>
  )
}
