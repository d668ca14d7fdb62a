import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { getEvent } from '../../api/events'
import { Btn } from '../../components/Btn'
import { Screen } from '../../components/Layout'
import { QrImage } from '../../components/QrImage'
import { pageUrl } from '../../lib/nav'
import { IS_H5 } from '../../lib/platform'
import { useResource } from '../../lib/useResource'
import { useEffect } from 'react'
import { handleStaffAuthError, useStaffGuard } from './guard'

/** Where the H5 app lives: this page's own origin in a browser, the configured one in weapp. */
export function h5Origin(): string {
  if (IS_H5 && typeof window !== 'undefined' && window.location?.origin) return window.location.origin
  return H5_ORIGIN
}

/** The public suggestion form of an event, as a URL that any phone camera can open. */
export function suggestUrl(eventId: string, origin = h5Origin()): string {
  return `${origin.replace(/\/$/, '')}/#/pages/suggest/index?eventId=${encodeURIComponent(eventId)}`
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
    </Screen>
  )
}
