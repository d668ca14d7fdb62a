import Taro from '@tarojs/taro'
import { parseCode, formatCode } from '@openday/shared'
import { pageUrl, replace, go } from '../../lib/nav'

/**
 * Mini-program: WeChat's scanner reads a point's QR (the stop URL, or a bare code) and opens the
 * stop page, which checks the person in. A QR that is not a point's says so.
 */
export function scanStopCode({ replaceCurrent = false } = {}): void {
  Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).then(
    (r) => {
      const parsed = parseCode(r.result ?? '')
      if (!parsed) {
        void Taro.showModal({ title: '不是签到点二维码', content: '请扫描工作人员屏幕上的签到点二维码', showCancel: false }).catch(() => undefined)
        return
      }
      const url = pageUrl('stop', { c: formatCode(parsed) })
      if (replaceCurrent) replace(url)
      else go(url)
    },
    () => undefined, // closed the scanner
  )
}
