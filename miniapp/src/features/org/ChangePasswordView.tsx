import { Text, View } from '@tarojs/components'
import { passwordChangeSchema, STAFF_PASSWORD_MIN } from '@openday/shared'
import { useEffect, useState } from 'react'
import { changeStaffPassword, logout } from '../../api/auth'
import { ApiError, errorMessage } from '../../api/request'
import { getStaffProfile, hasToken, saveSession } from '../../api/session'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Fields'
import { LinkText, Screen, Title } from '../../components/Layout'
import { Banner, Loading } from '../../components/States'
import { fieldErrors, type FieldErrors } from '../../lib/form'
import { back, goStaffLogin, PAGES, pageUrl, replace, safeRedirect } from '../../lib/nav'
import { takeLoginPassword } from './pendingPassword'

/**
 * 修改密码: required after a login with a one-time password from the admin (then it says so and
 * the password typed at login is already filled in), and voluntary from 活动管理.
 */
export function ChangePasswordView({ redirect }: { redirect?: string }) {
  const loggedIn = hasToken('staff')
  const profile = getStaffProfile()
  const oneTime = profile?.mustChangePassword === true
  const [current, setCurrent] = useState(() => takeLoginPassword())
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const target = safeRedirect(redirect, PAGES.staffEvents)

  useEffect(() => {
    if (!loggedIn) goStaffLogin(pageUrl('staffPassword', { redirect }))
  }, [loggedIn, redirect])

  const onSubmit = async () => {
    setFormError(undefined)
    const parsed = passwordChangeSchema.safeParse({ currentPassword: current, newPassword: next })
    const found: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error)
    if (!found.newPassword && profile && next.trim().toLowerCase() === profile.username.toLowerCase()) found.newPassword = '新密码不能与用户名相同'
    if (!found.newPassword && again !== next) found.again = '两次输入的新密码不一致'
    if (!again) found.again = '请再次输入新密码'
    setErrors(found)
    if (!parsed.success || Object.keys(found).length > 0) return
    setBusy(true)
    try {
      const res = await changeStaffPassword(parsed.data.currentPassword, parsed.data.newPassword)
      // Every earlier token of the account is revoked: keep the fresh one.
      saveSession('staff', res.token, res.staff)
      replace(target)
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
        goStaffLogin(pageUrl('staffPassword', { redirect }))
        return
      }
      if (e instanceof ApiError && (e.field === 'currentPassword' || e.field === 'newPassword')) setErrors({ [e.field]: e.message })
      else setFormError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  if (!loggedIn) return <Loading text="请先登录…" />

  return (
    <Screen>
      <Title sub={profile ? `${profile.displayName}（${profile.username}）` : undefined}>{oneTime ? '修改初始密码' : '修改密码'}</Title>
      <View className="stack">
        {oneTime ? (
          <Banner kind="info" id="pw-one-time">
            您正在使用管理员发放的一次性密码，请先设置自己的新密码，然后才能使用其他功能。
          </Banner>
        ) : null}
        {formError ? <Banner id="pw-error">{formError}</Banner> : null}
        <TextField
          id="pw-current"
          label={oneTime ? '一次性密码' : '当前密码'}
          password
          value={current}
          onChange={setCurrent}
          autocomplete="current-password"
          maxlength={128}
          error={errors.currentPassword}
          required
        />
        <TextField
          id="pw-new"
          label="新密码"
          password
          value={next}
          onChange={setNext}
          autocomplete="new-password"
          maxlength={128}
          hint={`至少${STAFF_PASSWORD_MIN}位，不能与用户名或当前密码相同`}
          error={errors.newPassword}
          required
        />
        <TextField
          id="pw-again"
          label="再次输入新密码"
          password
          value={again}
          onChange={setAgain}
          onConfirm={() => void onSubmit()}
          autocomplete="new-password"
          maxlength={128}
          error={errors.again}
          required
        />
        <Btn id="pw-submit" size="large" loading={busy} loadingText="正在保存…" onClick={() => void onSubmit()}>
          保存新密码
        </Btn>
        <Text className="fine-print">修改后，本账号在其他设备上的登录会全部失效。</Text>
      </View>
      <View className="footer">
        {oneTime ? (
          // Nothing else works before the change: the way out is to log out.
          <LinkText id="pw-logout" kind="quiet" onClick={() => void logout('staff').then(() => replace(pageUrl('staffLogin')))}>
            退出登录
          </LinkText>
        ) : (
          <LinkText id="pw-cancel" kind="quiet" onClick={() => back(target)}>
            取消
          </LinkText>
        )}
      </View>
    </Screen>
  )
}
