import { Text } from '@tarojs/components'
import { Toggle } from './Choice'
import { setLargeText, useLargeText } from './textSize'

/** The 大字模式 switch (我的报名, staff pages). */
export function LargeTextSwitch() {
  const on = useLargeText()
  return (
    <Toggle id="large-text" checked={on} onChange={setLargeText}>
      <Text>大字模式</Text>
      <Text className="toggle__sub">放大全部文字和按钮；也会跟随手机的字体大小设置</Text>
    </Toggle>
  )
}
