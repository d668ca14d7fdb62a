import { Text } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { IS_WEAPP } from '../../lib/platform'
import { scanStopCode } from './scanStop'

/**
 * 扫码签到 at a stop of the tour, for a participant (电子票, 我的报名). In WeChat it opens the
 * scanner; in a browser the phone's own camera opens the code's link, so this only says how.
 */
export function ScanStopButton() {
  if (IS_WEAPP) {
    return (
      <Btn id="scan-stop" kind="secondary" onClick={() => scanStopCode()}>
        扫码签到参观点
      </Btn>
    )
  }
  return (
    <Text id="scan-stop-hint" className="meta">
      参观途中：用手机相机扫描各参观点屏幕上的二维码即可签到（须先在入口出示电子票签到）。
    </Text>
  )
}
