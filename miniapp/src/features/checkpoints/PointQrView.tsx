import { Text, View } from '@tarojs/components'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { getCheckpointCode } from '../../api/checkpoints'
import { Screen } from '../../components/Layout'
import { QrImage } from '../../components/QrImage'
import { Stat } from '../../components/Stat'
import { Banner, ErrorState, Loading } from '../../components/States'
import { pageUrl } from '../../lib/nav'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'

/** The code is fetched again this often: it changes every 30 s, the counts move with each scan. */
export const CODE_POLL_MS = 5000

/**
 * 签到点二维码 (?eventId=&cpId=): shown on a screen at the stop. The code changes every 30 seconds,
 * so a photo of it sent to someone elsewhere stops working within a minute.
 */
export function PointQrView({ eventId, cpId }: { eventId: string; cpId: string }) {
  const selfUrl = pageUrl('staffPointQr', { eventId, cpId })
  const ok = useStaffGuard(selfUrl)
  const [visible, setVisible] = useState(true)
  const code = useResource(() => (ok ? getCheckpointCode(eventId, cpId) : Promise.resolve(undefined)), [eventId, cpId, ok])
  const reload = code.reload
  useDidShow(() => setVisible(true))
  useDidHide(() => setVisible(false))
  useEffect(() => {
    if (!ok || !visible) return
    const t = setInterval(() => void reload({ silent: true }), CODE_POLL_MS)
    return () => clearInterval(t)
  }, [ok, visible, reload])
  useEffect(() => {
    if (code.error) handleStaffAuthError(code.error, selfUrl)
  }, [code.error, selfUrl])
  if (!ok) return null
  const d = code.data
  return (
    <Screen className="venue">
      {code.loading && !d ? (
        <Loading text="正在生成签到二维码…" />
      ) : !d ? (
        <ErrorState id="pq-error" error={code.error} onRetry={() => void reload()} />
      ) : (
        <View className="venue__sheet">
          <Text id="pq-name" className="venue__title">
            {d.point.name}
          </Text>
          <QrImage id="pq-qr" text={d.url} label={`${d.point.name}签到二维码`} size="xlarge" />
          <Text className="venue__caption">请用微信或手机相机扫码签到（二维码每30秒更新）</Text>
          {code.error ? <Banner kind="warning">网络不稳定，二维码可能已过期，正在重试…</Banner> : null}
          <View className="stats">
            <Stat id="pq-checked-in" label="已签到" value={d.point.checkedIn} />
            <Stat id="pq-exited" label="已离开" value={d.point.exited} />
            <Stat id="pq-inside" label="现在场内" value={d.point.insideNow} />
          </View>
        </View>
      )}
    </Screen>
  )
}
