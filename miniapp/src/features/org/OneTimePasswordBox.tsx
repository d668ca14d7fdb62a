import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Btn } from '../../components/Btn'
import { a11y } from '../../lib/platform'

export interface IssuedPassword {
  username: string
  displayName: string
  password: string
  /** 新账号 or 重置密码. */
  reason: 'created' | 'reset'
}

/** The one-time password, shown once: the API keeps only its hash and will never show it again. */
export function OneTimePasswordBox({ issued, onDone }: { issued: IssuedPassword; onDone: () => void }) {
  const copy = () => {
    void Taro.setClipboardData({ data: issued.password })
      .then(() => Taro.showToast({ title: '已复制', icon: 'success' }))
      .catch(() => undefined)
  }
  return (
    <View id="otp-box" className="otp" {...a11y({ role: 'status', 'aria-live': 'polite' })}>
      <Text className="otp__label">
        {issued.reason === 'created' ? '账号已创建' : '密码已重置'}：{issued.displayName}（用户名 {issued.username}）的一次性密码
      </Text>
      <Text id="otp-code" className="otp__code">
        {issued.password}
      </Text>
      <Text className="otp__warn">此密码只显示这一次，离开本页后无法再查看。请现在复制或抄下，当面或通过安全渠道交给本人；本人首次登录后须改为自己的密码。</Text>
      <View className="btn-grid">
        <Btn id="otp-copy" onClick={copy}>
          复制
        </Btn>
        <Btn id="otp-done" kind="secondary" onClick={onDone}>
          我已记下
        </Btn>
      </View>
    </View>
  )
}
