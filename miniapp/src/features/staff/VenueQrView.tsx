import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { getEvent } from '../../api/events'
import { errorMessage } from '../../api/request'
import { getWxacode } from '../../api/share'
import { Btn } from '../../components/Btn'
import { Screen, Section } from '../../components/Layout'
import { Banner } from '../../components/States'
import { QrImage } from '../../components/QrImage'
import { pageUrl } from '../../lib/nav'
import { IS_H5 } from '../../lib/platform'
import { h5Origin } from '../../lib/share'
import { useResource } from '../../lib/useResource'
import { useEffect } from 'react'
import { handleStaffAuthError, useStaffGuard } from './guard'

/** The public suggestion form of an event, as a URL that any phone camera can open. */
export function suggestUrl(eventId: string, origin = h5Origin()): string {
  return `${origin.replace(/\/$/, '')}/#/pages/suggest/index?eventId=${encodeURIComponent(eventId)}`
}

/**
 * 小程序码 of a published event (WeChat's getwxacodeunlimit, through the API): opens the event in
 * the mini-program. When WeChat is not set up or refuses, the API's message says why.
 */
export function EventWxacode({ eventId }: { eventId: string }) {
  const code = useResource(() => getWxacode('event', eventId), [eventId])
  return (
    <Section title="小程序码" id="venue-wxacode-section">
      {code.data ? (
        <View className="venue__sheet">
          <Image id="venue-wxacode" className="venue__wxacode" src={code.data} mode="aspectFit" showMenuByLongpress />
          <Text className="venue__caption">微信扫码，在小程序中打开本活动</Text>
        </View>
      ) : code.error ? (
        <Banner kind="warning" id="venue-wxacode-error">
          <Text className="banner__strong">小程序码暂时无法显示</Text>
          <Text className="banner__line">{errorMessage(code.error)}</Text>
          <Btn id="venue-wxacode-retry" kind="secondary" size="small" onClick={() => void code.reload()}>
            重试
          </Btn>
        </Banner>
      ) : (
        <Text id="venue-wxacode-loading" className="paragraph">
          正在生成小程序码…
        </Text>
      )}
    </Section>
  )
}

/** 现场二维码 (?eventId=): print or show on a screen at the venue. */
export function VenueQrView({ eventId }: { eventId: string }) {
  const selfUrl = pageUrl('staffVenueQr', { eventId })
  const ok = useStaffGuard(selfUrl)
  const event = useResource(() => (ok ? getEvent(eventId, true) : Promise.resolve(undefined)), [eventId, ok])
  useEffect(() => {
    if (event.error) handleStaffAuthError(event.error, selfUrl)
  }, [event.error, selfUrl])
  const url = suggestUrl(eventId)
  if (!ok) return null
  return (
    <Screen className="venue">
      <View className="venue__sheet">
        <Text className="venue__title">意见建议表</Text>
        {event.data ? <Text className="venue__event">{event.data.title}</Text> : null}
        <QrImage id="venue-qr" text={url} label="意见建议表二维码" size="xlarge" />
        <Text id="venue-caption" className="venue__caption">
          扫码填写意见建议表，无需登录
        </Text>
        <Text id="venue-url" className="venue__url" userSelect>
          {url}
        </Text>
      </View>
      <View className="stack no-print">
        <Btn
          id="venue-copy"
          kind="secondary"
          onClick={() =>
            void Taro.setClipboardData({ data: url })
              .then(() => Taro.showToast({ title: '链接已复制', icon: 'success' }))
              .catch(() => undefined)
          }
        >
          复制链接
        </Btn>
        {IS_H5 ? (
          <Btn id="venue-print" kind="secondary" onClick={() => window.print()}>
            打印
          </Btn>
        ) : null}
      </View>
      {event.data?.status === 'published' ? <EventWxacode eventId={eventId} /> : null}
    </Screen>
  )
}
