import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { smsSendSchema, smsVerifySchema } from '@openday/shared'
import { useState } from 'react'
import { loginWithWechat, sendSmsCode, verifySmsCode } from '../../api/auth'
import { ApiError, errorMessage } from '../../api/request'
import { rememberVerifiedPhone, saveSession, takeSessionEnded } from '../../api/session'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Fields'
import { Screen, Title } from '../../components/Layout'
import { Banner } from '../../components/States'
import { fieldErrors, type FieldErrors } from '../../lib/form'
import { PAGES, replace, safeRedirect } from '../../lib/nav'
import { useCountdown } from '../../lib/useCountdown'
import { IS_WEAPP } from '../../lib/platform'

export interface LoginViewProps {
  /** Page to return to after login (already URL-decoded or encoded; only /pages/... accepted). */
  redirect?: string
  /** 'wechat' in the mini-program, 'sms' in browsers. */
  mode?: 'wechat' | 'sms'
}

function done(redirect: string | undefined) {
  replace(safeRedirect(redirect, PAGES.my))
}

function WechatLogin({ redirect }: { redirect?: string }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const onLogin = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const { code } = await Taro.login()
      const res = await loginWithWechat(code)
      saveSession('participant', res.token, res.participant)
      done(redirect)
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '微信登录失败，请重试')
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="stack">
      <Text className="paragraph lead">使用微信身份登录后即可报名，无需另外注册账号。</Text>
      {error ? <Banner id="login-error">{error}</Banner> : null}
      <Btn id="wechat-login" kind="success" size="large" loading={busy} loadingText="正在登录…" onClick={onLogin}>
        微信一键登录
      </Btn>
    </View>
  )
}

function SmsLogin({ redirect }: { redirect?: string }) {
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string>()
  const [devCode, setDevCode] = useState<string>()
  const [sent, setSent] = useState(false)
  const [countdown, startCountdown] = useCountdown()
  const [sending, setSending] = useState(false)
  const [verifying, setVerifying] = useState(false)

  const onSend = async () => {
    setFormError(undefined)
    const parsed = smsSendSchema.safeParse({ phone })
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error))
      return
    }
    setErrors({})
    setSending(true)
    try {
      const res = await sendSmsCode(parsed.data.phone)
      setSent(true)
      setDevCode(res.devCode)
      startCountdown(res.resendIn || 60)
      Taro.showToast({ title: '验证码已发送', icon: 'success' }).catch(() => undefined)
    } catch (e) {
      if (e instanceof ApiError && e.field === 'phone') setErrors({ phone: e.message })
      else setFormError(errorMessage(e))
      if (e instanceof ApiError && e.code === 'SMS_TOO_FREQUENT') {
        const wait = Number(e.details.retryAfter)
        startCountdown(Number.isFinite(wait) && wait > 0 ? wait : 60)
      }
    } finally {
      setSending(false)
    }
  }

  const onVerify = async () => {
    setFormError(undefined)
    const parsed = smsVerifySchema.safeParse({ phone, code })
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error))
      return
    }
    setErrors({})
    setVerifying(true)
    try {
      const res = await verifySmsCode(parsed.data.phone, parsed.data.code)
      saveSession('participant', res.token, res.participant)
      // Remembered on this device only, so the sign-up form can offer it (the API masks it).
      rememberVerifiedPhone(parsed.data.phone)
      done(redirect)
    } catch (e) {
      if (e instanceof ApiError && (e.field === 'code' || e.code.startsWith('SMS_CODE'))) setErrors({ code: e.message })
      else if (e instanceof ApiError && e.field === 'phone') setErrors({ phone: e.message })
      else setFormError(errorMessage(e))
    } finally {
      setVerifying(false)
    }
  }

  return (
    <View className="stack">
      <Text className="paragraph lead">请输入手机号码，获取短信验证码登录。登录后即可报名并查看电子票。</Text>
      {formError ? <Banner id="login-error">{formError}</Banner> : null}
      <TextField
        id="sms-phone"
        label="手机号码"
        type="tel"
        maxlength={11}
        value={phone}
        onChange={setPhone}
        placeholder="请输入11位手机号码"
        error={errors.phone}
        required
      />
      <Btn
        id="sms-send"
        kind="secondary"
        disabled={countdown > 0}
        loading={sending}
        loadingText="正在发送…"
        onClick={onSend}
      >
        {countdown > 0 ? `${countdown}秒后可重新获取` : sent ? '重新获取验证码' : '获取验证码'}
      </Btn>
      {devCode ? (
        <Banner kind="info">
          <Text>开发模式验证码：</Text>
          <Text id="sms-dev-code" className="dev-code">
            {devCode}
          </Text>
        </Banner>
      ) : null}
      <TextField
        id="sms-code"
        label="短信验证码"
        type="digits"
        autocomplete="one-time-code"
        maxlength={6}
        value={code}
        onChange={setCode}
        onConfirm={onVerify}
        placeholder="请输入6位数字验证码"
        error={errors.code}
        required
      />
      <Btn id="sms-submit" size="large" loading={verifying} loadingText="正在登录…" onClick={onVerify}>
        登录
      </Btn>
    </View>
  )
}

/** 登录: WeChat one-tap in the mini-program, SMS code in browsers. */
export function LoginView({ redirect, mode = IS_WEAPP ? 'wechat' : 'sms' }: LoginViewProps) {
  // Why the last session ended (expired, revoked), shown once.
  const [ended] = useState(() => takeSessionEnded('participant'))
  return (
    <Screen>
      <Title sub="登录后可报名活动、查看电子票">登录</Title>
      {ended ? (
        <Banner kind="warning" id="login-ended">
          {ended}，您填写的报名信息已保留。
        </Banner>
      ) : null}
      {mode === 'wechat' ? <WechatLogin redirect={redirect} /> : <SmsLogin redirect={redirect} />}
      <Text className="fine-print">我们仅将您的手机号码用于活动报名和通知，不会用于其他用途。</Text>
    </Screen>
  )
}
