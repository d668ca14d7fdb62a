import { Text, View } from '@tarojs/components'
import { EVALUATION_WINDOW_MESSAGES, type MyRegistration } from '@openday/shared'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { Banner } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { IS_WEAPP } from '../../lib/platform'
import { ensureTokenRequest, evaluationEntryState, finishedToken, requestTokenOnThisPhone, type TokenProblem } from './token'
import { loadToken } from './token-store'

export const EVALUATION_STATE_TEXT: Record<TokenProblem, string> = {
  unsupported: IS_WEAPP
    ? '当前微信版本过低，无法参加无记名测评。请将微信更新到最新版本后重新打开本页（苹果手机需 iOS 14 及以上）。'
    : '当前浏览器版本过低，无法参加无记名测评。请更新浏览器后重新打开本页。',
  other_device: '请在报名时使用的手机上参加测评',
  used: '您已提交无记名测评，感谢参与',
  not_checked_in: '签到后即可参加无记名测评',
  not_open: EVALUATION_WINDOW_MESSAGES.not_open,
  closed: EVALUATION_WINDOW_MESSAGES.closed,
}

/** The evaluation part of the ticket: the button, or why there is none on this phone. */
export function EvaluationEntry({ reg }: { reg: MyRegistration }) {
  const [, refresh] = useState(0)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const state = evaluationEntryState(reg, new Date())

  useEffect(() => {
    // No request stored yet (signed up without one): this phone sends it.
    void ensureTokenRequest(reg).then(() => refresh((n) => n + 1))
  }, [reg])

  useEffect(() => {
    // Fetch and unblind the token now, well before the answer is sent.
    if (state === 'ready') void finishedToken(reg.id).catch(() => undefined)
  }, [state, reg.id])

  if (state === 'none') return null
  if (state === 'ready') {
    return (
      <Btn id="ticket-evaluate" size="large" onClick={() => go(pageUrl('evaluate', { registrationId: reg.id }))}>
        参加无记名测评
      </Btn>
    )
  }
  // Signed up on another phone and not checked in yet: the token may still move here.
  const canMove = state === 'not_checked_in' && reg.hasEvaluationRequest && !loadToken(reg.id)
  const moveHere = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await requestTokenOnThisPhone(reg)
      refresh((n) => n + 1)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View id="ticket-evaluation" data-state={state}>
      <Banner kind={state === 'used' ? 'success' : 'info'} id="ticket-evaluation-state">
        <Text>{EVALUATION_STATE_TEXT[state]}</Text>
        {canMove ? <Text>。测评凭证保存在报名时使用的手机上；如已更换手机，可在签到前转到本机（原手机上的凭证随即失效）。</Text> : null}
      </Banner>
      {canMove ? (
        <Btn id="ticket-evaluation-move" kind="secondary" loading={busy} loadingText="正在转移…" onClick={() => void moveHere()}>
          将测评凭证转到本机
        </Btn>
      ) : null}
      {error ? <Banner id="ticket-evaluation-error">{error}</Banner> : null}
    </View>
  )
}
