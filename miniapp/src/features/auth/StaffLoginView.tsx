import { Text, View } from '@tarojs/components'
import { staffLoginSchema } from '@openday/shared'
import { useState } from 'react'
import { loginStaff } from '../../api/auth'
import { errorMessage } from '../../api/request'
import { saveSession, takeSessionEnded } from '../../api/session'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Fields'
import { Screen, Title } from '../../components/Layout'
import { Banner } from '../../components/States'
import { fieldErrors, type FieldErrors } from '../../lib/form'
import { PAGES, replace, safeRedirect } from '../../lib/nav'
import { keepLoginPassword } from '../org/pendingPassword'
import { goChangePassword } from '../staff/guard'

/** 工作人员登录 (username + password). */
export function StaffLoginView({ redirect }: { redirect?: string }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [ended] = useState(() => takeSessionEnded('staff'))

  const onSubmit = async () => {
    setFormError(undefined)
    const parsed = staffLoginSchema.safeParse({ username, password })
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error))
      return
    }
    setErrors({})
    setBusy(true)
    try {
      const res = await loginStaff(parsed.data.username, parsed.data.password)
      saveSession('staff', res.token, res.staff)
      // Handlers work on suggestions only: they land on 意见办理.
      const next = safeRedirect(redirect, res.staff.role === 'handler' ? PAGES.staffSuggestions : PAGES.staffEvents)
      if (res.staff.mustChangePassword) {
        // A one-time password from the admin: the change page asks it again, prefilled.
        keepLoginPassword(parsed.data.password)
        goChangePassword(next)
      } else replace(next)
    } catch (e) {
      // LOGIN_FAILED (with the wait once one has started), LOGIN_THROTTLED, network…: the
      // server's message says what to do; what was typed stays for another try.
      setFormError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen>
      <Title sub="供主办单位工作人员签到核验、管理活动使用">工作人员登录</Title>
      <View className="stack">
        {ended && !formError ? (
          <Banner kind="warning" id="staff-ended">
            {ended}
          </Banner>
        ) : null}
        {formError ? <Banner id="staff-error">{formError}</Banner> : null}
        <TextField
          id="staff-username"
          label="用户名"
          value={username}
          onChange={setUsername}
          autocomplete="username"
          maxlength={64}
          error={errors.username}
          required
        />
        <TextField
          id="staff-password"
          label="密码"
          password
          value={password}
          onChange={setPassword}
          onConfirm={onSubmit}
          maxlength={128}
          error={errors.password}
          required
        />
        <Btn id="staff-submit" size="large" loading={busy} loadingText="正在登录…" onClick={onSubmit}>
          登录
        </Btn>
        <Text className="fine-print">连续输错密码后，需等待一段时间才能在本设备再次尝试。如忘记密码，请联系本单位管理员。</Text>
      </View>
    </Screen>
  )
}
